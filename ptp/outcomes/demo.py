"""Demo outcomes of a school: invented former students (left last June) with outcomes at 6 and
12 months, some of them hired by the company of the school's hub that hosted them in a completed
placement, so the hosting-to-hiring table has something to show. Everything is demo (is_demo)
and invented.

Call after the demo network and students (seed_demo). Idempotent: a second call returns the
school's demo outcomes unchanged.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ptp.network.models import Membership, Organization
from ptp.outcomes.models import Outcome, OutcomeSource, OutcomeStatus
from ptp.outcomes.queries import hub_companies_of_school
from ptp.outcomes.services import OutcomeData, plan_outcomes
from ptp.placements.models import Placement, PlacementStatus
from ptp.students.demo import seed_demo_students
from ptp.students.importer.cells import current_school_year
from ptp.students.models import Student

S = OutcomeStatus
FORMER_STUDENTS = 14
# (status at 6 months, status at 12 months, employed by: "host", "hub", "other" or "")
PATTERNS = [
    (S.EMPLOYED, S.EMPLOYED, "host"),
    (S.EMPLOYED, S.EMPLOYED, "host"),
    (S.NEITHER, S.EMPLOYED, "host"),
    (S.EMPLOYED, S.EMPLOYED, "hub"),
    (S.EMPLOYED, S.EMPLOYED, "other"),
    (S.ITS, S.ITS, ""),
    (S.ITS, S.ITS, ""),
    (S.UNIVERSITY, S.UNIVERSITY, ""),
    (S.TRAINING, S.EMPLOYED, "other"),
    (S.NEITHER, S.NEITHER, ""),
    (S.UNKNOWN, S.EMPLOYED, "hub"),
    (S.EMPLOYED, S.EMPLOYED, "other"),
    (S.UNIVERSITY, S.UNIVERSITY, ""),
    (S.UNKNOWN, S.UNKNOWN, ""),
]


def _former_students(school: Organization, today: dt.date) -> list[Student]:
    """Invented students who finished the fifth year last June (made once, then found again)."""
    last_year = current_school_year(today - dt.timedelta(days=365))
    left_on = dt.date(int(last_year[:4]) + 1, 6, 30)
    before = set(Student.objects.filter(school=school).values_list("pk", flat=True))
    # Only people this call invents: an invented code equal to a current student's must not
    # turn that student into a former one.
    students = [
        s
        for s in seed_demo_students(school, count=FORMER_STUDENTS, seed=2015)
        if s.pk not in before
    ]
    Student.objects.filter(pk__in=[s.pk for s in students]).update(
        class_year=5, school_year=last_year, left_on=left_on
    )
    for student in students:
        student.class_year, student.school_year, student.left_on = 5, last_year, left_on
    return students


def _past_placement(student: Student, host: Organization, hub_id: int, year: int) -> None:
    """A completed placement in the fourth year (the host's chance to know the student)."""
    if Placement.objects.filter(student=student, host=host).exists():
        return
    Placement.objects.create(
        student=student,
        school=student.school,
        host=host,
        hub_id=hub_id,
        status=PlacementStatus.COMPLETED,
        starts_on=dt.date(year, 2, 3),
        ends_on=dt.date(year, 2, 28),
        planned_hours=120,
        closed_at=timezone.now(),
        is_demo=True,
    )


@transaction.atomic
def seed_demo_outcomes(school: Organization) -> list[Outcome]:
    """The school's demo outcomes (see the module docstring); idempotent."""
    existing = list(Outcome.objects.filter(student__school=school, is_demo=True))
    if existing:
        return existing
    today = timezone.localdate()
    companies = list(
        Organization.objects.filter(hub_companies_of_school(school.pk)).order_by("name", "pk")
    )
    hub_id = (
        Membership.objects.active()
        .filter(organization=school)
        .order_by("pk")
        .values_list("hub_id", flat=True)
        .first()
    )
    former = _former_students(school, today)
    rows: list[tuple[Student, OutcomeData]] = []
    for index, (student, (six, twelve, employer)) in enumerate(zip(former, PATTERNS, strict=False)):
        host = companies[index % len(companies)] if companies else None
        if host is not None and hub_id is not None and employer in {"host", "hub"}:
            _past_placement(student, host, hub_id, student.left_on.year - 1)  # type: ignore[union-attr]
        for months, status in ((6, six), (12, twelve)):
            employer_id, employer_name = None, ""
            if status == S.EMPLOYED:
                if employer == "host" and host is not None:
                    employer_id = host.pk
                elif employer == "hub" and len(companies) > 1:
                    employer_id = companies[(index + 1) % len(companies)].pk
                else:
                    employer_name = "Impresa dimostrativa fuori rete"
            in_sector = None if status in {S.NEITHER, S.UNKNOWN} else index % 3 != 2
            rows.append(
                (student, OutcomeData(months, status, employer_id, employer_name, in_sector))
            )
    creates, _, _ = plan_outcomes(rows)
    for outcome in creates:
        outcome.is_demo = True
        outcome.source = OutcomeSource.SCHOOL
    return Outcome.objects.bulk_create(creates)
