"""Every write to companies' skill needs: create, change, close or withdraw, all audited.

A need belongs to a company (kind impresa) and to one hub it actively belongs to, so the hub's
coordinator reads it with the others of the hub. Only open needs change; a closed need (filled or
withdrawn) stays as history for the observatory.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.core.validation import validate_model
from ptp.demand.models import NeedStatus, SkillNeed
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Membership, Organization, OrganizationKind
from ptp.skills.models import Occupation, Skill

NEED_FIELDS = [
    "organization",
    "hub",
    "title",
    "occupation",
    "headcount",
    "horizon",
    "municipality",
    "notes",
    "status",
]


@dataclass(frozen=True)
class NeedData:
    """What a company says it will need."""

    title: str
    headcount: int
    horizon: str
    municipality: Municipality
    occupation: Occupation | None = None
    skills: list[Skill] = field(default_factory=list)
    notes: str = ""


def check_company_in_hub(organization: Organization, hub: Hub) -> None:
    """Refuses organizations that are not companies or not active members of the hub."""
    if organization.kind != OrganizationKind.COMPANY:
        raise InvalidInputError(f"{organization.name} non è un'impresa.")
    if not Membership.objects.for_hub(hub).active().filter(organization=organization).exists():
        raise InvalidInputError(
            f"{organization.name} non è socio attivo del {hub.short_name}.", field="hub"
        )


def _audit_values(need: SkillNeed, skills: list[Skill]) -> dict[str, Any]:
    return snapshot(need, NEED_FIELDS) | {"skills": sorted(s.uri for s in skills)}


def _apply(need: SkillNeed, data: NeedData) -> None:
    need.title = data.title.strip()
    need.headcount = data.headcount
    need.horizon = data.horizon
    need.municipality = data.municipality
    need.occupation = data.occupation
    need.notes = data.notes.strip()


def write_new_need(
    *, actor: User | None, organization: Organization, hub: Hub, data: NeedData, is_demo: bool
) -> SkillNeed:
    """Creates one need inside the caller's transaction (used by the form, the import, the demo)."""
    check_company_in_hub(organization, hub)
    need = SkillNeed(organization=organization, hub=hub, created_by=actor, is_demo=is_demo)
    _apply(need, data)
    validate_model(need)
    need.save()
    need.skills.set(data.skills)
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=need,
        summary=f"Fabbisogno di {organization.name}: {need.title} ({need.headcount})",
        hub_id=hub.pk,
        after=_audit_values(need, data.skills),
    )
    public_data_changed()
    return need


@transaction.atomic(durable=True)
def create_need(*, actor: User, organization: Organization, hub: Hub, data: NeedData) -> SkillNeed:
    """Records what a company of the hub will need: occupation, skills, people, horizon, place."""
    return write_new_need(actor=actor, organization=organization, hub=hub, data=data, is_demo=False)


def _locked_open(need: SkillNeed) -> SkillNeed:
    need = SkillNeed.objects.select_for_update().select_related("organization").get(pk=need.pk)
    if need.status != NeedStatus.OPEN:
        raise ConflictError(
            f"Il fabbisogno è già «{need.get_status_display().lower()}»: non si può più cambiare."
        )
    return need


@transaction.atomic(durable=True)
def update_need(*, actor: User, need: SkillNeed, data: NeedData) -> SkillNeed:
    """Changes an open need; the audit entry keeps the values before and after."""
    need = _locked_open(need)
    before = _audit_values(need, list(need.skills.all()))
    _apply(need, data)
    validate_model(need)
    need.save()
    need.skills.set(data.skills)
    after = _audit_values(need, data.skills)
    changed = {k: v for k, v in after.items() if before[k] != v}
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=need,
        summary=f"Modificato il fabbisogno {need.title} di {need.organization.name}",
        hub_id=need.hub_id,
        before={k: before[k] for k in changed},
        after=changed,
    )
    public_data_changed()
    return need


@transaction.atomic(durable=True)
def set_need_status(*, actor: User, need: SkillNeed, status: str) -> SkillNeed:
    """Closes an open need as filled or withdraws it; it stays as history."""
    if status not in (NeedStatus.FILLED, NeedStatus.WITHDRAWN):
        raise InvalidInputError("Un fabbisogno si chiude come soddisfatto o ritirato.")
    need = _locked_open(need)
    need.status = status
    need.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=need,
        summary=f"Fabbisogno {need.title} di {need.organization.name}: {need.get_status_display().lower()}",
        hub_id=need.hub_id,
        before={"status": NeedStatus.OPEN.value},
        after={"status": status},
    )
    public_data_changed()
    return need
