"""Every write to a hub's offer plan: versions, items and the draft → proposed → approved cycle.

Each service is atomic, locks the row it changes (the hub when a version is started, the plan
when its state or items change), checks the rule against fresh data and writes an audit entry.
`plan_demo` reuses the underscore helpers inside its own transaction, without the checks on who
acts.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.catalogue.models import OfferPlan, OfferPlanItem, PlanStatus, Programme
from ptp.catalogue.permissions import can_manage_plans, proposing_organization_ids
from ptp.core.errors import ConflictError, DomainError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization

ITEM_FIELDS = ["programme", "proposed_by", "school_year", "municipality", "seats", "notes"]
FIRST_YEAR_RANGE = (2000, 2100)


def _status_label(status: str) -> str:
    return str(PlanStatus(status).label)


def _require_coordinator(actor: User, hub: Hub) -> None:
    if not can_manage_plans(actor, hub):
        raise DomainError(
            "Solo il coordinatore del polo può avviare, proporre o approvare il piano."
        )


def _lock_plan(plan: OfferPlan) -> OfferPlan:
    # Serialises state changes and item edits of one plan: the state is checked on the fresh row.
    return OfferPlan.objects.select_for_update(of=("self",)).select_related("hub").get(pk=plan.pk)


def _item_summary(item: OfferPlanItem) -> str:
    return (
        f"{item.programme.title}, {item.school_year}, {item.municipality.name} "
        f"({item.seats} posti, proposta di {item.proposed_by.name})"
    )


# --- Versions -----------------------------------------------------------------------------------


def _start_plan(*, actor: User | None, hub: Hub, first_year: int, notes: str = "") -> OfferPlan:
    if not FIRST_YEAR_RANGE[0] <= first_year <= FIRST_YEAR_RANGE[1]:
        raise InvalidInputError("Indica un anno di inizio plausibile.", field="first_year")
    hub = Hub.objects.select_for_update().get(pk=hub.pk)  # serialises version numbering
    versions = OfferPlan.objects.filter(hub=hub, first_year=first_year)
    open_plan = versions.filter(status__in=[PlanStatus.DRAFT, PlanStatus.PROPOSED]).first()
    if open_plan is not None:
        raise ConflictError(
            f"Per il triennio {open_plan.period_label} c'è già una versione aperta "
            f"(v{open_plan.version}, «{_status_label(open_plan.status)}»): "
            "completala prima di avviarne un'altra."
        )
    approved = versions.filter(status=PlanStatus.APPROVED).first()
    last = versions.aggregate(last=Max("version"))["last"] or 0
    plan = OfferPlan(
        hub=hub, first_year=first_year, version=last + 1, notes=notes, created_by=actor
    )
    validate_model(plan, exclude=["hub", "created_by"])
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # a concurrent request started the same version
        raise ConflictError("Un'altra versione del piano è stata appena avviata.") from exc
    copied = []
    if approved is not None:
        copied = OfferPlanItem.objects.bulk_create(
            OfferPlanItem(plan=plan, **{f: getattr(i, f) for f in ITEM_FIELDS})
            for i in approved.items.all()
        )
    summary = f"Avviata la versione {plan.version} del piano {plan.period_label}"
    if approved is not None:
        summary += f" (copiate {len(copied)} voci dalla versione {approved.version})"
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=plan,
        summary=summary,
        hub_id=hub.pk,
        after={
            **snapshot(plan, ["first_year", "version", "status", "notes"]),
            "copied_from_version": approved.version if approved is not None else None,
            "copied_items": len(copied),
        },
    )
    return plan


@transaction.atomic(durable=True)
def start_plan(*, actor: User, hub: Hub, first_year: int, notes: str = "") -> OfferPlan:
    """Starts the next version of the hub's three-year plan from `first_year`: version 1, or a draft
    copying the items of the approved version; one open (draft or proposed) version per period."""
    _require_coordinator(actor, hub)
    return _start_plan(actor=actor, hub=hub, first_year=first_year, notes=notes)


# --- States -------------------------------------------------------------------------------------


def _transition(*, actor: User | None, plan: OfferPlan, to: str, verb: str) -> OfferPlan:
    """Moves a locked plan to the state `to` if its current state allows it, and audits it."""
    expected = PlanStatus.DRAFT if to == PlanStatus.PROPOSED else PlanStatus.PROPOSED
    if plan.status != expected:
        raise ConflictError(
            f"Si può {verb} solo un piano «{_status_label(expected)}»: questo è "
            f"«{_status_label(plan.status)}»."
        )
    before = snapshot(plan, ["status"])
    fields = ["status", "updated_at"]
    if to == PlanStatus.APPROVED:
        # The approved version of the same period gives way first: one approved at a time.
        previous = (
            OfferPlan.objects.select_for_update()
            .filter(hub=plan.hub, first_year=plan.first_year, status=PlanStatus.APPROVED)
            .first()
        )
        if previous is not None:
            previous.status = PlanStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            record_event(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=previous,
                summary=f"Versione {previous.version} sostituita dalla versione {plan.version}",
                hub_id=plan.hub_id,
                before={"status": PlanStatus.APPROVED},
                after={"status": PlanStatus.SUPERSEDED},
            )
        plan.approved_by = actor
        plan.approved_at = timezone.now()
        fields += ["approved_by", "approved_at"]
    plan.status = to
    try:
        with transaction.atomic():
            plan.save(update_fields=fields)
    except IntegrityError as exc:
        raise ConflictError("Lo stato del piano è in conflitto con un'altra versione.") from exc
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        summary=f"Piano {plan.period_label} v{plan.version}: {_status_label(to).lower()}",
        hub_id=plan.hub_id,
        before=before,
        after=snapshot(plan, ["status"]),
    )
    return plan


def _propose(*, actor: User | None, plan: OfferPlan) -> OfferPlan:
    locked = _lock_plan(plan)
    if locked.status == PlanStatus.DRAFT and not locked.items.exists():
        raise ConflictError("Il piano non ha voci: aggiungine almeno una prima di proporlo.")
    return _transition(actor=actor, plan=locked, to=PlanStatus.PROPOSED, verb="proporre")


def _approve(*, actor: User | None, plan: OfferPlan) -> OfferPlan:
    return _transition(actor=actor, plan=_lock_plan(plan), to=PlanStatus.APPROVED, verb="approvare")


@transaction.atomic(durable=True)
def propose_plan(*, actor: User, plan: OfferPlan) -> OfferPlan:
    """Closes a draft to members' edits and opens it for review; a plan with no items is refused."""
    _require_coordinator(actor, plan.hub)
    return _propose(actor=actor, plan=plan)


