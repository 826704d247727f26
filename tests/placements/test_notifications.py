"""Who is e-mailed at each step, what the e-mail may say, and that nothing leaves before commit."""

import pytest
from django.utils import timezone

from ptp.accounts.models import Role, RoleGrant
from ptp.placements.models import ReportKind
from ptp.placements.services import notifications, reports
from tests.factories import UserFactory
from tests.placements.factories import ReportFactory, StudentFeedbackFactory
from tests.placements.report_world import placement_world, staff_of


@pytest.fixture
def world(net, student):
    return placement_world(net, student)


def _addresses(outbox) -> list[str]:
    assert all(len(m.to) == 1 for m in outbox), "one message per recipient"
    return sorted(m.to[0] for m in outbox)


def test_nothing_is_sent_before_the_transaction_commits(
    world, student, school_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reports.open_report(
            actor=student, placement=world.placement, kind=ReportKind.NOT_FORMATIVE, text="Noia."
        )
    assert len(callbacks) == 1 and not mailoutbox
    callbacks[0]()
    assert _addresses(mailoutbox) == [school_staff.email]


def test_a_report_reaches_every_active_school_staff_but_nobody_on_the_hosts_side(
    net, world, school_staff, company_staff, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = staff_of(net.school, "collega@example.invalid")
    both = staff_of(net.school, "anche.impresa@example.invalid")
    staff_of(net.company, "anche.impresa@example.invalid")
    tutor = staff_of(net.school, "tutor.in.impresa@example.invalid")
    world.placement.host_tutor = tutor
    world.placement.save()
    gone = staff_of(net.school, "revocato@example.invalid")
    RoleGrant.objects.filter(user=gone).update(revoked_at=timezone.now())
    inactive = staff_of(net.school, "disattivato@example.invalid")
    inactive.is_active = False
    inactive.save()
    report = ReportFactory(placement=world.placement)

    with django_capture_on_commit_callbacks(execute=True):
        sent = notifications.report_opened(report)

    assert sent == 2
    assert _addresses(mailoutbox) == sorted([school_staff.email, colleague.email])
    assert both.email not in _addresses(mailoutbox)


def test_coordinators_read_the_code_never_the_name(
    net, world, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    co_coordinator = UserFactory(email="vice@example.invalid")
    RoleGrant.objects.create(user=co_coordinator, role=Role.HUB_COORDINATOR, hub=net.hub)
    report = ReportFactory(placement=world.placement, kind=ReportKind.NOT_SAFE)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.safety_report_to_coordinator(report)
        notifications.reports_overdue([report])

    assert _addresses(mailoutbox) == sorted([coordinator.email, co_coordinator.email] * 2)
    for message in mailoutbox:
        assert world.student.code in message.body
        assert world.student.given_name not in message.body
        assert world.student.family_name not in message.body
        assert report.text not in message.body
        assert f"/gestione/segnalazioni/{report.pk}/" in message.body


def test_the_student_without_an_account_is_told_at_the_address_the_school_keeps(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    world = placement_world(net, None)
    world.student.email = "aurora.studente@example.invalid"
    world.student.save()
    report = ReportFactory(placement=world.placement)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.report_answered(report) == 1
    assert _addresses(mailoutbox) == ["aurora.studente@example.invalid"]

    world.student.email = ""
    world.student.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.report_answered(report) == 0


def test_links_use_the_configured_public_address(
    settings, world, student, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PTP_BASE_URL = "https://rete-ptp.example.invalid/"
    report = ReportFactory(placement=world.placement)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.report_answered(report)
    assert f"https://rete-ptp.example.invalid/studente/segnalazioni/{report.pk}/" in (
        mailoutbox[0].body
    )


def test_feedback_to_moderate_goes_to_the_school_not_to_the_host(
    net, world, school_staff, company_staff, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = StudentFeedbackFactory(placement=world.placement)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.feedback_to_moderate(feedback)
    assert _addresses(mailoutbox) == [school_staff.email]
    assert "/gestione/segnalazioni/opinioni/" in mailoutbox[0].body


def test_evaluation_complete_goes_to_the_school_staff_when_no_tutor_is_named(
    net, world, school_staff, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = staff_of(net.school, "collega@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.evaluation_complete(world.placement)
    assert _addresses(mailoutbox) == sorted([school_staff.email, colleague.email])
    assert mailoutbox[0].subject == "Valutazione delle competenze completata dal tutor aziendale"
