"""manage.py import_programmes FILE [--editions FILE] [--hub SLUG] [--dry-run]."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ptp.catalogue.importer import import_catalogue
from ptp.network.models import Hub


class Command(BaseCommand):
    help = (
        "Importa percorsi (ed edizioni) da CSV o XLSX. Verifica ogni riga; scrive tutto o niente. "
        "Un XLSX può contenere i fogli «percorsi» ed «edizioni»."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="percorsi (CSV) o cartella di lavoro XLSX")
        parser.add_argument(
            "--editions", type=Path, help="edizioni (CSV o XLSX con foglio «edizioni»)"
        )
        parser.add_argument(
            "--hub", help="identificativo del polo a cui collegare i percorsi (es. tnt)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="verifica soltanto, senza scrivere"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hub = None
        if options["hub"]:
            hub = Hub.objects.filter(slug=options["hub"]).first()
            if hub is None:
                raise CommandError(f"Polo «{options['hub']}» non trovato.")
        path: Path = options["file"]
        editions: Path | None = options["editions"]
        with path.open("rb") as programmes_file:
            editions_file = editions.open("rb") if editions else None
            try:
                report = import_catalogue(
                    actor=None,
                    hub=hub,
                    programmes_file=programmes_file,
                    programmes_name=path.name,
                    editions_file=editions_file,
                    editions_name=editions.name if editions else "",
                    dry_run=options["dry_run"],
                )
            finally:
                if editions_file:
                    editions_file.close()
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(f"{len(report.errors)} errori: nessuna riga è stata scritta.")
        verb = "Da importare" if report.dry_run else "Importati"
        self.stdout.write(
            f"{verb}: {report.programmes_created} percorsi nuovi, {report.programmes_updated} aggiornati, "
            f"{report.editions_created} edizioni nuove, {report.editions_updated} aggiornate."
        )
