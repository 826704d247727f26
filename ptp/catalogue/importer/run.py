"""The import itself: read, validate every row, report; write everything in one transaction or nothing."""

from dataclasses import dataclass, field
from typing import IO

from django.db import transaction

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.catalogue import fulltext
from ptp.catalogue.importer.reading import (
    FileFormatError,
    RowError,
    Table,
    missing_columns,
    read_csv,
    read_xlsx_sheet,
)
from ptp.catalogue.importer.rows import (
    EDITION_REQUIRED,
    PROGRAMME_REQUIRED,
    InvalidCellError,
    Lookups,
    parse_edition,
    parse_programme,
    programme_skill_uris,
    split_list,
)
from ptp.catalogue.models import Edition
from ptp.catalogue.services import (
    ProgrammeData,
    check_programme_data,
    write_edition,
    write_programme,
)
from ptp.core.errors import DomainError
from ptp.network.models import Hub


@dataclass
class ImportReport:
    programmes_created: int = 0
    programmes_updated: int = 0
    editions_created: int = 0
    editions_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _open_tables(
    programmes_file: IO[bytes] | None,
    programmes_name: str,
    editions_file: IO[bytes] | None,
    editions_name: str,
) -> tuple[Table | None, Table | None]:
    editions: Table | None = None
    if programmes_name.lower().endswith(".xlsx"):
        # One workbook may carry both sheets: "percorsi" and "edizioni".
        assert programmes_file is not None  # noqa: S101
        programmes = read_xlsx_sheet(programmes_file, programmes_name, "percorsi")
        programmes_file.seek(0)
        editions = read_xlsx_sheet(programmes_file, programmes_name, "edizioni")
        if programmes is None and editions is None:
            raise FileFormatError(f"{programmes_name}: mancano i fogli «percorsi» ed «edizioni».")
        if editions_file is not None and editions is not None:
            # Never drop one of two lists of editions without a word.
            raise FileFormatError(
                f"{programmes_name}: ha già il foglio «edizioni»; non caricare anche {editions_name}."
            )
    else:
        programmes = read_csv(programmes_file, programmes_name) if programmes_file else None
    if editions_file is not None:
        if editions_name.lower().endswith(".xlsx"):
            editions = read_xlsx_sheet(editions_file, editions_name, "edizioni")
            if editions is None:
                raise FileFormatError(f"{editions_name}: manca il foglio «edizioni».")
        else:
            editions = read_csv(editions_file, editions_name)
    return programmes, editions


def import_catalogue(
    *,
    actor: User | None,
    hub: Hub | None,
    programmes_file: IO[bytes] | None,
    programmes_name: str = "percorsi.csv",
    editions_file: IO[bytes] | None = None,
    editions_name: str = "edizioni.csv",
    dry_run: bool = False,
) -> ImportReport:
    """Validates both files completely; writes all rows or none. Programmes are matched by code,
    editions by programme, year (or start date) and municipality, so importing again is harmless."""
    report = ImportReport(dry_run=dry_run)
    try:
        programmes, editions = _open_tables(
            programmes_file, programmes_name, editions_file, editions_name
        )
    except FileFormatError as exc:
        report.errors.append(RowError("", 0, "", str(exc)))
        return report
    for table, required in ((programmes, PROGRAMME_REQUIRED), (editions, EDITION_REQUIRED)):
        if table is not None:
            report.errors += missing_columns(table, required)
    if report.errors:
        return report
    programme_rows = programmes.rows if programmes else []
    edition_rows = editions.rows if editions else []
    programmes_name = programmes.name if programmes else programmes_name
    editions_name = editions.name if editions else editions_name
    lookups = Lookups.load(
        skill_uris={u for r in programme_rows for u in programme_skill_uris(r.values)},
        occupation_uris={
            u for r in programme_rows for u in split_list(r.values.get("professioni", ""))
        },
    )
    codes_in_file: set[str] = set()
    parsed: list[tuple[ProgrammeData, list[str]]] = []
    for row in programme_rows:
        code = row.values.get("codice", "").strip()
        if code in codes_in_file:
            report.errors.append(
                RowError(programmes_name, row.line, "codice", f"codice «{code}» ripetuto nel file")
            )
        codes_in_file.add(code)
    for row in programme_rows:
        try:
            data = parse_programme(row.values, lookups, codes_in_file)
            # The rules that join several cells (one lead, EQF level fitting the kind).
            check_programme_data(data)
            parsed.append((data, split_list(row.values.get("prosegue_in", ""))))
        except InvalidCellError as exc:
            report.errors.append(RowError(programmes_name, row.line, exc.column, exc.message))
        except DomainError as exc:
            column = {"eqf_level": "livello_eqf", "providers": "erogatori", "skills": "competenze"}
            report.errors.append(
                RowError(programmes_name, row.line, column.get(exc.field or "", ""), exc.message)
            )
    parsed_editions = []
    for row in edition_rows:
        try:
            parsed_editions.append(parse_edition(row.values, lookups, codes_in_file))
        except InvalidCellError as exc:
            report.errors.append(RowError(editions_name, row.line, exc.column, exc.message))
    if hub is not None:
        for data, _ in parsed:
            if hub not in data.hubs:
                data.hubs.append(hub)
    report.programmes_updated = sum(
        1 for data, _ in parsed if data.values["code"] in lookups.programmes
    )
    report.programmes_created = len(parsed) - report.programmes_updated
    if report.errors or dry_run:
        report.editions_created = len(parsed_editions)
        return report
    try:
        _write(report, parsed, parsed_editions, lookups, actor, hub)
    except DomainError as exc:
        report.errors.append(RowError("", 0, exc.field or "", exc.message))
    return report


@transaction.atomic
def _write(
    report: ImportReport,
    parsed: list[tuple[ProgrammeData, list[str]]],
    parsed_editions: list[tuple[str, dict]],
    lookups: Lookups,
    actor: User | None,
    hub: Hub | None,
) -> None:
    by_code = dict(lookups.programmes)
    for data, _ in parsed:
        code = data.values["code"]
        by_code[code] = write_programme(data=data, programme=lookups.programmes.get(code))
    for data, targets in parsed:
        by_code[data.values["code"]].leads_to.set([by_code[t] for t in targets])
    existing = {
        (e.programme_id, e.school_year, e.starts_on, e.municipality_id): e
        for e in Edition.objects.filter(programme__in=[by_code[c] for c, _ in parsed_editions])
    }
    for code, values in parsed_editions:
        programme = by_code[code]
        key = (programme.pk, values["school_year"], values["starts_on"], values["municipality"].pk)
        current = existing.get(key)
        existing[key] = write_edition(programme=programme, values=values, edition=current)
        if current is None:
            report.editions_created += 1
        else:
            report.editions_updated += 1
    fulltext.refresh_vectors([by_code[data.values["code"]].pk for data, _ in parsed])
    # Command-line imports have no actor: the entry says "sistema" and hangs on the hub or a programme.
    subject = hub or actor or (by_code[parsed[0][0].values["code"]] if parsed else None)
    if subject is not None:
        record_event(
            actor=actor,
            action=AuditAction.CREATE,
            obj=subject,
            summary=(
                f"Importati {report.programmes_created} percorsi nuovi, {report.programmes_updated} aggiornati, "
                f"{report.editions_created + report.editions_updated} edizioni"
            ),
            hub_id=hub.pk if hub else None,
        )
    report.written = True
