"""manage.py import_students FILE --school <slug or codice meccanografico>: a school's roster from
CSV or XLSX, checked row by row and written all or nothing (see docs/students-import.md)."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from ptp.core.commands import fail_on_row_errors
from ptp.network.models import Organization
from ptp.students.importer import PRESETS, MappingError, import_students
from ptp.students.importer.mapping import parse_map_options


class Command(BaseCommand):
    help = (
        "Importa gli studenti di una scuola da CSV o XLSX: controlla ogni riga, scrive tutto o "
        "niente, si può ripetere senza creare doppioni."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="file .csv o .xlsx")
        parser.add_argument(
            "--school", required=True, help="identificativo (slug) o codice meccanografico"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="controlla il file senza scrivere nulla"
        )
        parser.add_argument(
            "--preset", default="", choices=["", *PRESETS], help="formato del registro"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="campo=Intestazione",
            help="colonna del file per un campo (ripetibile)",
        )
        parser.add_argument("--school-year", default="", help="anno scolastico, es. 2026/27")
        parser.add_argument(
            "--mark-missing-left",
            action="store_true",
            help="segna come usciti gli studenti della scuola assenti dal file",
        )
        parser.add_argument("--max-errors", type=int, default=200, help="errori da stampare")

    def handle(self, *args: Any, **options: Any) -> None:
        school = Organization.objects.schools().by_reference(options["school"])
        if school is None:
            raise CommandError(
                f"Nessuna scuola con identificativo o codice meccanografico «{options['school']}»."
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"File non trovato: {path}")
        try:
            mapping = parse_map_options(options["map"])
        except MappingError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        started = time.perf_counter()
        report = import_students(
            school=school,
            content=path.read_bytes(),
            file_name=path.name,
            actor=None,
            preset=options["preset"],
            mapping=mapping,
            school_year=options["school_year"],
            dry_run=options["dry_run"],
            mark_missing_left=options["mark_missing_left"],
            progress=_Percentages(self.stderr),
        )
        elapsed = time.perf_counter() - started
        fail_on_row_errors(
            self.stderr,
            path.name,
            report.errors,
            report.total_rows,
            max_errors=options["max_errors"],
            note=f" ({elapsed:.1f} s)",
        )
        verb = "Verifica superata" if report.dry_run else "Importazione completata"
        self.stdout.write(
            f"{verb}: {report.total_rows} righe, {report.created} nuovi, {report.updated} "
            f"aggiornati, {report.unchanged} invariati, {report.marked_left} segnati come usciti "
            f"({elapsed:.1f} s)."
        )


class _Percentages:
    """Writes "verifica 42%" to stderr each time the percentage of a phase moves."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not total:
            return
        percent = done * 100 // total
        if (phase, percent) != self.last:
            self.last = (phase, percent)
            self.stream.write(f"\r{phase} {percent:3d}%", ending="\n" if percent == 100 else "")
            self.stream.flush()
