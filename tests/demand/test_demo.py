"""Demo hosts, opportunities, needs and bulletin on top of `seed_demo` (Polo TNT): what they
contain, that they are demo and invented, and that seeding again changes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from ptp.demand.demo import seed_demo_bulletin, seed_demo_needs
from ptp.demand.models import DemandBulletin, LabourDemand, NeedStatus, SkillNeed
from ptp.lib.codes import validate_partita_iva
from ptp.network.models import Hub
from ptp.placements.hosts.demo import seed_demo_hosts
from ptp.placements.models import HostEnrollment, Opportunity, OpportunityStatus
from ptp.placements.opportunities.demo import seed_demo_opportunities
from tests.demand.builders import fresh_search


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    moment = time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC), tick=False)
    with django_db_blocker.unblock(), fast, moment, transaction.atomic():
        call_command("load_reference_data", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        hub = Hub.objects.get(slug="tnt")
        yield {
            "hub": hub,
            "hosts": seed_demo_hosts(hub),
            "opportunities": seed_demo_opportunities(hub),
            "needs": seed_demo_needs(hub),
            "bulletin": seed_demo_bulletin(),
        }
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_the_demo_companies_are_registered_hosts(demo):
    hosts = demo["hosts"]

    assert len(hosts) == 6  # the active demo companies of Polo TNT (one left in 2022)
    for enrollment in hosts:
        assert enrollment.is_demo and enrollment.has_framework_agreement
        assert enrollment.framework_agreement.hub == demo["hub"]
        tutor = enrollment.framework_accepted_by
        assert tutor.email.endswith(".invalid") and tutor.full_name.endswith("(demo)")
        assert validate_partita_iva(enrollment.organization.partita_iva)


def test_the_demo_opportunities(demo, client):
    opportunities = demo["opportunities"]

    assert len(opportunities) == 8 and all(o.is_demo for o in opportunities)
    assert sum(o.status == OpportunityStatus.PUBLISHED for o in opportunities) == 7
    beach = next(o for o in opportunities if "spiaggia" in o.title)
    assert (beach.involves_minor_excluded_work, beach.min_age) == (True, 18)
    years = {w.starts_on.year for o in opportunities for w in o.windows.all()}
    assert years == {2026, 2027}
    assert all(o.skills_developed.exists() for o in opportunities)
    fresh_search()
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get("/opportunita/")
    # The seven above, and the one seed_demo's placements add for the demo company tutor.
    assert page.context["page"].paginator.count == 8
    assert "Impresa del polo" in page.content.decode()  # the travel agency hides its name


def test_the_demo_needs_and_bulletin(demo):
    needs = demo["needs"]

    assert len(needs) == 7
    assert all(n.is_demo and n.status == NeedStatus.OPEN and n.skills.exists() for n in needs)
    assert sum(n.occupation is not None for n in needs) == 7
    bulletin = demo["bulletin"]
    assert bulletin.is_demo and bulletin.rows == 54
    assert LabourDemand.objects.filter(bulletin=bulletin).count() == 54


def test_seeding_again_changes_nothing(demo):
    hub = demo["hub"]
    before = (
        HostEnrollment.objects.count(),
        Opportunity.objects.count(),
        SkillNeed.objects.count(),
        DemandBulletin.objects.count(),
    )

    seed_demo_hosts(hub)
    seed_demo_opportunities(hub)
    seed_demo_needs(hub)
    assert seed_demo_bulletin() == demo["bulletin"]

    after = (
        HostEnrollment.objects.count(),
        Opportunity.objects.count(),
        SkillNeed.objects.count(),
        DemandBulletin.objects.count(),
    )
    assert after == before
