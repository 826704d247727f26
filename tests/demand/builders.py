"""Companies ready to host, registrations, opportunities and needs on top of the `net` fixture,
shared by the demand and the host/opportunity tests (tests/placements/test_hosts*.py and
test_opportunit*.py).

Rows made here bypass the services: `fresh_search()` drops the opportunity index and the cached
public pages, as a service's commit would.
"""

import datetime as dt

import pytest
from django.core.cache import caches
from django.utils import timezone

from ptp.demand.models import Horizon, SkillNeed
from ptp.lib.text import search_document
from ptp.network.models import Organization
from ptp.placements.models import (
    HostEnrollment,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    RiskLevel,
)
from ptp.placements.opportunities import search
from ptp.skills.models import Occupation, Skill
from ptp.skills.search_index import search_columns
from tests.factories import OccupationFactory, SectorFactory, SkillFactory

# A partita IVA with a valid check digit made of invented digits (see ptp/placements/hosts/demo.py).
PARTITA_IVA = "91000010453"
TODAY = dt.date(2026, 11, 26)


def make_ready(company: Organization, **changes: str) -> Organization:
    """Gives the company what a host registration checks: partita IVA, ATECO, seat, e-mail."""
    values = {
        "partita_iva": PARTITA_IVA,
        "ateco": "55.10.00",
        "address": "Via del Porto 1",
        "email": "info@impresa-prova.invalid",
    } | changes
    for name, value in values.items():
        setattr(company, name, value)
    company.save()
    return company


def enroll(net, *, accepted: bool = True, agreement=None, by=None) -> HostEnrollment:
    """net.company registered as a host of net.hub (framework agreement accepted by default)."""
    return HostEnrollment.objects.create(
        hub=net.hub,
        organization=net.company,
        seat_address="Via del Porto 1, Massa",
        framework_agreement=agreement,
        framework_accepted_at=timezone.now() if accepted else None,
        framework_accepted_by=by,
    )


def make_opportunity(
    net,
    *,
    title: str = "Addetto al ricevimento",
    status: str = OpportunityStatus.PUBLISHED,
    windows: tuple[tuple[dt.date, dt.date, int], ...] = (
        (dt.date(2027, 6, 1), dt.date(2027, 7, 31), 3),
    ),
    host: Organization | None = None,
    hub=None,
    **fields,
) -> Opportunity:
    """An opportunity with its windows (start, end, seats), written directly."""
    values = {
        "kind": OpportunityKind.PCTO,
        "description": "Attività inventata per i test.",
        "municipality": (host or net.company).municipality,
        "sector": SectorFactory(),
        "risk_level": RiskLevel.LOW,
        "min_age": 16,
        "is_demo": True,
    } | fields
    opportunity = Opportunity.objects.create(
        host=host or net.company,
        hub=hub or net.hub,
        title=title,
        status=status,
        published_at=timezone.now() if status == OpportunityStatus.PUBLISHED else None,
        **values,
    )
    opportunity.search_text = search_document(opportunity.title, opportunity.description)
    opportunity.save(update_fields=["search_text"])
    for start, end, seats in windows:
        OpportunityWindow.objects.create(
            opportunity=opportunity, starts_on=start, ends_on=end, seats=seats, hours=80
        )
    return opportunity


def make_need(net, *, title: str = "Cuoco capo partita", **fields) -> SkillNeed:
    values = {
        "headcount": 2,
        "horizon": Horizon.SHORT,
        "municipality": net.company.municipality,
    } | fields
    return SkillNeed.objects.create(organization=net.company, hub=net.hub, title=title, **values)


def make_skill(label: str, **fields) -> Skill:
    """A skill the pickers' search finds by its label (the search columns filled as on import)."""
    return SkillFactory(
        label_it=label,
        **search_columns(label_it=label, label_en="", alt_labels_it="", alt_labels_en=""),
        **fields,
    )


def make_occupation(label: str) -> Occupation:
    return OccupationFactory(
        label_it=label,
        **search_columns(label_it=label, label_en="", alt_labels_it="", alt_labels_en=""),
    )


def fresh_search() -> None:
    """What a service's commit does for the public pages: a new index, no cached page."""
    caches["public_pages"].clear()
    search.forget_index()


@pytest.fixture(autouse=False)
def opportunity_index():
    """Starts and ends the test without a stale opportunity index in this process."""
    search.forget_index()
    yield
    search.forget_index()
