"""The student's feedback on the host, moderated by the school before anyone else reads it.

The student of a completed or interrupted placement rates the host from 1 to 5 and writes what
they think; staff of the student's school publish it or reject it with a reason the student
receives. Published feedback reaches the host without any student identifier, and its average is
shown to students on the host's opportunities once there are at least MIN_SHOWN opinions (fewer
would let a host guess who wrote them).
"""

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.core.validation import written_text
from ptp.placements.models import FeedbackStatus, Placement, StudentFeedback
from ptp.placements.report_access import FEEDBACK_STATUSES, can_moderate_feedback, is_student_of
from ptp.placements.services import notifications

MIN_SHOWN = 3
MAX_TEXT = 2000
RATINGS = range(1, 6)


def _clean(text: str, *, field: str, what: str) -> str:
    return written_text(text, field=field, what=what, max_length=MAX_TEXT)


@transaction.atomic(durable=True)
def leave_feedback(*, actor: User, placement: Placement, rating: int, text: str) -> StudentFeedback:
    """The student of a completed or interrupted placement rates the host (1–5) and comments; the
    school is asked to moderate. They may rewrite it until it is published."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student__user", "school", "hub")
        .get(pk=placement.pk)
    )
    if not is_student_of(actor, placement):
        raise ConflictError("Lascia un'opinione solo lo studente del percorso.")
    if placement.status not in FEEDBACK_STATUSES:
        raise ConflictError("Potrai lasciare la tua opinione quando il percorso sarà concluso.")
    if rating not in RATINGS:
        raise InvalidInputError("La valutazione va da 1 a 5.", field="rating")
    body = _clean(text, field="text", what="la tua opinione")
    feedback = StudentFeedback.objects.filter(placement=placement).first()
    if feedback is not None and feedback.status == FeedbackStatus.PUBLISHED:
        raise ConflictError("La tua opinione è già stata pubblicata: non si può più modificare.")
    before = None if feedback is None else snapshot(feedback, ["rating", "status"])
    if feedback is None:
        feedback = StudentFeedback(placement=placement)
    feedback.rating, feedback.text, feedback.status = rating, body, FeedbackStatus.PENDING
    feedback.moderated_by, feedback.moderated_at = None, None
    feedback.full_clean()
    feedback.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=feedback,
        summary="Opinione dello studente sull'impresa ospitante, da moderare",
        hub_id=placement.hub_id,
        before=before,
        after=snapshot(feedback, ["rating", "status"]),
    )
    notifications.feedback_to_moderate(feedback)
    return feedback


@transaction.atomic(durable=True)
def moderate_feedback(
    *, actor: User, feedback: StudentFeedback, publish: bool, reason: str = ""
) -> StudentFeedback:
    """Staff of the student's school publish pending feedback, or reject it with a reason that
    is sent to the student (and kept in the audit log, where the student's page reads it)."""
    feedback = (
        StudentFeedback.objects.select_for_update(of=("self",))
        .select_related("placement__student__user", "placement__hub")
        .get(pk=feedback.pk)
    )
    if not can_moderate_feedback(actor, feedback):
        raise ConflictError("Modera le opinioni solo la scuola dello studente.")
    if feedback.status != FeedbackStatus.PENDING:
        raise ConflictError(
            f"Questa opinione è già stata moderata: «{feedback.get_status_display()}»."
        )
    why = "" if publish else _clean(reason, field="reason", what="il motivo per lo studente")
    before = snapshot(feedback, ["status"])
    feedback.status = FeedbackStatus.PUBLISHED if publish else FeedbackStatus.REJECTED
    feedback.moderated_by, feedback.moderated_at = actor, timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=feedback,
        summary="Opinione pubblicata" if publish else "Opinione non pubblicata",
        hub_id=feedback.placement.hub_id,
        before=before,
        after={"status": feedback.status, "reason": why},
    )
    if publish:
        # Opportunity pages show the host's average rating.
        public_data_changed()
    else:
        notifications.feedback_rejected(feedback, reason=why)
    return feedback
