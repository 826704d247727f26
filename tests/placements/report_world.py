"""A placement of the `student` persona for the report, evaluation, feedback and certificate tests.

The student persona (a student grant on `net.school`) gets a student record; their placement is
with `net.company` (whose staff is the `company_staff` persona) in `net.hub` (coordinated by the
`coordinator` persona), with a training plan of two skills. `other_school_staff` (a fixture of
tests/placements/conftest.py) works for the hub's other school, which must not see any of it.
The pages' permission matrices run over ALL_PERSONAS and read answers with `status_of`; query
bounds count with `queries_of`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.accounts.models import Role, User
from ptp.placements.models import HoursEntry, Placement, PlacementStatus, TrainingPlan
from ptp.skills.models import Skill
from ptp.students.models import Student
from tests.conftest import PERSONAS
from tests.factories import RoleGrantFactory, SkillFactory, UserFactory
from tests.placements.factories import (
    HoursEntryFactory,
    PlacementFactory,
    StudentFactory,
    TrainingPlanFactory,
)

ALL_PERSONAS = [*PERSONAS, "other_school_staff"]
# A back-office list of the school's or the host's staff (evaluations, certificates, feedback).
STAFF_LIST = {
    "anonymous": 401,
    "student": 403,
    "school_staff": 200,
    "company_staff": 200,
    "coordinator": 403,
    "other_coordinator": 403,
    "regional_officer": 403,
    "outsider": 403,
    "other_school_staff": 200,
}


def queries_of(client, url: str) -> int:
    """The SQL queries of one page, which must answer 200 (for bounds that do not grow with data)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def status_of(response) -> int:
    """The response's status, with a redirect to the login page read as 401."""
    if response.status_code == 302 and "/accedi/" in response.url:
        return 401
    return response.status_code


@dataclass
class World:
    student: Student
    placement: Placement
    plan: TrainingPlan
    skills: list[Skill]


def placement_world(net, student_user: User, *, status: str = PlacementStatus.ACTIVE) -> World:
    """The student persona's placement at the company, with a two-skill plan."""
    student = StudentFactory(school=net.school, user=student_user, given_name="Aurora")
    placement = PlacementFactory(
        student=student, host=net.company, hub=net.hub, status=status, planned_hours=40
    )
    skills = [
        SkillFactory(label_it="Accoglienza del cliente"),
        SkillFactory(label_it="Gestione delle prenotazioni"),
    ]
    plan = TrainingPlanFactory(placement=placement, skills=skills)
    return World(student=student, placement=placement, plan=plan, skills=skills)


def other_placements(net, count: int, *, status: str = PlacementStatus.ACTIVE) -> list[Placement]:
    """More placements of other students of the same school and host (for query-count bounds)."""
    return [
        PlacementFactory(
            student=StudentFactory(school=net.school), host=net.company, hub=net.hub, status=status
        )
        for _ in range(count)
    ]


def staff_of(organization, email: str) -> User:
    """A user working for the organization."""
    user = UserFactory(email=email)
    RoleGrantFactory(user=user, role=Role.ORGANIZATION_STAFF, organization=organization)
    return user


def validated_hours(
    placement: Placement, by: User, days: int = 5, *, skip: int = 0
) -> list[HoursEntry]:
    """Days of 8 hours, confirmed and validated, from `skip` days after the placement's start."""
    now = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
    return [
        HoursEntryFactory(
            placement=placement,
            day=placement.starts_on + dt.timedelta(days=skip + i),
            hours=Decimal("8"),
            confirmed_by=by,
            confirmed_at=now,
            validated_by=by,
            validated_at=now,
        )
        for i in range(days)
    ]
