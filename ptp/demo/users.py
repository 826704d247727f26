"""Demo accounts, one per persona, so every role can be tried after `make run`."""

import os
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ptp.accounts.models import Role, RoleGrant, User
from ptp.geo.models import Region
from ptp.network.models import Hub, Membership, Organization, OrganizationKind

DEMO_DOMAIN = "demo.rete-ptp.invalid"


def demo_password() -> str:
    """The shared password of the demo accounts (PTP_DEMO_PASSWORD, or the documented default)."""
    return os.environ.get("PTP_DEMO_PASSWORD", "demo-rete-ptp-2026")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    description: str


def _first_member(hub: Hub, kind_prefix: str) -> Organization:
    return (
        Membership.objects.for_hub(hub)
        .active()
        .filter(organization__kind__startswith=kind_prefix, organization__is_demo=True)
        .select_related("organization")
        .order_by("organization__name")
        .first()
        .organization  # type: ignore[union-attr]
    )


def _account(email: str, full_name: str, *, staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    return user


def _grant(user: User, role: str, **scope: Any) -> None:
    RoleGrant.objects.get_or_create(user=user, role=role, revoked_at=None, **scope)


@transaction.atomic
def seed_users() -> list[DemoAccount]:
    """Creates the demo personas (idempotent) and returns how to log in as each."""
    tnt = Hub.objects.get(slug="tnt")
    other = Hub.objects.exclude(slug="tnt").order_by("name").first()
    school = _first_member(tnt, "istituto")
    company = _first_member(tnt, OrganizationKind.COMPANY)
    d = DEMO_DOMAIN
    accounts = [
        (
            f"coordinatore.tnt@{d}",
            "Coordinatrice Polo TNT (demo)",
            f"coordinatore del {tnt.short_name}",
        ),
        (f"regione@{d}", "Funzionario regionale (demo)", "funzionario della Regione Toscana"),
        (f"scuola.tnt@{d}", "Referente PCTO (demo)", f"personale di {school.name}"),
        (f"impresa.tnt@{d}", "Tutor aziendale (demo)", f"personale di {company.name}"),
        (
            f"coordinatore.altro@{d}",
            "Coordinatore altro polo (demo)",
            f"coordinatore del {other.short_name}" if other else "",
        ),
        (
            f"admin@{d}",
            "Amministratore tecnico (demo)",
            "amministrazione tecnica (/amministrazione/)",
        ),
    ]
    users = {
        email: _account(email, name, staff=email.startswith("admin@"))
        for email, name, _ in accounts
    }
    _grant(users[f"coordinatore.tnt@{d}"], Role.HUB_COORDINATOR, hub=tnt)
    _grant(
        users[f"regione@{d}"], Role.REGIONAL_OFFICER, region=Region.objects.get(codice_istat="09")
    )
    _grant(users[f"scuola.tnt@{d}"], Role.ORGANIZATION_STAFF, organization=school)
    _grant(users[f"impresa.tnt@{d}"], Role.ORGANIZATION_STAFF, organization=company)
    if other is not None:
        _grant(users[f"coordinatore.altro@{d}"], Role.HUB_COORDINATOR, hub=other)
    return [DemoAccount(email, name, description) for email, name, description in accounts]
