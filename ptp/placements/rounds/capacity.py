"""Capacity planning before a window opens: seats the member schools need (students who still
lack work-based-learning hours, by programme type) against the seats hosts offer, and the
shortfall by school and by municipality. The arithmetic is pure; `capacity_plan` loads the facts."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ptp.network.models import SCHOOL_KINDS, Hub, Membership
from ptp.placements.models import HoursEntry, OpportunityStatus, OpportunityWindow, PlacementStatus
from ptp.students.models import MINIMUM_HOURS, SchoolTrack, Student


@dataclass(frozen=True)
class SchoolNeed:
    school: str
    municipality: str
    by_track: dict[str, int]

    @property
    def students(self) -> int:
        return sum(self.by_track.values())


@dataclass(frozen=True)
class AreaBalance:
    municipality: str
    needed: int
    offered: int

    @property
    def shortfall(self) -> int:
        return max(self.needed - self.offered, 0)


@dataclass(frozen=True)
class CapacityPlan:
    schools: list[SchoolNeed]
    areas: list[AreaBalance]
    needed: int
    offered: int

    @property
    def shortfall(self) -> int:
        return max(self.needed - self.offered, 0)


def lacking_hours(done: Decimal, minimum: int) -> bool:
    """A student still needs a placement while their validated hours are below the legal minimum."""
    return done < minimum


def balance(needed_by_area: dict[str, int], offered_by_area: dict[str, int]) -> list[AreaBalance]:
    """Needed against offered seats per municipality, largest shortfall first."""
    areas = set(needed_by_area) | set(offered_by_area)
    rows = [AreaBalance(a, needed_by_area.get(a, 0), offered_by_area.get(a, 0)) for a in areas]
    return sorted(rows, key=lambda r: (-r.shortfall, -r.needed, r.municipality))


def _school_years_back(today: dt.date, years: int) -> dt.date:
    # School years run from 1 September; "the last three years" start three Septembers ago.
    start_year = today.year if today.month >= 9 else today.year - 1
    return dt.date(start_year - (years - 1), 9, 1)


def capacity_plan(
    hub: Hub, *, starts_on: dt.date, ends_on: dt.date, today: dt.date
) -> CapacityPlan:
    """Students of the hub's member schools in their last three years who lack hours, against the
    seats of the hub's published opportunity windows starting in the period (a fixed number of queries)."""
    schools = list(
        Membership.objects.for_hub(hub)
        .active()
        .filter(organization__kind__in=SCHOOL_KINDS)
        .select_related("organization__municipality")
        .values_list("organization_id", "organization__name", "organization__municipality__name")
    )
    school_ids = [s[0] for s in schools]
    since = _school_years_back(today, 3)
    done = dict(
        HoursEntry.objects.filter(
            placement__student__school_id__in=school_ids, validated_at__isnull=False, day__gte=since
        )
        .values("placement__student_id")
        .annotate(total=Sum("hours"))
        .values_list("placement__student_id", "total")
    )
    busy = set(
        Student.objects.filter(
            school_id__in=school_ids,
            placements__status__in=[
                PlacementStatus.PLANNED,
                PlacementStatus.READY,
                PlacementStatus.ACTIVE,
            ],
        ).values_list("pk", flat=True)
    )
    needs: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for student_id, school_id, track in (
        Student.objects.current()
        .filter(school_id__in=school_ids, class_year__gte=3)
        .values_list("pk", "school_id", "track")
    ):
        minimum = MINIMUM_HOURS.get(SchoolTrack(track), 0)
        if student_id not in busy and lacking_hours(done.get(student_id, Decimal(0)), minimum):
            needs[school_id][track] += 1
    school_rows = [
        SchoolNeed(name, town or "", dict(needs[pk])) for pk, name, town in schools if needs[pk]
    ]
    needed_by_area: dict[str, int] = defaultdict(int)
    for row in school_rows:
        needed_by_area[row.municipality] += row.students
    offered_by_area: dict[str, int] = defaultdict(int)
    windows = (
        OpportunityWindow.objects.filter(
            opportunity__hub=hub,
            opportunity__status=OpportunityStatus.PUBLISHED,
            starts_on__gte=starts_on,
            starts_on__lte=ends_on,
        )
        .annotate(
            taken=Count("placements", filter=~Q(placements__status=PlacementStatus.INTERRUPTED))
        )
        .values_list("opportunity__municipality__name", "seats", "taken")
    )
    for town, seats, taken in windows:
        offered_by_area[town] += max(seats - taken, 0)
    return CapacityPlan(
        schools=sorted(school_rows, key=lambda r: (-r.students, r.school)),
        areas=balance(needed_by_area, offered_by_area),
        needed=sum(r.students for r in school_rows),
        offered=sum(offered_by_area.values()),
    )
