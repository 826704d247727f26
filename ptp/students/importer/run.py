"""The import: read, map, check every row and report; then write everything in one transaction,
or nothing. Students are matched by (school, keyed hash of the codice fiscale), so importing the
same file again changes nothing; students missing from a file are kept (see mark_missing_left)."""

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.network.models import Organization
from ptp.students.importer.cells import SCHOOL_TRACK, current_school_year, normalize_school_year
from ptp.students.importer.mapping import MappingError, resolve_mapping
from ptp.students.importer.reading import FileFormatError, read_table
from ptp.students.importer.rows import (
    COMPARED_FIELDS,
    OPTIONAL_SOURCES,
    Lookups,
    RowChecker,
    RowError,
    StudentValues,
)
from ptp.students.importer.writing import (
    insert_students,
    stored_students,
    timestamp,
    update_students,
)
from ptp.students.models import Student
from ptp.students.protection import encrypt_many, lookup_hashes
from ptp.students.queries import unused_pseudonyms

BATCH = 5000
# PostgreSQL updates go through a temporary table: fewer, bigger statements cost less there.
UPDATE_BATCH = 50_000
# phase ("lettura", "verifica", "scrittura"), rows done, rows in all
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    marked_left: int = 0
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's header
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    creates: list[tuple[StudentValues, str]] = field(default_factory=list)
    # changed fields -> [(pk, values)], so each UPDATE sets only what changed
    updates: dict[tuple[str, ...], list[tuple[int, StudentValues]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    unchanged: int = 0
    missing_ids: list[int] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return sum(len(rows) for rows in self.updates.values())

    @property
    def size(self) -> int:
        return len(self.creates) + self.updated + len(self.missing_ids)


def _noop(phase: str, done: int, total: int) -> None:
    return None


def _chunks[T](items: list[T], size: int = BATCH) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_students(
    *,
    school: Organization,
    content: bytes,
    file_name: str,
    actor: User | None,
    preset: str = "",
    mapping: dict[str, str] | None = None,
    school_year: str = "",
    dry_run: bool = False,
    mark_missing_left: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Checks every row of the school's roster and reports each mistake (Italian, with line and
    column); writes all rows or none. Re-importing updates changed fields only and never
    duplicates; students absent from the file are kept, or marked as left on request."""
    progress = progress or _noop
    today = today or timezone.localdate()
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    progress("lettura", 0, 0)
    try:
        table = read_table(content, file_name)
    except FileFormatError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    report.encoding = table.encoding
    report.total_rows = len(table.rows)
    year = normalize_school_year(school_year) if school_year else current_school_year(today)
    if year is None:
        report.errors.append(RowError(0, "", f"«{school_year}» non è un anno scolastico."))
        return report
    try:
        columns = resolve_mapping(table.header, preset=preset, explicit=mapping)
    except MappingError as exc:
        report.errors += [RowError(1, "", message) for message in exc.messages]
        return report
    report.columns = {key: table.header[index] for key, index in columns.items()}
    if school.kind not in SCHOOL_TRACK and not {"tipo_percorso", "codice_percorso"} & set(columns):
        report.errors.append(
            RowError(
                1,
                "",
                "La scuola ha più tipi di percorso: serve la colonna del tipo di percorso "
                "(professionale, tecnico, liceo, IeFP) o quella del codice del percorso.",
            )
        )
        return report
    checker = RowChecker(
        school=school,
        header=table.header,
        columns=columns,
        lookups=Lookups.load(),
        school_year=year,
        today=today,
    )
    valid: list[StudentValues] = []
    total = len(table.rows)
    step = max(1, total // 100)
    for n, (line, cells) in enumerate(table.rows):
        values = checker.check(line, cells)
        if values is not None:
            valid.append(values)
        if n % step == 0:
            progress("verifica", n, total)
    progress("verifica", total, total)
    report.errors = checker.errors
    if report.errors:
        return report
    plan = _plan(school, valid, provided=_provided_fields(columns), mark_missing=mark_missing_left)
    report.created, report.updated = len(plan.creates), plan.updated
    report.unchanged, report.marked_left = plan.unchanged, len(plan.missing_ids)
    if dry_run:
        return report
    # Announced before the transaction: progress written inside it would show only at the end.
    progress("scrittura", 0, plan.size)
    _write(school=school, plan=plan, actor=actor, report=report, today=today, progress=progress)
    report.written = True
    return report


def _provided_fields(columns: dict[str, int]) -> list[str]:
    """The Student fields this file sets: the required ones and the optional ones it has a column for."""
    return [
        name
        for name in COMPARED_FIELDS
        if name not in OPTIONAL_SOURCES or OPTIONAL_SOURCES[name] in columns
    ]


def _plan(
    school: Organization, rows: list[StudentValues], *, provided: list[str], mark_missing: bool
) -> _Plan:
    """What writing the rows would do, comparing them with the school's students by hash."""
    existing = {row[1]: row for row in stored_students(school.pk, provided)}
    pick = operator.itemgetter(*(StudentValues._fields.index(name) for name in provided))
    plan = _Plan()
    hashes = lookup_hashes([row.codice_fiscale for row in rows])
    seen: set[str] = set()
    for values, digest in zip(rows, hashes, strict=True):
        current = existing.get(digest)
        if current is None:
            plan.creates.append((values, digest))
            continue
        seen.add(digest)
        new = pick(values) if len(provided) > 1 else (pick(values),)
        old = current[2:-1]
        if new == old and current[-1] is None:
            plan.unchanged += 1
            continue
        changed = tuple(name for name, a, b in zip(provided, new, old, strict=True) if a != b)
        if current[-1] is not None:
            changed += ("left_on",)
        plan.updates[changed].append((current[0], values))
    if mark_missing:
        plan.missing_ids = [
            row[0] for digest, row in existing.items() if digest not in seen and row[-1] is None
        ]
    return plan


@transaction.atomic(durable=True)
def _write(
    *,
    school: Organization,
    plan: _Plan,
    actor: User | None,
    report: ImportReport,
    today: dt.date,
    progress: Progress,
) -> None:
    total = plan.size
    done = 0
    now = timestamp(timezone.now())
    insert_fields = [
        "school",
        "code",
        "codice_fiscale_encrypted",
        "codice_fiscale_hash",
        *COMPARED_FIELDS,
        "is_demo",
        "created_at",
        "updated_at",
    ]
    pseudonyms = iter(unused_pseudonyms(len(plan.creates)))
    for batch in _chunks(plan.creates):
        codes = [next(pseudonyms) for _ in batch]
        tokens = encrypt_many([values.codice_fiscale for values, _ in batch])
        insert_students(
            insert_fields,
            [
                (school.pk, code, token, digest, *values[1:], False, now, now)
                for (values, digest), code, token in zip(batch, codes, tokens, strict=True)
            ],
        )
        done += len(batch)
        progress("scrittura", done, total)
    for changed, rows in plan.updates.items():
        fields = [*changed, "updated_at"]
        for changes in _chunks(rows, UPDATE_BATCH):
            update_students(
                fields,
                [
                    (*(None if n == "left_on" else getattr(v, n) for n in changed), now, pk)
                    for pk, v in changes
                ],
            )
            done += len(changes)
            progress("scrittura", done, total)
    for ids in _chunks(plan.missing_ids):
        Student.objects.filter(pk__in=ids).update(left_on=today, updated_at=timezone.now())
        done += len(ids)
    progress("scrittura", total, total)
    record_event(
        actor=actor,
        action=AuditAction.UPDATE if plan.updated or plan.missing_ids else AuditAction.CREATE,
        obj=school,
        summary=(
            f"Importazione studenti da {report.file_name}: {report.created} nuovi, "
            f"{report.updated} aggiornati, {report.unchanged} invariati, "
            f"{report.marked_left} segnati come usciti"
        ),
        hub_id=None,
        after={
            "file": report.file_name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "marked_left": report.marked_left,
        },
    )
