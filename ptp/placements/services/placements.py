"""The placement lifecycle: creation (from an accepted application or directly by the school),
tutors, training plan, start, completion and interruption.

A placement is created with its training plan (progetto formativo) and its safety file, all in one
transaction. It is PLANNED until its safety file is complete, then READY; it becomes ACTIVE only
through `start_placement`, which refuses while anything of the safety file is missing (D.Lgs.
81/2008: training, named tutor, risk assessment and insurance come before the first day).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.network.models import Hub, Membership, Organization
from ptp.placements.hosts.queries import host_enrollment
from ptp.placements.models import (
    Application,
    HostEnrollment,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RiskLevel,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.services import lifecycle_mail as mail
from ptp.skills.models import Skill
from ptp.students.models import Student

PLACEMENT_FIELDS = [
    "status",
    "starts_on",
    "ends_on",
    "planned_hours",
    "risk_level",
    "school_tutor",
    "host_tutor",
]
OPEN_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.READY, PlacementStatus.ACTIVE)


def lock_placement(placement: Placement) -> Placement:
    """The placement row, locked for the rest of the transaction, with what the services read."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student__user", "school", "host", "hub", "school_tutor", "host_tutor")
        .get(pk=placement.pk)
    )


def placement_path(placement: Placement) -> str:
    return reverse("backoffice:placement_detail", args=[placement.pk])


def student_placement_path(placement: Placement) -> str:
    return reverse("placements_student:placement", args=[placement.pk])


def audit(
    actor: User | None,
    placement: Placement,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One audit entry about the placement, in its hub's log."""
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=placement,
        summary=summary,
        hub_id=placement.hub_id,
        before=before,
        after=after,
    )


def framework_enrollment(hub: Hub, host: Organization) -> HostEnrollment:
    """The host's enrollment in the hub, refused unless it accepted the framework agreement: that
    acceptance covers placements with every member school."""
    enrollment = host_enrollment(hub, host)
    if enrollment is None or not enrollment.has_framework_agreement:
        raise ConflictError(
            f"{host.name} non ha ancora accettato la convenzione quadro del {hub.short_name}: "
            "non può accogliere studenti."
        )
    return enrollment


def _check_no_overlap(student: Student, starts_on: dt.date, ends_on: dt.date) -> None:
    other = (
        Placement.objects.filter(student=student, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .exclude(status=PlacementStatus.INTERRUPTED)
        .order_by("starts_on")
        .first()
    )
    if other is not None:
        raise ConflictError(
            f"Lo studente ha già un percorso dal {other.starts_on:%d/%m/%Y} al "
            f"{other.ends_on:%d/%m/%Y} che si sovrappone a questo periodo."
        )


def open_placement(
    *,
    actor: User | None,
    student: Student,
    host: Organization,
    hub: Hub,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_hours: int,
    risk_level: str,
    objectives: str,
    activities: str = "",
    skills: Iterable[Skill] = (),
    window: OpportunityWindow | None = None,
    application: Application | None = None,
    is_demo: bool = False,
) -> Placement:
    """Creates a placement with its training plan and its safety file (insurance prefilled from
    the host's enrollment). Runs inside the caller's transaction; the caller checks seats."""
    enrollment = framework_enrollment(hub, host)
    # The student's row lock makes two simultaneous placements of the same student queue, so the
    # second sees the first when it checks for an overlapping period.
    list(Student.objects.select_for_update().filter(pk=student.pk).values_list("pk", flat=True))
    _check_no_overlap(student, starts_on, ends_on)
    placement = Placement(
        student=student,
        school_id=student.school_id,
        host=host,
        hub=hub,
        window=window,
        application=application,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        risk_level=risk_level,
        is_demo=is_demo,
    )
    validate_model(placement)
    placement.save()
    plan = TrainingPlan(placement=placement, objectives=objectives, activities=activities)
    validate_model(plan)
    plan.save()
    plan.skills.set(list(skills))
    SafetyFile.objects.create(
        placement=placement,
        insurance_inail=enrollment.inail_position,
        insurance_liability=enrollment.liability_policy,
    )
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=placement,
        summary=f"Creato il percorso di {student.code} presso {host.name}",
        hub_id=hub.pk,
        after=snapshot(placement, ["student", "school", "host", "window", *PLACEMENT_FIELDS]),
    )
    return placement


@transaction.atomic(durable=True)
def create_direct_placement(
    *,
    actor: User,
    student: Student,
    host: Organization,
    hub: Hub,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_hours: int,
    risk_level: str = RiskLevel.LOW,
    objectives: str,
    activities: str = "",
) -> Placement:
    """A school places one of its students directly with a host of the same hub (no
    opportunity): the school must be an active member, the host must have accepted the hub's
    framework agreement."""
    if student.left_on is not None:
        raise ConflictError("Lo studente non frequenta più la scuola.")
    if (
        not Membership.objects.for_hub(hub)
        .active()
        .filter(organization_id=student.school_id)
        .exists()
    ):
        raise ConflictError(f"La scuola dello studente non è socia attiva del {hub.short_name}.")
    if not objectives.strip():
        raise InvalidInputError("Indica gli obiettivi formativi.", field="objectives")
    placement = open_placement(
        actor=actor,
        student=student,
        host=host,
        hub=hub,
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
        risk_level=risk_level,
        objectives=objectives,
        activities=activities,
    )
    mail.notify(
        template="placement_created",
        subject="Nuovo studente in arrivo: indicate il tutor aziendale",
        to=mail.staff_emails(host.pk),
        context={"placement": placement, "link": mail.link(placement_path(placement))},
        actor=actor,
    )
    return placement