@transaction.atomic(durable=True)
def approve_plan(*, actor: User, plan: OfferPlan) -> OfferPlan:
    """Approves a proposed plan; the version approved before for the same period is superseded."""
    _require_coordinator(actor, plan.hub)
    return _approve(actor=actor, plan=plan)


@transaction.atomic(durable=True)
def reopen_plan(*, actor: User, plan: OfferPlan) -> OfferPlan:
    """Sends a proposed plan back to draft, so members can change their items again."""
    _require_coordinator(actor, plan.hub)
    return _transition(
        actor=actor, plan=_lock_plan(plan), to=PlanStatus.DRAFT, verb="riportare in bozza"
    )


# --- Items --------------------------------------------------------------------------------------


def _require_draft(plan: OfferPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ConflictError(
            f"Il piano è «{_status_label(plan.status)}»: le voci si modificano solo finché è in bozza."
        )


def _add_item(
    *,
    actor: User | None,
    plan: OfferPlan,
    programme: Programme,
    proposed_by: Organization,
    school_year: str,
    municipality: Municipality,
    seats: int,
    notes: str = "",
) -> OfferPlanItem:
    locked = _lock_plan(plan)
    _require_draft(locked)
    if school_year not in locked.school_years:
        raise InvalidInputError(
            f"L'anno scolastico deve essere uno dei tre del piano ({', '.join(locked.school_years)}).",
            field="school_year",
        )
    if seats < 1:
        raise InvalidInputError("I posti previsti devono essere almeno uno.", field="seats")
    duplicate = locked.items.filter(
        programme=programme, school_year=school_year, municipality=municipality
    )
    if duplicate.exists():
        raise ConflictError(
            f"Il piano prevede già «{programme.title}» a {municipality.name} nel {school_year}."
        )
    item = OfferPlanItem(
        plan=locked,
        programme=programme,
        proposed_by=proposed_by,
        school_year=school_year,
        municipality=municipality,
        seats=seats,
        notes=notes,
    )
    validate_model(item, exclude=["plan", "programme", "proposed_by", "municipality"])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ConflictError("La stessa voce è stata appena aggiunta da un'altra persona.") from exc
    # The plan is the audited object: its history reads as one list of changes.
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        summary=f"Aggiunta al piano la voce: {_item_summary(item)}",
        hub_id=locked.hub_id,
        after={"item": item.pk, **snapshot(item, ITEM_FIELDS)},
    )
    return item


@transaction.atomic(durable=True)
def add_plan_item(
    *,
    actor: User,
    plan: OfferPlan,
    programme: Programme,
    proposed_by: Organization,
    school_year: str,
    municipality: Municipality,
    seats: int,
    notes: str = "",
) -> OfferPlanItem:
    """Adds a programme edition to a draft plan for one of its three school years. Member staff
    propose for their own active member organization and only programmes it provides; the
    coordinator proposes any programme on behalf of any active member."""
    allowed = proposing_organization_ids(actor, plan.hub)
    if proposed_by.pk not in allowed:
        raise InvalidInputError(
            f"Non puoi proporre voci per conto di {proposed_by.name}.", field="proposed_by"
        )
    is_provider = programme.provider_links.filter(organization=proposed_by).exists()
    if not can_manage_plans(actor, plan.hub) and not is_provider:
        raise InvalidInputError(
            f"«{programme.title}» non è tra i percorsi erogati da {proposed_by.name}.",
            field="programme",
        )
    return _add_item(
        actor=actor,
        plan=plan,
        programme=programme,
        proposed_by=proposed_by,
        school_year=school_year,
        municipality=municipality,
        seats=seats,
        notes=notes,
    )


def _remove_item(*, actor: User | None, item: OfferPlanItem) -> None:
    locked = _lock_plan(item.plan)
    _require_draft(locked)
    before = {"item": item.pk, **snapshot(item, ITEM_FIELDS)}
    summary = f"Rimossa dal piano la voce: {_item_summary(item)}"
    deleted, _ = OfferPlanItem.objects.filter(pk=item.pk, plan=locked).delete()
    if not deleted:
        raise ConflictError("La voce è già stata rimossa.")
    # The audit log has no deletion action: the removal is a change of the plan, item kept in `before`.
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        summary=summary,
        hub_id=locked.hub_id,
        before=before,
    )


@transaction.atomic(durable=True)
def remove_plan_item(*, actor: User, item: OfferPlanItem) -> None:
    """Removes an item from a draft plan: the coordinator any item, member staff only their own."""
    plan = item.plan
    if not can_manage_plans(actor, plan.hub) and (
        item.proposed_by_id not in proposing_organization_ids(actor, plan.hub)
    ):
        raise ConflictError("Puoi rimuovere solo le voci proposte dal tuo soggetto.")
    _remove_item(actor=actor, item=item)
