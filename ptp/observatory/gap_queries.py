"""What the skills-gap pages read: aggregates of the latest stored gap cells (a handful of queries
per page whatever the data size), and the drill-down from a skill to the programmes and members
that teach it and the companies that need it. Aggregates only: no student is ever read here."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from ptp.catalogue.models import Programme, ProgrammeProvider
from ptp.core.links import slug_url
from ptp.demand.models import NeedStatus, SkillNeed
from ptp.geo.models import Province
from ptp.network.models import Hub, Membership, Organization, Sector
from ptp.observatory.cells import dissimilarity
from ptp.observatory.gap import MIN_PEOPLE, Flow, compute_gaps, confidence
from ptp.observatory.models import GapCell, GapTotal
from ptp.skills.models import OccupationSkill, RelationType, Skill

DRILL_LIMIT = 50


def shown(people: float) -> str:
    """A count of people as pages and exports show it: under MIN_PEOPLE it is not shown."""
    if 0 < people < MIN_PEOPLE:
        return "n < 5"
    return f"{people:.0f}"


def points(share: float | None) -> str:
    """A share difference or index in percentage points, one decimal, Italian comma."""
    if share is None:
        return "—"
    return f"{share * 100:+.1f}".replace(".", ",").replace("+0,0", "0,0").replace("-0,0", "0,0")


@dataclass(frozen=True)
class Selection:
    """The filters of a gap page: a year and optionally a sector, a province and a hub."""

    year: int
    sector: Sector | None = None
    province: Province | None = None
    hub: Hub | None = None
    # Whether the figures include demo data (the page then shows the demo banner).
    has_demo_data: bool = False

    @property
    def key(self) -> str:
        """The selection in a cache key."""
        parts = (self.sector, self.province, self.hub)
        return f"{self.year}:" + ":".join(str(p.pk) if p else "-" for p in parts)

    @property
    def is_whole_region(self) -> bool:
        return self.sector is None and self.province is None and self.hub is None


@dataclass(frozen=True)
class YearTotals:
    year: int
    supply: float
    demand: float


@dataclass(frozen=True)
class SkillGap:
    skill_id: int
    label: str
    supply: float
    demand: float
    supply_share: float
    demand_share: float
    confidence: str

    @property
    def gap(self) -> float:
        return self.demand_share - self.supply_share

    @property
    def gap_points(self) -> str:
        return points(self.gap)

    @property
    def supply_shown(self) -> str:
        return shown(self.supply)

    @property
    def demand_shown(self) -> str:
        return shown(self.demand)

    @property
    def people_gap_shown(self) -> str:
        if 0 < self.supply < MIN_PEOPLE or 0 < self.demand < MIN_PEOPLE:
            return "—"
        return f"{self.demand - self.supply:+.0f}"


@dataclass(frozen=True)
class AreaRow:
    """Supply, demand and gap index of a year or a province."""

    key: int
    label: str
    supply: float
    demand: float
    index: float | None
    slug: str = ""

    @property
    def supply_shown(self) -> str:
        return shown(self.supply)

    @property
    def demand_shown(self) -> str:
        return shown(self.demand)

    @property
    def index_points(self) -> str:
        return "—" if self.index is None else f"{self.index * 100:.1f}".replace(".", ",")


def cell_years(day: dt.date) -> list[YearTotals]:
    """The years the latest cells cover, with the region's supply and demand of each."""
    rows = (
        GapTotal.objects.filter(computed_on=day, level=GapTotal.Level.REGION)
        .values("year")
        .annotate(s=Sum("supply"), d=Sum("demand"))
        .order_by("year")
    )
    return [YearTotals(r["year"], r["s"] or 0.0, r["d"] or 0.0) for r in rows]


def default_year(years: list[YearTotals], today: dt.date) -> int | None:
    """This year when it has both supply and demand, else the latest such year up to next year,
    else the latest year."""
    both = [y.year for y in years if y.supply > 0 and y.demand > 0 and y.year <= today.year + 1]
    if today.year in both:
        return today.year
    if both:
        return max(both)
    return years[-1].year if years else None


def _labels(skill_ids: Iterable[int]) -> dict[int, str]:
    return {
        pk: label_it or label_en or uri
        for pk, label_it, label_en, uri in Skill.objects.filter(pk__in=set(skill_ids)).values_list(
            "pk", "label_it", "label_en", "uri"
        )
    }


Sums = dict[tuple[int, int], tuple[float, float]]


