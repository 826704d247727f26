"""A small work-based-learning world on top of the `net` fixture, shared by the application,
placement, safety, hours and document tests.

The company (`net.company`) is enrolled in the test hub with the framework agreement accepted and
publishes one opportunity with one window in February 2027 (2 seats, 120 hours). Students belong
to the school (`net.school`, whose staff is the `school_staff` persona) or to the lead school
(`net.lead_school`, "another school" in the permission tests); the `student` persona is linked to
the school's first student.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ptp.accounts.models import Role, User
from ptp.placements.models import (
    HostEnrollment,
    HoursEntry,
    Opportunity,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RiskLevel,
    SafetyFile,
)
from ptp.placements.services.placements import open_placement
from ptp.students.models import Student
from tests.factories import RoleGrantFactory, SkillFactory, UserFactory
from tests.placements.factories import (
    OpportunityFactory,
    OpportunityWindowFactory,
    StudentFactory,
)

TODAY = dt.date(2026, 11, 26)
WINDOW_START = dt.date(2027, 2, 1)
WINDOW_END = dt.date(2027, 2, 26)


@dataclass
class World:
    enrollment: HostEnrollment
    opportunity: Opportunity
    window: OpportunityWindow
    student: Student  # of net.school


def enroll(hub, organization, *, accepted: bool = True) -> HostEnrollment:
    return HostEnrollment.objects.create(
        hub=hub,
        organization=organization,
        framework_accepted_at=timezone.now() if accepted else None,
        inail_position="INAIL 12345678",
        liability_policy="RC 2026/0042",
        seat_address="Via del Porto 1, Massa",
        is_demo=True,
    )


def student_of(school, *, user: User | None = None, **values) -> Student:
    return StudentFactory(school=school, user=user, **values)


def staff_of(organization, email: str) -> User:
    user = UserFactory(email=email, full_name=email.split("@")[0].replace(".", " ").title())
    RoleGrantFactory(user=user, role=Role.ORGANIZATION_STAFF, organization=organization)
    return user


def world(net, *, student_user: User | None = None, seats: int = 2) -> World:
    enrollment = enroll(net.hub, net.company)
    opportunity = OpportunityFactory(
        host=net.company,
        hub=net.hub,
        title="Accoglienza in hotel",
        description="Accoglienza degli ospiti, check-in e check-out.",
        risk_level=RiskLevel.MEDIUM,
        min_age=16,
    )
    opportunity.skills_developed.set(SkillFactory.create_batch(2))
    window = OpportunityWindowFactory(
        opportunity=opportunity, starts_on=WINDOW_START, ends_on=WINDOW_END, seats=seats
    )
    student = student_of(net.school, user=student_user, given_name="Aurora", family_name="Brezzi")
    return World(enrollment, opportunity, window, student)


def placement_for(
    net,
    student: Student,
    *,
    host=None,
    status: str = PlacementStatus.PLANNED,
    starts_on: dt.date = WINDOW_START,
    ends_on: dt.date = WINDOW_END,
    planned_hours: int = 120,
) -> Placement:
    """A placement made by the service (so it has its plan and safety file), then put in the
    requested status."""
    host = host or net.company
    if not HostEnrollment.objects.filter(hub=net.hub, organization=host).exists():
        enroll(net.hub, host)
    placement = open_placement(
        actor=None,
        student=student,
        host=host,
        hub=net.hub,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        risk_level=RiskLevel.LOW,
        objectives="Obiettivi di prova.",
        is_demo=True,
    )
    if status != PlacementStatus.PLANNED:
        Placement.objects.filter(pk=placement.pk).update(status=status)
        placement.refresh_from_db()
    return placement


def complete_safety(placement: Placement, host_tutor: User) -> None:
    """Everything the safety file asks for, recorded directly (services are tested elsewhere)."""
    Placement.objects.filter(pk=placement.pk).update(host_tutor=host_tutor)
    SafetyFile.objects.filter(placement=placement).update(
        general_training_on=dt.date(2026, 10, 1),
        specific_training_on=dt.date(2026, 10, 8),
        risk_assessment_acknowledged_on=dt.date(2026, 10, 9),
        insurance_inail="INAIL 12345678",
        insurance_liability="RC 2026/0042",
    )
    placement.refresh_from_db()


def hours(
    placement: Placement, day: dt.date, amount: str = "6", *, confirmed_by=None, validated_by=None
):
    now = timezone.now()
    return HoursEntry.objects.create(
        placement=placement,
        day=day,
        hours=Decimal(amount),
        activity="Affiancamento",
        confirmed_by=confirmed_by,
        confirmed_at=now if confirmed_by else None,
        validated_by=validated_by,
        validated_at=now if validated_by else None,
    )
