"""A placement of the `student` persona for the report, evaluation, feedback and certificate tests.

The student persona (a student grant on `net.school`) gets a student record; their placement is
with `net.company` (whose staff is the `company_staff` persona) in `net.hub` (coordinated by the
`coordinator` persona), with a training plan of two skills. `other_school_staff` works for the
hub's other school, which must not see any of it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ptp.accounts.models import Role, User
from ptp.placements.models import HoursEntry, Placement, PlacementStatus, TrainingPlan
from ptp.skills.models import Skill
from ptp.students.models import Student
from tests.factories import RoleGrantFactory, SkillFactory, UserFactory
from tests.placements.factories import (
    HoursEntryFactory,
    PlacementFactory,
    StudentFactory,
    TrainingPlanFactory,
)


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