def _sums(qs: QuerySet[Any], by: str) -> Sums:
    rows = qs.values(by, "skill_id").annotate(s=Sum("supply"), d=Sum("demand"))
    return {
        (key, skill): (s or 0.0, d or 0.0)
        for key, skill, s, d in rows.values_list(by, "skill_id", "s", "d")
    }


def _selected(
    day: dt.date, selection: Selection, *, by: str, year: int | None, per_province: bool = False
) -> Sums:
    """Supply and demand of the selection per `by` ("year" or "province_id") and skill: from the
    hub's own cells when a hub is chosen, else from the stored totals of the matching level (a
    few hundred rows). per_province: every province, whatever the selection's."""
    with_province = per_province or selection.province is not None
    if selection.hub is not None:
        cells: QuerySet[Any] = GapCell.objects.filter(computed_on=day, hub_id=selection.hub.pk)
        if selection.sector is not None:
            cells = cells.filter(sector_id=selection.sector.pk)
    else:
        level = {
            (False, False): GapTotal.Level.REGION,
            (False, True): GapTotal.Level.PROVINCE,
            (True, False): GapTotal.Level.SECTOR,
            (True, True): GapTotal.Level.SECTOR_PROVINCE,
        }[(selection.sector is not None, with_province)]
        cells = GapTotal.objects.filter(computed_on=day, level=level)
        if selection.sector is not None:
            cells = cells.filter(sector_id=selection.sector.pk)
    if selection.province is not None and not per_province:
        cells = cells.filter(province_id=selection.province.pk)
    if year is not None:
        cells = cells.filter(year=year)
    return _sums(cells, by)


def _region(day: dt.date, year: int | None) -> Sums:
    totals = GapTotal.objects.filter(computed_on=day, level=GapTotal.Level.REGION)
    return _sums(totals if year is None else totals.filter(year=year), "year")


def _flows(inside: Sums, region: Sums, year: int) -> tuple[list[Flow], list[Flow]]:
    """Flows of one year: group 1 the selection, group 0 the rest of the region (so shares are
    smoothed toward the region's)."""
    supply: list[Flow] = []
    demand: list[Flow] = []
    for (y, skill), (s, d) in region.items():
        if y != year:
            continue
        s_in, d_in = inside.get((year, skill), (0.0, 0.0))
        supply += [Flow(1, skill, s_in), Flow(0, skill, max(s - s_in, 0.0))]
        demand += [Flow(1, skill, d_in), Flow(0, skill, max(d - d_in, 0.0))]
    return supply, demand


def skill_gaps(day: dt.date, selection: Selection) -> list[SkillGap]:
    """Every skill's gap in the selection, shares smoothed toward the region's in that year,
    suppressed figures left out; largest shortage first. Three queries."""
    inside = _selected(day, selection, by="year", year=selection.year)
    gaps = [
        row
        for row in compute_gaps(*_flows(inside, _region(day, selection.year), selection.year))
        if row.group == 1
    ]
    labels = _labels(row.skill for row in gaps)
    return [
        SkillGap(
            skill_id=row.skill,
            label=labels.get(row.skill, str(row.skill)),
            supply=row.supply,
            demand=row.demand,
            supply_share=row.supply_share,
            demand_share=row.demand_share,
            confidence=row.confidence,
        )
        for row in gaps
    ]


def _index_by(sums: Sums) -> dict[int, AreaRow]:
    supply: dict[int, dict[int, float]] = defaultdict(dict)
    demand: dict[int, dict[int, float]] = defaultdict(dict)
    for (key, skill_id), (s, d) in sums.items():
        supply[key][skill_id] = s
        demand[key][skill_id] = d
    return {
        key: AreaRow(
            key=key,
            label=str(key),
            supply=sum(supply[key].values()),
            demand=sum(demand[key].values()),
            index=dissimilarity(supply[key], demand[key]),
        )
        for key in supply
    }


def year_trend(day: dt.date, selection: Selection) -> list[AreaRow]:
    """Supply, demand and gap index of the selection (its year aside) in every year. One query."""
    rows = _index_by(_selected(day, selection, by="year", year=None))
    return [row for _, row in sorted(rows.items())]


def province_rows(day: dt.date, selection: Selection) -> list[AreaRow]:
    """Supply, demand and gap index of every province in the selection's year, sector and hub,
    largest index first. Two queries."""
    by_province = _index_by(
        _selected(day, selection, by="province_id", year=selection.year, per_province=True)
    )
    provinces = Province.objects.filter(pk__in=by_province).values_list("pk", "name", "slug")
    result = [
        AreaRow(
            key=pk,
            label=name,
            slug=slug,
            supply=by_province[pk].supply,
            demand=by_province[pk].demand,
            index=by_province[pk].index,
        )
        for pk, name, slug in provinces
    ]
    return sorted(result, key=lambda r: (r.index is None, -(r.index or 0), r.label))


