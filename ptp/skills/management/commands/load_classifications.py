"""manage.py load_classifications: EQF and QNQ levels, ISCED-F 2013 fields; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from ptp.skills.services import load_classifications


class Command(BaseCommand):
    help = "Carica i livelli EQF e QNQ e i campi di istruzione ISCED-F 2013. Idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_classifications()
        self.stdout.write(
            f"Classificazioni: {result.classifications}. Voci nuove: {result.items_created}, "
            f"aggiornate: {result.items_updated}."
        )
