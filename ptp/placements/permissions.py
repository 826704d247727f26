"""Who may see and act on applications and placements.

A placement is seen by its student, the staff of its school (the data controller), the staff of
its host, and its hub's coordinator (read-only). Nobody else learns that it exists: they get 404,
like another school's staff asking for a student who is not theirs. Inside that circle, each side
acts on its own part (403 otherwise): the school validates applications, names its tutor, starts,
completes and validates hours; the host accepts applicants, names its tutor, enters and confirms
hours; both edit the training plan and the safety file, and either may interrupt.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.network.models import SCHOOL_KINDS, Membership, Organization
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
)
from ptp.students.models import Student
from ptp.students.queries import student_for_user

# The host sees an application once the school has validated it, and keeps seeing its outcome.
HOST_VISIBLE_STATUSES = (
    ApplicationStatus.VALIDATED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DECLINED,
)
CLOSED_STATUSES = (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)


# --- Who the user is ---------------------------------------------------------------------------


def schools_of(user: Any) -> list[Organization]:
    """The schools the user works for, by name (their names only)."""
    staff = scopes_of(user).staff_organization_ids
    if not staff:
        return []
    return list(
        Organization.objects.filter(pk__in=staff, kind__in=SCHOOL_KINDS)
        .only("name")
        .order_by("name")
    )


def school_ids(user: Any) -> frozenset[int]:
    """The schools the user works for."""
    staff = scopes_of(user).staff_organization_ids
    if not staff:
        return frozenset()
    return frozenset(
        Organization.objects.filter(pk__in=staff, kind__in=SCHOOL_KINDS).values_list(
            "pk", flat=True
        )
    )


def host_ids(user: Any) -> frozenset[int]:
    """The organizations other than schools the user works for (companies and other hosts)."""
    staff = scopes_of(user).staff_organization_ids
    if not staff:
        return frozenset()
    return frozenset(
        Organization.objects.filter(pk__in=staff)
        .exclude(kind__in=SCHOOL_KINDS)
        .values_list("pk", flat=True)
    )


# --- Placements ----------------------------------------------------------------------------------


def is_student_of(user: Any, placement: Placement) -> bool:
    """The user is the placement's student, with the student role on its school."""
    return (
        placement.school_id in scopes_of(user).student_organization_ids
        and placement.student.user_id == user.pk
    )


def can_manage_placement_as_school(user: Any, placement: Placement) -> bool:
    """Staff of the placement's school act for the school."""
    return placement.school_id in scopes_of(user).staff_organization_ids


def can_manage_placement_as_host(user: Any, placement: Placement) -> bool:
    """Staff of the placement's host act for the host."""
    return placement.host_id in scopes_of(user).staff_organization_ids


def is_placement_coordinator(user: Any, placement: Placement) -> bool:
    """The user coordinates the placement's hub."""
    return placement.hub_id in scopes_of(user).coordinated_hub_ids


def can_view_placement(user: Any, placement: Placement) -> bool:
    """Its student, staff of its school and of its host, and its hub's coordinator (read-only)."""
    return (
        can_manage_placement_as_school(user, placement)
        or can_manage_placement_as_host(user, placement)
        or is_placement_coordinator(user, placement)
        or is_student_of(user, placement)
    )


def can_edit_placement(user: Any, placement: Placement) -> bool:
    """Both sides edit the training plan and the safety file."""
    return can_manage_placement_as_school(user, placement) or can_manage_placement_as_host(
        user, placement
    )


def can_start_placement(user: Any, placement: Placement) -> bool:
    """The school, which answers for the student's safety, starts and completes the placement."""
    return can_manage_placement_as_school(user, placement)


def can_interrupt_placement(user: Any, placement: Placement) -> bool:
    """Either side may interrupt a placement."""
    return can_edit_placement(user, placement)


def can_enter_hours(user: Any, placement: Placement) -> bool:
    """The host tutor enters and confirms the day's hours (any host staff until one is named)."""
    if not can_manage_placement_as_host(user, placement):
        return False
    return placement.host_tutor_id is None or placement.host_tutor_id == user.pk


