"""A hub's indicators on a day, computed for every hub at once and kept as `HubSnapshot` rows.

Every figure comes from a fixed number of GROUP BY queries over the whole region (one per source
table, never one per hub), so the nightly run costs the same number of round trips for 2 hubs or
25. The snapshot is a JSON document (`metrics`) with the keys listed in `METRIC_KEYS`; its shape is
versioned by `SCHEMA` so pages can read old snapshots after a change.

Definitions (the school year of the day runs from 1 September to 31 August):
- members by kind: memberships in force on the day, by the organization's kind;
- students: current students (not left) of the member schools; a student of a school belonging to
  two hubs counts in both;
- programmes: published programmes of the hub; seats and enrolled: editions of those programmes in
  the school year (by label, or by start date when the label is missing);
- students in work-based learning: distinct students with a placement of the hub starting in the
  school year that went ahead (ready, active, completed or interrupted; only planned ones are left
  out); placements: those placements;
- hours: planned hours of the placements above that have started by the day, and the hours
  validated by the school tutor for them;
- companies hosting: distinct hosts of those placements; host companies enrolled: companies that
  registered with the hub as hosts;
- reports: opened in the school year about the hub's placements, and how many were closed
  (resolved) or escalated to the coordinator;
- outcomes: `ptp.outcomes.rates.hub_outcome_rates` (rates already None where fewer than 5 people;
  kept as fractions 0–1 like every rate of the snapshot);
- gap index: `ptp.observatory.cells.gap_index` of the hub's sector and province for the school
  year (computed for all pairs at once by `gap_indexes`, with the same `dissimilarity`).

Snapshots hold aggregates only; counts of people are suppressed (n < 5) when shown, not when
stored, so that sums over several hubs stay right (see `ptp/observatory/public.py`).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum

from ptp.catalogue.models import Edition, Programme
from ptp.core.public_cache import public_data_changed
from ptp.network.models import SCHOOL_KINDS, Hub, Membership
from ptp.observatory.cells import dissimilarity, latest_cells_date
from ptp.observatory.models import GapTotal, HubSnapshot
from ptp.outcomes.rates import hub_outcome_rates
from ptp.placements.models import (
    HostEnrollment,
    HoursEntry,
    Placement,
    PlacementStatus,
    Report,
    ReportStatus,
)

SCHEMA = 1
SCHOOL_YEAR_FIRST_MONTH = 9
WENT_AHEAD = (
    PlacementStatus.READY,
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
    PlacementStatus.INTERRUPTED,
)
OUTCOME_FIELDS = (
    "n_6",
    "employment_rate_6",
    "further_study_rate_6",
    "n_12",
    "employment_rate_12",
    "further_study_rate_12",
    "its_oriented",
    "hosted",
    "hired_by_hub_company",
    "hired_by_host",
)
OUTCOME_RATES = frozenset(
    {"employment_rate_6", "further_study_rate_6", "employment_rate_12", "further_study_rate_12"}
)
# Every key of a snapshot's metrics besides "schema", "demo", "school_year", "members_by_kind".
METRIC_KEYS = (
    "members_total",
    "students",
    "programmes",
    "editions",
    "seats",
    "enrolled",
    "students_in_wbl",
    "placements",
    "hours_planned",
    "hours_delivered",
    "companies_hosting",
    "host_companies_enrolled",
    "reports_opened",
    "reports_resolved",
    "reports_escalated",
    *OUTCOME_FIELDS,
    "gap_index",
)


def school_year_start(day: dt.date) -> int:
    """The first calendar year of the school year the day falls in (2026 for 2026/27)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_label(first_year: int) -> str:
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def school_year_bounds(first_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31)


def _by_hub(rows: Any, key: str = "hub_id") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows if row[key] is not None}


@dataclass(frozen=True)
class _Year:
    first: int
    label: str
    start: dt.date
    end: dt.date


