"""Every write to the network: members joining and leaving, organizations, agreements.

Each service is atomic, validates before saving and writes an audit entry with the values before
and after the change.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.core.validation import validate_model
from ptp.lib.files import InvalidUploadError, check_pdf
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    NetworkAgreement,
    Organization,
)

MEMBERSHIP_FIELDS = ["hub", "organization", "role", "joined_on", "left_on", "is_founding", "notes"]
ORGANIZATION_FIELDS = [
    "name",
    "kind",
    "codice_fiscale",
    "partita_iva",
    "codice_meccanografico",
    "ateco",
    "municipality",
    "address",
    "email",
    "pec",
    "phone",
    "website",
    "description",
]


def unique_organization_slug(name: str) -> str:
    """A slug for a new organization, suffixed with a number when the name is taken."""
    base = slugify(name)[:100] or "soggetto"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_organization(*, actor: User, hub: Hub | None, values: dict[str, Any]) -> Organization:
    org = Organization(slug=unique_organization_slug(values["name"]), **values)
    validate_model(org)
    org.save()
    public_data_changed()
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=org,
        summary=f"Registrato il soggetto {org.name}",
        hub_id=hub.pk if hub else None,
        after=snapshot(org, ORGANIZATION_FIELDS),
    )
    return org


@transaction.atomic(durable=True)
def create_organization(*, actor: User, values: dict[str, Any]) -> Organization:
    """Registers a new organization with validated legal codes (checked by the form beforehand)."""
    return _create_organization(actor=actor, hub=None, values=values)


@transaction.atomic(durable=True)
def register_new_member(
    *,
    actor: User,
    hub: Hub,
    values: dict[str, Any],
    joined_on: dt.date,
    role: str = MembershipRole.PARTNER,
    is_founding: bool = False,
) -> Membership:
    """Registers a new organization and its joining of the hub: both or neither."""
    hub = _lock_hub(hub)
    org = _create_organization(actor=actor, hub=hub, values=values)
    return _join(
        actor=actor,
        hub=hub,
        organization=org,
        role=role,
        joined_on=joined_on,
        is_founding=is_founding,
        notes="",
        is_demo=False,
    )


@transaction.atomic(durable=True)
def update_organization(
    *, actor: User, organization: Organization, values: dict[str, Any]
) -> Organization:
    """Changes an organization's details; the audit entry keeps the values before and after."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(org, ORGANIZATION_FIELDS)
    for key, value in values.items():
        setattr(org, key, value)
    validate_model(org)
    org.save()
    public_data_changed()
    after = snapshot(org, ORGANIZATION_FIELDS)
    changed = {k: v for k, v in after.items() if before[k] != v}
    hub_ids = list(
        Membership.objects.filter(organization=org, left_on__isnull=True).values_list(
            "hub_id", flat=True
        )
    )
    # One entry per hub the organization belongs to, so each coordinator sees it in their log.
    for hub_id in hub_ids or [None]:  # type: ignore[list-item]
        record_event(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=org,
            summary=f"Modificati i dati del soggetto {org.name}",
            hub_id=hub_id,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return org


def _lock_hub(hub: Hub) -> Hub:
    # Serialises membership changes of one hub so the invariants are checked against fresh rows.
    return Hub.objects.select_for_update().get(pk=hub.pk)


def _join(
    *,
    actor: User,
    hub: Hub,
    organization: Organization,
    role: str,
    joined_on: dt.date,
    is_founding: bool,
    notes: str,
    is_demo: bool,
) -> Membership:
    if joined_on.year < hub.founded_year:
        raise InvalidInputError(
            f"La data di adesione è precedente alla costituzione del polo ({hub.founded_year}).",
            field="joined_on",
        )
    if is_founding and joined_on.year != hub.founded_year:
        raise InvalidInputError(
            f"Un socio fondatore aderisce nell'anno di costituzione del polo ({hub.founded_year}).",
            field="is_founding",
        )
    memberships = Membership.objects.for_hub(hub).filter(organization=organization)
    if memberships.filter(left_on__isnull=True).exists():
        raise ConflictError(f"{organization.name} è già socio attivo del polo.")
    last_left = memberships.aggregate(last=Max("left_on"))["last"]
    if last_left is not None and joined_on < last_left:
        raise InvalidInputError(
            f"{organization.name} è uscito dal polo il {last_left:%d/%m/%Y}: la nuova adesione "
            "non può iniziare prima.",
            field="joined_on",
        )
    if role == MembershipRole.LEAD and Membership.objects.for_hub(hub).active().leads().exists():
        raise ConflictError(
            "Il polo ha già un capofila attivo: per cambiarlo usa il passaggio di capofila."
        )
    membership = Membership(
        hub=hub,
        organization=organization,
        role=role,
        joined_on=joined_on,
        is_founding=is_founding,
        notes=notes,
        is_demo=is_demo,
    )
    validate_model(membership, exclude=["hub", "organization"])
    try:
        with transaction.atomic():
            membership.save()
        public_data_changed()
    except IntegrityError as exc:  # a concurrent request won the race for the same invariant
        raise ConflictError("L'adesione è in conflitto con un'altra appena registrata.") from exc
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        summary=f"Adesione di {organization.name} ({membership.get_role_display()})",
        hub_id=hub.pk,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic(durable=True)
def record_joining(
    *,
    actor: User,
    hub: Hub,
    organization: Organization,
    joined_on: dt.date,
    role: str = MembershipRole.PARTNER,
    is_founding: bool = False,
    notes: str = "",
    is_demo: bool = False,
) -> Membership:
    """Records an organization joining a hub; an organization may belong to several hubs but to
    each at most once at a time, and a hub has one active lead."""
    hub = _lock_hub(hub)
    return _join(
        actor=actor,
        hub=hub,
        organization=organization,
        role=role,
        joined_on=joined_on,
        is_founding=is_founding,
        notes=notes,
        is_demo=is_demo,
    )


def _leave(*, actor: User, membership: Membership, left_on: dt.date, notes: str) -> Membership:
    # Memberships are active while left_on is empty, so a leaving date is recorded once it happened.
    if left_on > timezone.localdate():
        raise InvalidInputError(
            "Registra l'uscita quando è avvenuta: la data non può essere nel futuro.",
            field="left_on",
        )
    if membership.left_on is not None:
        raise ConflictError(f"{membership.organization.name} è già uscito dal polo.")
    if left_on < membership.joined_on:
        raise InvalidInputError(
            f"La data di uscita non può precedere quella di adesione ({membership.joined_on:%d/%m/%Y}).",
            field="left_on",
        )
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.left_on = left_on
    if notes:
        membership.notes = f"{membership.notes}\n{notes}".strip()
    membership.save(update_fields=["left_on", "notes", "updated_at"])
    public_data_changed()
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=membership,
        summary=f"Uscita di {membership.organization.name} dal polo",
        hub_id=membership.hub_id,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic(durable=True)
def record_leaving(
    *, actor: User, membership: Membership, left_on: dt.date, notes: str = ""
) -> Membership:
    """Closes a membership on the leaving date and keeps it as history; the lead cannot simply
    leave, it hands over to a new lead first."""
    _lock_hub(membership.hub)
    membership = Membership.objects.select_related("organization", "hub").get(pk=membership.pk)
    if membership.role == MembershipRole.LEAD:
        raise ConflictError(
            "Il capofila non può uscire dal polo senza un nuovo capofila: usa il passaggio di capofila."
        )
    return _leave(actor=actor, membership=membership, left_on=left_on, notes=notes)


@transaction.atomic(durable=True)
def transfer_lead(*, actor: User, hub: Hub, new_lead: Membership, on: dt.date) -> Membership:
    """Hands the lead role to an active partner on a date: both memberships close and reopen with
    the new roles, so the history shows who led the hub when."""
    hub = _lock_hub(hub)
    new_lead = Membership.objects.select_related("organization", "hub").get(pk=new_lead.pk)
    if new_lead.hub_id != hub.pk or new_lead.left_on is not None:
        raise ConflictError("Il nuovo capofila deve essere un socio attivo del polo.")
    if new_lead.role == MembershipRole.LEAD:
        raise ConflictError(f"{new_lead.organization.name} è già il capofila.")
    old_lead = (
        Membership.objects.for_hub(hub).active().leads().select_related("organization").first()
    )
    if old_lead is not None:
        _leave(actor=actor, membership=old_lead, left_on=on, notes="Passaggio di capofila.")
    _leave(actor=actor, membership=new_lead, left_on=on, notes="Diventa capofila.")
    lead = _join(
        actor=actor,
        hub=hub,
        organization=new_lead.organization,
        role=MembershipRole.LEAD,
        joined_on=on,
        is_founding=False,
        notes="Capofila dal passaggio di ruolo.",
        is_demo=new_lead.is_demo,
    )
    if old_lead is not None:
        _join(
            actor=actor,
            hub=hub,
            organization=old_lead.organization,
            role=MembershipRole.PARTNER,
            joined_on=on,
            is_founding=False,
            notes="Resta partner dopo il passaggio di capofila.",
            is_demo=old_lead.is_demo,
        )
    return lead


@transaction.atomic(durable=True)
def upload_agreement(
    *,
    actor: User,
    hub: Hub,
    title: str,
    signed_on: dt.date,
    document: UploadedFile,
    notes: str = "",
) -> NetworkAgreement:
    """Stores a new version of the hub's network agreement; only PDFs within the size limit."""
    try:
        sha256 = check_pdf(
            document,
            name=document.name or "",
            size=document.size or 0,
            max_bytes=settings.AGREEMENT_MAX_BYTES,
        )
    except InvalidUploadError as exc:
        raise InvalidInputError(str(exc), field="document") from exc
    if signed_on > timezone.localdate():
        raise InvalidInputError(
            "La data di sottoscrizione non può essere nel futuro.", field="signed_on"
        )
    hub = _lock_hub(hub)
    version = (hub.agreements.aggregate(v=Max("version"))["v"] or 0) + 1
    agreement = NetworkAgreement(
        hub=hub,
        version=version,
        title=title,
        signed_on=signed_on,
        notes=notes,
        sha256=sha256,
        size_bytes=document.size or 0,
        uploaded_by=actor,
    )
    agreement.document.save(f"v{version}.pdf", document, save=False)
    try:
        validate_model(agreement)
        agreement.save()
        public_data_changed()
    except Exception:
        # Nothing may be left on disk for a version that does not exist.
        agreement.document.delete(save=False)
        raise
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=agreement,
        summary=f"Caricata la versione {version} dell'accordo di rete",
        hub_id=hub.pk,
        after=snapshot(agreement, ["title", "version", "signed_on", "document", "sha256"]),
    )
    return agreement
