"""A small offer-plan world on top of the `net` fixture, shared by the plan tests.

The school proposes a vocational programme leading to an ITS programme provided by the lead
school; the company provides nothing. Municipalities: Massa (the hub's) and Carrara, both in
Massa-Carrara, and Pisa in another province.
"""

from dataclasses import dataclass

from ptp.catalogue.models import OfferPlan, Programme, ProgrammeKind, SectorOccupation
from ptp.geo.models import Municipality
from ptp.skills.models import RelationType
from tests.factories import (
    MunicipalityFactory,
    OccupationFactory,
    OfferPlanFactory,
    OfferPlanItemFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)


@dataclass
class PlanWorld:
    plan: OfferPlan
    vocational: Programme  # provided by the school, leads to `its`
    technical: Programme  # provided by the lead school, no way into ITS
    its: Programme  # provided by the lead school
    massa: Municipality
    carrara: Municipality
    pisa: Municipality


def plan_world(net, *, with_items: bool = True) -> PlanWorld:
    """A draft plan 2026/27–2028/29 of the test hub; with items, the school proposes the
    vocational programme in Massa (24 seats) and the lead school the ITS one in Carrara (20)."""
    massa = net.lead_school.municipality
    carrara = MunicipalityFactory(
        province=massa.province, codice_istat="045003", codice_catastale="B832", name="Carrara"
    )
    pisa = net.other_org.municipality
    vocational = ProgrammeFactory(
        title="Accoglienza turistica",
        kind=ProgrammeKind.VOCATIONAL,
        track="Enogastronomia e ospitalità alberghiera",
        specialisation="Accoglienza turistica",
        sector=net.hub.sector,
    )
    technical = ProgrammeFactory(
        title="Tecnico del turismo", kind=ProgrammeKind.TECHNICAL, track="Turismo"
    )
    its = ProgrammeFactory(title="ITS ospitalità", kind=ProgrammeKind.ITS, eqf_level=5)
    vocational.leads_to.add(its)
    ProgrammeProviderFactory(programme=vocational, organization=net.school)
    ProgrammeProviderFactory(programme=technical, organization=net.lead_school)
    ProgrammeProviderFactory(programme=its, organization=net.lead_school)
    plan = OfferPlanFactory(hub=net.hub, first_year=2026)
    if with_items:
        OfferPlanItemFactory(
            plan=plan, programme=vocational, proposed_by=net.school, municipality=massa, seats=24
        )
        OfferPlanItemFactory(
            plan=plan, programme=its, proposed_by=net.lead_school, municipality=carrara, seats=20
        )
    return PlanWorld(plan, vocational, technical, its, massa, carrara, pisa)


def grow(world: PlanWorld, net, n: int) -> None:
    """Adds n programmes provided by the lead school, each planned in all three years, teaching a
    skill and preparing for an occupation of the hub's sector that needs two essential skills."""
    for _ in range(n):
        programme = ProgrammeFactory(sector=net.hub.sector)
        ProgrammeProviderFactory(programme=programme, organization=net.lead_school)
        programme.leads_to.add(world.its)
        occupation = OccupationFactory()
        SectorOccupation.objects.create(sector=net.hub.sector, occupation=occupation)
        taught, untaught = SkillFactory(), SkillFactory()
        for skill in (taught, untaught):
            occupation.skill_links.create(skill=skill, relation=RelationType.ESSENTIAL)
        programme.skill_links.create(skill=taught)
        programme.occupations.add(occupation)
        for year in world.plan.school_years:
            OfferPlanItemFactory(
                plan=world.plan,
                programme=programme,
                proposed_by=net.lead_school,
                school_year=year,
                municipality=world.massa,
            )