def _members(day: dt.date) -> dict[int, dict[str, int]]:
    members: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Membership.objects.active(day)
        .values("hub_id", "organization__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        members[row["hub_id"]][row["organization__kind"]] = row["n"]
    return members


def _students(day: dt.date) -> dict[int, int]:
    """Current students of each hub's member schools, in one GROUP BY over the join."""
    rows = (
        Membership.objects.active(day)
        .filter(organization__kind__in=SCHOOL_KINDS)
        .values("hub_id")
        .annotate(
            n=Count(
                "organization__students",
                filter=Q(organization__students__left_on__isnull=True),
            )
        )
        .order_by()
    )
    return {row["hub_id"]: row["n"] for row in rows}


def _programmes() -> dict[int, int]:
    through = Programme.hubs.through
    rows = (
        through.objects.filter(programme__is_published=True)
        .values("hub_id")
        .annotate(n=Count("programme_id"))
        .order_by()
    )
    return {row["hub_id"]: row["n"] for row in rows}


def _editions(year: _Year) -> dict[int, dict[str, Any]]:
    in_year = Q(school_year=year.label) | (
        Q(school_year="") & Q(starts_on__gte=year.start) & Q(starts_on__lte=year.end)
    )
    rows = (
        Edition.objects.filter(in_year, programme__is_published=True)
        .values("programme__hubs")
        .annotate(editions=Count("id"), seats=Sum("seats"), enrolled=Sum("enrolled"))
        .order_by()
    )
    return _by_hub(rows, "programme__hubs")


def _placements(year: _Year, day: dt.date) -> dict[int, dict[str, Any]]:
    started = Q(starts_on__lte=day)
    rows = (
        Placement.objects.filter(
            starts_on__gte=year.start, starts_on__lte=year.end, status__in=WENT_AHEAD
        )
        .values("hub_id")
        .annotate(
            placements=Count("id"),
            students=Count("student_id", distinct=True),
            hosts=Count("host_id", distinct=True),
            hours_planned=Sum("planned_hours", filter=started),
        )
        .order_by()
    )
    return _by_hub(rows)


def _hours(year: _Year, day: dt.date) -> dict[int, Decimal]:
    rows = (
        HoursEntry.objects.filter(
            placement__starts_on__gte=year.start,
            placement__starts_on__lte=min(year.end, day),
            placement__status__in=WENT_AHEAD,
            validated_at__isnull=False,
            day__lte=day,
        )
        .values("placement__hub_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    return {row["placement__hub_id"]: row["hours"] or Decimal(0) for row in rows}


def _reports(year: _Year, day: dt.date) -> dict[int, dict[str, Any]]:
    start = dt.datetime.combine(year.start, dt.time.min, tzinfo=dt.UTC)
    until = dt.datetime.combine(
        min(year.end, day) + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
    )
    rows = (
        Report.objects.filter(created_at__gte=start, created_at__lt=until)
        .values("placement__hub_id")
        .annotate(
            opened=Count("id"),
            resolved=Count("id", filter=Q(status=ReportStatus.CLOSED)),
            escalated=Count("id", filter=Q(escalated_at__isnull=False)),
        )
        .order_by()
    )
    return _by_hub(rows, "placement__hub_id")


def _hosts_enrolled() -> dict[int, int]:
    rows = HostEnrollment.objects.values("hub_id").annotate(n=Count("id")).order_by()
    return {row["hub_id"]: row["n"] for row in rows}


def compute_metrics(day: dt.date) -> dict[int, dict[str, Any]]:
    """The metrics of every hub on the day, by hub id (a constant number of queries)."""
    first = school_year_start(day)
    start, end = school_year_bounds(first)
    year = _Year(first=first, label=school_year_label(first), start=start, end=end)
    hubs = list(Hub.objects.values("id", "sector_id", "province_id", "is_demo"))
    members = _members(day)
    students = _students(day)
    programmes = _programmes()
    editions = _editions(year)
    placements = _placements(year, day)
    hours = _hours(year, day)
    reports = _reports(year, day)
    enrolled_hosts = _hosts_enrolled()
    outcomes = hub_outcome_rates([h["id"] for h in hubs])
    gaps = gap_indexes({(h["sector_id"], h["province_id"]) for h in hubs}, first)
    result: dict[int, dict[str, Any]] = {}
    for hub in hubs:
        hid = hub["id"]
        by_kind = dict(sorted(members.get(hid, {}).items()))
        ed = editions.get(hid, {})
        pl = placements.get(hid, {})
        rp = reports.get(hid, {})
        rates = outcomes.get(hid)
        metrics: dict[str, Any] = {
            "schema": SCHEMA,
            "demo": bool(hub["is_demo"]),
            "school_year": year.label,
            "members_by_kind": by_kind,
            "members_total": sum(by_kind.values()),
            "students": students.get(hid, 0),
            "programmes": programmes.get(hid, 0),
            "editions": ed.get("editions") or 0,
            "seats": ed.get("seats") or 0,
            "enrolled": ed.get("enrolled") or 0,
            "students_in_wbl": pl.get("students") or 0,
            "placements": pl.get("placements") or 0,
            "hours_planned": int(pl.get("hours_planned") or 0),
            "hours_delivered": float(hours.get(hid, Decimal(0))),
            "companies_hosting": pl.get("hosts") or 0,
            "host_companies_enrolled": enrolled_hosts.get(hid, 0),
            "reports_opened": rp.get("opened") or 0,
            "reports_resolved": rp.get("resolved") or 0,
            "reports_escalated": rp.get("escalated") or 0,
            "gap_index": gaps.get((hub["sector_id"], hub["province_id"])),
        }
        for name in OUTCOME_FIELDS:
            value = getattr(rates, name, None) if rates is not None else None
            if name in OUTCOME_RATES and value is not None:
                value = round(value / 100, 4)  # rates.py gives percentages; snapshots keep 0–1
            metrics[name] = value
        result[hid] = metrics
    return result


def gap_indexes(pairs: set[tuple[int, int]], year: int) -> dict[tuple[int, int], float | None]:
    """The gap index of each (sector, province) pair, equal to `cells.gap_index(sector, province,
    year)` but read in two queries for all pairs: the latest day's sector-in-province totals of
    the year, then `cells.dissimilarity` of each pair (tests/observatory/test_kpis.py checks the
    two agree)."""
    result: dict[tuple[int, int], float | None] = dict.fromkeys(pairs)
    day = latest_cells_date()
    if day is None or not pairs:
        return result
    supply: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    demand: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    rows = GapTotal.objects.filter(
        computed_on=day,
        level=GapTotal.Level.SECTOR_PROVINCE,
        year=year,
        sector_id__in={s for s, _ in pairs},
        province_id__in={p for _, p in pairs},
    ).values_list("sector_id", "province_id", "skill_id", "supply", "demand")
    for sector_id, province_id, skill_id, s, d in rows:
        pair = (sector_id, province_id)
        if pair in result:
            supply[pair][skill_id], demand[pair][skill_id] = s, d
    for pair in pairs:
        result[pair] = dissimilarity(supply[pair], demand[pair])
    return result


@dataclass(frozen=True)
class SnapshotResult:
    day: dt.date
    hubs: int
    created: int
    replaced: int


def take_snapshots(*, day: dt.date) -> SnapshotResult:
    """Writes every hub's snapshot for the day; running it again the same day replaces that day's
    snapshots (idempotent), earlier days are never touched."""
    metrics = compute_metrics(day)
    with transaction.atomic():
        replaced, _ = HubSnapshot.objects.filter(taken_on=day).delete()
        HubSnapshot.objects.bulk_create(
            [HubSnapshot(hub_id=hid, taken_on=day, metrics=m) for hid, m in metrics.items()]
        )
        public_data_changed()
    return SnapshotResult(day=day, hubs=len(metrics), created=len(metrics), replaced=replaced)
