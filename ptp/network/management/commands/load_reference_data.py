"""manage.py load_reference_data: territory (ISTAT) and sectors; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from ptp.geo.services import load_geo_reference
from ptp.network.reference import load_sectors
from ptp.skills.services import load_classifications


class Command(BaseCommand):
    help = "Carica i dati di riferimento (comuni e province ISTAT della Toscana, filiere). Idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        geo = load_geo_reference()
        sectors = load_sectors()
        load_classifications()
        self.stdout.write(
            f"Territorio: {geo.provinces} province, {geo.municipalities_created} comuni nuovi, "
            f"{geo.municipalities_updated} aggiornati. Filiere: {sectors}. "
            "Classificazioni EQF, QNQ e ISCED-F."
        )
