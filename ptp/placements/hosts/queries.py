"""What the host pages and the placements read about a company's hosting."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ptp.accounts.models import Invitation, Role, User
from ptp.accounts.scopes import scopes_of
from ptp.network.models import Hub, Membership, NetworkAgreement, Organization
from ptp.network.permissions import is_coordinator
from ptp.placements.hosts.checks import Check, host_checks
from ptp.placements.models import HostEnrollment


def host_enrollment(hub: Hub, organization: Organization) -> HostEnrollment | None:
    """The company's registration as a host of the hub, with the agreement it accepted (or None).
    `enrollment.has_framework_agreement` tells whether placements may be arranged under it."""
    return (
        HostEnrollment.objects.select_related("framework_agreement", "framework_accepted_by")
        .filter(hub=hub, organization=organization)
        .first()
    )


def tutors(organization: Organization) -> list[User]:
    """The company's tutors: its staff with an active grant, by name."""
    return list(
        User.objects.filter(
            is_active=True,
            grants__role=Role.ORGANIZATION_STAFF,
            grants__organization=organization,
            grants__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@dataclass(frozen=True)
class HubHosting:
    """The company's standing as a host in one hub."""

    hub: Hub
    is_member: bool
    enrollment: HostEnrollment | None
    agreement: NetworkAgreement | None  # the hub's latest version
    can_act: bool

    @property
    def state(self) -> str:
        if self.enrollment is None:
            return _("Non registrata come ospitante")
        if not self.is_member:
            return _("Registrata, ma non più socia del polo")
        if self.enrollment.has_framework_agreement:
            return _("Registrata, convenzione quadro accettata")
        return _("Registrata, convenzione quadro da accettare")

    @property
    def can_accept(self) -> bool:
        e = self.enrollment
        return bool(
            self.can_act
            and self.is_member
            and e
            and not e.has_framework_agreement
            and self.agreement
        )


@dataclass(frozen=True)
class HostOverview:
    company: Organization
    hubs: list[HubHosting]
    tutors: list[User]
    pending_invitations: list[Invitation]
    checks: list[Check]

    @property
    def ready(self) -> bool:
        # The seat is asked in the registration form; the other requirements must already be met.
        return all(c.ok for c in self.checks if c.key != "seat")


def host_overview(user: Any, company: Organization) -> HostOverview:
    """The company's hubs with its registration in each, its tutors and what is missing (five
    queries whatever the number of hubs)."""
    memberships = {
        m.hub_id: m
        for m in Membership.objects.filter(organization=company, left_on__isnull=True)
        .select_related("hub__sector")
        .order_by("hub__name")
    }
    enrollments = {
        e.hub_id: e
        for e in HostEnrollment.objects.filter(organization=company).select_related(
            "hub__sector", "framework_agreement", "framework_accepted_by"
        )
    }
    hubs = {m.hub_id: m.hub for m in memberships.values()} | {
        e.hub_id: e.hub for e in enrollments.values()
    }
    latest: dict[int, NetworkAgreement] = {}
    for agreement in NetworkAgreement.objects.filter(hub_id__in=list(hubs)).order_by(
        "hub_id", "-version"
    ):
        latest.setdefault(agreement.hub_id, agreement)
    staff = tutors(company)
    is_staff = company.pk in scopes_of(user).staff_organization_ids
    rows = [
        HubHosting(
            hub=hub,
            is_member=hub_id in memberships,
            enrollment=enrollments.get(hub_id),
            agreement=latest.get(hub_id),
            can_act=is_staff or is_coordinator(user, hub),
        )
        for hub_id, hub in sorted(hubs.items(), key=lambda item: item[1].name)
    ]
    pending = list(
        Invitation.objects.filter(
            organization=company, role=Role.ORGANIZATION_STAFF, accepted_at__isnull=True
        ).order_by("-created_at")
    )
    seat = next((e.seat_address for e in enrollments.values() if e.seat_address), company.address)
    return HostOverview(
        company=company,
        hubs=rows,
        tutors=staff,
        pending_invitations=pending,
        checks=host_checks(company, seat_address=seat, tutors=len(staff)),
    )
