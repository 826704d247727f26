"""Test nets and personas shared by the whole suite.

Personas (each a logged-out-able ``User``): ``student``, ``school_staff``, ``company_staff``,
``coordinator``, ``regional_officer``, ``outsider``; ``other_coordinator`` coordinates another hub.
They live in one small network (``net``): a hub with a lead school, a school, a company, and a
second hub in another province. ``login_as(persona)`` gives a client logged in as one of them.
Documents and invitations: ``pdf_bytes`` and ``upload()``, ``agreement`` (version 1 of the test
hub's agreement), ``invite()`` (an invitation and the token of its link).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ptp.accounts.models import Invitation, Role, User
from ptp.accounts.services import invitation_token, invite_staff
from ptp.demo.pdf import one_page_pdf
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    NetworkAgreement,
    Organization,
    OrganizationKind,
)
from ptp.network.services import upload_agreement
from tests.factories import (
    HubFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ProvinceFactory,
    RegionFactory,
    RoleGrantFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_audit_delete_trigger():
    """Transactional tests are cleaned with DELETE on SQLite; let that flush empty the audit log
    (PostgreSQL's TRUNCATE already passes its row triggers), then put the trigger back."""
    from django.db import connection

    from ptp.audit import triggers

    if connection.vendor != "sqlite":
        yield
        return
    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not any("audit_auditevent" in statement for statement in statements):
            return statements
        return [
            "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;",
            *statements,
            triggers.SQLITE_NO_DELETE,
        ]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = original


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, immediate tasks, uploads in a temporary folder, templates strict."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = True
    # Pages are rendered afresh in tests; tests/core/test_public_cache.py turns the cache on.
    settings.PTP_PUBLIC_PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-default",
        },
        "public_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-public",
        },
    }
    from django.core.cache import caches

    from ptp.catalogue.search import forget_index

    caches["public_pages"].clear()
    # Tests create rows with factories, not through the services that announce changes.
    forget_index()


@dataclass
class Net:
    hub: Hub
    other_hub: Hub
    lead_school: Organization
    school: Organization
    company: Organization
    other_org: Organization
    lead_membership: Membership
    school_membership: Membership
    company_membership: Membership


@pytest.fixture
def net(db) -> Net:
    region = RegionFactory()
    ms = ProvinceFactory(region=region)
    pi = ProvinceFactory(
        region=region, codice_istat="050", name="Pisa", abbreviation="PI", slug="pisa"
    )
    massa = MunicipalityFactory(province=ms)
    pisa = MunicipalityFactory(
        province=pi, codice_istat="050026", codice_catastale="G702", name="Pisa"
    )
    hub = HubFactory(slug="tnt", name="Polo di prova TNT", short_name="Polo TNT", province=ms)
    other_hub = HubFactory(slug="altro", name="Altro polo", short_name="Altro", province=pi)
    lead_school = OrganizationFactory(
        name="Istituto capofila",
        slug="istituto-capofila",
        kind=OrganizationKind.UPPER_SECONDARY_SCHOOL,
        municipality=massa,
    )
    school = OrganizationFactory(
        name="Istituto partner",
        slug="istituto-partner",
        kind=OrganizationKind.VOCATIONAL_SCHOOL,
        municipality=massa,
    )
    company = OrganizationFactory(
        name="Impresa partner",
        slug="impresa-partner",
        kind=OrganizationKind.COMPANY,
        municipality=massa,
    )
    other_org = OrganizationFactory(name="Impresa di Pisa", slug="impresa-pisa", municipality=pisa)
    lead_m = MembershipFactory(
        hub=hub, organization=lead_school, role=MembershipRole.LEAD, is_founding=True
    )
    school_m = MembershipFactory(hub=hub, organization=school, is_founding=True)
    company_m = MembershipFactory(hub=hub, organization=company, joined_on=dt.date(2018, 9, 1))
    MembershipFactory(hub=other_hub, organization=other_org, role=MembershipRole.LEAD)
    return Net(hub, other_hub, lead_school, school, company, other_org, lead_m, school_m, company_m)


def _persona(email: str, role: str | None = None, **scope: object) -> User:
    user = UserFactory(email=email)
    if role is not None:
        RoleGrantFactory(user=user, role=role, **scope)
    return user


@pytest.fixture
def coordinator(net) -> User:
    return _persona("coordinatore@example.invalid", Role.HUB_COORDINATOR, hub=net.hub)


@pytest.fixture
def other_coordinator(net) -> User:
    return _persona("altro.coordinatore@example.invalid", Role.HUB_COORDINATOR, hub=net.other_hub)


@pytest.fixture
def regional_officer(net) -> User:
    return _persona(
        "regione@example.invalid", Role.REGIONAL_OFFICER, region=net.hub.province.region
    )


@pytest.fixture
def school_staff(net) -> User:
    return _persona("scuola@example.invalid", Role.ORGANIZATION_STAFF, organization=net.school)


@pytest.fixture
def company_staff(net) -> User:
    return _persona("impresa@example.invalid", Role.ORGANIZATION_STAFF, organization=net.company)


@pytest.fixture
def student(net) -> User:
    return _persona("studente@example.invalid", Role.STUDENT, organization=net.school)


@pytest.fixture
def outsider(net) -> User:
    return _persona("esterno@example.invalid")


PERSONAS = [
    "anonymous",
    "student",
    "school_staff",
    "company_staff",
    "coordinator",
    "other_coordinator",
    "regional_officer",
    "outsider",
]


@pytest.fixture
def login_as(request, client: Client):
    """Returns a client logged in as the named persona ("anonymous" stays logged out)."""

    def _login(persona: str) -> Client:
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return _login


@pytest.fixture
def today() -> dt.date:
    return dt.date(2026, 11, 26)


# --- Documents and invitations --------------------------------------------------------------


@pytest.fixture
def pdf_bytes() -> bytes:
    """A small but valid one-page PDF."""
    return one_page_pdf("Accordo di rete di prova", "Documento inventato per i test.")


def upload(content: bytes, name: str = "accordo.pdf", content_type: str = "application/pdf"):
    """An uploaded file as a view or a service receives it."""
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def agreement(net, coordinator, pdf_bytes) -> NetworkAgreement:
    """Version 1 of the test hub's network agreement, uploaded by its coordinator."""
    return upload_agreement(
        actor=coordinator,
        hub=net.hub,
        title="Accordo di rete",
        signed_on=dt.date(2015, 6, 1),
        document=upload(pdf_bytes),
    )


@pytest.fixture
def invite(net, coordinator):
    """Invites someone to the test hub (staff of the company by default); returns the invitation
    and the token of its link. The e-mail is not sent: tests of the e-mail go through the view."""

    def _invite(
        email: str = "nuova.persona@example.invalid",
        role: str = Role.ORGANIZATION_STAFF,
        organization: Organization | None = None,
    ) -> tuple[Invitation, str]:
        if role == Role.ORGANIZATION_STAFF and organization is None:
            organization = net.company
        invitation = invite_staff(
            actor=coordinator,
            hub=net.hub,
            email=email,
            role=role,
            organization=organization,
            base_url="http://testserver/",
        )
        return invitation, invitation_token(invitation)

    return _invite
