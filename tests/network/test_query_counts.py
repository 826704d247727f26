"""Every list page runs a number of SQL queries that does not grow with the data.

Each page is measured twice on the same client: with a few extra rows of everything it lists, then
with twelve times as many. Both runs must stay within the same bound, and run the same queries.
"""

import datetime as dt
import itertools

import pytest

from ptp.accounts.models import Invitation, Role, RoleGrant, User
from ptp.audit.models import AuditAction, AuditEvent
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    NetworkAgreement,
    Organization,
    OrganizationKind,
)

PUBLIC = 10  # the bound for every public page and API list, whatever the data size
# Back office: session and user (2), the user's grants (1), the hub and its member scope (2), and
# the page's own lists (one query each, prefetches included).
BACKOFFICE = 12

_counter = itertools.count()


def grow(net, n: int) -> None:
    """Adds n of everything the pages list: hubs (each with a lead, and the lead school of the test
    hub as partner), members of the test hub (every other one has left), audit entries, pending
    invitations, agreement versions, and organizations the staff persona works for."""
    batch = next(_counter)
    kinds = itertools.cycle(OrganizationKind.values)
    town = net.company.municipality
    orgs = Organization.objects.bulk_create(
        Organization(
            slug=f"q{batch}-{i}",
            name=f"Soggetto {batch}-{i}",
            kind=next(kinds),
            municipality=town,
            is_demo=True,
        )
        for i in range(2 * n)
    )
    hubs = Hub.objects.bulk_create(
        Hub(
            slug=f"q{batch}-polo-{i}",
            name=f"Polo {batch}-{i}",
            short_name=f"P{batch}-{i}",
            sector=net.hub.sector,
            province=net.other_hub.province,
            founded_year=2016,
            is_demo=True,
        )
        for i in range(n)
    )
    memberships = []
    for i, hub in enumerate(hubs):
        memberships.append(
            Membership(
                hub=hub,
                organization=orgs[i],
                role=MembershipRole.LEAD,
                joined_on=dt.date(2016, 1, 1),
            )
        )
        memberships.append(
            Membership(hub=hub, organization=net.lead_school, joined_on=dt.date(2016, 1, 1))
        )
    for i, org in enumerate(orgs[n:]):
        memberships.append(
            Membership(
                hub=net.hub,
                organization=org,
                joined_on=dt.date(2016 + i % 8, 9, 1),
                left_on=dt.date(2025, 8, 31) if i % 2 else None,
            )
        )
    Membership.objects.bulk_create(memberships)
    coordinator = User.objects.get(email="coordinatore@example.invalid")
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=coordinator,
            actor_label=coordinator.email,
            action=AuditAction.CREATE,
            object_type="network.membership",
            object_id=str(m.pk),
            object_label=str(m.pk),
            hub=net.hub,
            summary="Adesione",
            after={"n": i},
        )
        for i, m in enumerate(memberships)
    )
    Invitation.objects.bulk_create(
        Invitation(
            email=f"invito{batch}-{i}@example.invalid",
            role=Role.ORGANIZATION_STAFF,
            hub=net.hub,
            organization=net.company,
            invited_by=coordinator,
        )
        for i in range(n)
    )
    first = (
        net.hub.agreements.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    NetworkAgreement.objects.bulk_create(
        NetworkAgreement(
            hub=net.hub,
            version=first + i,
            title="Accordo",
            signed_on=dt.date(2020, 1, 1),
            document=f"accordi/tnt/accordo-di-rete-v{first + i}.pdf",
            sha256="0" * 64,
            size_bytes=1000,
            uploaded_by=coordinator,
        )
        for i in range(n)
    )
    staff = User.objects.get(email="scuola@example.invalid")
    RoleGrant.objects.bulk_create(
        RoleGrant(user=staff, role=Role.ORGANIZATION_STAFF, organization=org) for org in orgs[n:]
    )


PAGES = [
    ("/", "anonymous", PUBLIC),
    ("/poli/", "anonymous", PUBLIC),
    ("/poli/?settore=turismo-e-beni-culturali&provincia=pisa", "anonymous", PUBLIC),
    ("/poli/tnt/", "anonymous", PUBLIC),
    ("/poli/tnt/partner/", "anonymous", PUBLIC),
    ("/soggetti/istituto-capofila/", "anonymous", PUBLIC),
    ("/api/v1/poli", "anonymous", PUBLIC),
    ("/api/v1/filiere", "anonymous", PUBLIC),
    ("/api/v1/poli/tnt", "anonymous", PUBLIC),
    ("/gestione/", "regional_officer", BACKOFFICE),
    ("/gestione/", "school_staff", BACKOFFICE),
    ("/gestione/", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/", "school_staff", BACKOFFICE),
    ("/gestione/poli/tnt/registro/", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/registro/?formato=csv", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/adesioni/nuova/", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/capofila/", "coordinator", BACKOFFICE),
    ("/gestione/poli/tnt/inviti/nuovo/", "coordinator", BACKOFFICE),
]


def _get(client, url: str) -> None:
    """Fetches the whole page, streamed CSV included (rows are read while streaming)."""
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body


def public_data_changed_now() -> None:
    from django.core.cache import caches

    from ptp.catalogue.search import forget_index

    caches["public_pages"].clear()
    forget_index()


@pytest.mark.parametrize(("url", "persona", "bound"), PAGES)
def test_queries_do_not_grow_with_data(
    url, persona, bound, net, coordinator, school_staff, login_as, django_assert_max_num_queries
):
    client = login_as(persona)
    grow(net, 5)
    with django_assert_max_num_queries(bound) as small:
        _get(client, url)

    grow(net, 55)
    # Rows made by factories do not announce themselves the way services do: drop what was kept.
    public_data_changed_now()
    with django_assert_max_num_queries(bound) as large:
        _get(client, url)

    assert len(large.captured_queries) == len(small.captured_queries)
