"""E-mails when a round is published: each student learns the outcome, each school and host who
is coming (names only to the school and the host, as they are entitled to them)."""

from collections import defaultdict

from django.template.loader import render_to_string

from ptp.accounts.models import Role, RoleGrant
from ptp.core.tasks import send_email
from ptp.placements.models import AllocationRound, RoundAssignment


def _staff_emails(organization_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = defaultdict(list)
    for org_id, email in (
        RoleGrant.objects.active()
        .filter(
            role=Role.ORGANIZATION_STAFF, organization_id__in=organization_ids, user__is_active=True
        )
        .values_list("organization_id", "user__email")
    ):
        emails[org_id].append(email)
    return emails


def notify_round_published(round_id: int) -> int:
    """Enqueues the e-mails of a published round; returns how many were enqueued."""
    round_ = AllocationRound.objects.select_related("hub").get(pk=round_id)
    assignments = list(
        RoundAssignment.objects.filter(round=round_)
        .select_related("student__school", "student__user", "window__opportunity__host")
        .order_by("student__family_name")
    )
    sent = 0
    for a in assignments:
        address = a.student.user.email if a.student.user else a.student.email
        if address:
            body = render_to_string(
                "rounds/email/student_result.txt", {"round": round_, "assignment": a}
            )
            send_email.enqueue(subject=f"Esito: {round_.title}", body=body, to=[address])
            sent += 1
    by_school: dict[int, list[RoundAssignment]] = defaultdict(list)
    by_host: dict[int, list[RoundAssignment]] = defaultdict(list)
    for a in assignments:
        by_school[a.student.school_id].append(a)
        if a.window is not None:
            by_host[a.window.opportunity.host_id].append(a)
    staff = _staff_emails(set(by_school) | set(by_host))
    for groups, template in ((by_school, "school_result"), (by_host, "host_incoming")):
        for org_id, rows in groups.items():
            if staff[org_id]:
                body = render_to_string(
                    f"rounds/email/{template}.txt", {"round": round_, "assignments": rows}
                )
                send_email.enqueue(subject=f"Esito: {round_.title}", body=body, to=staff[org_id])
                sent += 1
    return sent
