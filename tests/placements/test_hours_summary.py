"""The pure hours arithmetic, on cases computed by hand: school years from September to August,
leap days, placements across 31 August, the three counted years, zero planned hours."""

import datetime as dt
from decimal import Decimal

import pytest

from ptp.placements.queries.hours import (
    DayHours,
    final_school_year,
    hours_summary,
    placement_totals,
    school_year_of,
)

D = Decimal


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2027, 9, 1), 2027),
        (dt.date(2027, 8, 31), 2026),
        (dt.date(2028, 2, 29), 2027),  # leap day
        (dt.date(2028, 1, 1), 2027),
        (dt.date(2027, 12, 31), 2027),
    ],
)
def test_the_school_year_runs_from_september_to_august(day, year):
    assert school_year_of(day) == year


@pytest.mark.parametrize(
    ("class_year", "school_year", "final"),
    [(3, "2026/27", 2028), (4, "2026/27", 2027), (5, "2026/27", 2026), (1, "2026/2027", 2030)],
)
def test_the_counted_years_end_with_the_fifth_year(class_year, school_year, final):
    assert final_school_year(class_year, school_year) == final


def test_hours_fall_in_the_school_year_of_their_day_and_only_three_years_count():
    validated = [
        (dt.date(2025, 8, 31), D("3")),  # 2024/25: before the three years
        (dt.date(2025, 9, 1), D("6")),  # 2025/26
        (dt.date(2026, 8, 31), D("4")),  # still 2025/26
        (dt.date(2026, 9, 1), D("5")),  # 2026/27
        (dt.date(2028, 2, 29), D("7.5")),  # 2027/28, a leap day
        (dt.date(2028, 9, 1), D("2")),  # 2028/29: after the fifth year
    ]
    summary = hours_summary(track="professionale", final_year=2027, validated=validated)

    assert [(y.label, y.hours) for y in summary.years] == [
        ("2025/26", D("10")),
        ("2026/27", D("5")),
        ("2027/28", D("7.5")),
    ]
    assert (summary.counted, summary.not_counted) == (D("22.5"), D("5"))
    assert (summary.minimum, summary.remaining) == (210, D("187.5"))
    assert summary.percent == 10  # 22.5 / 210 = 10.7 %
    assert summary.meets_minimum is False


def test_a_placement_across_31_august_counts_in_both_school_years():
    # Monday 24 August to Friday 11 September 2026, 6 hours on weekdays.
    days = [dt.date(2026, 8, 24) + dt.timedelta(days=n) for n in range(19)]
    validated = [(d, D("6")) for d in days if d.weekday() < 5]
    summary = hours_summary(track="tecnico", final_year=2027, validated=validated)

    # August: 24–28 and 31 = 6 days (36 h); September: 1–4 and 7–11 = 9 days (54 h).
    assert [(y.label, y.hours) for y in summary.years] == [
        ("2025/26", D("36")),
        ("2026/27", D("54")),
        ("2027/28", D("0")),
    ]
    assert (summary.counted, summary.minimum, summary.remaining) == (D("90"), 150, D("60"))
    assert summary.percent == 60


def test_reaching_the_minimum_exactly_meets_it():
    validated = [(dt.date(2026, 10, 1) + dt.timedelta(days=n), D("9")) for n in range(10)]
    summary = hours_summary(track="liceo", final_year=2026, validated=validated)
    assert (summary.counted, summary.remaining, summary.percent) == (D("90"), D("0"), 100)
    assert summary.meets_minimum is True


def test_a_track_without_a_minimum_is_always_met():
    summary = hours_summary(track="iefp", final_year=2026, validated=[])
    assert (summary.minimum, summary.counted, summary.percent) == (0, D("0"), 100)
    assert summary.meets_minimum is True


def _days(*entries):
    return [
        DayHours(dt.date(2027, 2, 1) + dt.timedelta(days=i), D(h), c, v)
        for i, (h, c, v) in enumerate(entries)
    ]


def test_placement_totals_separate_entered_confirmed_and_validated():
    totals = placement_totals(
        120, _days(("6", True, True), ("5.5", True, False), ("4", False, False))
    )
    assert (totals.entered, totals.confirmed, totals.validated) == (D("15.5"), D("11.5"), D("6"))
    assert (totals.to_validate, totals.threshold) == (D("5.5"), D("90"))
    assert totals.attendance_share == D("0.05")
    assert totals.percent == 5


@pytest.mark.parametrize(("validated", "meets"), [("90", True), ("89.75", False), ("130", True)])
def test_three_quarters_of_the_planned_hours_is_the_attendance_threshold(validated, meets):
    totals = placement_totals(120, _days((validated, True, True)))
    assert totals.meets_attendance is meets
    assert totals.percent == min(int(D(validated) / 120 * 100), 100)


def test_zero_planned_hours_give_no_share_and_no_division_by_zero():
    totals = placement_totals(0, _days(("6", True, True)))
    assert (totals.attendance_share, totals.meets_attendance, totals.percent) == (None, None, 0)
    assert totals.validated == D("6")
