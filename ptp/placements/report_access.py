"""Who sees and acts on reports, evaluations, student feedback and certificates of a placement.

The rules, in one place (services and views both ask them):

- A report is seen by the student who opened it, by staff of the student's school, and by the
  coordinators of the placement's hub once it has been escalated or when it is about safety.
- **The host never sees a report about itself.** Staff of the host organization and the
  placement's host tutor are refused (404: for them the report does not exist), even when another
  grant of theirs would let them in. A student must be able to report an unsafe placement without
  the host learning it from the platform.
- Only the school answers, only the coordinator adds notes, only the student closes.
- The host tutor and the host's staff evaluate the plan's skills; the school reads the evaluation
  on the certificate page.
- The student writes feedback on their own placement; the school's staff moderate it; the host's
  staff read what was published, without any student identifier.
- The school's staff issue the certificate; the student, the school and the host download it.

Outside a user's scope the object does not exist for them (404); inside it without the right to
act, the answer is 403 (e.g. the school tutor trying to close a report).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.placements import permissions as placement_rules
from ptp.placements.models import (
    Placement,
    PlacementStatus,
    Report,
    ReportKind,
    StudentFeedback,
)

# --- Roles on one placement (the placement rules of ptp/placements/permissions.py) -------------


def is_student_of(user: Any, placement: Placement) -> bool:
    """The user is the placement's student, with the student role on its school."""
    return placement_rules.is_student_of(user, placement)


def is_school_staff_of(user: Any, placement: Placement) -> bool:
    """The user works for the school that sends the student."""
    return placement_rules.can_manage_placement_as_school(user, placement)


def is_host_side_of(user: Any, placement: Placement) -> bool:
    """The user works for the host or is the placement's host tutor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return placement_rules.can_manage_placement_as_host(user, placement) or (
        placement.host_tutor_id == user.pk
    )


def is_coordinator_of(user: Any, placement: Placement) -> bool:
    """The user coordinates the placement's hub."""
    return placement_rules.is_placement_coordinator(user, placement)


def can_see_placement(user: Any, placement: Placement) -> bool:
    """The student, the school, the host (its tutor included) and the hub's coordinator know the
    placement exists."""
    return placement_rules.can_view_placement(user, placement) or is_host_side_of(user, placement)


# --- Reports ------------------------------------------------------------------------------------


def coordinator_sees(report: Report) -> bool:
    """A coordinator sees a report once escalated, and safety reports from the start."""
    return report.escalated_at is not None or report.kind == ReportKind.NOT_SAFE


def can_view_report(user: Any, report: Report) -> bool:
    """Student, school staff, and the coordinator once it concerns them; never the host."""
    placement = report.placement
    if is_host_side_of(user, placement):
        return False
    return (
        is_student_of(user, placement)
        or is_school_staff_of(user, placement)
        or (is_coordinator_of(user, placement) and coordinator_sees(report))
    )


def can_answer_report(user: Any, report: Report) -> bool:
    """Staff of the student's school answer (never someone on the host's side)."""
    return can_view_report(user, report) and is_school_staff_of(user, report.placement)


def can_note_report(user: Any, report: Report) -> bool:
    """The hub's coordinator writes notes on the reports they see."""
    return can_view_report(user, report) and is_coordinator_of(user, report.placement)


