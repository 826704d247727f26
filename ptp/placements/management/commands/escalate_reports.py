"""Escalates overdue reports to the hub coordinator; meant for cron (every 15 minutes is plenty).

    */15 * * * *  cd /srv/rete-ptp && .venv/bin/python manage.py escalate_reports

Idempotent: a report escalates once however often it runs. `--enqueue` hands the work to the
task worker instead of doing it in this process.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ptp.placements.services.reports import escalate_overdue_reports
from ptp.placements.tasks import escalate_reports


class Command(BaseCommand):
    help = (
        "Inoltra al coordinatore del polo le segnalazioni senza risposta della scuola da 7 giorni."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Accoda il lavoro al task worker invece di eseguirlo subito.",
        )

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = escalate_reports.enqueue()
            self.stdout.write(f"Accodato il task {result.id}.")
            return
        moved = escalate_overdue_reports(now=timezone.now())
        self.stdout.write(f"Segnalazioni inoltrate al coordinatore: {moved}.")
