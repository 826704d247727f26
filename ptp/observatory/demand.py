"""The skills the labour market asks for, as gap flows: companies' skill needs and the planned hires
of imported labour-demand bulletins, turned into skills through the taxonomy's occupation–skill
relations (method on /osservatorio/metodo/)."""

from collections import defaultdict

from ptp.catalogue.models import SectorOccupation
from ptp.demand.models import LabourDemand, NeedStatus, SkillNeed
from ptp.observatory.gap import Flow
from ptp.observatory.supply import CellKey
from ptp.skills.models import Occupation, OccupationSkill, RelationType


def essential_skills() -> dict[int, list[int]]:
    """Each occupation's essential skills (ESCO occupation–skill relations)."""
    skills: dict[int, list[int]] = defaultdict(list)
    for occupation_id, skill_id in OccupationSkill.objects.filter(
        relation=RelationType.ESSENTIAL
    ).values_list("occupation_id", "skill_id"):
        skills[occupation_id].append(skill_id)
    return skills


def need_flows(essentials: dict[int, list[int]] | None = None) -> list[Flow]:
    """Companies' needs (open or filled, not withdrawn): the people asked for count once for each
    skill of the need, or of its occupation's essential skills when the need lists none. The year
    is the year the need was published; sector and hub are the hub's."""
    essentials = essential_skills() if essentials is None else essentials
    listed: dict[int, list[int]] = defaultdict(list)
    through = SkillNeed.skills.through.objects.exclude(skillneed__status=NeedStatus.WITHDRAWN)
    for need_id, skill_id in through.values_list("skillneed_id", "skill_id"):
        listed[need_id].append(skill_id)
    needs = SkillNeed.objects.exclude(status=NeedStatus.WITHDRAWN).values_list(
        "pk",
        "created_at__year",
        "hub__sector_id",
        "municipality__province_id",
        "hub_id",
        "occupation_id",
        "headcount",
    )
    people: dict[tuple[CellKey, int], float] = defaultdict(float)
    for pk, year, sector_id, province_id, hub_id, occupation_id, headcount in needs.iterator(
        chunk_size=5000
    ):
        skills = listed.get(pk) or (essentials.get(occupation_id, []) if occupation_id else [])
        key = CellKey(year, sector_id, province_id, hub_id)
        for skill_id in set(skills):
            people[(key, skill_id)] += headcount
    return [Flow(group=key, skill=skill, people=n) for (key, skill), n in people.items()]


def bulletin_rows() -> dict[tuple[int, int, str], float]:
    """Planned hires by (year, province, ISCO group), each province and period taken from the
    latest bulletin that covers it, so a re-imported bulletin is not counted twice."""
    rows = LabourDemand.objects.exclude(isco_code="").values_list(
        "bulletin_id", "province_id", "period", "isco_code", "planned_hires"
    )
    latest: dict[tuple[int, str], int] = {}
    for bulletin_id, province_id, period, _isco, _hires in rows.order_by("-bulletin_id"):
        latest.setdefault((province_id, period), bulletin_id)
    hires: dict[tuple[int, int, str], float] = defaultdict(float)
    for bulletin_id, province_id, period, isco, planned in rows:
        if latest[(province_id, period)] == bulletin_id and period[:4].isdigit():
            hires[(int(period[:4]), province_id, isco)] += planned
    return hires


def bulletin_flows(essentials: dict[int, list[int]] | None = None) -> list[Flow]:
    """Bulletins' planned hires of an ISCO group, shared equally among the group's occupations
    that have essential skills, each passing its share to every essential skill; the sector is
    the occupation's (catalogue sector–occupation links, shared among them), no hub."""
    essentials = essential_skills() if essentials is None else essentials
    hires = bulletin_rows()
    if not hires:
        return []
    sectors: dict[int, list[int]] = defaultdict(list)
    for sector_id, occupation_id in SectorOccupation.objects.values_list(
        "sector_id", "occupation_id"
    ):
        sectors[occupation_id].append(sector_id)
    by_group: dict[str, list[int]] = defaultdict(list)
    occupations = Occupation.objects.filter(isco_group__isnull=False).values_list(
        "pk", "isco_group__code"
    )
    wanted = {isco for _, _, isco in hires}
    for occupation_id, code in occupations:
        if occupation_id not in essentials:
            continue
        for isco in wanted:
            if code.startswith(isco):
                by_group[isco].append(occupation_id)
    people: dict[tuple[CellKey, int], float] = defaultdict(float)
    for (year, province_id, isco), planned in hires.items():
        group = by_group.get(isco)
        if not group:
            continue
        share = planned / len(group)
        for occupation_id in group:
            occupation_sectors: list[int | None] = list(sectors.get(occupation_id, ())) or [None]
            part = share / len(occupation_sectors)
            for sector in occupation_sectors:
                key = CellKey(year, sector, province_id, None)
                for skill_id in set(essentials[occupation_id]):
                    people[(key, skill_id)] += part
    return [Flow(group=key, skill=skill, people=n) for (key, skill), n in people.items()]


def demand_flows() -> list[Flow]:
    """All demand: companies' needs and bulletins."""
    essentials = essential_skills()
    return need_flows(essentials) + bulletin_flows(essentials)
