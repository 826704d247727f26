"""Hours totals: per placement (entered, confirmed, validated against planned, the three-quarters
attendance rule) and per student (validated hours of the last three school years against the legal
minimum of their programme type, L. 145/2018 art. 1 c. 784).

`placement_totals` and `hours_summary` are pure functions; the query functions feed them with one
SQL query each.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from ptp.placements.models import HoursEntry, Placement
from ptp.students.models import MINIMUM_HOURS, SchoolTrack, Student

ZERO = Decimal(0)
# Attendance below three quarters of the planned hours puts the placement's validity at risk
# (the rule schools apply to PCTO as to the school year, D.P.R. 122/2009 art. 14 c. 7).
ATTENDANCE_THRESHOLD = Decimal(3) / Decimal(4)
# The school year runs from 1 September to 31 August.
SCHOOL_YEAR_FIRST_MONTH = 9
COUNTED_YEARS = 3


# --- Per placement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    day: dt.date
    hours: Decimal
    confirmed: bool
    validated: bool


@dataclass(frozen=True)
class PlacementTotals:
    planned: int
    entered: Decimal
    confirmed: Decimal
    validated: Decimal

    @property
    def attendance_share(self) -> Decimal | None:
        """Validated over planned hours; None when nothing is planned."""
        if self.planned <= 0:
            return None
        return self.validated / Decimal(self.planned)

    @property
    def meets_attendance(self) -> bool | None:
        """Validated hours reach three quarters of the planned ones (None: nothing planned)."""
        share = self.attendance_share
        return None if share is None else share >= ATTENDANCE_THRESHOLD

    @property
    def percent(self) -> int:
        """Validated hours as a whole percentage of the planned ones, capped at 100 (for bars)."""
        share = self.attendance_share
        return 0 if share is None else min(int(share * 100), 100)

    @property
    def to_validate(self) -> Decimal:
        return self.confirmed - self.validated

    @property
    def threshold(self) -> Decimal:
        """Three quarters of the planned hours: the attendance a valid placement needs."""
        return Decimal(self.planned) * ATTENDANCE_THRESHOLD


def placement_totals(planned: int, days: Iterable[DayHours]) -> PlacementTotals:
    """Sums a placement's entries: every entered hour, those confirmed and those validated."""
    entered = confirmed = validated = ZERO
    for entry in days:
        entered += entry.hours
        if entry.confirmed:
            confirmed += entry.hours
        if entry.validated:
            validated += entry.hours
    return PlacementTotals(planned, entered, confirmed, validated)


_CONFIRMED = Q(confirmed_at__isnull=False)
_VALIDATED = Q(validated_at__isnull=False)


def totals_of(placement: Placement) -> PlacementTotals:
    """The placement's totals in one query."""
    sums = HoursEntry.objects.filter(placement=placement).aggregate(
        entered=Sum("hours"),
        confirmed=Sum("hours", filter=_CONFIRMED),
        validated=Sum("hours", filter=_VALIDATED),
    )
    return PlacementTotals(
        placement.planned_hours,
        sums["entered"] or ZERO,
        sums["confirmed"] or ZERO,
        sums["validated"] or ZERO,
    )


def totals_by_placement(placements: Iterable[Placement]) -> dict[int, PlacementTotals]:
    """Totals of many placements in one grouped query (list pages)."""
    planned = {p.pk: p.planned_hours for p in placements}
    rows = (
        HoursEntry.objects.filter(placement_id__in=list(planned))
        .values("placement_id")
        .annotate(
            entered=Sum("hours"),
            confirmed=Sum("hours", filter=_CONFIRMED),
            validated=Sum("hours", filter=_VALIDATED),
        )
        .values_list("placement_id", "entered", "confirmed", "validated")
    )
    totals = {pk: PlacementTotals(hours, ZERO, ZERO, ZERO) for pk, hours in planned.items()}
    for pk, entered, confirmed, validated in rows:
        totals[pk] = PlacementTotals(
            planned[pk], entered or ZERO, confirmed or ZERO, validated or ZERO
        )
    return totals


# --- Per student ---------------------------------------------------------------------------------