def can_validate_hours(user: Any, placement: Placement) -> bool:
    """The school tutor validates confirmed hours (any school staff until one is named)."""
    if not can_manage_placement_as_school(user, placement):
        return False
    return placement.school_tutor_id is None or placement.school_tutor_id == user.pk


def can_download_documents(user: Any, placement: Placement) -> bool:
    """The agreement and the plan go to the parties: the school, the host and the student."""
    return (
        can_manage_placement_as_school(user, placement)
        or can_manage_placement_as_host(user, placement)
        or is_student_of(user, placement)
    )


def placements_visible_to(user: Any) -> QuerySet[Placement]:
    """The placements the user may see (see `can_view_placement`)."""
    scopes = scopes_of(user)
    condition = (
        Q(school_id__in=scopes.staff_organization_ids)
        | Q(host_id__in=scopes.staff_organization_ids)
        | Q(hub_id__in=scopes.coordinated_hub_ids)
    )
    if scopes.student_organization_ids:
        condition |= Q(school_id__in=scopes.student_organization_ids, student__user=user)
    return Placement.objects.filter(condition)


def get_placement(
    user: Any, pk: int, predicate: Callable[[Any, Placement], bool] | None = None
) -> Placement:
    """The placement if the user may see it (404 otherwise) and, when a predicate is given, may
    do what it names (403 otherwise)."""
    placement = (
        Placement.objects.select_related(
            "student__school",
            "school",
            "host",
            "hub",
            "school_tutor",
            "host_tutor",
            "window__opportunity",
        )
        .filter(pk=pk)
        .first()
    )
    if placement is None or not can_view_placement(user, placement):
        raise Http404
    if predicate is not None and not predicate(user, placement):
        raise PermissionDenied
    return placement


# --- Applications --------------------------------------------------------------------------------


def can_decide_as_school(user: Any, application: Application) -> bool:
    """Staff of the student's school validate or refuse the application."""
    return application.student.school_id in scopes_of(user).staff_organization_ids


def can_decide_as_host(user: Any, application: Application) -> bool:
    """Staff of the host see the application once validated, and accept or decline it."""
    return (
        application.window.opportunity.host_id in scopes_of(user).staff_organization_ids
        and application.status in HOST_VISIBLE_STATUSES
    )


def is_applicant(user: Any, application: Application) -> bool:
    """The application is the user's own (with the student role on their school)."""
    student = application.student
    return (
        student.school_id in scopes_of(user).student_organization_ids and student.user_id == user.pk
    )


def get_application(
    user: Any, pk: int, predicate: Callable[[Any, Application], bool]
) -> Application:
    """The application for one side's decision: 404 for those who may not see it at all, 403 for
    the other side (the host on a school decision, the school on the host's)."""
    application = (
        Application.objects.select_related(
            "student__school", "window__opportunity__host", "window__opportunity__hub"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    sides = (can_decide_as_school, can_decide_as_host, is_applicant)
    if not any(side(user, application) for side in sides):
        raise Http404
    if not predicate(user, application):
        raise PermissionDenied
    return application


def get_own_student(user: Any) -> Student:
    """The user's student record; 403 for accounts without one (the student area is theirs)."""
    student = student_for_user(user)
    if student is None:
        raise PermissionDenied
    return student


def get_window_for_student(student: Student, window_id: int) -> OpportunityWindow:
    """A window of a published opportunity of a hub the student's school actively belongs to; 404
    for the others (whether it is still open is the application service's call)."""
    hub_ids = Membership.objects.active().filter(organization_id=student.school_id).values("hub_id")
    window = (
        OpportunityWindow.objects.select_related("opportunity__host", "opportunity__hub")
        .filter(
            pk=window_id,
            opportunity__hub_id__in=hub_ids,
            opportunity__status=OpportunityStatus.PUBLISHED,
        )
        .first()
    )
    if window is None:
        raise Http404
    return window