@dataclass(frozen=True)
class ExposedOccupation:
    """An occupation's gap: the gaps of its essential skills that have a figure in the selection,
    added up (in points of share; positive when the area lacks what the occupation needs)."""

    occupation_id: int
    label: str
    gap: float
    short_skills: int
    measured_skills: int
    essential_skills: int
    worst_skill: str

    @property
    def gap_points(self) -> str:
        return points(self.gap)


def occupation_gaps(
    links: list[tuple[int, int, str, int]], gaps: dict[int, SkillGap], limit: int
) -> list[ExposedOccupation]:
    """From (occupation, essential skill, label, essential skills count) links and the skills'
    gaps: the occupations with a positive gap, largest first (pure; the method page explains)."""
    measured: dict[int, list[int]] = defaultdict(list)
    about: dict[int, tuple[str, int]] = {}
    for occupation_id, skill_id, label, count in links:
        if skill_id in gaps:
            measured[occupation_id].append(skill_id)
            about[occupation_id] = (label, count)
    rows = []
    for pk, skills in measured.items():
        total = sum(gaps[s].gap for s in skills)
        if total <= 0:
            continue
        rows.append(
            ExposedOccupation(
                occupation_id=pk,
                label=about[pk][0],
                gap=total,
                short_skills=sum(1 for s in skills if gaps[s].gap > 0),
                measured_skills=len(skills),
                essential_skills=about[pk][1],
                worst_skill=gaps[max(skills, key=lambda s: gaps[s].gap)].label,
            )
        )
    return sorted(rows, key=lambda r: (-r.gap, r.label, r.occupation_id))[:limit]


