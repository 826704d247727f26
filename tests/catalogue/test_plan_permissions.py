"""Who gets what on the offer-plan pages: every plan URL × every persona.

The rules (ptp/catalogue/permissions.py): everyone who sees the hub's back office (coordinator,
member staff, regional officer) sees the plans, their analysis and the comparison; the coordinator
starts plans and changes their state; member staff add items and remove their own (403 on state
changes); the regional officer only looks (403 on every write); another hub's coordinator,
students and outsiders do not see the hub at all (404).
"""

import pytest

from ptp.audit.models import AuditEvent
from ptp.catalogue.models import OfferPlan, OfferPlanItem
from tests.catalogue.plan_helpers import plan_world
from tests.conftest import PERSONAS
from tests.factories import OfferPlanFactory

PLAN = "/gestione/poli/tnt/piano"
LOGIN = "→login"  # 302 to /accedi/?next=<the url>

# fmt: off
MATRIX = [
    # method  url                                              anon   stud  school comp  coord other region outsider
    ("GET",  f"{PLAN}/",                                      (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("POST", f"{PLAN}/",                                      (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{PLAN}/{{plan}}/",                             (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("GET",  f"{PLAN}/{{plan}}/?tabella=voci&formato=csv",    (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("POST", f"{PLAN}/{{plan}}/stato/",                       (LOGIN, 404,  403,  403,  302,  404,  403,  404)),
    ("GET",  f"{PLAN}/{{plan}}/voci/nuova/",                  (LOGIN, 404,  200,  200,  200,  404,  403,  404)),
    ("POST", f"{PLAN}/{{plan}}/voci/nuova/",                  (LOGIN, 404,  200,  200,  200,  404,  403,  404)),
    ("POST", f"{PLAN}/{{plan}}/voci/{{school_item}}/rimuovi/", (LOGIN, 404,  302,  403,  302,  404,  403,  404)),
    ("GET",  f"{PLAN}/{{plan}}/analisi/",                     (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("GET",  f"{PLAN}/{{plan}}/analisi/?tabella=lacune-figure&formato=xlsx", (LOGIN, 404, 200, 200, 200, 404, 200, 404)),
    ("GET",  f"{PLAN}/confronta/",                            (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("GET",  f"{PLAN}/confronta/?da={{plan}}&a={{other_version}}", (LOGIN, 404, 200, 200, 200, 404, 200, 404)),
    ("GET",  f"{PLAN}/confronta/?da={{plan}}&a={{other_version}}&tabella=voci-aggiunte&formato=csv", (LOGIN, 404, 200, 200, 200, 404, 200, 404)),
]
# fmt: on


def _cases():
    for method, url, row in MATRIX:
        assert len(row) == len(PERSONAS)
        for persona, expected in zip(PERSONAS, row, strict=True):
            yield pytest.param(method, url, persona, expected, id=f"{method} {url} {persona}")


@pytest.mark.parametrize(("method", "url", "persona", "expected"), list(_cases()))
def test_plan_matrix(method, url, persona, expected, net, login_as):
    world = plan_world(net)
    other_version = OfferPlanFactory(hub=net.hub, first_year=2023, status="approved")
    school_item = world.plan.items.get(proposed_by=net.school)
    url = url.format(plan=world.plan.pk, other_version=other_version.pk, school_item=school_item.pk)
    client = login_as(persona)
    before = (AuditEvent.objects.count(), OfferPlan.objects.count(), OfferPlanItem.objects.count())

    # An empty POST is enough: refused requests must not get as far as validating it.
    response = client.get(url) if method == "GET" else client.post(url, {})

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected
    after = (AuditEvent.objects.count(), OfferPlan.objects.count(), OfferPlanItem.objects.count())
    if method == "POST" and expected != 302:
        assert after == before
    if (
        expected == 302 and "rimuovi" in url
    ):  # the school's own item, removed by it or by the coordinator
        assert not OfferPlanItem.objects.filter(pk=school_item.pk).exists()


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "school_staff", "outsider"])
def test_removing_with_get_is_not_allowed(persona, net, login_as):
    world = plan_world(net)
    item = world.plan.items.first()
    response = login_as(persona).get(f"{PLAN}/{world.plan.pk}/voci/{item.pk}/rimuovi/")
    assert response.status_code == (302 if persona == "anonymous" else 405)
    assert OfferPlanItem.objects.filter(pk=item.pk).exists()


def test_a_plan_of_another_hub_is_not_found_through_this_hub(
    net, coordinator, other_coordinator, client
):
    foreign = OfferPlanFactory(hub=net.other_hub)
    client.force_login(coordinator)
    assert client.get(f"{PLAN}/{foreign.pk}/").status_code == 404
    assert client.get(f"{PLAN}/{foreign.pk}/analisi/").status_code == 404
    assert client.post(f"{PLAN}/{foreign.pk}/stato/", {"azione": "proponi"}).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(f"/gestione/poli/altro/piano/{foreign.pk}/").status_code == 200


def test_an_item_of_another_plan_is_not_found(net, coordinator, client):
    world = plan_world(net)
    other = OfferPlanFactory(hub=net.hub, first_year=2029)
    item = world.plan.items.first()
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/{other.pk}/voci/{item.pk}/rimuovi/")
    assert response.status_code == 404
    assert OfferPlanItem.objects.filter(pk=item.pk).exists()


def test_staff_of_a_member_that_left_no_longer_see_the_plans(net, school_staff, client):
    plan_world(net)
    net.school_membership.left_on = net.school_membership.joined_on.replace(year=2024)
    net.school_membership.save()
    client.force_login(school_staff)
    assert client.get(f"{PLAN}/").status_code == 404


def test_the_hub_overview_links_to_the_plan(net, school_staff, client):
    client.force_login(school_staff)
    response = client.get("/gestione/poli/tnt/")
    assert f'href="{PLAN}/"' in response.content.decode()
