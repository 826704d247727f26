"""Demo hosts: the demo companies of a hub registered as hosts, each with an invented tutor, and
the hub's framework agreement accepted by that tutor. Everything is demo (is_demo) and invented:
partite IVA are made of invented digits with a valid check digit, tutors' names come from a small
invented list, their e-mail addresses are on a domain that cannot exist (.invalid)."""

from django.db import transaction
from stdnum import luhn

from ptp.accounts.models import Role, RoleGrant, User
from ptp.network.models import Hub, Membership, Organization, OrganizationKind
from ptp.placements.hosts.services import HostDetails, enroll_host, latest_agreement
from ptp.placements.models import HostEnrollment

DEMO_DOMAIN = "demo.rete-ptp.invalid"
# Invented names: first names paired with surnames made from local place names.
FIRST_NAMES = ["Marta", "Luca", "Sara", "Davide", "Elena", "Paolo", "Irene", "Tommaso"]
SURNAMES = ["Apuanelli", "Lunensini", "Frigidotti", "Magrini Demo", "Versiliotti", "Carrionesi"]
STREETS = ["Via del Porto", "Viale delle Apuane", "Piazza del Castello", "Via della Marina"]


def demo_partita_iva(n: int, province_code: str) -> str:
    """An invented partita IVA: a made-up company number, the province office, a valid check digit."""
    body = f"{9_100_000 + n:07d}{province_code}"
    return body + luhn.calc_check_digit(body)


def _complete_company(org: Organization, n: int) -> None:
    """Fills what a host registration needs, only where the demo company has nothing yet."""
    changed = []
    if not org.partita_iva and org.municipality is not None:
        org.partita_iva = demo_partita_iva(n, org.municipality.province.codice_istat)
        changed.append("partita_iva")
    if not org.address:
        org.address = f"{STREETS[n % len(STREETS)]} {n + 3}"
        changed.append("address")
    if not org.email and not org.pec:
        org.email = f"info.{org.slug[:50]}@{DEMO_DOMAIN}"
        changed.append("email")
    if changed:
        org.save(update_fields=[*changed, "updated_at"])


def _demo_tutor(org: Organization, n: int) -> User:
    email = f"tutor.{org.slug[:50]}@{DEMO_DOMAIN}"
    name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[n % len(SURNAMES)]} (demo)"
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_unusable_password()  # a tutor on paper: the demo persona logs in instead
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(
        user=user, role=Role.ORGANIZATION_STAFF, organization=org, revoked_at=None
    )
    return user


def staff_member(org: Organization) -> User | None:
    """The organization's first staff member (its demo tutor), who acts for it in the demo."""
    return (
        User.objects.filter(
            grants__organization=org,
            grants__role=Role.ORGANIZATION_STAFF,
            grants__revoked_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


def demo_companies(hub: Hub) -> list[Organization]:
    """The hub's demo companies that are active members, by name."""
    return [
        m.organization
        for m in Membership.objects.for_hub(hub)
        .active()
        .filter(organization__kind=OrganizationKind.COMPANY, organization__is_demo=True)
        .select_related("organization__municipality__province")
        .order_by("organization__name")
    ]


@transaction.atomic
def seed_demo_hosts(hub: Hub) -> list[HostEnrollment]:
    """Registers the hub's demo companies as hosts with the framework agreement accepted by their
    demo tutor (idempotent)."""
    agreement = latest_agreement(hub)
    enrollments = []
    for n, org in enumerate(demo_companies(hub)):
        _complete_company(org, n)
        tutor = _demo_tutor(org, n)
        enrollment = HostEnrollment.objects.filter(hub=hub, organization=org).first()
        if enrollment is None:
            enrollment = enroll_host(
                actor=tutor,
                hub=hub,
                organization=org,
                details=HostDetails(
                    seat_address=f"{org.address}, {org.municipality.name if org.municipality else ''}",
                    inail_position=f"DEMO-{90_000_000 + n:08d}",
                    liability_policy=f"Polizza RC demo n. {2026_0000 + n}",
                ),
                accept_agreement_version=agreement.version if agreement else None,
                is_demo=True,
            )
        enrollments.append(enrollment)
    return enrollments