def school_year_of(day: dt.date) -> int:
    """The first calendar year of the school year the day falls in (2026 for 2026/27)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_label(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def final_school_year(class_year: int, school_year: str) -> int:
    """The school year in which a student now in `class_year` (1–5) reaches the fifth year; the
    legal minimum is counted over it and the two before (secondo biennio e quinto anno)."""
    return int(school_year[:4]) + (5 - class_year)


@dataclass(frozen=True)
class YearHours:
    first_year: int
    hours: Decimal

    @property
    def label(self) -> str:
        return school_year_label(self.first_year)


@dataclass(frozen=True)
class HoursSummary:
    track: str
    minimum: int
    years: tuple[YearHours, ...]  # the three counted school years, oldest first
    counted: Decimal  # validated hours in those years
    not_counted: Decimal  # validated hours outside them (e.g. in the second year)

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(self.minimum) - self.counted, ZERO)

    @property
    def meets_minimum(self) -> bool:
        return self.counted >= self.minimum

    @property
    def percent(self) -> int:
        """Counted hours as a whole percentage of the minimum, capped at 100 (100 if none is due)."""
        if self.minimum <= 0:
            return 100
        return min(int(self.counted * 100 / self.minimum), 100)


def hours_summary(
    *, track: str, final_year: int, validated: Iterable[tuple[dt.date, Decimal]]
) -> HoursSummary:
    """Validated hours per school year (September–August, by the day they were done, so a
    placement across 31 August counts in both years) over the three school years ending with
    `final_year`, against MINIMUM_HOURS of the track (210 professional, 150 technical, 90 licei)."""
    first = final_year - COUNTED_YEARS + 1
    per_year = dict.fromkeys(range(first, final_year + 1), ZERO)
    not_counted = ZERO
    for day, hours in validated:
        year = school_year_of(day)
        if year in per_year:
            per_year[year] += hours
        else:
            not_counted += hours
    return HoursSummary(
        track=track,
        minimum=MINIMUM_HOURS.get(SchoolTrack(track), 0),
        years=tuple(YearHours(year, hours) for year, hours in per_year.items()),
        counted=sum(per_year.values(), ZERO),
        not_counted=not_counted,
    )


def student_summary(student: Student) -> HoursSummary:
    """The student's validated hours against the legal minimum, in one query."""
    days = HoursEntry.objects.filter(
        placement__student=student, validated_at__isnull=False
    ).values_list("day", "hours")
    return hours_summary(
        track=student.track,
        final_year=final_school_year(student.class_year, student.school_year),
        validated=days,
    )


# --- The week view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    in_period: bool
    entry: HoursEntry | None


@dataclass(frozen=True)
class HoursWeek:
    monday: dt.date
    days: tuple[WeekDay, ...]
    previous: dt.date | None
    next: dt.date | None

    @property
    def total(self) -> Decimal:
        return sum((d.entry.hours for d in self.days if d.entry), ZERO)

    @property
    def to_confirm(self) -> list[int]:
        return [d.entry.pk for d in self.days if d.entry and d.entry.confirmed_at is None]

    @property
    def to_validate(self) -> list[int]:
        return [
            d.entry.pk
            for d in self.days
            if d.entry and d.entry.confirmed_at is not None and d.entry.validated_at is None
        ]


def week_of_day(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def default_week(placement: Placement, today: dt.date) -> dt.date:
    """The week to show first: this week while the placement runs, else its first or last week."""
    return week_of_day(min(max(today, placement.starts_on), placement.ends_on))


def hours_week(placement: Placement, day: dt.date) -> HoursWeek:
    """The seven days of the week containing `day`, with their entries (one query)."""
    monday = week_of_day(day)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    entries = {
        e.day: e
        for e in HoursEntry.objects.filter(placement=placement, day__range=(days[0], days[-1]))
    }
    first = week_of_day(placement.starts_on)
    return HoursWeek(
        monday=monday,
        days=tuple(
            WeekDay(d, placement.starts_on <= d <= placement.ends_on, entries.get(d)) for d in days
        ),
        previous=monday - dt.timedelta(days=7) if monday > first else None,
        next=monday + dt.timedelta(days=7)
        if monday + dt.timedelta(days=6) < placement.ends_on
        else None,
    )


def _local_day(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


EXPORT_HEADER = ["giorno", "ore", "attività", "confermate il", "convalidate il"]


def export_rows(placement: Placement) -> Iterable[list[str]]:
    """The whole log of a placement, for the CSV download."""
    for entry in HoursEntry.objects.filter(placement=placement).order_by("day").iterator():
        yield [
            entry.day.isoformat(),
            str(entry.hours),
            entry.activity,
            _local_day(entry.confirmed_at),
            _local_day(entry.validated_at),
        ]
