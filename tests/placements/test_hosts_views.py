"""The host pages of a company's back office: who reaches them, registering, accepting the
framework agreement, inviting a tutor, and a bound on their queries."""

import pytest

from ptp.accounts.models import Invitation, Role
from ptp.placements.models import HostEnrollment
from tests.conftest import PERSONAS
from tests.demand.builders import enroll, make_ready
from tests.factories import HubFactory, MembershipFactory, RoleGrantFactory

BASE = "/gestione/ospiti/impresa-partner/"
OVERVIEW = BASE
REGISTER = BASE + "poli/tnt/registrazione/"
ACCEPT = BASE + "poli/tnt/convenzione/"
EDIT = BASE + "poli/tnt/dati/"
INVITE = BASE + "tutor/invita/"
LOGIN = "login"

# fmt: off
MATRIX = [
    # url       anon   student school company coord other region outsider
    (OVERVIEW, (LOGIN, 404,    404,   200,    200,  404,  200,   404)),
    (REGISTER, (LOGIN, 404,    404,   200,    200,  404,  403,   404)),
    (ACCEPT,   (LOGIN, 404,    404,   200,    200,  404,  403,   404)),
    (EDIT,     (LOGIN, 404,    404,   200,    200,  404,  403,   404)),
    (INVITE,   (LOGIN, 404,    404,   200,    200,  404,  403,   404)),
]
# fmt: on


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [(url, p, e) for url, row in MATRIX for p, e in zip(PERSONAS, row, strict=True)],
)
def test_who_reaches_the_host_pages(url, persona, expected, net, login_as, agreement):
    enroll(net, accepted=False)

    _expect(login_as(persona).get(url), expected)


@pytest.mark.parametrize("persona", ["school_staff", "coordinator", "regional_officer"])
def test_a_school_has_no_host_pages(persona, net, login_as):
    assert login_as(persona).get("/gestione/ospiti/istituto-partner/").status_code == 404


def test_hubs_the_company_does_not_belong_to_do_not_exist_here(net, login_as):
    make_ready(net.company)

    assert login_as("company_staff").get(BASE + "poli/altro/registrazione/").status_code == 404
    assert login_as("company_staff").get(BASE + "poli/nessuno/registrazione/").status_code == 404


def test_accepting_needs_a_registration_first(net, login_as, agreement):
    assert login_as("company_staff").get(ACCEPT).status_code == 404


def test_the_coordinator_of_another_hub_of_the_company_cannot_act_in_this_one(
    net, login_as, other_coordinator
):
    MembershipFactory(hub=net.other_hub, organization=net.company)

    client = login_as("other_coordinator")
    assert client.get(OVERVIEW).status_code == 200
    assert client.get(REGISTER).status_code == 403
    assert client.get(BASE + "poli/altro/registrazione/").status_code == 200


def test_registering_with_the_agreement_accepted(net, login_as, company_staff, agreement):
    make_ready(net.company)
    page = login_as("company_staff").get(REGISTER).content.decode()
    assert "versione 1" in page and "/gestione/poli/tnt/accordi/1/documento/" in page

    response = login_as("company_staff").post(
        REGISTER,
        {
            "seat_address": "Via del Porto 1",
            "inail_position": "123",
            "liability_policy": "",
            "accept": "on",
        },
    )

    assert (response.status_code, response.url) == (302, OVERVIEW)
    enrollment = HostEnrollment.objects.get(hub=net.hub, organization=net.company)
    assert (enrollment.framework_agreement, enrollment.framework_accepted_by) == (
        agreement,
        company_staff,
    )
    page = login_as("company_staff").get(OVERVIEW).content.decode()
    assert "Registrata, convenzione quadro accettata" in page


def test_a_missing_seat_keeps_what_was_typed(net, login_as, agreement):
    make_ready(net.company, address="")

    response = login_as("company_staff").post(
        REGISTER, {"seat_address": "", "inail_position": "PAT-777", "accept": "on"}
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Questo campo è obbligatorio." in page
    assert 'value="PAT-777"' in page
    assert not HostEnrollment.objects.exists()


def test_a_company_with_missing_data_is_told_what_to_complete(net, login_as, company_staff):
    make_ready(net.company, partita_iva="")

    response = login_as("coordinator").post(REGISTER, {"seat_address": "Via del Porto 1"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Prima della registrazione completa: Partita IVA: mancante." in page
    assert 'value="Via del Porto 1"' in page


def test_accepting_the_agreement_after_registering(net, login_as, coordinator, agreement):
    enrollment = enroll(net, accepted=False)
    client = login_as("coordinator")

    missing_tick = client.post(ACCEPT, {"version": 1})
    assert "Spunta la casella per accettare la convenzione quadro." in missing_tick.content.decode()

    response = client.post(ACCEPT, {"accept": "on", "version": 1})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.framework_accepted_by == coordinator

    again = client.post(ACCEPT, {"accept": "on", "version": 1})
    assert "non si accetta due volte" in again.content.decode()


def test_editing_the_host_details(net, login_as):
    enrollment = enroll(net)
    client = login_as("company_staff")

    bad = client.post(EDIT, {"seat_address": "", "liability_policy": "RC 9"})
    assert "Questo campo è obbligatorio." in bad.content.decode()
    assert 'value="RC 9"' in bad.content.decode()

    assert client.post(EDIT, {"seat_address": "Via Nuova 3"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.seat_address == "Via Nuova 3"


def test_inviting_a_tutor_sends_a_link(
    net, login_as, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("company_staff")

    bad = client.post(INVITE, {"email": "non-un-indirizzo", "hub": net.hub.pk})
    assert "Inserisci un indirizzo email valido." in bad.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, {"email": "Tutor.Nuovo@example.invalid", "hub": net.hub.pk})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organization) == (
        "tutor.nuovo@example.invalid",
        Role.ORGANIZATION_STAFF,
        net.company,
    )
    assert [m.to for m in mailoutbox] == [["tutor.nuovo@example.invalid"]]
    assert "tutor.nuovo@example.invalid" in client.get(OVERVIEW).content.decode()


@pytest.mark.parametrize("persona", ["company_staff", "coordinator"])
def test_overview_queries_do_not_grow(
    persona, net, login_as, agreement, request, django_assert_max_num_queries
):
    client = login_as(persona)
    inviter = request.getfixturevalue("coordinator")
    enroll(net)
    with django_assert_max_num_queries(14) as small:
        client.get(OVERVIEW)
    for n in range(6):
        hub = HubFactory()
        MembershipFactory(hub=hub, organization=net.company)
        RoleGrantFactory(role=Role.ORGANIZATION_STAFF, organization=net.company)
        Invitation.objects.create(
            email=f"invito{n}@example.invalid",
            role=Role.ORGANIZATION_STAFF,
            hub=hub,
            organization=net.company,
            invited_by=inviter,
        )
    with django_assert_max_num_queries(14) as large:
        client.get(OVERVIEW)
    assert len(large.captured_queries) == len(small.captured_queries)
