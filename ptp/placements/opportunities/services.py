"""Every write to opportunities: create and change (with their windows and skills), publish,
close. Each is atomic, audited, and announces changes to public pages when the opportunity is or
was published. The publication rules are in rules.py.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.core.validation import validate_model
from ptp.demand.services import check_company_in_hub
from ptp.geo.models import Municipality
from ptp.lib.text import search_document
from ptp.network.models import Hub, Organization, Sector
from ptp.placements.models import (
    HostEnrollment,
    Opportunity,
    OpportunityStatus,
    OpportunityWindow,
    RiskLevel,
)
from ptp.placements.opportunities.queries import seats_taken
from ptp.placements.opportunities.rules import content_problems, publication_problems
from ptp.skills.models import Skill

FIELDS = [
    "host",
    "hub",
    "sector",
    "kind",
    "title",
    "description",
    "municipality",
    "address",
    "min_age",
    "risk_level",
    "involves_minor_excluded_work",
    "show_host_publicly",
    "status",
]


@dataclass(frozen=True)
class WindowData:
    """A period with its seats and hours; `id` names an existing window being changed."""

    starts_on: dt.date
    ends_on: dt.date
    seats: int
    hours: int
    id: int | None = None


@dataclass(frozen=True)
class OpportunityData:
    """What the host describes; the hub and the host are fixed at creation."""

    kind: str
    title: str
    description: str
    sector: Sector
    municipality: Municipality
    address: str = ""
    min_age: int = 15
    risk_level: str = RiskLevel.LOW
    involves_minor_excluded_work: bool = False
    show_host_publicly: bool = True
    skills_required: Sequence[Skill] = field(default_factory=list)
    skills_developed: Sequence[Skill] = field(default_factory=list)
    windows: Sequence[WindowData] = field(default_factory=list)


def _apply(opportunity: Opportunity, data: OpportunityData) -> None:
    for name in (
        "kind",
        "sector",
        "municipality",
        "min_age",
        "risk_level",
        "involves_minor_excluded_work",
        "show_host_publicly",
    ):
        setattr(opportunity, name, getattr(data, name))
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    opportunity.address = data.address.strip()
    # Free-text search reads title and description only: a hidden host name never leaks.
    opportunity.search_text = search_document(opportunity.title, opportunity.description)


def _audit_values(opportunity: Opportunity) -> dict[str, Any]:
    return snapshot(opportunity, FIELDS) | {
        "skills_required": sorted(s.uri for s in opportunity.skills_required.all()),
        "skills_developed": sorted(s.uri for s in opportunity.skills_developed.all()),
        "windows": [
            f"{w.starts_on.isoformat()}/{w.ends_on.isoformat()} posti {w.seats} ore {w.hours}"
            for w in opportunity.windows.order_by("starts_on", "pk")
        ],
    }


def _write_windows(opportunity: Opportunity, windows: Sequence[WindowData]) -> None:
    existing = {w.pk: w for w in opportunity.windows.all()}
    kept = {w.id for w in windows if w.id is not None}
    if kept - set(existing):
        raise InvalidInputError("Un periodo indicato non appartiene a questa opportunità.")
    taken = seats_taken(list(existing))
    removed = [w for pk, w in existing.items() if pk not in kept]
    if removed:
        used = set(
            OpportunityWindow.objects.filter(pk__in=[w.pk for w in removed])
            .filter(applications__isnull=False)
            .values_list("pk", flat=True)
        ) | {w.pk for w in removed if taken.get(w.pk)}
        for window in removed:
            if window.pk in used:
                raise ConflictError(
                    f"Il periodo {window.starts_on:%d/%m/%Y}–{window.ends_on:%d/%m/%Y} ha già "
                    "candidature o percorsi: non si può togliere."
                )
            window.delete()
    for data in windows:
        window = existing[data.id] if data.id is not None else OpportunityWindow()
        if data.id is not None and data.seats < taken.get(data.id, 0):
            raise ConflictError(
                f"Il periodo {data.starts_on:%d/%m/%Y}–{data.ends_on:%d/%m/%Y} ha già "
                f"{taken[data.id]} studenti: i posti non possono scendere sotto questo numero."
            )
        window.opportunity = opportunity
        window.starts_on, window.ends_on = data.starts_on, data.ends_on
        window.seats, window.hours = data.seats, data.hours
        validate_model(window, exclude=["opportunity"])
        window.save()


def write_new_opportunity(
    *, actor: User | None, host: Organization, hub: Hub, data: OpportunityData, is_demo: bool
) -> Opportunity:
    """Creates a draft inside the caller's transaction (the service and the demo use it)."""
    check_company_in_hub(host, hub)
    if not HostEnrollment.objects.filter(hub=hub, organization=host).exists():
        raise InvalidInputError(
            f"Registra prima {host.name} come soggetto ospitante del {hub.short_name}."
        )
    opportunity = Opportunity(host=host, hub=hub, created_by=actor, is_demo=is_demo)
    _apply(opportunity, data)
    validate_model(opportunity)
    opportunity.save()
    opportunity.skills_required.set(data.skills_required)
    opportunity.skills_developed.set(data.skills_developed)
    _write_windows(opportunity, data.windows)
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=opportunity,
        summary=f"Nuova opportunità di {host.name}: {opportunity.title}",
        hub_id=hub.pk,
        after=_audit_values(opportunity),
    )
    return opportunity


