"""Background work of the students app (django.tasks; run by `manage.py db_worker`)."""

import logging
import time

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ptp.students.import_services import MAX_STORED_ERRORS
from ptp.students.importer import import_students
from ptp.students.models import ImportStatus, StudentImportJob
from ptp.students.protection import unseal

logger = logging.getLogger(__name__)
# The page polls every second; writing progress more often would only load the database.
PROGRESS_EVERY_SECONDS = 0.5


class _JobProgress:
    """Stores the phase and rows done on the job row, committed at once so the page sees it;
    inside the write transaction nothing can be committed, so the page shows that phase only."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0
        self.phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < PROGRESS_EVERY_SECONDS and done < total:
            return
        if phase == self.phase and transaction.get_connection().in_atomic_block:
            return
        self.phase, self.last = phase, now
        StudentImportJob.objects.filter(pk=self.job_id).update(
            phase=phase, processed_rows=done, total_rows=total
        )


@task()
def run_student_import(*, job_id: int) -> str:
    """Checks (dry run) or imports an uploaded roster and stores the report on the job."""
    job = StudentImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return job.status
    StudentImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    try:
        report = import_students(
            school=job.school,
            content=unseal(bytes(job.content)),
            file_name=job.file_name,
            actor=job.created_by,
            preset=job.preset,
            mapping=job.mapping,
            school_year=job.school_year,
            dry_run=job.dry_run,
            mark_missing_left=job.mark_missing_left,
            progress=_JobProgress(job.pk),
        )
    except Exception:
        logger.exception("Student import %s crashed", job.pk)
        StudentImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.CRASHED, finished_at=timezone.now()
        )
        raise
    if report.errors:
        status = ImportStatus.FAILED
    else:
        status = ImportStatus.CHECKED if job.dry_run else ImportStatus.DONE
    updates = {
        "status": status,
        "phase": "",
        "total_rows": report.total_rows,
        "processed_rows": report.total_rows,
        "created_count": report.created,
        "updated_count": report.updated,
        "unchanged_count": report.unchanged,
        "left_count": report.marked_left,
        "error_count": len(report.errors),
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message}
            for e in report.errors[:MAX_STORED_ERRORS]
        ],
        "finished_at": timezone.now(),
    }
    if status == ImportStatus.DONE:
        updates["content"] = b""  # imported: the file is no longer needed
    StudentImportJob.objects.filter(pk=job.pk).update(**updates)
    return status
