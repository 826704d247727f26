"""manage.py import_outcomes FILE --school <slug or codice meccanografico>: a school's outcomes
at 6 and 12 months from CSV or XLSX, checked row by row and written all or nothing (see
docs/outcomes-import.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.core.commands import fail_on_row_errors
from ptp.network.models import Organization
from ptp.outcomes.importer import LABELS, import_outcomes
from ptp.students.importer.mapping import MappingError, parse_map_options


class Command(BaseCommand):
    help = (
        "Importa gli esiti a 6 e 12 mesi degli studenti di una scuola da CSV o XLSX: controlla "
        "ogni riga, scrive tutto o niente, si può ripetere senza creare doppioni."
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
            "--map",
            action="append",
            default=[],
            metavar="campo=Intestazione",
            help="colonna del file per un campo (ripetibile)",
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
            mapping = parse_map_options(options["map"], list(LABELS))
        except MappingError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        report = import_outcomes(
            school=school,
            content=path.read_bytes(),
            file_name=path.name,
            actor=None,
            mapping=mapping,
            dry_run=options["dry_run"],
        )
        fail_on_row_errors(
            self.stderr,
            path.name,
            report.errors,
            report.total_rows,
            max_errors=options["max_errors"],
        )
        verb = "Verifica superata" if report.dry_run else "Importazione completata"
        self.stdout.write(
            f"{verb}: {report.total_rows} righe, {report.created} nuovi, {report.updated} "
            f"aggiornati, {report.unchanged} invariati."
        )
