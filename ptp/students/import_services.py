"""Roster imports from the school's pages: upload, choose the columns, check in the background,
confirm, write in the background. The file is kept encrypted only until it has been imported
(or for a day at most)."""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.network.models import Organization
from ptp.students.importer.cells import normalize_school_year
from ptp.students.importer.mapping import (
    FIELD_KEYS,
    PRESETS,
    MappingError,
    auto_mapping,
    preset_mapping,
    resolve_mapping,
)
from ptp.students.importer.reading import FileFormatError, read_header
from ptp.students.models import ImportStatus, StudentImportJob
from ptp.students.protection import seal

MAX_IMPORT_BYTES = 40 * 1024 * 1024
KEEP_FILES_FOR = dt.timedelta(days=1)
# The first errors of a failed check kept for the page; the count says how many there were.
MAX_STORED_ERRORS = 2000


def suggested_mapping(header: list[str], preset: str) -> dict[str, str]:
    """The columns the mapping page proposes: the preset's, else those matched by name."""
    mapping = auto_mapping(header)
    if preset:
        columns = preset_mapping(preset, header)
        if "anno_corso" in columns:
            mapping.pop("classe", None)
        mapping.update(columns)
    return mapping


def _forget_old_files() -> None:
    # Abandoned uploads hold personal data: they are emptied after a day whatever their state.
    StudentImportJob.objects.filter(created_at__lt=timezone.now() - KEEP_FILES_FOR).exclude(
        content=b""
    ).update(content=b"")


@transaction.atomic(durable=True)
def upload_roster(
    *, actor: User, school: Organization, file_name: str, content: bytes, preset: str
) -> StudentImportJob:
    """Stores an uploaded roster (encrypted) with its header and the proposed column mapping."""
    if not file_name.lower().endswith((".csv", ".xlsx")):
        raise InvalidInputError("Si possono importare solo file .csv o .xlsx.", field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInputError("Il file supera il limite di 40 MB.", field="file")
    if preset and preset not in PRESETS:
        raise InvalidInputError("Formato sconosciuto.", field="preset")
    try:
        header = read_header(content, file_name)
    except FileFormatError as exc:
        raise InvalidInputError(f"{file_name}: {exc}", field="file") from exc
    _forget_old_files()
    job = StudentImportJob.objects.create(
        school=school,
        created_by=actor,
        file_name=file_name[:255],
        content=seal(content),
        header=header,
        preset=preset,
        mapping=suggested_mapping(header, preset),
    )
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=job,
        summary=f"Caricato l'elenco degli studenti {job.file_name} per l'importazione",
    )
    return job


def _enqueue(job_id: int) -> None:
    from ptp.students.tasks import run_student_import

    run_student_import.enqueue(job_id=job_id)


def _reset(job: StudentImportJob, *, dry_run: bool) -> None:
    job.status = ImportStatus.QUEUED
    job.dry_run = dry_run
    job.phase = ""
    job.processed_rows = job.created_count = job.updated_count = 0
    job.unchanged_count = job.left_count = job.error_count = 0
    job.errors = []
    job.finished_at = None


@transaction.atomic(durable=True)
def check_roster(
    *,
    actor: User,
    job: StudentImportJob,
    mapping: dict[str, str],
    school_year: str,
    mark_missing_left: bool,
    enqueue: Callable[[int], None] = _enqueue,
) -> StudentImportJob:
    """Saves the chosen columns and queues the check of every row (a dry run: nothing written)."""
    job = StudentImportJob.objects.select_for_update().get(pk=job.pk)
    if job.is_running:
        raise ConflictError("Il file è già in lavorazione: attendi che finisca.")
    if job.status == ImportStatus.DONE or not job.content:
        raise ConflictError("Il file non è più disponibile: caricalo di nuovo.")
    if school_year and normalize_school_year(school_year) is None:
        raise InvalidInputError(
            f"«{school_year}» non è un anno scolastico (es. 2026/27).", field="school_year"
        )
    explicit = {key: mapping.get(key, "") for key in FIELD_KEYS}
    try:
        resolve_mapping(job.header, explicit=explicit)
    except MappingError as exc:
        raise InvalidInputError(" ".join(exc.messages)) from exc
    job.mapping = {key: column for key, column in explicit.items() if column}
    job.school_year = school_year
    job.mark_missing_left = mark_missing_left
    _reset(job, dry_run=True)
    job.save()
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


@transaction.atomic(durable=True)
def confirm_roster(
    *, actor: User, job: StudentImportJob, enqueue: Callable[[int], None] = _enqueue
) -> StudentImportJob:
    """Queues the import of a file whose check passed; it is checked again while writing, all
    rows or none."""
    job = StudentImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.CHECKED or not job.content:
        raise ConflictError("Si può confermare solo un file appena verificato senza errori.")
    _reset(job, dry_run=False)
    job.save()
    transaction.on_commit(lambda: enqueue(job.pk))
    return job
