"""Publishing a round: each assignment becomes an accepted application and a placement that
enters the work-based-learning lifecycle; students, schools and hosts are told."""

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError
from ptp.core.public_cache import public_data_changed
from ptp.placements.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    HostEnrollment,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RoundStatus,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.rounds.notify import notify_round_published


def _create_placement(application: Application, enrollment: HostEnrollment | None) -> Placement:
    window = application.window
    opportunity = window.opportunity
    placement = Placement.objects.create(
        student=application.student,
        school=application.student.school,
        host=opportunity.host,
        hub=opportunity.hub,
        window=window,
        application=application,
        status=PlacementStatus.PLANNED,
        starts_on=window.starts_on,
        ends_on=window.ends_on,
        planned_hours=window.hours,
        risk_level=opportunity.risk_level,
        is_demo=opportunity.is_demo,
    )
    plan = TrainingPlan.objects.create(placement=placement, objectives=opportunity.description)
    plan.skills.set(opportunity.skills_developed.all())
    SafetyFile.objects.create(
        placement=placement,
        insurance_inail=enrollment.inail_position if enrollment else "",
        insurance_liability=enrollment.liability_policy if enrollment else "",
    )
    return placement


@transaction.atomic(durable=True)
def publish_round(*, actor: User, round_: AllocationRound) -> list[Placement]:
    """Publishes a reviewed round: seats still free are checked again under lock, then every
    assignment becomes a placement (planned, with its training plan and safety file to complete)."""
    round_ = AllocationRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.REVIEW:
        raise ConflictError("Si pubblica una tornata dopo averne verificato il risultato.")
    assignments = list(
        round_.assignments.filter(window__isnull=False).select_related(
            "student__school", "window__opportunity__host", "window__opportunity__hub"
        )
    )
    windows = {a.window_id for a in assignments if a.window_id is not None}
    applications: dict[tuple[int, int | None], Application] = {
        (app.student_id, app.window_id): app
        for app in Application.objects.select_for_update(of=("self",))
        .filter(window_id__in=windows, student_id__in={a.student_id for a in assignments})
        .select_related("student__school", "window__opportunity", "placement")
    }
    # Students guaranteed by a previous round keep the placement they already have.
    new = [
        a
        for a in assignments
        if not hasattr(applications[(a.student_id, a.window_id)], "placement")
    ]
    for window in OpportunityWindow.objects.select_for_update().filter(pk__in=windows):
        taken = window.placements.exclude(status=PlacementStatus.INTERRUPTED).count()
        if taken + sum(1 for a in new if a.window_id == window.pk) > window.seats:
            raise ConflictError(
                f"«{window.opportunity.title}»: nel frattempo alcuni posti sono stati occupati; "
                "ripeti l'abbinamento."
            )
    enrollments = {
        e.organization_id: e
        for e in HostEnrollment.objects.filter(
            hub=round_.hub,
            organization_id__in={app.window.opportunity.host_id for app in applications.values()},
        )
    }
    now = timezone.now()
    placements = []
    for a in new:
        application = applications[(a.student_id, a.window_id)]
        application.status = ApplicationStatus.ACCEPTED
        application.host_decided_by = actor
        application.host_decided_at = now
        application.save(
            update_fields=["status", "host_decided_by", "host_decided_at", "updated_at"]
        )
        placements.append(
            _create_placement(application, enrollments.get(application.window.opportunity.host_id))
        )
    round_.status = RoundStatus.PUBLISHED
    round_.published_at = now
    round_.published_by = actor
    round_.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=round_,
        summary=f"Pubblicata la tornata: {len(placements)} percorsi creati",
        hub_id=round_.hub_id,
        before={"status": RoundStatus.REVIEW},
        after={"status": RoundStatus.PUBLISHED, "placements": len(placements)},
    )
    public_data_changed()
    transaction.on_commit(lambda: notify_round_published(round_.pk))
    return placements
