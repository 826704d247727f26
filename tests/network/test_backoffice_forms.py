"""The coordinator's forms: one happy path and the bad inputs people really type.

A refused form comes back with an Italian message and with what the user typed still in it.
"""

import datetime as dt
import html

import pytest

from ptp.audit.models import AuditAction, AuditEvent
from ptp.network.models import Membership, MembershipRole, Organization, OrganizationKind
from tests.factories import OrganizationFactory

HUB = "/gestione/poli/tnt"
VALID_PARTITA_IVA = "12345670017"  # invented; 7 digits, office 001, Luhn check digit 7


@pytest.fixture
def coord(login_as, coordinator):
    return login_as("coordinator")


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- Recording an existing organization joining -----------------------------------------------


def test_joining_happy_path(coord, net):
    response = coord.post(
        f"{HUB}/adesioni/nuova/",
        {
            "organization": net.other_org.pk,
            "role": "partner",
            "joined_on": "2021-09-01",
            "notes": "",
        },
    )

    assert (response.status_code, response.url) == (302, f"{HUB}/")
    membership = Membership.objects.active().get(hub=net.hub, organization=net.other_org)
    assert membership.joined_on == dt.date(2021, 9, 1)
    assert "Adesione registrata." in _text(coord.get(response.url))


def test_joining_before_the_hub_existed_is_refused_and_the_form_keeps_the_input(coord, net):
    response = coord.post(
        f"{HUB}/adesioni/nuova/",
        {
            "organization": net.other_org.pk,
            "role": "partner",
            "joined_on": "2010-09-01",
            "notes": "Nota scritta a mano",
        },
    )

    text = _text(response)
    assert response.status_code == 200
    assert "La data di adesione è precedente alla costituzione del polo (2015)." in text
    assert 'value="2010-09-01"' in text
    assert "Nota scritta a mano" in text
    assert f'<option value="{net.other_org.pk}" selected>' in text
    assert not Membership.objects.filter(hub=net.hub, organization=net.other_org).exists()


def test_active_members_are_not_offered_for_joining(coord, net):
    response = coord.get(f"{HUB}/adesioni/nuova/")

    offered = response.context["form"].fields["organization"].queryset
    assert net.other_org in offered
    assert net.company not in offered and net.lead_school not in offered


# --- A new organization and its joining, in one step -------------------------------------------


def _new_member(net, **overrides) -> dict:
    return {
        "name": "Hotel di prova «Le Dune»",
        "kind": OrganizationKind.COMPANY,
        "partita_iva": VALID_PARTITA_IVA,
        "ateco": "55.10.00",
        "municipality": net.company.municipality_id,
        "role": MembershipRole.PARTNER,
        "joined_on": "2022-09-01",
        **overrides,
    }


def test_new_organization_happy_path_normalises_codes(coord, net):
    response = coord.post(
        f"{HUB}/soggetti/nuovo/", _new_member(net, partita_iva=" IT 1234567 0017 ")
    )

    assert response.status_code == 302
    org = Organization.objects.get(name="Hotel di prova «Le Dune»")
    assert (org.partita_iva, org.ateco, org.is_demo) == (VALID_PARTITA_IVA, "55.10.00", False)
    assert Membership.objects.active().filter(hub=net.hub, organization=org).exists()
    assert set(AuditEvent.objects.filter(hub=net.hub).values_list("object_type", flat=True)) >= {
        "network.organization",
        "network.membership",
    }


@pytest.mark.parametrize(
    ("field", "typed", "kind", "message"),
    [
        (
            "codice_fiscale",
            "TSTPRV80A01F02",
            OrganizationKind.COMPANY,
            "Il codice fiscale «TSTPRV80A01F02» non è valido: controlla lunghezza e carattere di controllo.",
        ),
        (
            "partita_iva",
            "12345670018",
            OrganizationKind.COMPANY,
            "La partita IVA «12345670018» non è valida: servono 11 cifre con la cifra di controllo corretta.",
        ),
        (
            "codice_meccanografico",
            "ZZIS00600A",
            OrganizationKind.TECHNICAL_SCHOOL,
            "Il codice meccanografico «ZZIS00600A» non inizia con la sigla di una provincia italiana.",
        ),
        (
            "codice_meccanografico",
            "MSIS0060",
            OrganizationKind.TECHNICAL_SCHOOL,
            "Il codice meccanografico «MSIS0060» non è valido: servono 10 lettere o cifre",
        ),
        (
            "ateco",
            "99.99.99",
            OrganizationKind.COMPANY,
            "Il codice ATECO «99.99.99» non esiste nella classificazione ATECO 2025.",
        ),
    ],
    ids=[
        "codice-fiscale",
        "partita-iva",
        "meccanografico-province",
        "meccanografico-length",
        "ateco",
    ],
)
def test_new_organization_with_an_invalid_code(coord, net, field, typed, kind, message):
    data = _new_member(net, kind=kind, **{field: typed})
    if kind != OrganizationKind.COMPANY:
        data["partita_iva"] = ""

    response = coord.post(f"{HUB}/soggetti/nuovo/", data)

    text = _text(response)
    assert response.status_code == 200
    assert message in text
    assert f'value="{typed}"' in text  # what the user typed is still there to correct
    assert 'value="Hotel di prova «Le Dune»"' in text
    assert not Organization.objects.filter(name="Hotel di prova «Le Dune»").exists()


def test_an_invalid_partita_iva_is_not_also_reported_as_missing(coord, net):
    response = coord.post(f"{HUB}/soggetti/nuovo/", _new_member(net, partita_iva="123"))

    assert response.context["form"].errors["partita_iva"] == [
        "La partita IVA «123» non è valida: servono 11 cifre con la cifra di controllo corretta."
    ]


