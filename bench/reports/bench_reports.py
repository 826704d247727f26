"""Report channel and certificate: how long the work that runs unattended or on a click takes.

- escalation: `escalate_overdue_reports` moving 1,000 overdue reports (each audited, each
  enqueuing the coordinator's e-mail as a database task), and a second run that finds nothing
  (target: 1,000 reports in under 10 s; the idle run under 50 ms, since cron runs it often);
- the school's report list with 5,000 reports of its students: SQL queries and time to render the
  first page (target: 6 queries, 150 ms);
- a certificate: facts, HTML and PDF/UA rendering (target: under 1 s each).

Runs in-process on a fresh SQLite database in a temporary folder (or the PostgreSQL bench database
with --pg). Prints numbers; asserts nothing.
Run: .venv/bin/python bench/reports/bench_reports.py [--pg]
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ESCALATE_TARGET_S = 10.0
IDLE_TARGET_MS = 50.0
LIST_TARGET_MS = 150.0
LIST_TARGET_QUERIES = 6
PDF_TARGET_S = 1.0


def _setup(use_pg: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ptp-bench-reports-"))
    os.environ["PTP_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if use_pg:
        from common import PG_BENCH_URL, recreate_pg_database

        recreate_pg_database(PG_BENCH_URL)
        os.environ["DATABASE_URL"] = PG_BENCH_URL
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp / "media"
    call_command("migrate", verbosity=0)


def _world(n_reports: int):
    from django.utils import timezone

    from ptp.accounts.models import Role, RoleGrant
    from ptp.placements.models import Placement, PlacementStatus, Report, ReportKind
    from ptp.students.models import Student
    from tests.factories import RoleGrantFactory, SkillFactory, UserFactory
    from tests.placements.factories import (
        OpportunityFactory,
        PlacementFactory,
        SchoolFactory,
        StudentFactory,
        TrainingPlanFactory,
    )

    opportunity = OpportunityFactory()
    hub, host = opportunity.hub, opportunity.host
    school = SchoolFactory()
    staff = UserFactory(email="scuola@example.invalid")
    RoleGrant.objects.create(user=staff, role=Role.ORGANIZATION_STAFF, organization=school)
    RoleGrantFactory(user=UserFactory(), role=Role.HUB_COORDINATOR, hub=hub)
    template = StudentFactory(school=school)
    students = Student.objects.bulk_create(
        Student(
            school=school,
            code=f"B{i:07d}",
            codice_fiscale_encrypted=template.codice_fiscale_encrypted,
            codice_fiscale_hash=f"bench-{i}",
            given_name="Elia",
            family_name="Garzelli",
            birth_date=template.birth_date,
            track=template.track,
            class_year=4,
            school_year="2026/27",
            is_demo=True,
        )
        for i in range(n_reports)
    )
    placements = Placement.objects.bulk_create(
        Placement(
            student=s,
            school=school,
            host=host,
            hub=hub,
            status=PlacementStatus.ACTIVE,
            starts_on=dt.date(2027, 2, 1),
            ends_on=dt.date(2027, 2, 26),
            planned_hours=120,
            is_demo=True,
        )
        for s in students
    )
    opened = timezone.now() - dt.timedelta(days=8)
    Report.objects.bulk_create(
        Report(
            placement=p,
            kind=ReportKind.NOT_FORMATIVE if i % 3 else ReportKind.NOT_SAFE,
            text="Testo di prova.",
            due_at=opened + dt.timedelta(days=7, minutes=i % 60),
        )
        for i, p in enumerate(placements)
    )
    certified = PlacementFactory(
        student=template, school=school, host=host, hub=hub, status=PlacementStatus.COMPLETED
    )
    skills = [SkillFactory(label_it=f"Competenza di prova {i}") for i in range(8)]
    TrainingPlanFactory(placement=certified, skills=skills)
    return staff, certified, skills


def _escalation(n: int) -> None:
    from django.utils import timezone

    from ptp.placements.models import Report, ReportStatus
    from ptp.placements.services.reports import escalate_overdue_reports

    overdue = Report.objects.filter(status=ReportStatus.OPEN)[:n]
    Report.objects.exclude(pk__in=[r.pk for r in overdue]).update(status=ReportStatus.ANSWERED)
    start = time.perf_counter()
    moved = escalate_overdue_reports(now=timezone.now())
    busy = time.perf_counter() - start
    start = time.perf_counter()
    again = escalate_overdue_reports(now=timezone.now())
    idle = (time.perf_counter() - start) * 1000
    print(
        f"escalation: {moved} reports in {busy:.2f} s ({busy / max(moved, 1) * 1000:.1f} ms each; "
        f"target {ESCALATE_TARGET_S:.0f} s for 1,000)"
    )
    print(f"escalation, nothing left ({again} moved): {idle:.1f} ms (target {IDLE_TARGET_MS:.0f})")


def _school_list(staff) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ptp.placements.models import Report

    client = Client()
    client.force_login(staff)
    timings = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get("/gestione/segnalazioni/", HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    count = Report.objects.count()
    print(
        f"school report list, {count} reports: {len(ctx.captured_queries)} queries "
        f"(target {LIST_TARGET_QUERIES}), median {statistics.median(timings):.0f} ms "
        f"(target {LIST_TARGET_MS:.0f})"
    )


def _certificate(staff, placement, skills) -> None:
    from ptp.placements import certificates
    from ptp.placements.models import Evaluation, HoursEntry

    Evaluation.objects.bulk_create(
        Evaluation(placement=placement, skill=s, level=1 + i % 4, evaluated_by=staff)
        for i, s in enumerate(skills)
    )
    HoursEntry.objects.bulk_create(
        HoursEntry(
            placement=placement,
            day=placement.starts_on + dt.timedelta(days=i),
            hours=Decimal("6"),
            validated_by=staff,
            validated_at=dt.datetime(2027, 2, 27, 12, tzinfo=dt.UTC),
        )
        for i in range(20)
    )
    timings = []
    for _ in range(6):
        start = time.perf_counter()
        facts = certificates.certificate_facts(placement)
        html = certificates.render_certificate_html(facts, issued_on=dt.date(2027, 3, 5), version=1)
        pdf = certificates.render_pdf(html, files=[u for _, u in certificates._font_faces()])
        timings.append(time.perf_counter() - start)
    first, rest = timings[0], timings[1:]
    print(
        f"certificate with {len(skills)} skills ({len(pdf) // 1024} KiB PDF/UA-1): first "
        f"{first:.2f} s, then median {statistics.median(rest):.2f} s (target {PDF_TARGET_S:.0f} s)"
    )
    start = time.perf_counter()
    document = certificates.issue_certificate(actor=staff, placement=placement)
    print(
        f"issue_certificate (render, store, audit, e-mail): {time.perf_counter() - start:.2f} s, "
        f"version {document.version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", action="store_true", help="use the PostgreSQL bench database")
    parser.add_argument("--reports", type=int, default=5000)
    args = parser.parse_args()
    if args.pg:
        from common import pg_available

        if not pg_available():
            print("SKIP: PostgreSQL does not answer on 127.0.0.1:5432")
            return
    # Static files are not collected in the temporary folder; the pages do not need them here.
    warnings.filterwarnings("ignore", message="No directory at")
    _setup(args.pg)
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite'}")
    staff, placement, skills = _world(args.reports)
    _school_list(staff)
    _certificate(staff, placement, skills)
    _escalation(1000)


if __name__ == "__main__":
    main()
