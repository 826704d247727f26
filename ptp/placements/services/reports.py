"""A student's report of a placement that is not formative or not safe.

Life of a report: the student opens it (OPEN, due in ANSWER_WITHIN = 7 days); the school answers
(ANSWERED) — also after the deadline, and again if the student writes back by other means; an OPEN
report past its due date moves to ESCALATED and the hub coordinator is told; the coordinator may
add a note (the report stays ESCALATED); only the student closes it (CLOSED), whatever its state.
Every change is audited with its values before and after, in the hub's log.

Who may call what is checked here too (not only in the views), because the rule "only the student
closes" is the point of the channel: a school cannot make an awkward report disappear.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import written_text
from ptp.placements.models import Placement, Report, ReportKind, ReportStatus
from ptp.placements.models.reports import ANSWER_WITHIN
from ptp.placements.report_access import (
    can_answer_report,
    can_close_report,
    can_note_report,
    is_coordinator_of,
    is_student_of,
)
from ptp.placements.services import notifications

# What the audit log keeps of a report: its state, never the text (which may carry personal
# details the coordinator reading the log has no need for).
_AUDITED = ["status", "due_at", "answered_at", "escalated_at", "closed_at"]
MAX_TEXT = 4000


def _clean_text(value: str, *, field: str, what: str) -> str:
    return written_text(value, field=field, what=what, max_length=MAX_TEXT)


def _locked(report: Report) -> Report:
    """The report row locked for this transaction, with what services and e-mails need."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related(
            "placement__student__user", "placement__school", "placement__host", "placement__hub"
        )
        .get(pk=report.pk)
    )


def _audit(
    *, actor: User | None, report: Report, summary: str, before: dict[str, object] | None
) -> None:
    record_event(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=report,
        summary=summary,
        hub_id=report.placement.hub_id,
        before=before,
        after={"kind": report.kind, **snapshot(report, _AUDITED)},
    )


@transaction.atomic(durable=True)
def open_report(
    *, actor: User, placement: Placement, kind: str, text: str, now: dt.datetime | None = None
) -> Report:
    """The student of the placement reports it as not formative or not safe; the school must
    answer within ANSWER_WITHIN. A safety report also reaches the hub coordinator at once."""
    now = now or timezone.now()
    placement = Placement.objects.select_related("student__user", "hub").get(pk=placement.pk)
    if not is_student_of(actor, placement):
        raise ConflictError("Solo lo studente del percorso può aprire una segnalazione.")
    if kind not in ReportKind.values:
        raise InvalidInputError("Scegli il tipo di segnalazione.", field="kind")
    body = _clean_text(text, field="text", what="che cosa succede")
    pending = placement.reports.filter(kind=kind).exclude(status=ReportStatus.CLOSED)
    if pending.exists():
        raise ConflictError(
            "Hai già una segnalazione di questo tipo aperta su questo percorso: "
            "aggiungi lì le novità o chiudila prima di aprirne un'altra.",
            field="kind",
        )
    report = Report(placement=placement, kind=kind, text=body, due_at=now + ANSWER_WITHIN)
    report.full_clean()
    report.save()
    _audit(actor=actor, report=report, summary="Segnalazione aperta dallo studente", before=None)
    notifications.report_opened(report)
    if kind == ReportKind.NOT_SAFE:
        # Safety cannot wait for the 7-day escalation: the coordinator holds the hub's framework
        # agreement with the host and can act on the host directly (suspend placements) while the
        # school gathers facts. The e-mail carries the student's code only.
        notifications.safety_report_to_coordinator(report)
    return report


