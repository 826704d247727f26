"""Small hand-made data for the skills-gap tests (figures worked out in the tests' comments).

- Skills A, B, C. Occupation "cuoco" (ISCO 5120, a tourism occupation) needs B and C essentially;
  occupation "barista" (ISCO 5132, no sector) needs A essentially.
- Programme P1 of the TNT hub (tourism) teaches A and B: a running edition 2026/27 in Massa with 12
  enrolled, an open one with 10 seats and nobody enrolled yet -> 22 people per skill in 2026.
- Programme P2 of both hubs teaches C: an edition 2025/26 in Pisa with 8 enrolled -> 4 per hub;
  its provider is the other hub's member in Pisa.
- The TNT company needs 6 people with skill A, and 3 "cuoco" with no skills listed (-> B, C);
  a withdrawn need for 50 people with skill C does not count. Needs are published in 2026.
- A bulletin: 20 planned hires of CP2021 5.2.2.1 (ISCO 5) in Massa-Carrara, 2026-T1 -> 10 per
  occupation of group 5: "cuoco" passes 10 to B and C (tourism), "barista" 10 to A (no sector).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ptp.catalogue.models import EditionStatus, Programme, ProgrammeSkill, SectorOccupation
from ptp.demand.models import DemandBulletin, Horizon, LabourDemand, NeedStatus, SkillNeed
from ptp.network.models import Organization
from ptp.skills.models import IscoGroup, Occupation, OccupationSkill, RelationType, Skill
from tests.conftest import Net
from tests.factories import (
    EditionFactory,
    OccupationFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)

NEED_DAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@dataclass
class GapWorld:
    net: Net
    a: Skill
    b: Skill
    c: Skill
    cook: Occupation
    barista: Occupation
    p1: Programme
    p2: Programme
    bulletin: DemandBulletin


def isco(code: str) -> IscoGroup:
    return IscoGroup.objects.get_or_create(
        uri=f"http://data.europa.eu/esco/isco/C{code}", defaults={"code": code}
    )[0]


def need(
    net: Net,
    skills: list[Skill],
    headcount: int,
    *,
    occupation: Occupation | None = None,
    organization: Organization | None = None,
    status: str = NeedStatus.OPEN,
) -> SkillNeed:
    organization = organization or net.company
    item = SkillNeed.objects.create(
        organization=organization,
        hub=net.hub,
        title="Figura di prova",
        occupation=occupation,
        headcount=headcount,
        horizon=Horizon.SHORT,
        municipality=organization.municipality,
        status=status,
        is_demo=True,
    )
    item.skills.set(skills)
    SkillNeed.objects.filter(pk=item.pk).update(created_at=NEED_DAY)
    return item


def build(net: Net) -> GapWorld:
    a = SkillFactory(label_it="Accoglienza di prova")
    b = SkillFactory(label_it="Brigata di prova")
    c = SkillFactory(label_it="Cucina di prova")
    cook = OccupationFactory(label_it="cuoco", isco_group=isco("5120"))
    barista = OccupationFactory(label_it="barista", isco_group=isco("5132"))
    for occupation, skill in ((cook, b), (cook, c), (barista, a)):
        OccupationSkill.objects.create(
            occupation=occupation, skill=skill, relation=RelationType.ESSENTIAL
        )
    SectorOccupation.objects.create(sector=net.hub.sector, occupation=cook)
    massa = net.company.municipality
    pisa = net.other_org.municipality
    assert massa is not None and pisa is not None
    p1 = ProgrammeFactory(title="Accoglienza turistica di prova", sector=net.hub.sector)
    p1.hubs.add(net.hub)
    ProgrammeProviderFactory(programme=p1, organization=net.school)
    for skill in (a, b):
        ProgrammeSkill.objects.create(programme=p1, skill=skill)
    EditionFactory(
        programme=p1, municipality=massa, seats=20, enrolled=12, status=EditionStatus.RUNNING
    )
    EditionFactory(programme=p1, municipality=massa, seats=10, status=EditionStatus.OPEN)
    p2 = ProgrammeFactory(title="Operatore di cucina di prova", sector=net.hub.sector)
    p2.hubs.add(net.hub, net.other_hub)
    ProgrammeProviderFactory(programme=p2, organization=net.other_org)
    ProgrammeSkill.objects.create(programme=p2, skill=c)
    EditionFactory(
        programme=p2,
        municipality=pisa,
        school_year="2025/26",
        seats=10,
        enrolled=8,
        status=EditionStatus.CLOSED,
    )
    need(net, [a], 6)
    need(net, [], 3, occupation=cook)
    need(net, [c], 50, status=NeedStatus.WITHDRAWN)
    bulletin = DemandBulletin.objects.create(source="Prova", file_name="prova.csv")
    LabourDemand.objects.create(
        bulletin=bulletin,
        province=net.hub.province,
        period="2026-T1",
        occupation_code="5.2.2.1",
        occupation_label="Cuochi",
        isco_code="5",
        planned_hires=20,
        hard_to_recruit_share=Decimal("30.00"),
    )
    return GapWorld(net, a, b, c, cook, barista, p1, p2, bulletin)