def refresh_readiness(placement: Placement) -> None:
    """PLANNED ↔ READY follows the safety file: complete means ready to start."""
    if placement.status not in (PlacementStatus.PLANNED, PlacementStatus.READY):
        return
    safety = SafetyFile.objects.get(placement=placement)
    safety.placement = placement
    status = PlacementStatus.PLANNED if safety.missing() else PlacementStatus.READY
    if status != placement.status:
        placement.status = status
        placement.save(update_fields=["status", "updated_at"])
        if status == PlacementStatus.READY:
            mail.notify(
                template="placement_ready",
                subject="Percorso pronto a partire: il fascicolo sicurezza è completo",
                to=mail.school_side(placement),
                context={"placement": placement, "link": mail.link(placement_path(placement))},
            )


def check_open(placement: Placement) -> None:
    """Refuses changes to a completed or interrupted placement."""
    if placement.status not in OPEN_STATUSES:
        raise ConflictError(
            f"Il percorso è {placement.get_status_display().lower()}: non si può più modificare."
        )


@transaction.atomic(durable=True)
def start_placement(
    *, actor: User, placement: Placement, today: dt.date | None = None
) -> Placement:
    """Starts the placement: never before its first day, and never with an incomplete safety
    file (general and specific training, host tutor, risk assessment, insurance)."""
    today = today or timezone.localdate()
    placement = lock_placement(placement)
    if placement.status not in (PlacementStatus.PLANNED, PlacementStatus.READY):
        raise ConflictError(
            f"Il percorso è {placement.get_status_display().lower()}: non si può avviare."
        )
    safety = SafetyFile.objects.get(placement=placement)
    safety.placement = placement
    missing = safety.missing()
    if missing:
        raise ConflictError(
            "Il percorso non può iniziare: il fascicolo sicurezza è incompleto. Manca: "
            + "; ".join(missing)
            + "."
        )
    if today < placement.starts_on:
        raise ConflictError(
            f"Il percorso inizia il {placement.starts_on:%d/%m/%Y}: non si può avviare prima."
        )
    placement.status = PlacementStatus.ACTIVE
    placement.started_at = timezone.now()
    placement.save(update_fields=["status", "started_at", "updated_at"])
    audit(actor, placement, "Avviato il percorso", after={"status": placement.status})
    for to, path in (
        (mail.host_side(placement), placement_path(placement)),
        (mail.student_emails(placement.student), student_placement_path(placement)),
    ):
        mail.notify(
            template="placement_started",
            subject="Il percorso scuola-lavoro è iniziato",
            to=to,
            context={"placement": placement, "link": mail.link(path)},
            actor=actor,
        )
    return placement


def _closed_mail(actor: User, placement: Placement, subject: str, reason: str) -> None:
    for to, path in (
        (mail.other_side(placement, actor), placement_path(placement)),
        (mail.student_emails(placement.student), student_placement_path(placement)),
    ):
        mail.notify(
            template="placement_closed",
            subject=subject,
            to=to,
            context={"placement": placement, "reason": reason, "link": mail.link(path)},
            actor=actor,
        )


@transaction.atomic(durable=True)
def complete_placement(*, actor: User, placement: Placement) -> Placement:
    """Closes an active placement as done (its hours stay open to validation)."""
    placement = lock_placement(placement)
    if placement.status != PlacementStatus.ACTIVE:
        raise ConflictError("Si può concludere solo un percorso in corso.")
    placement.status = PlacementStatus.COMPLETED
    placement.closed_at = timezone.now()
    placement.save(update_fields=["status", "closed_at", "updated_at"])
    audit(actor, placement, "Concluso il percorso", after={"status": placement.status})
    _closed_mail(actor, placement, "Il percorso scuola-lavoro è concluso", "")
    return placement


@transaction.atomic(durable=True)
def interrupt_placement(*, actor: User, placement: Placement, reason: str) -> Placement:
    """Interrupts a placement that has not ended, with a reason; its seat becomes free again."""
    reason = reason.strip()
    if not reason:
        raise InvalidInputError("Indica il motivo dell'interruzione.", field="reason")
    placement = lock_placement(placement)
    if placement.status not in OPEN_STATUSES:
        raise ConflictError(
            f"Il percorso è {placement.get_status_display().lower()}: non si può interrompere."
        )
    placement.status = PlacementStatus.INTERRUPTED
    placement.closed_at = timezone.now()
    placement.save(update_fields=["status", "closed_at", "updated_at"])
    audit(
        actor,
        placement,
        f"Interrotto il percorso: {reason}",
        after={"status": placement.status, "reason": reason},
    )
    _closed_mail(actor, placement, "Il percorso scuola-lavoro è stato interrotto", reason)
    return placement
