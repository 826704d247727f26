"""Who gets what in the back office: every non-public URL × every persona.

The rules (ptp/network/permissions.py): the hub's coordinator manages it; the regional officer and
staff of active member organizations see the hub's back office and download its agreements but get
403 on management pages and on the audit log; another hub's coordinator, students and outsiders do
not see the hub at all (404). An organization is edited by its own staff and by coordinators of hubs
it actively belongs to; the regional officer sees it (403); anybody else gets 404.
"""

import pytest
from django.urls import URLPattern, resolve

from ptp.accounts.models import Role, RoleGrant
from ptp.audit.models import AuditEvent
from ptp.network import backoffice_urls
from ptp.network.models import Membership
from tests.conftest import PERSONAS
from tests.factories import RegionFactory, RoleGrantFactory, UserFactory

HUB = "/gestione/poli/tnt"
LOGIN = "→login"  # 302 to /accedi/?next=<the url>

# fmt: off
MATRIX = [
    # method  url                                         anon   stud  school comp  coord other region outsider
    ("GET",  "/gestione/",                               (LOGIN, 200,  200,  200,  200,  200,  200,  200)),
    ("GET",  f"{HUB}/",                                  (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("GET",  f"{HUB}/accordi/1/documento/",              (LOGIN, 404,  200,  200,  200,  404,  200,  404)),
    ("GET",  f"{HUB}/adesioni/nuova/",                   (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/adesioni/nuova/",                   (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/soggetti/nuovo/",                   (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/soggetti/nuovo/",                   (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/adesioni/{{company_m}}/uscita/",    (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/adesioni/{{company_m}}/uscita/",    (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/capofila/",                         (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/capofila/",                         (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/accordi/nuovo/",                    (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/accordi/nuovo/",                    (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/inviti/nuovo/",                     (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("POST", f"{HUB}/inviti/nuovo/",                     (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/registro/",                         (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  f"{HUB}/registro/?formato=csv",             (LOGIN, 404,  403,  403,  200,  404,  403,  404)),
    ("GET",  "/gestione/soggetti/istituto-partner/modifica/", (LOGIN, 404, 200, 404, 200,  404,  403,  404)),
    ("POST", "/gestione/soggetti/istituto-partner/modifica/", (LOGIN, 404, 200, 404, 200,  404,  403,  404)),
]
# fmt: on


def _cases():
    for method, url, row in MATRIX:
        assert len(row) == len(PERSONAS)
        for persona, expected in zip(PERSONAS, row, strict=True):
            yield pytest.param(method, url, persona, expected, id=f"{method} {url} {persona}")


@pytest.mark.parametrize(("method", "url", "persona", "expected"), list(_cases()))
def test_backoffice_matrix(method, url, persona, expected, net, login_as, request):
    if "/accordi/1/" in url:
        request.getfixturevalue("agreement")
    client = login_as(persona)
    url = url.format(company_m=net.company_membership.pk)
    events, memberships = AuditEvent.objects.count(), Membership.objects.count()

    # An empty POST is enough: refused requests must not get as far as validating it.
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        # Reading a served agreement to the end lets the test client close its file; calling
        # close() again would fire request_finished and close the database connection.
        b"".join(response.streaming_content)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url == f"/accedi/?next={url.replace('?', '%3F').replace('=', '%3D')}"
    else:
        assert response.status_code == expected
    if method == "POST":
        assert (AuditEvent.objects.count(), Membership.objects.count()) == (events, memberships)


def test_the_matrix_covers_every_back_office_route():
    """A route added to backoffice_urls.py without a row above fails here. Included URL modules
    (a later capability's pages under a hub) carry their own matrix in their own tests."""
    routes = {p.name for p in backoffice_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = {resolve(url.format(company_m=1).split("?")[0]).url_name for _, url, _ in MATRIX}

    assert covered == routes


INVITEE = "scuola@example.invalid"  # the school_staff persona's own address
HOME = "→home"  # 302 to /gestione/

# fmt: off
INVITATION_MATRIX = [
    # what the persona does                                anon   stud school comp  coord other region outsider
    ("GET the link for a new address",                     (200,  200,  200,  200,  200,  200,  200,  200)),
    ("POST the link for the school staff's address",       (LOGIN, 200, HOME, 200,  200,  200,  200,  200)),
    ("GET a forged link",                                  (410,  410,  410,  410,  410,  410,  410,  410)),
]
# fmt: on


def _invitation_cases():
    for what, row in INVITATION_MATRIX:
        for persona, expected in zip(PERSONAS, row, strict=True):
            yield pytest.param(what, persona, expected, id=f"{what} {persona}")


@pytest.mark.parametrize(("what", "persona", "expected"), list(_invitation_cases()))
def test_invitation_page_matrix(what, persona, expected, net, school_staff, invite, login_as):
    """Anyone with the link sees the invitation; only the invited account can take the role."""
    if what.startswith("GET the link"):
        _, token = invite()
    elif what.startswith("POST"):
        _, token = invite(email=INVITEE, role=Role.HUB_COORDINATOR)
    else:
        _, token = invite()
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    client = login_as(persona)
    url = f"/invito/{token}/"

    response = client.get(url) if what.startswith("GET") else client.post(url, {})

    granted = RoleGrant.objects.filter(user=school_staff, role=Role.HUB_COORDINATOR, hub=net.hub)
    if expected == LOGIN:
        assert (response.status_code, response.url) == (302, f"/accedi/?next={url}")
    elif expected == HOME:
        assert (response.status_code, response.url) == (302, "/gestione/")
    else:
        assert response.status_code == expected
    assert granted.exists() == (expected == HOME)
    if what.startswith("POST") and expected == 200:
        assert f"L&#x27;invito è per {INVITEE}" in response.text


# --- Edges of the scopes ----------------------------------------------------------------------


def test_officer_of_another_region_does_not_see_the_hub_or_its_members(client, net):
    officer = UserFactory(email="lombardia@example.invalid")
    region = RegionFactory(codice_istat="03", name="Lombardia", slug="lombardia")
    RoleGrantFactory(user=officer, role=Role.REGIONAL_OFFICER, region=region)
    client.force_login(officer)

    assert client.get(f"{HUB}/").status_code == 404
    assert client.get("/gestione/soggetti/istituto-partner/modifica/").status_code == 404


def test_staff_of_an_organization_that_left_no_longer_sees_the_hub(login_as, net, company_staff):
    Membership.objects.filter(pk=net.company_membership.pk).update(left_on="2024-08-31")
    client = login_as("company_staff")

    assert client.get(f"{HUB}/").status_code == 404
    # Its own organization stays editable by its staff.
    assert client.get("/gestione/soggetti/impresa-partner/modifica/").status_code == 200


def test_coordinator_cannot_edit_an_organization_that_left_the_hub(login_as, net, coordinator):
    Membership.objects.filter(pk=net.company_membership.pk).update(left_on="2024-08-31")

    response = login_as("coordinator").get("/gestione/soggetti/impresa-partner/modifica/")

    assert response.status_code == 404


def test_each_coordinator_manages_only_their_own_hub(login_as, net, coordinator, other_coordinator):
    own = login_as("other_coordinator")
    assert own.get("/gestione/poli/altro/capofila/").status_code == 200
    assert own.get("/gestione/soggetti/impresa-pisa/modifica/").status_code == 200

    client = login_as("coordinator")
    assert client.get("/gestione/poli/altro/").status_code == 404
    assert client.get("/gestione/poli/altro/capofila/").status_code == 404
    assert client.get("/gestione/soggetti/impresa-pisa/modifica/").status_code == 404


def test_a_membership_of_another_hub_is_not_reachable_through_this_hub(login_as, net, coordinator):
    other = Membership.objects.get(hub=net.other_hub)

    response = login_as("coordinator").get(f"{HUB}/adesioni/{other.pk}/uscita/")

    assert response.status_code == 404


def test_unknown_hub_and_agreement_version_are_404(login_as, net, agreement, coordinator):
    client = login_as("coordinator")

    assert client.get("/gestione/poli/inesistente/").status_code == 404
    assert client.get(f"{HUB}/accordi/2/documento/").status_code == 404


def test_a_revoked_grant_gives_no_access(login_as, net, coordinator):
    RoleGrant.objects.filter(user=coordinator).update(revoked_at="2026-01-01T00:00:00Z")

    assert login_as("coordinator").get(f"{HUB}/").status_code == 404


def test_an_inactive_account_cannot_use_the_back_office(client, net, coordinator):
    client.force_login(coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    response = client.get(f"{HUB}/")

    assert response.status_code == 302  # the session of a deactivated account is dropped
