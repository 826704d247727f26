"""manage.py import_labour_demand FILE [--source "..."] [--dry-run]."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.demand.imports import import_labour_demand


class Command(BaseCommand):
    help = (
        "Importa un bollettino della domanda di lavoro (CSV o XLSX nel tracciato di "
        "docs/labour-demand-import.md). Verifica ogni riga; scrive tutto o niente."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="il bollettino (CSV o XLSX)")
        parser.add_argument(
            "--source", default="", help="la fonte (es. «Excelsior, Massa-Carrara, 2026-T1»)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="verifica soltanto, senza scrivere"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"File «{path}» non trovato.")
        with path.open("rb") as stream:
            report = import_labour_demand(
                actor=None,
                stream=stream,
                name=path.name,
                source=options["source"] or path.name,
                dry_run=options["dry_run"],
            )
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(f"{len(report.errors)} errori: nessuna riga è stata scritta.")
        verb = "Da importare" if report.dry_run else "Importate"
        self.stdout.write(
            f"{verb}: {report.rows} righe, {report.planned_hires} entrate previste, "
            f"province {', '.join(report.provinces)}, periodi {', '.join(report.periods)}."
        )
