"""The nightly gap cells, the gap index, the compute_gap command, the demo and region helpers."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from ptp.demand.demo import FIXTURE
from ptp.demand.models import DemandBulletin, LabourDemand, SkillNeed
from ptp.demand.region import BULLETIN_FILE, delete_synthetic_skill_needs, generate_skill_needs
from ptp.observatory.cells import (
    KEEP_DAYS,
    compute_gap_cells,
    delete_synthetic_cells,
    dissimilarity,
    gap_index,
    latest_cells_date,
)
from ptp.observatory.gap_demo import EARLIER_FILE, seed_demo_earlier_bulletin
from ptp.observatory.models import GapCell
from tests.factories import HubFactory, MembershipFactory, OrganizationFactory
from tests.observatory.gap_world import build

DAY = dt.date(2026, 11, 20)


def test_cells_hold_supply_and_demand_per_year_sector_province_hub_and_skill(net):
    world = build(net)

    written = compute_gap_cells(DAY)

    cells = GapCell.objects.filter(computed_on=DAY)
    assert written == cells.count()
    a_tnt = cells.get(year=2026, hub=net.hub, skill=world.a)
    assert (a_tnt.supply, a_tnt.demand) == (22, 6)
    a_bulletin = cells.get(year=2026, hub=None, sector=None, skill=world.a)
    assert (a_bulletin.supply, a_bulletin.demand) == (0, pytest.approx(10))
    assert cells.aggregate(s=Sum("supply"))["s"] == pytest.approx(22 + 22 + 4 + 4)
    assert cells.aggregate(d=Sum("demand"))["d"] == pytest.approx(6 + 3 + 3 + 30)
    assert latest_cells_date() == DAY


def test_recomputing_a_day_replaces_it_and_old_days_are_dropped(net):
    build(net)
    compute_gap_cells(DAY - dt.timedelta(days=KEEP_DAYS + 1))
    compute_gap_cells(DAY - dt.timedelta(days=1))
    first = compute_gap_cells(DAY)

    again = compute_gap_cells(DAY)

    assert again == first == GapCell.objects.filter(computed_on=DAY).count()
    assert set(GapCell.objects.values_list("computed_on", flat=True)) == {
        DAY,
        DAY - dt.timedelta(days=1),
    }


def test_dissimilarity_by_hand():
    assert dissimilarity({1: 10, 2: 10}, {1: 5, 2: 5}) == 0
    # Supply all on skill 1, demand all on skill 2: completely different.
    assert dissimilarity({1: 10}, {2: 10}) == 1
    # Supply 3/4 on 1, demand 1/4 on 1: half of (0.5 + 0.5).
    assert dissimilarity({1: 30, 2: 10}, {1: 10, 2: 30}) == pytest.approx(0.5)
    assert dissimilarity({}, {1: 10}) is None
    assert dissimilarity({1: 2}, {1: 2}) is None  # fewer than 5 people


def test_gap_index_of_a_sector_in_a_province(net):
    world = build(net)
    assert gap_index(net.hub.sector_id, net.hub.province_id, 2026) is None  # nothing computed
    compute_gap_cells(DAY)

    index = gap_index(net.hub.sector_id, net.hub.province_id, 2026)

    # Tourism in Massa-Carrara, 2026: supply A 22, B 22; demand A 6, B 3 + 10, C 3 + 10 (of 32).
    supply = {world.a.pk: 22, world.b.pk: 22}
    demand = {world.a.pk: 6, world.b.pk: 13, world.c.pk: 13}
    assert index == pytest.approx(dissimilarity(supply, demand))
    assert index == pytest.approx(0.5 * (abs(6 / 32 - 0.5) + abs(13 / 32 - 0.5) + 13 / 32))
    assert gap_index(net.hub.sector_id, net.hub.province_id, 2025) is None  # no demand in 2025


def test_compute_gap_command(net):
    build(net)
    out = io.StringIO()

    call_command("compute_gap", "--date", "2026-11-01", stdout=out)

    assert latest_cells_date() == dt.date(2026, 11, 1)
    assert "celle" in out.getvalue()
    with pytest.raises(CommandError, match="Data non valida"):
        call_command("compute_gap", "--date", "1 novembre")


def test_the_earlier_demo_bulletin_is_the_shipped_one_a_year_back(net):
    assert seed_demo_earlier_bulletin() is None  # the shipped bulletin is not loaded
    shipped = DemandBulletin.objects.create(source="Demo", file_name=FIXTURE.name, is_demo=True)
    LabourDemand.objects.create(
        bulletin=shipped,
        province=net.hub.province,
        period="2026-T2",
        occupation_code="5.2.2.1",
        occupation_label="Cuochi",
        isco_code="5",
        planned_hires=20,
        hard_to_recruit_share=30,
    )

    earlier = seed_demo_earlier_bulletin()

    assert earlier is not None and earlier.file_name == EARLIER_FILE and earlier.is_demo
    row = LabourDemand.objects.get(bulletin=earlier)
    assert (row.period, row.planned_hires) == ("2025-T2", 16)
    assert seed_demo_earlier_bulletin() == earlier  # idempotent


def test_synthetic_needs_and_bulletin(net):
    build(net)
    hub = HubFactory(slug="sint-polo-000", province=net.hub.province)
    for n in range(3):
        company = OrganizationFactory(slug=f"sint-soggetto-{n:06d}")
        MembershipFactory(hub=hub, organization=company)
    before = SkillNeed.objects.count()

    made = generate_skill_needs(count=40, seed=1)

    synthetic = SkillNeed.objects.filter(organization__slug__startswith="sint-")
    assert made == synthetic.count() == 40
    assert all(2 <= n.skills.count() <= 5 for n in synthetic[:10])
    assert {n.created_at.year for n in synthetic} == {2024, 2025, 2026, 2027}
    bulletin = DemandBulletin.objects.get(file_name=BULLETIN_FILE)
    assert bulletin.rows == LabourDemand.objects.filter(bulletin=bulletin).count() > 0
    compute_gap_cells(DAY)
    assert GapCell.objects.filter(hub=hub).exists()

    delete_synthetic_skill_needs()
    assert delete_synthetic_cells() > 0

    assert SkillNeed.objects.count() == before
    assert not DemandBulletin.objects.filter(file_name=BULLETIN_FILE).exists()
    assert not GapCell.objects.filter(hub=hub).exists()