@transaction.atomic(durable=True)
def create_opportunity(
    *, actor: User, host: Organization, hub: Hub, data: OpportunityData
) -> Opportunity:
    """Creates a draft opportunity of a company registered as a host of the hub."""
    return write_new_opportunity(actor=actor, host=host, hub=hub, data=data, is_demo=False)


def _locked(opportunity: Opportunity) -> Opportunity:
    return (
        Opportunity.objects.select_for_update().select_related("host", "hub").get(pk=opportunity.pk)
    )


@transaction.atomic(durable=True)
def update_opportunity(
    *, actor: User, opportunity: Opportunity, data: OpportunityData
) -> Opportunity:
    """Changes a draft or published opportunity; a published one must keep meeting the rules."""
    opportunity = _locked(opportunity)
    if opportunity.status == OpportunityStatus.CLOSED:
        raise ConflictError("L'opportunità è chiusa: non si modifica più.")
    before = _audit_values(opportunity)
    _apply(opportunity, data)
    validate_model(opportunity)
    published = opportunity.status == OpportunityStatus.PUBLISHED
    if published:
        problems = content_problems(
            min_age=data.min_age,
            risk_level=data.risk_level,
            involves_minor_excluded_work=data.involves_minor_excluded_work,
        )
        if not data.windows:
            problems.append("un'opportunità pubblicata ha almeno un periodo")
        if problems:
            raise InvalidInputError("Modifica non ammessa: " + "; ".join(problems) + ".")
    opportunity.save()
    opportunity.skills_required.set(data.skills_required)
    opportunity.skills_developed.set(data.skills_developed)
    _write_windows(opportunity, data.windows)
    after = _audit_values(opportunity)
    changed = {k: v for k, v in after.items() if before[k] != v}
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=opportunity,
        summary=f"Modificata l'opportunità {opportunity.title} di {opportunity.host.name}",
        hub_id=opportunity.hub_id,
        before={k: before[k] for k in changed},
        after=changed,
    )
    if published:
        public_data_changed()
    return opportunity


def publish(*, actor: User | None, opportunity: Opportunity, today: dt.date) -> Opportunity:
    """Publishes inside the caller's transaction (the service and the demo use it)."""
    if opportunity.status != OpportunityStatus.DRAFT:
        raise ConflictError(
            f"L'opportunità è «{opportunity.get_status_display().lower()}»: si pubblica una bozza."
        )
    enrollment = HostEnrollment.objects.filter(
        hub_id=opportunity.hub_id, organization_id=opportunity.host_id
    ).first()
    problems = publication_problems(
        windows=list(opportunity.windows.values_list("starts_on", "ends_on")),
        today=today,
        framework_accepted=bool(enrollment and enrollment.has_framework_agreement),
        min_age=opportunity.min_age,
        risk_level=opportunity.risk_level,
        involves_minor_excluded_work=opportunity.involves_minor_excluded_work,
    )
    if problems:
        raise InvalidInputError("Non si può pubblicare: " + "; ".join(problems) + ".")
    opportunity.status = OpportunityStatus.PUBLISHED
    opportunity.published_at = timezone.now()
    validate_model(opportunity)
    opportunity.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=opportunity,
        summary=f"Pubblicata l'opportunità {opportunity.title} di {opportunity.host.name}",
        hub_id=opportunity.hub_id,
        before={"status": OpportunityStatus.DRAFT.value},
        after={"status": OpportunityStatus.PUBLISHED.value},
    )
    public_data_changed()
    return opportunity


@transaction.atomic(durable=True)
def publish_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Publishes a draft: it needs a window still to come, the host's acceptance of the hub's
    framework agreement, and an age that fits its risk and any work excluded for minors."""
    return publish(actor=actor, opportunity=_locked(opportunity), today=timezone.localdate())


@transaction.atomic(durable=True)
def close_opportunity(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """Closes a draft or published opportunity; it disappears from the public search and stays
    as history with its placements."""
    opportunity = _locked(opportunity)
    if opportunity.status == OpportunityStatus.CLOSED:
        raise ConflictError("L'opportunità è già chiusa.")
    previous = opportunity.status
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=opportunity,
        summary=f"Chiusa l'opportunità {opportunity.title} di {opportunity.host.name}",
        hub_id=opportunity.hub_id,
        before={"status": previous},
        after={"status": OpportunityStatus.CLOSED.value},
    )
    if previous == OpportunityStatus.PUBLISHED:
        public_data_changed()
    return opportunity
