"""The background side of imports from the pages: the task, its progress, its failures, and
how long an uploaded file is kept."""

import datetime as dt

import pytest
from django.utils import timezone

from ptp.core.errors import ConflictError, InvalidInputError
from ptp.students import tasks
from ptp.students.import_services import check_roster, confirm_roster, upload_roster
from ptp.students.importer.mapping import FIELD_KEYS
from ptp.students.models import ImportStatus, Student, StudentImportJob
from ptp.students.protection import unseal
from tests.students.conftest import csv_bytes, row_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(net, school_staff):
    return upload_roster(
        actor=school_staff,
        school=net.school,
        file_name="studenti.csv",
        content=csv_bytes([row_b(1), row_b(2)]),
        preset="registro-b",
    )


def full_mapping(job) -> dict[str, str]:
    return {key: job.mapping.get(key, "") for key in FIELD_KEYS}


def test_the_upload_is_stored_encrypted_with_its_header(job):
    assert job.header[:3] == ["CF", "COGNOME", "NOME"]
    assert b"BALDACCI" not in bytes(job.content)
    assert b"BALDACCI" in unseal(bytes(job.content))


def test_check_then_confirm_runs_the_task_each_time(job, school_staff):
    enqueued: list[int] = []
    check_roster(
        actor=school_staff,
        job=job,
        mapping=full_mapping(job),
        school_year="",
        mark_missing_left=False,
        enqueue=enqueued.append,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and job.dry_run
    assert tasks.run_student_import.call(job_id=job.pk) == ImportStatus.CHECKED
    # A checked file may be checked again (another mapping), then confirmed.
    check_roster(
        actor=school_staff,
        job=job,
        mapping=full_mapping(job),
        school_year="2026/27",
        mark_missing_left=False,
        enqueue=enqueued.append,
    )
    assert tasks.run_student_import.call(job_id=job.pk) == ImportStatus.CHECKED
    job.refresh_from_db()
    confirm_roster(actor=school_staff, job=job, enqueue=enqueued.append)
    assert tasks.run_student_import.call(job_id=job.pk) == ImportStatus.DONE
    job.refresh_from_db()
    assert (job.created_count, job.total_rows, job.processed_rows) == (2, 2, 2)
    assert bytes(job.content) == b"" and job.finished_at is not None
    assert Student.objects.count() == 2
    with pytest.raises(ConflictError, match="non è più disponibile"):
        check_roster(
            actor=school_staff,
            job=job,
            mapping=full_mapping(job),
            school_year="",
            mark_missing_left=False,
            enqueue=enqueued.append,
        )


def test_the_task_is_queued_once_the_transaction_commits(
    job, school_staff, django_capture_on_commit_callbacks
):
    enqueued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        check_roster(
            actor=school_staff,
            job=job,
            mapping=full_mapping(job),
            school_year="",
            mark_missing_left=False,
            enqueue=enqueued.append,
        )
        assert enqueued == []
    assert enqueued == [job.pk]


def test_the_task_ignores_a_job_that_is_not_queued(job):
    assert tasks.run_student_import.call(job_id=job.pk) == ImportStatus.UPLOADED
    assert not Student.objects.exists()


def test_a_crash_is_recorded_on_the_job(job, school_staff, monkeypatch):
    check_roster(
        actor=school_staff,
        job=job,
        mapping=full_mapping(job),
        school_year="",
        mark_missing_left=False,
        enqueue=lambda pk: None,
    )

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "import_students", boom)
    with pytest.raises(RuntimeError):
        tasks.run_student_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.CRASHED and not Student.objects.exists()


def test_only_the_first_errors_are_kept(job, school_staff, monkeypatch):
    monkeypatch.setattr(tasks, "MAX_STORED_ERRORS", 1)
    job.content = StudentImportJob.objects.get(pk=job.pk).content
    bad = upload_roster(
        actor=school_staff,
        school=job.school,
        file_name="errori.csv",
        content=csv_bytes([row_b(1, classe="X"), row_b(2, classe="Y"), row_b(3, classe="Z")]),
        preset="",
    )
    check_roster(
        actor=school_staff,
        job=bad,
        mapping=full_mapping(bad),
        school_year="",
        mark_missing_left=False,
        enqueue=lambda pk: None,
    )
    assert tasks.run_student_import.call(job_id=bad.pk) == ImportStatus.FAILED
    bad.refresh_from_db()
    assert bad.error_count == 3 and len(bad.errors) == 1 and bad.errors[0]["line"] == 2


def test_a_bad_school_year_is_refused_before_queueing(job, school_staff):
    with pytest.raises(InvalidInputError, match="anno scolastico"):
        check_roster(
            actor=school_staff,
            job=job,
            mapping=full_mapping(job),
            school_year="2026",
            mark_missing_left=False,
            enqueue=lambda pk: None,
        )


def test_progress_is_written_on_phase_changes_and_at_most_twice_a_second(job, monkeypatch):
    progress = tasks._JobProgress(job.pk)
    progress("verifica", 10, 100)
    job.refresh_from_db()
    assert (job.phase, job.processed_rows, job.total_rows) == ("verifica", 10, 100)
    progress("verifica", 20, 100)  # within half a second, same phase: not written
    job.refresh_from_db()
    assert job.processed_rows == 10
    progress("verifica", 100, 100)  # the end of a phase is always written... outside a transaction
    progress("scrittura", 0, 50)
    job.refresh_from_db()
    assert (job.phase, job.total_rows) == ("scrittura", 50)


def test_abandoned_uploads_are_emptied_after_a_day(job, school_staff):
    StudentImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    upload_roster(
        actor=school_staff,
        school=job.school,
        file_name="nuovo.csv",
        content=csv_bytes([row_b(5)]),
        preset="",
    )
    job.refresh_from_db()
    assert bytes(job.content) == b""
    assert StudentImportJob.objects.exclude(content=b"").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("studenti.txt", b"CF;NOME", "solo file .csv o .xlsx"),
        ("studenti.csv", b"", "nomi delle colonne"),
        ("studenti.xlsx", b"PK...", "XLSX"),
    ],
)
def test_unusable_uploads_are_refused(net, school_staff, name, content, message):
    with pytest.raises(InvalidInputError, match=message):
        upload_roster(
            actor=school_staff, school=net.school, file_name=name, content=content, preset=""
        )
    assert not StudentImportJob.objects.exists()
