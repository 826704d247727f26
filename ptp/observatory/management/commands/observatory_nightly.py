"""The observatory's nightly run (gap cells, then hub snapshots); meant for cron, once a night:

    15 2 * * *  cd /srv/ptp && .venv/bin/python manage.py observatory_nightly

Idempotent: running it again the same day replaces that day's figures. `--date` recomputes another
day (e.g. after an outage); `--enqueue` hands the work to the task worker.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ptp.observatory.nightly import run_nightly
from ptp.observatory.tasks import observatory_nightly


class Command(BaseCommand):
    help = "Ricalcola le celle del divario e gli indicatori di tutti i poli per un giorno."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Giorno da calcolare, AAAA-MM-GG (oggi se omesso).", default=None
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Accoda il lavoro al task worker invece di eseguirlo subito.",
        )

    def handle(
        self, *args: Any, date: str | None = None, enqueue: bool = False, **options: Any
    ) -> None:
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Data non valida: usa il formato AAAA-MM-GG.") from exc
        if enqueue:
            queued = observatory_nightly.enqueue(day.isoformat())
            self.stdout.write(f"Accodato il task {queued.id}.")
            return
        result = run_nightly(day)
        self.stdout.write(
            f"{result.day:%d/%m/%Y}: {result.gap_cells} celle del divario in "
            f"{result.gap_seconds:.1f} s, {result.snapshots} istantanee dei poli in "
            f"{result.snapshot_seconds:.1f} s, dati aperti in {result.open_data_seconds:.1f} s "
            f"(totale {result.seconds:.1f} s)."
        )
