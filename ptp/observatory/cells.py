"""The stored gap cells: the nightly computation that writes them, and the small readers others
use (latest day, the gap index of a sector in a province). Method on /osservatorio/metodo/."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max

from ptp.core.public_cache import public_data_changed
from ptp.lib.bulk_rows import insert_rows
from ptp.observatory.demand import demand_flows
from ptp.observatory.gap import MIN_PEOPLE, Flow
from ptp.observatory.models import GapCell, GapTotal
from ptp.observatory.supply import CellKey, supply_flows

# Cells of older days are removed when a new day is computed: pages read only the latest day.
KEEP_DAYS = 31


CELL_FIELDS = ["computed_on", "year", "sector", "province", "hub", "skill", "supply", "demand"]
TOTAL_FIELDS = ["computed_on", "level", "year", "sector", "province", "skill", "supply", "demand"]
People = dict[tuple[CellKey, int], list[float]]


def cell_people(supply: Iterable[Flow], demand: Iterable[Flow]) -> People:
    """Supply and demand per (year, sector, province, hub) and skill."""
    people: People = defaultdict(lambda: [0.0, 0.0])
    for side, flows in ((0, supply), (1, demand)):
        for flow in flows:
            if flow.people > 0 and isinstance(flow.group, CellKey):
                people[(flow.group, flow.skill)][side] += flow.people
    return people


def cell_rows(people: People, computed_on: dt.date) -> list[tuple[object, ...]]:
    """One row of CELL_FIELDS per cell."""
    return [
        (computed_on, *key, skill, round(s, 3), round(d, 3))
        for (key, skill), (s, d) in people.items()
    ]


def total_rows(people: People, computed_on: dt.date) -> list[tuple[object, ...]]:
    """One row of TOTAL_FIELDS per level, year, sector, province and skill: the cells summed over
    hubs (and over sectors, provinces or both for the coarser levels)."""
    level = GapTotal.Level
    totals: dict[tuple[int, int, int | None, int | None, int], list[float]] = defaultdict(
        lambda: [0.0, 0.0]
    )
    for (key, skill), (s, d) in people.items():
        targets: list[tuple[int, int, int | None, int | None, int]] = [
            (level.REGION, key.year, None, None, skill),
            (level.PROVINCE, key.year, None, key.province_id, skill),
        ]
        if key.sector_id is not None:
            targets += [
                (level.SECTOR, key.year, key.sector_id, None, skill),
                (level.SECTOR_PROVINCE, key.year, key.sector_id, key.province_id, skill),
            ]
        for target in targets:
            totals[target][0] += s
            totals[target][1] += d
    return [(computed_on, *target, round(s, 3), round(d, 3)) for target, (s, d) in totals.items()]


def compute_gap_cells(computed_on: dt.date) -> int:
    """Replaces the gap cells (and their totals) of that day with supply and demand recomputed
    from the catalogue, the companies' needs and the bulletins; removes days older than
    KEEP_DAYS. Returns the cells written."""
    people = cell_people(supply_flows(), demand_flows())
    with transaction.atomic():
        for model in (GapCell, GapTotal):
            model.objects.filter(computed_on=computed_on).delete()
            model.objects.filter(
                computed_on__lt=computed_on - dt.timedelta(days=KEEP_DAYS)
            ).delete()
        # Straight to the database (COPY on PostgreSQL), a hundred thousand cells in a second.
        written = insert_rows(GapCell, CELL_FIELDS, cell_rows(people, computed_on))
        insert_rows(GapTotal, TOTAL_FIELDS, total_rows(people, computed_on))
        public_data_changed()
    return written


def latest_cells_date() -> dt.date | None:
    """The day of the latest computation, or None when the nightly task has never run."""
    return GapCell.objects.aggregate(day=Max("computed_on"))["day"]


def dissimilarity(supply: Mapping[int, float], demand: Mapping[int, float]) -> float | None:
    """Half the sum over skills of |demand share − supply share|: 0 when the offer teaches skills
    in the same proportions the market asks for them, 1 when it teaches none of them. None when
    either side is empty or fewer than MIN_PEOPLE people stand behind the figure."""
    total_supply, total_demand = sum(supply.values()), sum(demand.values())
    if total_supply <= 0 or total_demand <= 0 or total_supply + total_demand < MIN_PEOPLE:
        return None
    skills = set(supply) | set(demand)
    return 0.5 * sum(
        abs(demand.get(s, 0.0) / total_demand - supply.get(s, 0.0) / total_supply) for s in skills
    )


def gap_index(sector_id: int | None, province_id: int | None, year: int) -> float | None:
    """The gap index (dissimilarity, 0–1) of a sector in a province in a year (either may be None
    for all), from the latest totals; None when nothing was computed or the figure is not shown."""
    day = latest_cells_date()
    if day is None:
        return None
    level = {
        (False, False): GapTotal.Level.REGION,
        (False, True): GapTotal.Level.PROVINCE,
        (True, False): GapTotal.Level.SECTOR,
        (True, True): GapTotal.Level.SECTOR_PROVINCE,
    }[(sector_id is not None, province_id is not None)]
    rows = GapTotal.objects.filter(
        computed_on=day,
        level=level,
        year=year,
        sector_id__isnull=sector_id is None,
        province_id__isnull=province_id is None,
    )
    if sector_id is not None:
        rows = rows.filter(sector_id=sector_id)
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    supply: dict[int, float] = {}
    demand: dict[int, float] = {}
    for skill_id, s, d in rows.values_list("skill_id", "supply", "demand"):
        supply[skill_id], demand[skill_id] = s, d
    return dissimilarity(supply, demand)


def delete_synthetic_cells(prefix: str = "sint-") -> int:
    """Removes the cells of the synthetic hubs (generate_region --replace deletes those hubs; the
    next computation recomputes the figures without them)."""
    deleted, _ = GapCell.objects.filter(hub__slug__startswith=prefix).delete()
    return deleted
