"""What a coordinator needs to decide on an offer plan, computed from plain facts.

Pure Python, no Django import: `plan_queries.plan_facts` loads the facts of one plan in a fixed
number of queries, the views turn the results into tables and charts, and the tests feed
hand-built facts. Every result is sorted, so pages and exports are stable.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ptp.lib.text import fold

# --- Facts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFacts:
    """A programme of the plan (or an ITS programme one of them leads to)."""

    id: int
    title: str
    kind: str
    kind_label: str
    track: str = ""
    specialisation: str = ""
    skill_ids: frozenset[int] = frozenset()
    occupation_ids: frozenset[int] = frozenset()
    leads_to_ids: frozenset[int] = frozenset()
    is_upper_secondary: bool = False
    is_its: bool = False

    @property
    def offer_key(self) -> tuple[str, str, str]:
        """What makes two programmes "the same kind of offer": kind, track and specialisation
        (the title when no track is stated), compared without case and accents."""
        if self.track:
            return (self.kind, fold(self.track), fold(self.specialisation))
        return (self.kind, fold(self.title), "")

    @property
    def offer_label(self) -> str:
        if self.track:
            return f"{self.track} – {self.specialisation}" if self.specialisation else self.track
        return self.title


@dataclass(frozen=True)
class ItemFacts:
    """One item of the plan: a programme, a school year, a place, a number of seats."""

    id: int
    programme_id: int
    organization_id: int
    organization_name: str
    school_year: str
    municipality_id: int
    municipality_name: str
    province_id: int
    province_name: str
    seats: int


@dataclass(frozen=True)
class OccupationFacts:
    id: int
    label: str
    essential_skill_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PlanFacts:
    """A plan's items with what the analysis needs to know about their programmes.

    `programmes` holds every programme of the items and the programmes they lead to;
    `occupations` the occupations of those programmes and of the hub's sector.
    """

    school_years: tuple[str, ...]
    items: tuple[ItemFacts, ...]
    programmes: Mapping[int, ProgrammeFacts]
    skill_labels: Mapping[int, str] = field(default_factory=dict)
    occupations: Mapping[int, OccupationFacts] = field(default_factory=dict)
    sector_occupation_ids: tuple[int, ...] = ()


# --- Seats by year ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearTotal:
    school_year: str
    items: int
    seats: int


def seats_by_year(plan: PlanFacts) -> list[YearTotal]:
    """Items and seats for each school year of the plan (years with nothing planned show zero)."""
    items: dict[str, int] = dict.fromkeys(plan.school_years, 0)
    seats: dict[str, int] = dict.fromkeys(plan.school_years, 0)
    for item in plan.items:
        items[item.school_year] = items.get(item.school_year, 0) + 1
        seats[item.school_year] = seats.get(item.school_year, 0) + item.seats
    return [YearTotal(year, items[year], seats[year]) for year in sorted(items)]


# --- Coverage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """A skill taught (or an occupation prepared for) by programmes of the plan, and by whom."""

    id: int
    label: str
    organizations: tuple[str, ...]
    programmes: int
    items: int
    seats: int


def _coverage(
    plan: PlanFacts, ids_of: Callable[[ProgrammeFacts], frozenset[int]], labels: Mapping[int, str]
) -> list[Coverage]:
    orgs: dict[int, set[str]] = defaultdict(set)
    programmes: dict[int, set[int]] = defaultdict(set)
    items: dict[int, int] = defaultdict(int)
    seats: dict[int, int] = defaultdict(int)
    for item in plan.items:
        for concept_id in ids_of(plan.programmes[item.programme_id]):
            orgs[concept_id].add(item.organization_name)
            programmes[concept_id].add(item.programme_id)
            items[concept_id] += 1
            seats[concept_id] += item.seats
    rows = [
        Coverage(
            id=concept_id,
            label=labels.get(concept_id, str(concept_id)),
            organizations=tuple(sorted(orgs[concept_id])),
            programmes=len(programmes[concept_id]),
            items=items[concept_id],
            seats=seats[concept_id],
        )
        for concept_id in orgs
    ]
    return sorted(rows, key=lambda c: (-c.seats, c.label))


def skill_coverage(plan: PlanFacts) -> list[Coverage]:
    """Each skill taught by a programme of the plan, with the members proposing it, most seats first."""
    return _coverage(plan, lambda p: p.skill_ids, plan.skill_labels)


def occupation_coverage(plan: PlanFacts) -> list[Coverage]:
    """Each occupation a programme of the plan prepares for, with the members proposing it."""
    labels = {o.id: o.label for o in plan.occupations.values()}
    return _coverage(plan, lambda p: p.occupation_ids, labels)


# --- Overlaps -----------------------------------------------------------------------------------

MUNICIPALITY = "municipality"
PROVINCE = "province"


@dataclass(frozen=True)
class Overlap:
    """The same kind of programme offered in the same area and year by two or more members."""

    school_year: str
    kind_label: str
    offer_label: str
    area: str
    organizations: tuple[str, ...]
    programmes: tuple[str, ...]
    municipalities: tuple[str, ...]
    seats: int


def overlaps(plan: PlanFacts, *, scope: str = MUNICIPALITY) -> list[Overlap]:
    """Groups of items of the same offer (see `ProgrammeFacts.offer_key`), school year and area
    (municipality or province) proposed by at least two different member organizations."""
    groups: dict[tuple[str, tuple[str, str, str], int], list[ItemFacts]] = defaultdict(list)
    for item in plan.items:
        area_id = item.municipality_id if scope == MUNICIPALITY else item.province_id
        key = (item.school_year, plan.programmes[item.programme_id].offer_key, area_id)
        groups[key].append(item)
    found = []
    for (year, _key, _area), items in groups.items():
        if len({i.organization_id for i in items}) < 2:
            continue
        programme = plan.programmes[items[0].programme_id]
        first = items[0]
        found.append(
            Overlap(
                school_year=year,
                kind_label=programme.kind_label,
                offer_label=programme.offer_label,
                area=first.municipality_name if scope == MUNICIPALITY else first.province_name,
                organizations=tuple(sorted({i.organization_name for i in items})),
                programmes=tuple(sorted({plan.programmes[i.programme_id].title for i in items})),
                municipalities=tuple(sorted({i.municipality_name for i in items})),
                seats=sum(i.seats for i in items),
            )
        )
    return sorted(found, key=lambda o: (o.school_year, o.area, o.kind_label, o.offer_label))


# --- Gaps against the sector's occupations -------------------------------------------------------


@dataclass(frozen=True)
class OccupationGap:
    """An occupation of the hub's sector, how many plan programmes prepare for it, and which of its
    essential skills no programme of the plan teaches."""

    id: int
    label: str
    preparing_programmes: int
    essential_skills: int
    missing_skills: tuple[str, ...]

    @property
    def is_prepared(self) -> bool:
        return self.preparing_programmes > 0


def _plan_programmes(plan: PlanFacts) -> list[ProgrammeFacts]:
    ids = sorted({item.programme_id for item in plan.items})
    return [plan.programmes[i] for i in ids]


def sector_gaps(plan: PlanFacts) -> list[OccupationGap]:
    """Every occupation of the hub's sector with the essential skills the plan leaves untaught;
    occupations no programme prepares for come first."""
    programmes = _plan_programmes(plan)
    taught = frozenset().union(*(p.skill_ids for p in programmes))
    rows = []
    for occupation_id in set(plan.sector_occupation_ids):
        occupation = plan.occupations[occupation_id]
        missing = occupation.essential_skill_ids - taught
        rows.append(
            OccupationGap(
                id=occupation_id,
                label=occupation.label,
                preparing_programmes=sum(occupation_id in p.occupation_ids for p in programmes),
                essential_skills=len(occupation.essential_skill_ids),
                missing_skills=tuple(sorted(plan.skill_labels.get(s, str(s)) for s in missing)),
            )
        )
    return sorted(rows, key=lambda g: (g.is_prepared, g.label))


# --- Vertical pathways into ITS --------------------------------------------------------------------


@dataclass(frozen=True)
class Pathway:
    """An upper-secondary programme of the plan and an ITS programme it leads to."""

    programme: str
    kind_label: str
    organizations: tuple[str, ...]
    its_programme: str
    its_in_plan: bool


@dataclass(frozen=True)
class NoPathway:
    """An upper-secondary programme of the plan that leads to no ITS programme."""

    programme: str
    kind_label: str
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class Pathways:
    links: list[Pathway]
    without: list[NoPathway]


def its_pathways(plan: PlanFacts) -> Pathways:
    """The 4+2 links from the plan's upper-secondary programmes into ITS, whether that ITS
    programme is itself in the plan, and the upper-secondary programmes with no way into ITS."""
    orgs: dict[int, set[str]] = defaultdict(set)
    for item in plan.items:
        orgs[item.programme_id].add(item.organization_name)
    in_plan = set(orgs)
    links: list[Pathway] = []
    without: list[NoPathway] = []
    for programme in _plan_programmes(plan):
        if not programme.is_upper_secondary:
            continue
        names = tuple(sorted(orgs[programme.id]))
        targets = [
            plan.programmes[t]
            for t in programme.leads_to_ids
            if t in plan.programmes and plan.programmes[t].is_its
        ]
        if not targets:
            without.append(NoPathway(programme.title, programme.kind_label, names))
        links.extend(
            Pathway(programme.title, programme.kind_label, names, its.title, its.id in in_plan)
            for its in targets
        )
    links.sort(key=lambda p: (p.programme, p.its_programme))
    without.sort(key=lambda p: p.programme)
    return Pathways(links=links, without=without)


# --- Comparing two versions ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """An item present in both versions with other seats, place or proposer."""

    school_year: str
    programme: str
    organization_before: str
    organization_after: str
    municipality_before: str
    municipality_after: str
    seats_before: int
    seats_after: int


@dataclass(frozen=True)
class YearComparison:
    school_year: str
    seats_before: int
    seats_after: int

    @property
    def difference(self) -> int:
        return self.seats_after - self.seats_before


@dataclass(frozen=True)
class PlanComparison:
    added: list[ItemFacts]
    removed: list[ItemFacts]
    changed: list[ItemChange]
    programmes_added: list[ProgrammeFacts]
    programmes_removed: list[ProgrammeFacts]
    years: list[YearComparison]


def _item_order(plan: PlanFacts) -> Callable[[ItemFacts], tuple[str, str, str, str]]:
    def key(item: ItemFacts) -> tuple[str, str, str, str]:
        title = plan.programmes[item.programme_id].title
        return (item.school_year, title, item.municipality_name, item.organization_name)

    return key


def _pair_moves(
    removed: Iterable[ItemFacts], added: Iterable[ItemFacts]
) -> tuple[list[tuple[ItemFacts, ItemFacts]], list[ItemFacts], list[ItemFacts]]:
    # An item that moved town keeps its programme, year and proposer: pair those in town order.
    def group(items: Iterable[ItemFacts]) -> dict[tuple[int, str, int], list[ItemFacts]]:
        groups: dict[tuple[int, str, int], list[ItemFacts]] = defaultdict(list)
        for item in sorted(items, key=lambda i: (i.municipality_name, i.id)):
            groups[(item.programme_id, item.school_year, item.organization_id)].append(item)
        return groups

    before, after = group(removed), group(added)
    pairs: list[tuple[ItemFacts, ItemFacts]] = []
    still_removed: list[ItemFacts] = []
    still_added: list[ItemFacts] = []
    for key in before.keys() | after.keys():
        old, new = before.get(key, []), after.get(key, [])
        n = min(len(old), len(new))
        pairs.extend(zip(old[:n], new[:n], strict=True))
        still_removed.extend(old[n:])
        still_added.extend(new[n:])
    return pairs, still_removed, still_added


def compare_plans(before: PlanFacts, after: PlanFacts) -> PlanComparison:
    """What changed from one version to another: items matched on programme, year and town
    (or, when the town changed, on programme, year and proposer), programmes and seats by year."""
    old = {(i.programme_id, i.school_year, i.municipality_id): i for i in before.items}
    new = {(i.programme_id, i.school_year, i.municipality_id): i for i in after.items}
    pairs = [(old[k], new[k]) for k in old.keys() & new.keys()]
    moves, removed, added = _pair_moves(
        (old[k] for k in old.keys() - new.keys()), (new[k] for k in new.keys() - old.keys())
    )
    changed = [
        ItemChange(
            school_year=b.school_year,
            programme=after.programmes[a.programme_id].title,
            organization_before=b.organization_name,
            organization_after=a.organization_name,
            municipality_before=b.municipality_name,
            municipality_after=a.municipality_name,
            seats_before=b.seats,
            seats_after=a.seats,
        )
        for b, a in [*pairs, *moves]
        if (b.seats, b.municipality_id, b.organization_id)
        != (a.seats, a.municipality_id, a.organization_id)
    ]
    changed.sort(key=lambda c: (c.school_year, c.programme, c.municipality_after))
    old_programmes = {i.programme_id for i in before.items}
    new_programmes = {i.programme_id for i in after.items}
    seats_before = {y.school_year: y.seats for y in seats_by_year(before)}
    seats_after = {y.school_year: y.seats for y in seats_by_year(after)}
    return PlanComparison(
        added=sorted(added, key=_item_order(after)),
        removed=sorted(removed, key=_item_order(before)),
        changed=changed,
        programmes_added=sorted(
            (after.programmes[p] for p in new_programmes - old_programmes), key=lambda p: p.title
        ),
        programmes_removed=sorted(
            (before.programmes[p] for p in old_programmes - new_programmes), key=lambda p: p.title
        ),
        years=[
            YearComparison(year, seats_before.get(year, 0), seats_after.get(year, 0))
            for year in sorted(seats_before.keys() | seats_after.keys())
        ],
    )