@transaction.atomic(durable=True)
def answer_report(
    *, actor: User, report: Report, answer: str, now: dt.datetime | None = None
) -> Report:
    """Staff of the student's school answer an open or escalated report (or answer again); the
    student is told. A closed report takes no more answers."""
    report = _locked(report)
    if not can_answer_report(actor, report):
        raise ConflictError("Risponde alla segnalazione solo la scuola dello studente.")
    if report.status == ReportStatus.CLOSED:
        raise ConflictError("Lo studente ha già chiuso questa segnalazione.")
    before = {"school_answer": report.school_answer, **snapshot(report, _AUDITED)}
    report.school_answer = _clean_text(answer, field="answer", what="la risposta")
    report.status = ReportStatus.ANSWERED
    report.answered_by = actor
    report.answered_at = now or timezone.now()
    report.full_clean()
    report.save()
    _audit(actor=actor, report=report, summary="Risposta della scuola", before=before)
    notifications.report_answered(report)
    return report


@transaction.atomic(durable=True)
def add_coordinator_note(*, actor: User, report: Report, note: str) -> Report:
    """The hub's coordinator writes a note on an escalated (or safety) report; the status does not
    change, because only the school answers and only the student closes."""
    report = _locked(report)
    if not is_coordinator_of(actor, report.placement):
        raise ConflictError("Scrive una nota solo il coordinatore del polo.")
    if not can_note_report(actor, report):
        raise ConflictError("La segnalazione è ancora in mano alla scuola: non è stata inoltrata.")
    if report.status == ReportStatus.CLOSED:
        raise ConflictError("Lo studente ha già chiuso questa segnalazione.")
    before = {"coordinator_note": report.coordinator_note, **snapshot(report, _AUDITED)}
    report.coordinator_note = _clean_text(note, field="note", what="la nota")
    report.full_clean()
    report.save()
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        summary="Nota del coordinatore del polo",
        hub_id=report.placement.hub_id,
        before=before,
        after={"coordinator_note": report.coordinator_note, **snapshot(report, _AUDITED)},
    )
    notifications.report_noted(report)
    return report


@transaction.atomic(durable=True)
def close_report(*, actor: User, report: Report, now: dt.datetime | None = None) -> Report:
    """Only the student who opened the report closes it, in any state."""
    report = _locked(report)
    if not can_close_report(actor, report):
        raise ConflictError("Solo lo studente che l'ha aperta può chiudere la segnalazione.")
    if report.status == ReportStatus.CLOSED:
        raise ConflictError("La segnalazione è già chiusa.")
    before = snapshot(report, _AUDITED)
    report.status = ReportStatus.CLOSED
    report.closed_at = now or timezone.now()
    report.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(actor=actor, report=report, summary="Segnalazione chiusa dallo studente", before=before)
    return report


@transaction.atomic(durable=True)
def escalate_overdue_reports(*, now: dt.datetime) -> int:
    """Moves every OPEN report whose answer deadline has passed to ESCALATED and tells the hub's
    coordinators; returns how many moved. Idempotent: an escalated report is no longer OPEN, so
    running it twice (cron and the task worker, or a retry) escalates each report once."""
    # Rows are locked so two runs at the same time cannot both escalate one report: on PostgreSQL
    # the second waits and then skips rows that stopped matching; SQLite serializes writers.
    overdue = (
        Report.objects.select_for_update(of=("self",))
        .filter(status=ReportStatus.OPEN, due_at__lt=now)
        .select_related(
            "placement__student", "placement__school", "placement__host", "placement__hub"
        )
        .order_by("due_at", "pk")
    )
    moved: dict[int, list[Report]] = {}  # by hub: its coordinators get one e-mail per run
    for report in overdue:
        before = snapshot(report, _AUDITED)
        report.status = ReportStatus.ESCALATED
        report.escalated_at = now
        report.save(update_fields=["status", "escalated_at", "updated_at"])
        _audit(
            actor=None,
            report=report,
            summary="Segnalazione inoltrata al coordinatore: nessuna risposta entro 7 giorni",
            before=before,
        )
        moved.setdefault(report.placement.hub_id, []).append(report)
    for hub_reports in moved.values():
        notifications.reports_overdue(hub_reports)
    return sum(len(hub_reports) for hub_reports in moved.values())
