"""manage.py compute_gap [--date AAAA-MM-GG]: computes the skills-gap cells of a day (default
today), as the nightly task does; documented in docs/operations.md."""

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ptp.observatory.cells import compute_gap_cells


class Command(BaseCommand):
    help = "Calcola le celle del divario di competenze di un giorno (predefinito: oggi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Giorno del calcolo, AAAA-MM-GG (predefinito: oggi).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Data non valida: usa il formato AAAA-MM-GG.") from exc
        started = time.perf_counter()
        cells = compute_gap_cells(day)
        self.stdout.write(
            f"Divario di competenze del {day:%d/%m/%Y}: {cells} celle "
            f"in {time.perf_counter() - started:.1f} s."
        )
