"""Region-scale synthetic applications, placements and hours, for the benchmarks of the applicant
lists and the hours pages. Reproducible by seed; everything is demo.

Runs over the synthetic region: students from `ptp.students.demo.generate_students`, opportunities
from `ptp.placements.opportunities.region.generate_opportunities`. Each window of a published
synthetic opportunity gets `students_per_window` applicants from the schools that are active
members of its hub (old enough on its first day); up to its seats are accepted and placed. A
placement's status and hours follow the window's dates against today: ended windows are completed
with validated hours, running ones are active with the last days confirmed or just entered, future
ones are ready or planned. Everything is written with bulk inserts.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ptp.network.models import SCHOOL_KINDS, Membership
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    HoursEntry,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    SafetyFile,
    TrainingPlan,
)
from ptp.students.models import Student

PREFIX = "sint-"
S = ApplicationStatus
# What happens to the applicants a window does not place.
OTHER_OUTCOMES = [
    (S.SUBMITTED, 30),
    (S.VALIDATED, 30),
    (S.REFUSED_BY_SCHOOL, 15),
    (S.DECLINED, 15),
    (S.WITHDRAWN, 10),
]


@dataclass(frozen=True)
class RegionPlacements:
    applications: int
    placements: int
    hours_entries: int


def delete_synthetic_placements() -> None:
    """Removes the synthetic placements (with plans, safety files, hours) and applications."""
    Placement.objects.filter(hub__slug__startswith=PREFIX).delete()
    Application.objects.filter(window__opportunity__hub__slug__startswith=PREFIX).delete()


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - int((day.month, day.day) < (birth.month, birth.day))


def _pick(rng: random.Random) -> str:
    values, weights = zip(*OTHER_OUTCOMES, strict=True)
    return rng.choices(values, weights)[0]


def _status(window: OpportunityWindow, today: dt.date, rng: random.Random) -> str:
    if window.ends_on < today:
        return PlacementStatus.INTERRUPTED if rng.random() < 0.05 else PlacementStatus.COMPLETED
    if window.starts_on <= today:
        return PlacementStatus.ACTIVE
    return PlacementStatus.READY if rng.random() < 0.6 else PlacementStatus.PLANNED


def _hours(placement: Placement, today: dt.date, now: dt.datetime) -> list[HoursEntry]:
    """Weekdays from the first day to yesterday (or the last day): validated up to two weeks
    ago, confirmed last week, entered only this week."""
    monday = today - dt.timedelta(days=today.weekday())
    last = min(placement.ends_on, today - dt.timedelta(days=1))
    if placement.status == PlacementStatus.INTERRUPTED:
        last = min(last, placement.starts_on + dt.timedelta(days=10))
    entries = []
    day = placement.starts_on
    while day <= last:
        if day.weekday() < 5:
            confirmed = day < monday
            validated = day < monday - dt.timedelta(days=7)
            entries.append(
                HoursEntry(
                    placement=placement,
                    day=day,
                    hours=Decimal(4 if day.weekday() == 4 else 6),
                    activity="Attività sintetica",
                    confirmed_at=now if confirmed else None,
                    validated_at=now if validated else None,
                )
            )
        day += dt.timedelta(days=1)
    return entries


def _candidates(hub_ids: list[int]) -> dict[int, list[tuple[int, int, dt.date]]]:
    """Per synthetic hub, its member schools' current students: (pk, school, birth date)."""
    schools_of_hub: dict[int, set[int]] = defaultdict(set)
    for hub_id, org_id in (
        Membership.objects.active()
        .filter(hub_id__in=hub_ids, organization__kind__in=SCHOOL_KINDS)
        .values_list("hub_id", "organization_id")
    ):
        schools_of_hub[hub_id].add(org_id)
    by_school: dict[int, list[tuple[int, int, dt.date]]] = defaultdict(list)
    students = Student.objects.filter(school__slug__startswith=PREFIX, left_on__isnull=True)
    for pk, school_id, birth in students.order_by("pk").values_list(
        "pk", "school_id", "birth_date"
    ):
        by_school[school_id].append((pk, school_id, birth))
    return {
        hub_id: [s for school in sorted(schools) for s in by_school[school]]
        for hub_id, schools in schools_of_hub.items()
    }


@transaction.atomic
def generate_placements(*, students_per_window: int, seed: int) -> RegionPlacements:
    """Applications, placements (with plan and safety file) and hours over the synthetic windows;
    the same seed on the same synthetic region gives the same data."""
    rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not a secret)
    today, now = timezone.localdate(), timezone.now()
    windows = list(
        OpportunityWindow.objects.filter(
            opportunity__hub__slug__startswith=PREFIX,
            opportunity__status=OpportunityStatus.PUBLISHED,
        )
        .select_related("opportunity")
        .order_by("pk")
    )
    candidates = _candidates(sorted({w.opportunity.hub_id for w in windows}))
    ranks: dict[int, int] = defaultdict(int)
    busy: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    applications: list[Application] = []
    placed: list[tuple[Application, OpportunityWindow]] = []
    for window in windows:
        pool = [
            s
            for s in candidates.get(window.opportunity.hub_id, [])
            if _age(s[2], window.starts_on) >= window.opportunity.min_age
        ]
        seats = window.seats
        for pk, _school, _birth in rng.sample(pool, min(students_per_window, len(pool))):
            ranks[pk] += 1
            free = all(e < window.starts_on or s > window.ends_on for s, e in busy[pk])
            status = S.ACCEPTED if seats and free else _pick(rng)
            application = Application(student_id=pk, window=window, rank=ranks[pk], status=status)
            applications.append(application)
            if status == S.ACCEPTED:
                seats -= 1
                busy[pk].append((window.starts_on, window.ends_on))
                placed.append((application, window))
    Application.objects.bulk_create(applications, batch_size=5000)
    school_of = dict(
        Student.objects.filter(pk__in=[a.student_id for a, _ in placed]).values_list(
            "pk", "school_id"
        )
    )
    placements = Placement.objects.bulk_create(
        [
            Placement(
                student_id=application.student_id,
                school_id=school_of[application.student_id],
                host_id=window.opportunity.host_id,
                hub_id=window.opportunity.hub_id,
                window=window,
                application=application,
                status=_status(window, today, rng),
                starts_on=window.starts_on,
                ends_on=window.ends_on,
                planned_hours=window.hours,
                risk_level=window.opportunity.risk_level,
                started_at=now if window.starts_on <= today else None,
                is_demo=True,
            )
            for application, window in placed
        ],
        batch_size=5000,
    )
    TrainingPlan.objects.bulk_create(
        [TrainingPlan(placement=p, objectives="Obiettivi sintetici.") for p in placements],
        batch_size=5000,
    )
    trained = today - dt.timedelta(days=400)
    SafetyFile.objects.bulk_create(
        [
            SafetyFile(
                placement=p,
                general_training_on=trained,
                specific_training_on=None if p.status == PlacementStatus.PLANNED else trained,
                risk_assessment_acknowledged_on=trained,
                insurance_inail="INAIL sintetica",
                insurance_liability="RC sintetica",
            )
            for p in placements
        ],
        batch_size=5000,
    )
    entries = 0
    batch: list[HoursEntry] = []
    for placement in placements:
        if placement.status in (PlacementStatus.PLANNED, PlacementStatus.READY):
            continue
        batch.extend(_hours(placement, today, now))
        if len(batch) >= 20000:
            HoursEntry.objects.bulk_create(batch)
            entries, batch = entries + len(batch), []
    HoursEntry.objects.bulk_create(batch)
    return RegionPlacements(len(applications), len(placements), entries + len(batch))
