"""Registering a company as a host of a hub and recording its acceptance of the hub's framework
agreement, once: that acceptance covers placements with every member school, while each
placement still gets its own individual agreement and training plan (work-based learning runs
"sulla base di apposite convenzioni", D.Lgs. 77/2005 art. 1). Every write is audited.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ptp.accounts.models import Role, RoleGrant, User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.demand.services import check_company_in_hub
from ptp.network.models import Hub, NetworkAgreement, Organization
from ptp.placements.hosts.checks import host_checks, problems
from ptp.placements.models import HostEnrollment

DETAIL_FIELDS = ["seat_address", "inail_position", "liability_policy"]
ACCEPTANCE_FIELDS = ["framework_agreement", "framework_accepted_at", "framework_accepted_by"]


@dataclass(frozen=True)
class HostDetails:
    """The host's own data for its placements: operating seat, INAIL position, liability policy."""

    seat_address: str
    inail_position: str = ""
    liability_policy: str = ""


def tutor_count(organization: Organization) -> int:
    """Company tutors are the organization's staff with an active grant."""
    return (
        RoleGrant.objects.active()
        .filter(role=Role.ORGANIZATION_STAFF, organization=organization, user__is_active=True)
        .values("user")
        .distinct()
        .count()
    )


def latest_agreement(hub: Hub) -> NetworkAgreement | None:
    """The hub's framework agreement in force: its latest uploaded version."""
    return hub.agreements.order_by("-version").first()


def _accept(
    *, actor: User | None, enrollment: HostEnrollment, version: int, at: dt.datetime
) -> None:
    agreement = latest_agreement(enrollment.hub)
    if agreement is None:
        raise InvalidInputError(
            "Il polo non ha ancora caricato la convenzione quadro: non c'è nulla da accettare."
        )
    if agreement.version != version:
        raise ConflictError(
            f"Il polo ha caricato la versione {agreement.version} della convenzione quadro: "
            "rileggila e accetta quella.",
            field="accept",
        )
    enrollment.framework_agreement = agreement
    enrollment.framework_accepted_at = at
    enrollment.framework_accepted_by = actor
    enrollment.save(update_fields=[*ACCEPTANCE_FIELDS, "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrollment,
        summary=(
            f"{enrollment.organization.name} ha accettato la convenzione quadro "
            f"(versione {agreement.version})"
        ),
        hub_id=enrollment.hub_id,
        after=snapshot(enrollment, ACCEPTANCE_FIELDS),
    )


def enroll_host(
    *,
    actor: User | None,
    hub: Hub,
    organization: Organization,
    details: HostDetails,
    accept_agreement_version: int | None,
    is_demo: bool = False,
) -> HostEnrollment:
    """Registers the company inside the caller's transaction (the service and the demo use it)."""
    check_company_in_hub(organization, hub)
    if HostEnrollment.objects.filter(hub=hub, organization=organization).exists():
        raise ConflictError(f"{organization.name} è già registrata come ospitante del polo.")
    missing = problems(
        host_checks(
            organization, seat_address=details.seat_address, tutors=tutor_count(organization)
        )
    )
    if missing:
        raise InvalidInputError("Prima della registrazione completa: " + "; ".join(missing) + ".")
    enrollment = HostEnrollment(
        hub=hub,
        organization=organization,
        seat_address=details.seat_address.strip(),
        inail_position=details.inail_position.strip(),
        liability_policy=details.liability_policy.strip(),
        is_demo=is_demo,
    )
    validate_model(enrollment, exclude=["hub", "organization"])
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ConflictError(
            f"{organization.name} è già registrata come ospitante del polo."
        ) from exc
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrollment,
        summary=f"{organization.name} registrata come soggetto ospitante",
        hub_id=hub.pk,
        after=snapshot(enrollment, ["hub", "organization", *DETAIL_FIELDS]),
    )
    if accept_agreement_version is not None:
        _accept(
            actor=actor, enrollment=enrollment, version=accept_agreement_version, at=timezone.now()
        )
    return enrollment


@transaction.atomic(durable=True)
def register_host(
    *,
    actor: User,
    hub: Hub,
    organization: Organization,
    details: HostDetails,
    accept_agreement_version: int | None = None,
) -> HostEnrollment:
    """Registers a company that is an active member of the hub as a host, once, after checking
    its legal codes, seat, contact e-mail and tutors; accepts the framework agreement when asked."""
    return enroll_host(
        actor=actor,
        hub=hub,
        organization=organization,
        details=details,
        accept_agreement_version=accept_agreement_version,
    )


@transaction.atomic(durable=True)
def accept_framework_agreement(
    *, actor: User, enrollment: HostEnrollment, agreement_version: int
) -> HostEnrollment:
    """Records once who accepted which version of the hub's framework agreement, and when; a
    second acceptance is refused."""
    enrollment = (
        # Lock only the registration row: the agreement and the user joined here may be empty.
        HostEnrollment.objects.select_for_update(of=("self",))
        .select_related("hub", "organization", "framework_agreement", "framework_accepted_by")
        .get(pk=enrollment.pk)
    )
    if enrollment.framework_accepted_at is not None:
        who = enrollment.framework_accepted_by
        version = enrollment.framework_agreement.version if enrollment.framework_agreement else "?"
        raise ConflictError(
            f"La convenzione quadro (versione {version}) è già stata accettata il "
            f"{timezone.localtime(enrollment.framework_accepted_at):%d/%m/%Y}"
            + (f" da {who.email}" if who else "")
            + ": non si accetta due volte."
        )
    check_company_in_hub(enrollment.organization, enrollment.hub)
    _accept(actor=actor, enrollment=enrollment, version=agreement_version, at=timezone.now())
    return enrollment


@transaction.atomic(durable=True)
def update_host_details(
    *, actor: User, enrollment: HostEnrollment, details: HostDetails
) -> HostEnrollment:
    """Changes the host's seat, INAIL position and liability policy; audited before and after."""
    enrollment = (
        HostEnrollment.objects.select_for_update()
        .select_related("organization")
        .get(pk=enrollment.pk)
    )
    before = snapshot(enrollment, DETAIL_FIELDS)
    if not details.seat_address.strip():
        raise InvalidInputError("Indica la sede operativa.", field="seat_address")
    enrollment.seat_address = details.seat_address.strip()
    enrollment.inail_position = details.inail_position.strip()
    enrollment.liability_policy = details.liability_policy.strip()
    validate_model(enrollment, exclude=["hub", "organization"])
    enrollment.save(update_fields=[*DETAIL_FIELDS, "updated_at"])
    after = snapshot(enrollment, DETAIL_FIELDS)
    changed = {k: v for k, v in after.items() if before[k] != v}
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrollment,
        summary=f"Modificati i dati di {enrollment.organization.name} come ospitante",
        hub_id=enrollment.hub_id,
        before={k: before[k] for k in changed},
        after=changed,
    )
    return enrollment
