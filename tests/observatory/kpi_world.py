"""A small hand-made world for the hub indicators: its numbers are worked out by hand in the
tests (see test_kpis.py)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ptp.catalogue.models import EditionStatus
from ptp.placements.models import HostEnrollment, PlacementStatus, Report, ReportStatus
from tests.factories import EditionFactory, ProgrammeFactory
from tests.placements.factories import (
    HoursEntryFactory,
    PlacementFactory,
    ReportFactory,
    StudentFactory,
)

DAY = dt.date(2027, 3, 1)  # school year 2026/27


def build(net, *, placed: int = 6) -> list:
    """Students, placements, hours, reports and programmes of net.hub; returns the students."""
    hub = net.hub
    students = StudentFactory.create_batch(8, school=net.school)
    StudentFactory(school=net.school, left_on=dt.date(2026, 6, 30))  # left: not counted
    placements = []
    for i, student in enumerate(students[:placed]):
        host = net.company if i < 4 else net.other_org
        placements.append(
            PlacementFactory(student=student, hub=hub, host=host, status=PlacementStatus.ACTIVE)
        )
    # Not counted: a placement still only planned, and one of the previous school year.
    PlacementFactory(student=students[6], hub=hub, host=net.company, status=PlacementStatus.PLANNED)
    PlacementFactory(
        student=students[7],
        hub=hub,
        host=net.company,
        status=PlacementStatus.COMPLETED,
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 2, 20),
    )
    now = timezone.now()
    for p in placements[:3]:
        HoursEntryFactory(placement=p, day=dt.date(2027, 2, 2), validated_at=now)
        HoursEntryFactory(placement=p, day=dt.date(2027, 2, 3), validated_at=now)
        HoursEntryFactory(placement=p, day=dt.date(2027, 2, 4), hours=Decimal("4.00"))
    reports = [ReportFactory(placement=placements[i % len(placements)]) for i in range(5)]
    Report.objects.filter(pk__in=[r.pk for r in reports[:2]]).update(status=ReportStatus.CLOSED)
    Report.objects.filter(pk=reports[2].pk).update(escalated_at=now)
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        created_at=dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    )
    first = ProgrammeFactory()
    second = ProgrammeFactory()
    hidden = ProgrammeFactory(is_published=False)
    for programme in (first, second, hidden):
        programme.hubs.add(hub)
    EditionFactory(programme=first, seats=20, enrolled=15, status=EditionStatus.RUNNING)
    EditionFactory(programme=second, seats=25, enrolled=10)
    EditionFactory(programme=second, seats=30, school_year="2025/26")  # another year
    HostEnrollment.objects.create(hub=hub, organization=net.company)
    return students
