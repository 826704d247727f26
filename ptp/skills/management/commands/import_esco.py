"""manage.py import_esco DIR: loads the official ESCO CSV download; safe to run again."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.core.errors import DomainError
from ptp.skills.esco_import import import_esco


class Command(BaseCommand):
    help = (
        "Carica la classificazione ESCO dai file CSV ufficiali (skills_<lingua>.csv, "
        "occupations_<lingua>.csv, occupationSkillRelations.csv, ...). Idempotente: controlla "
        "tutti i file prima di scrivere e scrive solo le differenze."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Cartella con i file CSV estratti.")
        parser.add_argument(
            "--esco-version",
            dest="esco_version",
            help="Versione del rilascio (per esempio v1.2.0); altrimenti ricavata dal nome della cartella.",
        )
        parser.add_argument(
            "--not-official",
            action="store_true",
            help="Insieme dimostrativo o di prova: le etichette sono segnate come non ufficiali.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_esco(
                options["directory"],
                version=options["esco_version"],
                official=not options["not_official"],
                progress=self.stderr.write,
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message}\nIl database non è stato modificato.") from exc
        for line in result.summary():
            self.stdout.write(line)
