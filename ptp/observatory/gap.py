"""The skills gap: how far the skills companies need are from the skills the offer produces.
Pure functions, no Django; the method is explained in plain Italian on /osservatorio/metodo/.

Supply and demand are counted in people per year for each skill:
- supply: the students of each edition of a programme (enrolled, or the seats of an edition not yet
  started) count once for every skill the programme teaches;
- demand: the people a company's skill need asks for count once for each skill of the need; the
  planned hires of a labour-demand bulletin count once for each essential skill of the ESCO
  occupations of their ISCO group, shared among those occupations.

Within a group (e.g. a province and a year) each side becomes a share of its total, smoothed toward
the skill's share over all groups so that a handful of people does not make an extreme figure:

    share = (people + ALPHA × prior_share) / (total + ALPHA)

The gap of a skill is demand share − supply share (positive: the area lacks it; negative: it
produces more than it asks), also shown in people (demand − supply). Each figure carries a
confidence from the people behind it; below MIN_PEOPLE it is suppressed (not shown).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

ALPHA = 10.0  # smoothing strength, in people
MIN_PEOPLE = 5.0  # fewer people behind a figure: not shown
HIGH_CONFIDENCE = 50.0
MEDIUM_CONFIDENCE = 15.0


@dataclass(frozen=True)
class Flow:
    """People per year needing (demand) or acquiring (supply) one skill in one group."""

    group: Hashable
    skill: int
    people: float


@dataclass(frozen=True)
class GapRow:
    group: Hashable
    skill: int
    supply: float
    demand: float
    supply_share: float
    demand_share: float
    confidence: str

    @property
    def gap(self) -> float:
        """Demand share minus supply share: positive when the group lacks the skill."""
        return self.demand_share - self.supply_share

    @property
    def people_gap(self) -> float:
        """Demand minus supply, in people per year."""
        return self.demand - self.supply


def confidence(people: float) -> str:
    """How much a figure can be trusted, from the people behind it (supply plus demand)."""
    if people >= HIGH_CONFIDENCE:
        return "alta"
    if people >= MEDIUM_CONFIDENCE:
        return "media"
    return "bassa"


def _totals(
    flows: Iterable[Flow],
) -> tuple[dict[tuple[Hashable, int], float], dict[Hashable, float], dict[int, float]]:
    cells: dict[tuple[Hashable, int], float] = defaultdict(float)
    by_group: dict[Hashable, float] = defaultdict(float)
    by_skill: dict[int, float] = defaultdict(float)
    for f in flows:
        if f.people <= 0:
            continue
        cells[(f.group, f.skill)] += f.people
        by_group[f.group] += f.people
        by_skill[f.skill] += f.people
    return cells, by_group, by_skill


def _smoothed(people: float, total: float, prior: float) -> float:
    return (people + ALPHA * prior) / (total + ALPHA)


def compute_gaps(supply: Iterable[Flow], demand: Iterable[Flow]) -> list[GapRow]:
    """One row per (group, skill) with supply or demand, suppressed rows left out, largest
    shortage first."""
    s_cells, s_groups, s_skills = _totals(supply)
    d_cells, d_groups, d_skills = _totals(demand)
    s_all, d_all = sum(s_skills.values()), sum(d_skills.values())
    rows = []
    for key in set(s_cells) | set(d_cells):
        group, skill = key
        s, d = s_cells.get(key, 0.0), d_cells.get(key, 0.0)
        if s + d < MIN_PEOPLE:
            continue
        s_prior = s_skills.get(skill, 0.0) / s_all if s_all else 0.0
        d_prior = d_skills.get(skill, 0.0) / d_all if d_all else 0.0
        rows.append(
            GapRow(
                group=group,
                skill=skill,
                supply=s,
                demand=d,
                supply_share=_smoothed(s, s_groups.get(group, 0.0), s_prior),
                demand_share=_smoothed(d, d_groups.get(group, 0.0), d_prior),
                confidence=confidence(s + d),
            )
        )
    return sorted(rows, key=lambda r: (-r.gap, str(r.group), r.skill))


def occupation_demand(hires: float, occupations_skills: list[list[int]]) -> dict[int, float]:
    """Planned hires of an occupation group turned into people per essential skill: shared equally
    among the group's occupations, each passing its share to every one of its essential skills."""
    if not occupations_skills or hires <= 0:
        return {}
    share = hires / len(occupations_skills)
    people: dict[int, float] = defaultdict(float)
    for skills in occupations_skills:
        for skill in set(skills):
            people[skill] += share
    return dict(people)
