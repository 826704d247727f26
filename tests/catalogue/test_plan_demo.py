"""The demo plan: an approved version 1 and a draft version 2 with a few changes."""

from ptp.audit.models import AuditEvent
from ptp.catalogue import plan_analysis
from ptp.catalogue.models import OfferPlan, PlanStatus, ProviderRole
from ptp.catalogue.plan_demo import seed_demo_plan
from ptp.catalogue.plan_queries import plan_item_facts
from tests.factories import (
    EditionFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
)


def _programmes(net):
    carrara = MunicipalityFactory(
        province=net.hub.province, codice_istat="045003", codice_catastale="B832", name="Carrara"
    )
    outsider = OrganizationFactory(name="Ente esterno")
    a = ProgrammeFactory(title="A – Accoglienza")
    b = ProgrammeFactory(title="B – Cucina")
    c = ProgrammeFactory(title="C – ITS")
    # A: the lead provider is not a member; the partner school is, and proposes it.
    ProgrammeProviderFactory(programme=a, organization=outsider, role=ProviderRole.LEAD)
    ProgrammeProviderFactory(programme=a, organization=net.school, role=ProviderRole.PARTNER)
    ProgrammeProviderFactory(programme=b, organization=net.lead_school)
    ProgrammeProviderFactory(programme=c, organization=net.lead_school)
    EditionFactory(
        programme=a, school_year="2025/26", municipality=net.school.municipality, seats=26
    )
    EditionFactory(programme=c, school_year="2026/27", municipality=carrara, seats=25)
    return a, b, c, carrara


def test_the_demo_plan(net):
    a, b, c, carrara = _programmes(net)

    v1, v2 = seed_demo_plan(net.hub, [c, b, a])

    assert (v1.version, v1.status, v2.version, v2.status) == (
        1,
        PlanStatus.APPROVED,
        2,
        PlanStatus.DRAFT,
    )
    assert v1.school_years == ["2025/26", "2026/27", "2027/28"]
    items = {(i.programme.title, i.school_year): i for i in v1.items.select_related("programme")}
    assert len(items) == 9
    assert items[("A – Accoglienza", "2025/26")].proposed_by == net.school
    assert items[("A – Accoglienza", "2025/26")].seats == 26  # from its edition
    assert items[("C – ITS", "2027/28")].municipality == carrara  # the nearest edition's town
    assert items[("B – Cucina", "2026/27")].seats == 20  # no edition: the default

    before = plan_item_facts(v1)
    result = plan_analysis.compare_plans(before, plan_item_facts(v2))
    assert [(c.programme, c.seats_before, c.seats_after) for c in result.changed] == [
        ("A – Accoglienza", 26, 30)
    ]
    assert [(i.school_year, before.programmes[i.programme_id].title) for i in result.removed] == [
        ("2027/28", "C – ITS")
    ]
    assert [(i.school_year, i.municipality_name) for i in result.added] == [("2027/28", "Carrara")]
    assert AuditEvent.objects.filter(hub_id=net.hub.pk, actor__isnull=True).exists()


def test_the_demo_plan_is_seeded_once(net):
    a, b, c, _ = _programmes(net)
    first = seed_demo_plan(net.hub, [a, b, c])
    again = seed_demo_plan(net.hub, [a, b, c])
    assert [p.pk for p in again] == [p.pk for p in first]
    assert OfferPlan.objects.count() == 2


def test_a_demo_plan_without_placeable_programmes_stays_an_empty_draft(net):
    orphan = ProgrammeFactory()
    [plan] = seed_demo_plan(net.hub, [orphan])
    assert plan.status == PlanStatus.DRAFT and not plan.items.exists()
