"""The report channel's rules: who opens, answers, notes and closes; the 7-day escalation."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import Report, ReportKind, ReportStatus
from ptp.placements.models.reports import ANSWER_WITHIN
from ptp.placements.services import reports
from ptp.placements.tasks import escalate_reports
from tests.placements.factories import PlacementFactory, ReportFactory
from tests.placements.report_world import placement_world, staff_of

T0 = dt.datetime(2027, 2, 10, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def world(net, student):
    return placement_world(net, student)


def _open(world, student, kind=ReportKind.NOT_FORMATIVE, text="Faccio solo fotocopie.", now=T0):
    return reports.open_report(
        actor=student, placement=world.placement, kind=kind, text=text, now=now
    )


def _events(report) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="placements.report", object_id=str(report.pk)
        ).order_by("at", "pk")
    )


# --- Opening ------------------------------------------------------------------------------------


def test_the_student_opens_a_report_due_in_seven_days_audited_without_its_text(world, student, net):
    report = _open(world, student)

    assert report.status == ReportStatus.OPEN
    assert report.due_at == T0 + ANSWER_WITHIN == T0 + dt.timedelta(days=7)
    [event] = _events(report)
    assert event.action == AuditAction.CREATE and event.actor == student
    assert event.hub_id == net.hub.pk
    assert event.before is None
    assert event.after["status"] == "open" and event.after["kind"] == "not_formative"
    assert "fotocopie" not in str(event.after)


@pytest.mark.parametrize("who", ["school_staff", "company_staff", "coordinator"])
def test_only_the_student_of_the_placement_opens_a_report(world, request, who):
    with pytest.raises(ConflictError, match="Solo lo studente del percorso"):
        _open(world, request.getfixturevalue(who))
    assert not Report.objects.exists()


def test_a_blank_report_is_refused_on_its_field(world, student):
    with pytest.raises(InvalidInputError) as caught:
        _open(world, student, text="   \n ")
    assert caught.value.field == "text"


def test_a_second_open_report_of_the_same_kind_is_refused_but_another_kind_is_fine(world, student):
    first = _open(world, student)
    with pytest.raises(ConflictError) as caught:
        _open(world, student)
    assert caught.value.field == "kind"
    _open(world, student, kind=ReportKind.NOT_SAFE)
    reports.close_report(actor=student, report=first)
    _open(world, student)  # once closed, the same kind can be reported again
    assert Report.objects.count() == 3


# --- Answering, notes -----------------------------------------------------------------------------


def test_the_school_answers_and_the_audit_keeps_before_and_after(world, student, school_staff):
    report = _open(world, student)
    reports.answer_report(
        actor=school_staff, report=report, answer="Parliamo con il tutor domani.", now=T0
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED
    assert report.answered_by == school_staff and report.answered_at == T0
    event = _events(report)[-1]
    assert event.before["status"] == "open" and event.before["school_answer"] == ""
    assert event.after["status"] == "answered"


@pytest.mark.parametrize("who", ["student", "company_staff", "coordinator", "other_coordinator"])
def test_only_the_school_answers(world, student, request, who):
    report = _open(world, student)
    with pytest.raises(ConflictError, match="solo la scuola"):
        reports.answer_report(actor=request.getfixturevalue(who), report=report, answer="Ok")
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_school_staff_who_also_work_for_the_host_cannot_answer(world, student, net):
    both = staff_of(net.school, "doppio@example.invalid")
    staff_of(net.company, "doppio@example.invalid")
    report = _open(world, student)
    with pytest.raises(ConflictError):
        reports.answer_report(actor=both, report=report, answer="Tutto a posto.")


def test_a_blank_answer_is_refused(world, student, school_staff):
    report = _open(world, student)
    with pytest.raises(InvalidInputError) as caught:
        reports.answer_report(actor=school_staff, report=report, answer="  ")
    assert caught.value.field == "answer"


def test_the_coordinator_notes_a_safety_report_at_once_but_not_a_fresh_formative_one(
    world, student, coordinator
):
    formative = _open(world, student)
    with pytest.raises(ConflictError, match="non è stata inoltrata"):
        reports.add_coordinator_note(actor=coordinator, report=formative, note="Seguo io.")
    safety = _open(world, student, kind=ReportKind.NOT_SAFE)
    reports.add_coordinator_note(actor=coordinator, report=safety, note="Chiamo l'impresa.")
    safety.refresh_from_db()
    assert safety.coordinator_note == "Chiamo l'impresa." and safety.status == ReportStatus.OPEN


def test_another_hubs_coordinator_cannot_note(world, student, other_coordinator):
    safety = _open(world, student, kind=ReportKind.NOT_SAFE)
    with pytest.raises(ConflictError, match="solo il coordinatore"):
        reports.add_coordinator_note(actor=other_coordinator, report=safety, note="Io?")


# --- Closing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["school_staff", "coordinator", "company_staff"])
def test_only_the_student_closes(world, student, request, who):
    report = _open(world, student, kind=ReportKind.NOT_SAFE)
    with pytest.raises(ConflictError, match="Solo lo studente"):
        reports.close_report(actor=request.getfixturevalue(who), report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.closed_at is None


def test_the_student_closes_once_and_a_closed_report_takes_no_answer(world, student, school_staff):
    report = _open(world, student)
    reports.close_report(actor=student, report=report, now=T0)
    with pytest.raises(ConflictError, match="già chiusa"):
        reports.close_report(actor=student, report=report)
    with pytest.raises(ConflictError, match="già chiuso"):
        reports.answer_report(actor=school_staff, report=report, answer="Tardi.")
    report.refresh_from_db()
    assert (report.status, report.closed_at) == (ReportStatus.CLOSED, T0)
    assert _events(report)[-1].after["status"] == "closed"


# --- Escalation ---------------------------------------------------------------------------------


def test_escalation_after_seven_days_exactly_once_with_the_coordinator_told(
    world,
    student,
    school_staff,
    coordinator,
    other_coordinator,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    time_machine.move_to(T0, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.open_report(
            actor=student, placement=world.placement, kind=ReportKind.NOT_FORMATIVE, text="Nulla."
        )
    assert [m.to for m in mailoutbox] == [[school_staff.email]]
    mailoutbox.clear()

    time_machine.move_to(T0 + dt.timedelta(days=6), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        escalate_reports.enqueue()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and not mailoutbox

    later = T0 + dt.timedelta(days=7, minutes=1)
    time_machine.move_to(later, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = escalate_reports.enqueue()
        second = escalate_reports.enqueue()
    assert (first.return_value, second.return_value) == (1, 0)
    report.refresh_from_db()
    assert report.status == ReportStatus.ESCALATED and report.escalated_at == later
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "inoltrate al coordinatore" in mailoutbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        reports.answer_report(actor=school_staff, report=report, answer="Scusate il ritardo.")
    reports.close_report(actor=student, report=report)
    transitions = [(e.before or {}).get("status") for e in _events(report)]
    assert transitions == [None, "open", "escalated", "answered"]
    assert [e.after["status"] for e in _events(report)] == [
        "open",
        "escalated",
        "answered",
        "closed",
    ]
    escalation = _events(report)[1]
    assert escalation.actor is None and escalation.actor_label == "sistema"


def test_the_deadline_itself_is_not_yet_overdue(world, student):
    report = _open(world, student)
    assert reports.escalate_overdue_reports(now=report.due_at) == 0
    assert reports.escalate_overdue_reports(now=report.due_at + dt.timedelta(seconds=1)) == 1


def test_answered_and_closed_reports_never_escalate(world, student, school_staff):
    answered = _open(world, student)
    reports.answer_report(actor=school_staff, report=answered, answer="Fatto.")
    closed = _open(world, student, kind=ReportKind.NOT_SAFE)
    reports.close_report(actor=student, report=closed)

    assert reports.escalate_overdue_reports(now=T0 + dt.timedelta(days=30)) == 0


def test_the_command_escalates_and_says_how_many(world, student, time_machine):
    time_machine.move_to(T0, tick=False)
    _open(world, student, now=None)
    time_machine.move_to(T0 + dt.timedelta(days=8), tick=False)
    out = StringIO()
    call_command("escalate_reports", stdout=out)
    call_command("escalate_reports", stdout=out)
    assert out.getvalue().splitlines() == [
        "Segnalazioni inoltrate al coordinatore: 1.",
        "Segnalazioni inoltrate al coordinatore: 0.",
    ]
    assert Report.objects.get().status == ReportStatus.ESCALATED


def test_the_command_can_hand_the_work_to_the_worker(world, student, time_machine):
    time_machine.move_to(T0, tick=False)
    _open(world, student, now=None)
    time_machine.move_to(T0 + dt.timedelta(days=8), tick=False)
    out = StringIO()
    call_command("escalate_reports", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Accodato il task ")
    # The test settings run tasks at once.
    assert Report.objects.get().status == ReportStatus.ESCALATED


def test_one_run_tells_each_hubs_own_coordinators(
    net,
    world,
    student,
    coordinator,
    other_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    here = _open(world, student)
    there = ReportFactory(
        placement=PlacementFactory(hub=net.other_hub, host=net.other_org), due_at=here.due_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved = reports.escalate_overdue_reports(now=here.due_at + dt.timedelta(minutes=1))
    assert moved == 2
    by_recipient = {m.to[0]: m.body for m in mailoutbox}
    assert sorted(by_recipient) == sorted([coordinator.email, other_coordinator.email])
    assert f"/gestione/segnalazioni/{here.pk}/" in by_recipient[coordinator.email]
    assert f"/gestione/segnalazioni/{there.pk}/" in by_recipient[other_coordinator.email]


def test_a_backlog_reaches_each_coordinator_as_one_email(
    net, world, student, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    first = _open(world, student)
    second = _open(world, student, kind=ReportKind.NOT_SAFE)
    with django_capture_on_commit_callbacks(execute=True):
        moved = reports.escalate_overdue_reports(now=T0 + dt.timedelta(days=8))
    assert moved == 2
    [message] = mailoutbox
    assert message.to == [coordinator.email]
    for report in (first, second):
        assert f"/gestione/segnalazioni/{report.pk}/" in message.body
    assert world.student.code in message.body and world.student.family_name not in message.body
