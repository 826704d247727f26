"""Registering a company as a host and accepting the hub's framework agreement: the rules."""

import datetime as dt

import pytest

from ptp.accounts.models import Role
from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.network.services import upload_agreement
from ptp.placements.hosts.queries import host_enrollment, host_overview
from ptp.placements.hosts.services import (
    HostDetails,
    accept_framework_agreement,
    register_host,
    update_host_details,
)
from tests.conftest import upload
from tests.demand.builders import enroll, make_ready
from tests.factories import RoleGrantFactory

DETAILS = HostDetails(
    seat_address="Via del Porto 1, Massa", inail_position="12345678", liability_policy="RC 42"
)


@pytest.fixture
def ready(net, company_staff):
    """net.company with valid codes, a seat, an e-mail and a tutor (company_staff)."""
    return make_ready(net.company)


def test_registration_records_the_host_and_the_acceptance_once(
    net, ready, company_staff, agreement
):
    enrollment = register_host(
        actor=company_staff,
        hub=net.hub,
        organization=net.company,
        details=DETAILS,
        accept_agreement_version=agreement.version,
    )

    assert enrollment.has_framework_agreement
    assert (enrollment.framework_agreement, enrollment.framework_accepted_by) == (
        agreement,
        company_staff,
    )
    assert host_enrollment(net.hub, net.company) == enrollment
    summaries = list(
        AuditEvent.objects.filter(hub=net.hub, object_type="placements.hostenrollment")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "Impresa partner registrata come soggetto ospitante",
        "Impresa partner ha accettato la convenzione quadro (versione 1)",
    ]


def test_the_framework_agreement_is_accepted_once(
    net, ready, company_staff, coordinator, agreement
):
    enrollment = register_host(
        actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS
    )
    assert not enrollment.has_framework_agreement

    accept_framework_agreement(actor=coordinator, enrollment=enrollment, agreement_version=1)
    with pytest.raises(
        ConflictError, match=r"già stata accettata .* da coordinatore@example\.invalid"
    ):
        accept_framework_agreement(actor=company_staff, enrollment=enrollment, agreement_version=1)

    enrollment.refresh_from_db()
    assert enrollment.framework_accepted_by == coordinator


def test_a_newer_agreement_must_be_the_one_accepted(
    net, ready, company_staff, coordinator, agreement, pdf_bytes
):
    enrollment = register_host(
        actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS
    )
    upload_agreement(
        actor=coordinator,
        hub=net.hub,
        title="Accordo rivisto",
        signed_on=dt.date(2020, 1, 10),
        document=upload(pdf_bytes),
    )

    with pytest.raises(ConflictError, match="versione 2"):
        accept_framework_agreement(actor=company_staff, enrollment=enrollment, agreement_version=1)
    enrollment.refresh_from_db()
    assert not enrollment.has_framework_agreement


def test_without_an_agreement_there_is_nothing_to_accept(net, ready, company_staff):
    enrollment = register_host(
        actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS
    )

    with pytest.raises(InvalidInputError, match="non ha ancora caricato la convenzione quadro"):
        accept_framework_agreement(actor=company_staff, enrollment=enrollment, agreement_version=1)


def test_a_company_registers_once_per_hub(net, ready, company_staff):
    register_host(actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS)

    with pytest.raises(ConflictError, match="già registrata"):
        register_host(actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS)


def test_companies_outside_the_hub_are_refused(net, ready, company_staff):
    with pytest.raises(InvalidInputError, match="non è socio attivo del Altro"):
        register_host(
            actor=company_staff, hub=net.other_hub, organization=net.company, details=DETAILS
        )


def test_a_company_that_left_the_hub_is_refused(net, ready, company_staff):
    net.company_membership.left_on = dt.date(2024, 8, 31)
    net.company_membership.save()

    with pytest.raises(InvalidInputError, match="non è socio attivo del Polo TNT"):
        register_host(actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS)


def test_only_companies_register_as_hosts(net, coordinator):
    with pytest.raises(InvalidInputError, match="Istituto partner non è un'impresa"):
        register_host(actor=coordinator, hub=net.hub, organization=net.school, details=DETAILS)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"partita_iva": ""}, "Partita IVA: mancante"),
        ({"partita_iva": "12345678901"}, "La partita IVA «12345678901» non è valida"),
        ({"ateco": "99.99.99"}, "Il codice ATECO «99.99.99» non esiste"),
        ({"email": "", "pec": ""}, "E-mail di contatto: mancante"),
    ],
)
def test_registration_checks_the_company_data(net, company_staff, changes, problem):
    make_ready(net.company, **changes)

    with pytest.raises(InvalidInputError, match=problem.replace("(", r"\(")) as raised:
        register_host(actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS)
    assert raised.value.message.startswith("Prima della registrazione completa:")


def test_registration_needs_a_tutor_and_a_seat(net, coordinator):
    make_ready(net.company)

    with pytest.raises(InvalidInputError) as raised:
        register_host(
            actor=coordinator,
            hub=net.hub,
            organization=net.company,
            details=HostDetails(seat_address="  "),
        )
    assert "Sede operativa: mancante" in raised.value.message
    assert "Tutor aziendali: nessuno" in raised.value.message


def test_a_pec_is_a_contact_address_too(net, company_staff):
    make_ready(net.company, email="", pec="impresa@pec.invalid")

    assert register_host(
        actor=company_staff, hub=net.hub, organization=net.company, details=DETAILS
    ).pk


def test_changing_the_host_details_is_audited(net, ready, company_staff):
    enrollment = enroll(net)

    update_host_details(
        actor=company_staff,
        enrollment=enrollment,
        details=HostDetails("Via Nuova 2", "999", "RC 43"),
    )

    event = AuditEvent.objects.get(summary__startswith="Modificati i dati di Impresa partner")
    assert event.before["seat_address"] == "Via del Porto 1, Massa"
    assert event.after == {
        "seat_address": "Via Nuova 2",
        "inail_position": "999",
        "liability_policy": "RC 43",
    }
    with pytest.raises(InvalidInputError, match="sede operativa"):
        update_host_details(actor=company_staff, enrollment=enrollment, details=HostDetails(" "))


def test_the_overview_lists_hubs_tutors_and_missing_data(net, company_staff, coordinator):
    RoleGrantFactory(role=Role.ORGANIZATION_STAFF, organization=net.company)

    overview = host_overview(coordinator, net.company)

    assert [row.hub for row in overview.hubs] == [net.hub]
    assert overview.hubs[0].can_act and overview.hubs[0].enrollment is None
    assert len(overview.tutors) == 2
    assert not overview.ready  # no partita IVA nor e-mail yet
    assert {c.key for c in overview.checks if not c.ok} >= {"partita_iva", "email"}
