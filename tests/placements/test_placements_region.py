"""Region-scale synthetic applications, placements and hours for the benchmarks: within the rules
(seats, age, no overlapping placements, hours only of started placements), reproducible, and
removable."""

import datetime as dt
from collections import Counter

import pytest

from ptp.demo.region import RegionSize, generate_network
from ptp.placements.demo_region import delete_synthetic_placements, generate_placements
from ptp.placements.models import (
    Application,
    HoursEntry,
    Placement,
    PlacementStatus,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.opportunities.region import generate_opportunities
from ptp.students.demo import generate_students
from tests.factories import MunicipalityFactory, SectorFactory


@pytest.fixture
def region(db, time_machine):
    time_machine.move_to("2026-11-26 10:00:00+01:00", tick=False)
    SectorFactory()
    MunicipalityFactory()
    generate_network(size=RegionSize(hubs=3, organizations=60, memberships=90), seed=3)
    generate_students(count=300, seed=3)
    generate_opportunities(count=40, seed=3)


def test_placements_follow_the_rules(region):
    made = generate_placements(students_per_window=6, seed=1)

    assert made.placements == Placement.objects.count() > 0
    assert made.applications == Application.objects.count()
    assert made.hours_entries == HoursEntry.objects.count() > 0
    taken = Counter(Placement.objects.values_list("window_id", flat=True))
    for placement in Placement.objects.select_related("window__opportunity", "student"):
        assert taken[placement.window_id] <= placement.window.seats
        assert placement.student.age_on(placement.starts_on) >= placement.window.opportunity.min_age
        assert placement.application.status == "accepted"
        assert placement.school_id == placement.student.school_id
    assert TrainingPlan.objects.count() == SafetyFile.objects.count() == made.placements
    by_student: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for student_id, start, end in Placement.objects.values_list(
        "student_id", "starts_on", "ends_on"
    ):
        for other_start, other_end in by_student.get(student_id, []):
            assert end < other_start or start > other_end
        by_student.setdefault(student_id, []).append((start, end))
    started = HoursEntry.objects.exclude(
        placement__status__in=[
            PlacementStatus.ACTIVE,
            PlacementStatus.COMPLETED,
            PlacementStatus.INTERRUPTED,
        ]
    )
    assert not started.exists()
    assert not HoursEntry.objects.filter(day__gte=dt.date(2026, 11, 26)).exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"accepted", "submitted", "validated"} <= statuses


def test_the_same_seed_gives_the_same_placements(region):
    generate_placements(students_per_window=5, seed=2)
    first = list(Placement.objects.order_by("pk").values_list("student_id", "window_id", "status"))
    delete_synthetic_placements()
    assert not Placement.objects.exists() and not Application.objects.exists()

    generate_placements(students_per_window=5, seed=2)
    again = list(Placement.objects.order_by("pk").values_list("student_id", "window_id", "status"))
    assert again == first