def exposed_occupations(gaps: list[SkillGap], limit: int = 10) -> list[ExposedOccupation]:
    """The occupations whose essential skills the selection lacks most (their gap, see
    `occupation_gaps`). One query, run even when there is no figure so every page makes the same
    queries."""
    gap_of = {g.skill_id: g for g in gaps}
    essentials = (
        OccupationSkill.objects.filter(
            occupation=OuterRef("occupation_id"), relation=RelationType.ESSENTIAL
        )
        .order_by()
        .values("occupation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shortages = [pk for pk, g in gap_of.items() if g.gap > 0]
    rows = (
        OccupationSkill.objects.filter(
            relation=RelationType.ESSENTIAL,
            # occupations needing at least one skill the selection lacks, with all their measured
            # essential skills (lacking or not)
            occupation__skill_links__skill_id__in=shortages or [0],
            occupation__skill_links__relation=RelationType.ESSENTIAL,
            skill_id__in=list(gap_of) or [0],
        )
        .annotate(essentials=Subquery(essentials))
        .values_list(
            "occupation_id",
            "skill_id",
            "occupation__label_it",
            "occupation__label_en",
            "occupation__uri",
            "essentials",
        )
        .distinct()
    )
    links = [
        (occupation_id, skill_id, label_it or label_en or uri, count or 0)
        for occupation_id, skill_id, label_it, label_en, uri, count in rows
    ]
    return occupation_gaps(links, gap_of, limit)


def skill_year_gaps(day: dt.date, selection: Selection, skill_id: int) -> list[SkillGap]:
    """The skill's gap in the selection (its year aside) year by year, computed as on the
    overview; a year whose figure is suppressed is left out. Three queries."""
    inside = _selected(day, selection, by="year", year=None)
    region = _region(day, None)
    label = _labels([skill_id]).get(skill_id, str(skill_id))
    result = []
    for year in sorted({y for y, _ in region}):
        for row in compute_gaps(*_flows(inside, region, year)):
            if row.group == 1 and row.skill == skill_id:
                result.append(
                    SkillGap(
                        skill_id=year,  # the year, for the trend table
                        label=label,
                        supply=row.supply,
                        demand=row.demand,
                        supply_share=row.supply_share,
                        demand_share=row.demand_share,
                        confidence=confidence(row.supply + row.demand),
                    )
                )
    return result


@dataclass(frozen=True)
class ProgrammeRow:
    title: str
    url: str
    kind: str
    sector: str
    providers: str
    is_demo: bool


def teaching_programmes(selection: Selection, skill_id: int) -> tuple[int, list[ProgrammeRow]]:
    """Published programmes teaching the skill in the selection's sector, hub and province (an
    edition there), with their providers: how many, and the first DRILL_LIMIT. Three queries."""
    programmes = Programme.objects.published().filter(skill_links__skill_id=skill_id)
    if selection.sector is not None:
        programmes = programmes.filter(sector=selection.sector)
    if selection.hub is not None:
        programmes = programmes.filter(hubs=selection.hub)
    if selection.province is not None:
        programmes = programmes.filter(
            pk__in=Programme.objects.filter(editions__municipality__province=selection.province)
        )
    total = programmes.count()
    page = (
        programmes.select_related("sector")
        .prefetch_related("provider_links__organization")
        .order_by("title", "pk")[:DRILL_LIMIT]
    )
    rows = [
        ProgrammeRow(
            title=p.title,
            url=p.url,
            kind=p.get_kind_display(),
            sector=p.sector.name,
            providers=", ".join(
                link.organization.name
                for link in sorted(p.provider_links.all(), key=lambda x: (x.role != "lead", x.pk))
            ),
            is_demo=p.is_demo,
        )
        for p in page
    ]
    return total, rows


@dataclass(frozen=True)
class OrganizationRow:
    name: str
    url: str
    count: int
    people: int
    is_demo: bool

    @property
    def people_shown(self) -> str:
        return shown(self.people)


def _hubs(selection: Selection) -> Q:
    """The hubs a selection covers: the hub, or the hubs of its sector and province."""
    q = Q()
    if selection.hub is not None:
        return Q(pk=selection.hub.pk)
    if selection.sector is not None:
        q &= Q(sector=selection.sector)
    if selection.province is not None:
        q &= Q(province=selection.province)
    return q


def _organizations(counts: dict[int, list[int]]) -> list[OrganizationRow]:
    """The first DRILL_LIMIT organizations by their counts ([count] or [count, people]), with
    their public names and links. One query."""
    top = sorted(counts, key=lambda pk: (-counts[pk][-1], -counts[pk][0], pk))[:DRILL_LIMIT]
    names = {
        pk: (name, slug, is_demo)
        for pk, name, slug, is_demo in Organization.objects.filter(pk__in=top).values_list(
            "pk", "name", "slug", "is_demo"
        )
    }
    return [
        OrganizationRow(
            names[pk][0],
            slug_url("network:organization_detail", names[pk][1]),
            counts[pk][0],
            int(counts[pk][1]) if len(counts[pk]) > 1 else 0,
            names[pk][2],
        )
        for pk in top
        if pk in names
    ]


def teaching_members(selection: Selection, skill_id: int) -> list[OrganizationRow]:
    """Active members of the selection's hubs that provide a published programme teaching the
    skill (anywhere), most such programmes first. Three queries."""
    members = set(
        Membership.objects.filter(
            hub__in=Hub.objects.filter(_hubs(selection)), left_on__isnull=True
        ).values_list("organization_id", flat=True)
    )
    teaching = Programme.objects.published().filter(skill_links__skill_id=skill_id)
    providers = (
        ProgrammeProvider.objects.filter(programme__in=teaching)
        .values("organization_id")
        .annotate(n=Count("programme_id", distinct=True))
        .values_list("organization_id", "n")
    )
    return _organizations({pk: [n] for pk, n in providers if pk in members})


def needing_companies(selection: Selection, skill_id: int) -> list[OrganizationRow]:
    """Companies whose open needs in the selection ask for the skill (listed, or essential to the
    need's occupation when the need lists no skill), most people first. Three queries."""
    through = SkillNeed.skills.through.objects
    needs = SkillNeed.objects.filter(status=NeedStatus.OPEN)
    if selection.sector is not None:
        needs = needs.filter(hub__sector=selection.sector)
    if selection.province is not None:
        needs = needs.filter(municipality__province=selection.province)
    if selection.hub is not None:
        needs = needs.filter(hub=selection.hub)
    listed = needs.filter(pk__in=through.filter(skill_id=skill_id).values("skillneed_id"))
    by_occupation = needs.filter(
        occupation_id__in=OccupationSkill.objects.filter(
            skill_id=skill_id, relation=RelationType.ESSENTIAL
        ).values("occupation_id")
    ).filter(~Exists(through.filter(skillneed_id=OuterRef("pk"))))
    # Two simple aggregates merged here: one query with OR between them is ten times slower.
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for part in (listed, by_occupation):
        rows = part.values("organization_id").annotate(n=Count("pk"), people=Sum("headcount"))
        for pk, n, people in rows.values_list("organization_id", "n", "people"):
            counts[pk][0] += n
            counts[pk][1] += people or 0
    return _organizations(counts)
