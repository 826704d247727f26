"""Supply and demand loaders on the hand-made world of gap_world.py."""

from decimal import Decimal

import pytest

from ptp.catalogue.models import Programme
from ptp.demand.models import DemandBulletin, LabourDemand
from ptp.observatory.demand import bulletin_flows, demand_flows, need_flows
from ptp.observatory.supply import CellKey, edition_people, edition_year, supply_flows
from tests.observatory.gap_world import build


def by_cell(flows):
    return {(f.group, f.skill): f.people for f in flows}


def test_edition_year_and_people():
    assert edition_year("2026/27", None) == 2026
    assert edition_year("", 2025) == 2025
    assert edition_people("running", 20, 12) == 12
    assert edition_people("open", 10, 0) == 10
    assert edition_people("closed", 10, 0) == 0


def test_supply_counts_people_once_per_skill_taught(net):
    world = build(net)
    cells = by_cell(supply_flows())

    tourism, ms, pi = net.hub.sector_id, net.hub.province_id, net.other_hub.province_id
    key_2026 = CellKey(2026, tourism, ms, net.hub.pk)
    # 12 enrolled + 10 seats of an edition still open, for each of A and B.
    assert cells[(key_2026, world.a.pk)] == 22
    assert cells[(key_2026, world.b.pk)] == 22
    # P2 belongs to two hubs: its 8 enrolled are shared, 4 each.
    assert cells[(CellKey(2025, tourism, pi, net.hub.pk), world.c.pk)] == 4
    assert cells[(CellKey(2025, tourism, pi, net.other_hub.pk), world.c.pk)] == 4
    assert len(cells) == 4


def test_unpublished_programmes_do_not_count(net):
    world = build(net)
    Programme.objects.filter(pk=world.p1.pk).update(is_published=False)

    assert {skill for _, skill in by_cell(supply_flows())} == {world.c.pk}


def test_needs_count_listed_skills_or_the_occupations_essential_ones(net):
    world = build(net)
    cells = by_cell(need_flows())

    key = CellKey(2026, net.hub.sector_id, net.hub.province_id, net.hub.pk)
    # 6 people with A; 3 "cuoco" with no skills listed -> B and C; the withdrawn need is left out.
    assert cells == {(key, world.a.pk): 6, (key, world.b.pk): 3, (key, world.c.pk): 3}


def test_bulletin_hires_are_shared_among_the_groups_occupations(net):
    world = build(net)
    cells = by_cell(bulletin_flows())

    ms = net.hub.province_id
    # 20 hires of ISCO group 5: 10 to "cuoco" (tourism: B and C), 10 to "barista" (no sector: A).
    assert cells == {
        (CellKey(2026, net.hub.sector_id, ms, None), world.b.pk): pytest.approx(10),
        (CellKey(2026, net.hub.sector_id, ms, None), world.c.pk): pytest.approx(10),
        (CellKey(2026, None, ms, None), world.a.pk): pytest.approx(10),
    }


def test_a_later_bulletin_for_the_same_province_and_period_replaces_the_earlier(net):
    world = build(net)
    later = DemandBulletin.objects.create(source="Prova", file_name="prova-2.csv")
    LabourDemand.objects.create(
        bulletin=later,
        province=net.hub.province,
        period="2026-T1",
        occupation_code="5.2.2.1",
        occupation_label="Cuochi",
        isco_code="5",
        planned_hires=40,
        hard_to_recruit_share=Decimal("30.00"),
    )

    cells = by_cell(bulletin_flows())

    assert cells[(CellKey(2026, None, net.hub.province_id, None), world.a.pk)] == pytest.approx(20)


def test_demand_is_needs_plus_bulletins(net):
    world = build(net)
    total = sum(f.people for f in demand_flows() if f.skill == world.a.pk)

    assert total == pytest.approx(16)