def test_a_school_needs_its_codice_meccanografico(coord, net):
    response = coord.post(
        f"{HUB}/soggetti/nuovo/",
        _new_member(net, kind=OrganizationKind.TECHNICAL_SCHOOL, partita_iva=""),
    )

    assert "Per una scuola statale o paritaria serve il codice meccanografico." in _text(response)


def test_a_partita_iva_already_registered_names_its_holder(coord, net):
    OrganizationFactory(name="Impresa già registrata", partita_iva=VALID_PARTITA_IVA)

    response = coord.post(f"{HUB}/soggetti/nuovo/", _new_member(net))

    assert response.context["form"].errors["partita_iva"] == [
        "Questa partita IVA è già registrata per Impresa già registrata."
    ]


def test_a_founding_member_added_years_later_is_refused_by_the_service(coord, net):
    response = coord.post(f"{HUB}/soggetti/nuovo/", _new_member(net, is_founding="on"))

    assert response.status_code == 200
    assert "Un socio fondatore aderisce nell'anno di costituzione del polo (2015)." in _text(
        response
    )
    assert not Organization.objects.filter(partita_iva=VALID_PARTITA_IVA).exists()


# --- Leaving ---------------------------------------------------------------------------------


def test_leaving_happy_path(coord, net):
    url = f"{HUB}/adesioni/{net.company_membership.pk}/uscita/"

    response = coord.post(url, {"left_on": "2024-08-31", "notes": "Chiusura stagionale"})

    assert response.status_code == 302
    net.company_membership.refresh_from_db()
    assert net.company_membership.left_on == dt.date(2024, 8, 31)
    assert "Chiusura stagionale" in net.company_membership.notes


def test_leaving_before_joining_is_refused_with_the_joining_date(coord, net):
    url = f"{HUB}/adesioni/{net.company_membership.pk}/uscita/"

    response = coord.post(url, {"left_on": "2018-08-31", "notes": "Motivo scritto"})

    text = _text(response)
    assert response.status_code == 200
    assert "La data di uscita non può precedere quella di adesione (01/09/2018)." in text
    assert 'value="2018-08-31"' in text and "Motivo scritto" in text
    net.company_membership.refresh_from_db()
    assert net.company_membership.left_on is None


def test_the_lead_leaving_page_explains_the_transfer(coord, net):
    url = f"{HUB}/adesioni/{net.lead_membership.pk}/uscita/"

    response = coord.post(url, {"left_on": "2024-08-31"})

    assert "usa il passaggio di capofila" in _text(response)


# --- Lead transfer ---------------------------------------------------------------------------


def test_lead_transfer_happy_path(coord, net):
    response = coord.post(
        f"{HUB}/capofila/", {"new_lead": net.school_membership.pk, "on": "2024-09-01"}
    )

    assert response.status_code == 302
    lead = Membership.objects.for_hub(net.hub).active().leads().get()
    assert lead.organization == net.school


def test_lead_transfer_bad_input(coord, net):
    response = coord.post(
        f"{HUB}/capofila/", {"new_lead": net.lead_membership.pk, "on": "2024-09-01"}
    )
    assert response.status_code == 200
    assert "Scegli un'opzione valida." in _text(response)  # the lead is not among the choices

    response = coord.post(
        f"{HUB}/capofila/", {"new_lead": net.company_membership.pk, "on": "2017-01-01"}
    )
    assert "non può precedere quella di adesione (01/09/2018)" in _text(response)
    assert 'value="2017-01-01"' in _text(response)
    assert Membership.objects.for_hub(net.hub).active().leads().get() == net.lead_membership


# --- Editing an organization -----------------------------------------------------------------


def _school_data(net, **overrides) -> dict:
    return {
        "name": net.school.name,
        "kind": net.school.kind,
        "codice_meccanografico": "MSRH01000X",
        "municipality": net.school.municipality_id,
        "address": "Via del Mare 1",
        **overrides,
    }


def test_staff_edit_their_organization_and_the_change_is_audited(login_as, net, school_staff):
    response = login_as("school_staff").post(
        "/gestione/soggetti/istituto-partner/modifica/",
        _school_data(net, codice_meccanografico="ms rh 01000x"),
    )

    assert (response.status_code, response.url) == (302, "/gestione/")
    net.school.refresh_from_db()
    assert (net.school.codice_meccanografico, net.school.address) == (
        "MSRH01000X",
        "Via del Mare 1",
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="network.organization")
    assert event.actor == school_staff and event.hub_id == net.hub.pk
    assert event.before == {"codice_meccanografico": "", "address": ""}
    assert event.after == {"codice_meccanografico": "MSRH01000X", "address": "Via del Mare 1"}


def test_editing_with_a_bad_code_keeps_the_input(login_as, net, school_staff):
    response = login_as("school_staff").post(
        "/gestione/soggetti/istituto-partner/modifica/",
        _school_data(net, codice_meccanografico="XX123", address="Via Nuova 2"),
    )

    text = _text(response)
    assert response.status_code == 200
    assert "Il codice meccanografico «XX123» non è valido" in text
    assert 'value="XX123"' in text and 'value="Via Nuova 2"' in text
    net.school.refresh_from_db()
    assert net.school.address == ""


def test_an_organization_keeps_its_own_codice_meccanografico(login_as, net, school_staff):
    Organization.objects.filter(pk=net.school.pk).update(codice_meccanografico="MSRH01000X")

    response = login_as("school_staff").post(
        "/gestione/soggetti/istituto-partner/modifica/", _school_data(net)
    )

    assert response.status_code == 302  # its own code is not "already registered"
