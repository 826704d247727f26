"""E-mails for each step of a placement that needs someone to act: one function per event.

Every function is called inside its service's transaction and sends nothing itself: through
`lifecycle_mail.notify` it renders the Italian text of `templates/placements/email/` now and
enqueues `ptp.core.tasks.send_email` in `transaction.on_commit`, one message per recipient (so
staff of one organization do not learn each other's addresses). Recipients come from active role
grants or the placement's named tutors, never from free text.

| event | to |
|---|---|
| report opened | staff of the student's school (never anyone on the host's side) |
| report about safety opened | also the hub's coordinators, at once |
| reports overdue (escalated) | the hub's coordinators, one e-mail per run |
| report answered | the student |
| coordinator's note | staff of the student's school |
| feedback to moderate | staff of the student's school |
| feedback not published | the student, with the reason |
| every plan skill evaluated | the school tutor, or the school's staff |
| certificate issued | the student |

What an e-mail may say: a student's name and class only go to their own school (the data
controller) and to the student; the hub coordinator gets the pseudonymous code; nothing about a
report ever goes to the host (see `ptp/placements/report_access.py`). Bodies carry a link rather
than the report's text, so mailboxes hold as little as possible.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from ptp.accounts.models import Role, RoleGrant
from ptp.placements.models import Placement, PlacementDocument, Report, StudentFeedback
from ptp.placements.services.lifecycle_mail import (
    link,
    notify,
    staff_emails,
    student_emails,
    tutor_or_staff,
)


def school_staff_emails(placement: Placement) -> set[str]:
    """Staff of the placement's school, minus anyone who also works for its host or tutors there:
    a report must never reach the host it is about."""
    host_side = staff_emails(placement.host_id)
    if placement.host_tutor is not None:
        host_side.add(placement.host_tutor.email)
    return staff_emails(placement.school_id) - host_side


def coordinator_emails(hub_id: int) -> set[str]:
    """The hub's coordinators (active grants, active accounts)."""
    grants = RoleGrant.objects.active().filter(
        role=Role.HUB_COORDINATOR, hub_id=hub_id, user__is_active=True
    )
    return set(grants.values_list("user__email", flat=True))


def _report_link(report: Report) -> str:
    return link(reverse("backoffice:report_detail", args=[report.pk]))


# --- Reports ------------------------------------------------------------------------------------


def report_opened(report: Report) -> int:
    """To the school: a student reported a placement; it must answer by the due date."""
    context = {
        "report": report,
        "placement": report.placement,
        "link": _report_link(report),
    }
    return notify(
        template="report_opened",
        subject=_("Nuova segnalazione su un percorso scuola-lavoro: rispondi entro 7 giorni"),
        context=context,
        to=school_staff_emails(report.placement),
    )


def safety_report_to_coordinator(report: Report) -> int:
    """To the hub's coordinators: a student reported a placement as not safe (code only)."""
    context = {
        "report": report,
        "placement": report.placement,
        "link": _report_link(report),
    }
    return notify(
        template="report_safety_coordinator",
        subject=_("Segnalazione di sicurezza su un percorso del polo"),
        context=context,
        to=coordinator_emails(report.placement.hub_id),
    )


def reports_overdue(reports: list[Report]) -> int:
    """To the coordinators of one hub: the school did not answer these reports in time (codes
    only). One e-mail per run, however many escalated, so a backlog is one message, not fifty."""
    if not reports:
        return 0
    items = [(report, _report_link(report)) for report in reports]
    return notify(
        template="report_overdue",
        subject=_("Segnalazioni senza risposta della scuola: inoltrate al coordinatore"),
        context={"items": items, "hub": reports[0].placement.hub},
        to=coordinator_emails(reports[0].placement.hub_id),
    )


def report_answered(report: Report) -> int:
    """To the student: the school answered; they read it and close the report when satisfied."""
    context = {
        "report": report,
        "link": link(reverse("reports_student:detail", args=[report.pk])),
    }
    return notify(
        template="report_answered",
        subject=_("La scuola ha risposto alla tua segnalazione"),
        context=context,
        to=student_emails(report.placement.student),
    )


def report_noted(report: Report) -> int:
    """To the school: the hub coordinator added a note to a report of one of its students."""
    context = {
        "report": report,
        "link": _report_link(report),
    }
    return notify(
        template="report_note",
        subject=_("Il coordinatore del polo ha scritto su una segnalazione"),
        context=context,
        to=school_staff_emails(report.placement),
    )


# --- Feedback, evaluation, certificate ----------------------------------------------------------


def feedback_to_moderate(feedback: StudentFeedback) -> int:
    """To the school: a student's opinion on a host waits for moderation."""
    context = {"feedback": feedback, "link": link(reverse("backoffice:feedback_queue"))}
    return notify(
        template="feedback_to_moderate",
        subject=_("Un'opinione di uno studente da moderare"),
        context=context,
        to=school_staff_emails(feedback.placement),
    )


def feedback_rejected(feedback: StudentFeedback, *, reason: str) -> int:
    """To the student: the school did not publish their opinion, and why."""
    url = link(reverse("reports_student:feedback", args=[feedback.placement_id]))
    return notify(
        template="feedback_rejected",
        subject=_("La tua opinione non è stata pubblicata"),
        context={"feedback": feedback, "reason": reason, "link": url},
        to=student_emails(feedback.placement.student),
    )


def evaluation_complete(placement: Placement) -> int:
    """To the school tutor (or, without one, the school's staff): every skill of the plan has a
    level, so the certificate can be prepared."""
    context = {
        "placement": placement,
        "link": link(reverse("backoffice:certificate", args=[placement.pk])),
    }
    return notify(
        template="evaluation_complete",
        subject=_("Valutazione delle competenze completata dal tutor aziendale"),
        context=context,
        to=tutor_or_staff(placement.school_tutor, placement.school_id),
    )


def certificate_issued(document: PlacementDocument) -> int:
    """To the student: their certificate of competences is ready to download."""
    placement = document.placement
    context = {
        "document": document,
        "placement": placement,
        "link": link(reverse("reports_student:certificate", args=[placement.pk])),
    }
    return notify(
        template="certificate_issued",
        subject=_("La tua certificazione delle competenze è disponibile"),
        context=context,
        to=student_emails(placement.student),
    )
