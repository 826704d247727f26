"""E-mails of applications and of the placement lifecycle: who must act next is told so.

Services call `notify` inside their transaction; it renders the Italian text from
`templates/placements/email/` now and enqueues `ptp.core.tasks.send_email` in
`transaction.on_commit`, one message per address (staff of one organization do not learn each
other's addresses), never to the person who made the change. Recipients come from active role
grants or from the placement's named tutors, never from free text.

| event | to |
|---|---|
| application submitted / withdrawn | staff of the student's school |
| application validated by the school | staff of the host; the student |
| application refused / declined | the student |
| application accepted, placement created | staff of the school; the student |
| direct placement created | staff of the host |
| tutor named | the tutor |
| training plan or safety file changed | the other side (school ↔ host) |
| safety file complete (ready to start) | the school tutor, or the school's staff |
| placement started, completed or interrupted | the student; the other side |
| hours confirmed by the host tutor | the school tutor, or the school's staff |
| document generated | the other side; the student |
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from ptp.accounts.models import Role, RoleGrant, User
from ptp.accounts.scopes import scopes_of
from ptp.core.tasks import send_email
from ptp.placements.models import Placement
from ptp.students.models import Student


def link(path: str) -> str:
    """The absolute address of a page, for e-mails: tasks run without a request to ask the
    public address from, so it comes from the PTP_BASE_URL setting."""
    return settings.PTP_BASE_URL.rstrip("/") + path


def staff_emails(*organization_ids: int) -> set[str]:
    """Addresses of the active staff of the organizations."""
    grants = RoleGrant.objects.active().filter(
        role=Role.ORGANIZATION_STAFF, organization_id__in=organization_ids, user__is_active=True
    )
    return set(grants.values_list("user__email", flat=True))


def student_emails(student: Student) -> set[str]:
    """The student's account address, or the address the school recorded for them."""
    address = student.user.email if student.user is not None else student.email
    return {address} if address else set()


def tutor_or_staff(tutor: User | None, organization_id: int) -> set[str]:
    """The named tutor when there is an active one, otherwise the organization's staff."""
    if tutor is not None and tutor.is_active:
        return {tutor.email}
    return staff_emails(organization_id)


def school_side(placement: Placement) -> set[str]:
    return tutor_or_staff(placement.school_tutor, placement.school_id)


def host_side(placement: Placement) -> set[str]:
    return tutor_or_staff(placement.host_tutor, placement.host_id)


def other_side(placement: Placement, actor: User) -> set[str]:
    """The side of the placement the actor does not work for (both when the actor is neither)."""
    school, host = school_side(placement), host_side(placement)
    staff = scopes_of(actor).staff_organization_ids
    staff_of_host = placement.host_id in staff or actor.pk == placement.host_tutor_id
    staff_of_school = placement.school_id in staff or actor.pk == placement.school_tutor_id
    if staff_of_host and not staff_of_school:
        return school
    if staff_of_school and not staff_of_host:
        return host
    return school | host


def notify(
    *,
    template: str,
    subject: str,
    to: Iterable[str],
    context: dict[str, Any],
    actor: User | None = None,
) -> int:
    """Renders `placements/email/<template>.txt` once and enqueues one e-mail per address after
    commit, skipping the actor; returns how many were queued."""
    skip = actor.email.lower() if actor is not None else ""
    addresses = sorted({a.lower() for a in to if a and a.lower() != skip})
    if not addresses:
        return 0
    body = render_to_string(f"placements/email/{template}.txt", context)
    for address in addresses:
        transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=[address]))
    return len(addresses)
