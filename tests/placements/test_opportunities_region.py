"""Region-scale synthetic opportunities for the benchmarks: reproducible, within bounds,
searchable, and removable before the synthetic network."""

import pytest

from ptp.demo.region import RegionSize, generate_network
from ptp.placements.models import HostEnrollment, Opportunity, OpportunityWindow
from ptp.placements.opportunities.region import (
    delete_synthetic_opportunities,
    generate_opportunities,
)
from tests.demand.builders import make_skill
from tests.factories import MunicipalityFactory, SectorFactory


@pytest.fixture
def network(db):
    SectorFactory()
    MunicipalityFactory()
    for n in range(4):
        make_skill(f"Competenza sintetica {n}")
    generate_network(size=RegionSize(hubs=3, organizations=60, memberships=90), seed=3)


def test_opportunities_are_generated_within_bounds(network):
    assert generate_opportunities(count=40, seed=7) == 40

    opportunities = Opportunity.objects.filter(host__slug__startswith="sint-")
    assert opportunities.count() == 40
    assert all(o.is_demo and o.host.kind == "impresa" for o in opportunities)
    per_opportunity = [o.windows.count() for o in opportunities]
    assert min(per_opportunity) >= 1 and max(per_opportunity) <= 3
    seats = OpportunityWindow.objects.values_list("seats", flat=True)
    assert min(seats) >= 1 and max(seats) <= 6
    hosts = {(o.hub_id, o.host_id) for o in opportunities}
    enrolled = set(HostEnrollment.objects.values_list("hub_id", "organization_id"))
    assert hosts <= enrolled
    assert all(o.min_age >= 18 for o in opportunities if o.involves_minor_excluded_work)


def test_the_same_seed_gives_the_same_opportunities(network):
    generate_opportunities(count=10, seed=7)
    first = list(Opportunity.objects.order_by("pk").values_list("title", "host__slug"))
    delete_synthetic_opportunities()
    assert not Opportunity.objects.exists() and not HostEnrollment.objects.exists()

    generate_opportunities(count=10, seed=7)
    assert list(Opportunity.objects.order_by("pk").values_list("title", "host__slug")) == first