def can_close_report(user: Any, report: Report) -> bool:
    """Only the student who opened the report closes it."""
    return is_student_of(user, report.placement)


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The reports the user may read in the back office (see the module rules), host excluded."""
    scopes = scopes_of(user)
    if not (scopes.staff_organization_ids or scopes.coordinated_hub_ids):
        return Report.objects.none()
    coordinated = Q(placement__hub_id__in=scopes.coordinated_hub_ids) & (
        Q(escalated_at__isnull=False) | Q(kind=ReportKind.NOT_SAFE)
    )
    return (
        Report.objects.filter(
            Q(placement__school_id__in=scopes.staff_organization_ids) | coordinated
        )
        .exclude(placement__host_id__in=scopes.staff_organization_ids)
        .exclude(placement__host_tutor_id=user.pk)
    )


def _report(report_id: int) -> Report | None:
    return (
        Report.objects.select_related(
            "placement__student__user",
            "placement__school",
            "placement__host",
            "placement__hub",
            "answered_by",
        )
        .filter(pk=report_id)
        .first()
    )


def get_report_for_staff(user: Any, report_id: int) -> Report:
    """A report the school or the coordinator handles in the back office; 403 for the student
    (who has their own page), 404 for anyone else (the host included)."""
    report = _report(report_id)
    if report is None or not can_view_report(user, report):
        raise Http404
    if not (can_answer_report(user, report) or can_note_report(user, report)):
        raise PermissionDenied
    return report


def get_report_of_student(user: Any, report_id: int) -> Report:
    """The student's own report; 403 for others who see it (the school cannot close it for them),
    404 for everyone else."""
    report = _report(report_id)
    if report is None or not can_view_report(user, report):
        raise Http404
    if not can_close_report(user, report):
        raise PermissionDenied
    return report


# --- Placements seen from the student's and the host's pages ------------------------------------


def _placement(placement_id: int) -> Placement | None:
    return (
        Placement.objects.select_related(
            "student__user", "school", "host", "hub", "school_tutor", "host_tutor"
        )
        .filter(pk=placement_id)
        .first()
    )


def _placement_where(
    user: Any, placement_id: int, allowed: Callable[[Any, Placement], bool]
) -> Placement:
    """The placement when `allowed`; 403 for the others who know it, 404 for everyone else."""
    placement = _placement(placement_id)
    if placement is None or not can_see_placement(user, placement):
        raise Http404
    if not allowed(user, placement):
        raise PermissionDenied
    return placement


def get_own_placement(user: Any, placement_id: int) -> Placement:
    """A placement of the student; 403 for the others who know it, 404 for everyone else."""
    return _placement_where(user, placement_id, is_student_of)


def can_evaluate(user: Any, placement: Placement) -> bool:
    """The host tutor and the host's staff evaluate the skills of the plan."""
    return is_host_side_of(user, placement)


def get_placement_to_evaluate(user: Any, placement_id: int) -> Placement:
    """A placement the user evaluates; 403 for the student, school and coordinator, 404 otherwise."""
    return _placement_where(user, placement_id, can_evaluate)


def can_issue_certificate(user: Any, placement: Placement) -> bool:
    """The student's school certifies the competences (on the host tutor's evaluation)."""
    return is_school_staff_of(user, placement)


def can_download_certificate(user: Any, placement: Placement) -> bool:
    """The student (it is their document), the school and the host download the certificate."""
    return is_student_of(user, placement) or can_handle_certificate(user, placement)


def can_handle_certificate(user: Any, placement: Placement) -> bool:
    """The school and the host work with the certificate in the back office."""
    return is_school_staff_of(user, placement) or is_host_side_of(user, placement)


def get_placement_for_certificate(user: Any, placement_id: int) -> Placement:
    """A placement whose certificate the user handles in the back office (school, host); 403 for
    the student (who has their own page) and the coordinator, 404 for everyone else."""
    return _placement_where(user, placement_id, can_handle_certificate)


# --- Feedback -----------------------------------------------------------------------------------

FEEDBACK_STATUSES = (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)


def can_moderate_feedback(user: Any, feedback: StudentFeedback) -> bool:
    """Staff of the student's school moderate, unless they also work on the host's side."""
    placement = feedback.placement
    return is_school_staff_of(user, placement) and not is_host_side_of(user, placement)


def get_feedback_to_moderate(user: Any, feedback_id: int) -> StudentFeedback:
    """Feedback the user moderates; 404 for everyone else (the host included)."""
    feedback = (
        StudentFeedback.objects.select_related(
            "placement__student__user", "placement__school", "placement__host"
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None or not can_moderate_feedback(user, feedback):
        raise Http404
    return feedback


def has_staff_role(user: Any) -> bool:
    """The user works for at least one organization (school or host)."""
    return bool(scopes_of(user).staff_organization_ids)


def has_report_desk(user: Any) -> bool:
    """The user works for an organization or coordinates a hub: the back-office report list."""
    scopes = scopes_of(user)
    return bool(scopes.staff_organization_ids or scopes.coordinated_hub_ids)
