"""Application services: who may apply to what, rankings kept 1..n, the school's and the host's
decisions, and acceptance creating the placement only while a seat is left."""

import datetime as dt

import pytest
from django.core import mail

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    OpportunityStatus,
    Placement,
    PlacementStatus,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.services import applications as services
from tests.placements.factories import OpportunityFactory, OpportunityWindowFactory
from tests.placements.lifecycle_helpers import (
    TODAY,
    WINDOW_START,
    enroll,
    staff_of,
    student_of,
    world,
)

S = ApplicationStatus


@pytest.fixture
def w(net, student):
    return world(net, student_user=student)


def _apply(w, student, window=None, **kwargs):
    return services.submit_application(
        actor=student, student=w.student, window=window or w.window, today=TODAY, **kwargs
    )


def _second_window(w, **kwargs):
    return OpportunityWindowFactory(
        opportunity=w.opportunity,
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 30),
        **kwargs,
    )


# --- Applying ------------------------------------------------------------------------------------


def test_an_application_is_submitted_last_in_the_ranking_and_audited(w, student, net):
    first = _apply(w, student, motivation="  Mi piace l'accoglienza.  ")
    second = _apply(w, student, window=_second_window(w))

    assert (first.status, first.rank, first.motivation) == (
        S.SUBMITTED,
        1,
        "Mi piace l'accoglienza.",
    )
    assert second.rank == 2
    event = AuditEvent.objects.get(object_id=str(first.pk), object_type="placements.application")
    assert event.hub_id == net.hub.pk


def test_the_school_staff_are_told_of_a_new_application(
    w, student, school_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(w, student)
    assert [m.to for m in mail.outbox] == [[school_staff.email]]
    assert "da valutare" in mail.outbox[0].subject
    assert w.student.family_name not in mail.outbox[0].body  # the code only, not the name


def test_a_student_under_the_minimum_age_on_the_first_day_is_refused(w, student):
    w.student.birth_date = WINDOW_START.replace(year=WINDOW_START.year - 16) + dt.timedelta(days=1)
    w.student.save()  # 16 the day after the window starts
    with pytest.raises(ConflictError, match="almeno 16 anni il 01/02/2027"):
        _apply(w, student)
    assert not Application.objects.exists()


def test_a_student_who_turns_the_minimum_age_on_the_first_day_may_apply(w, student):
    w.student.birth_date = WINDOW_START.replace(year=WINDOW_START.year - 16)
    w.student.save()
    assert _apply(w, student).status == S.SUBMITTED


def test_a_window_that_has_ended_is_refused(w, student):
    ended = OpportunityWindowFactory(
        opportunity=w.opportunity, starts_on=dt.date(2026, 10, 1), ends_on=TODAY - dt.timedelta(1)
    )
    with pytest.raises(ConflictError, match="già concluso"):
        _apply(w, student, window=ended)


def test_a_window_ending_today_still_accepts_applications(w, student):
    today = OpportunityWindowFactory(
        opportunity=w.opportunity, starts_on=dt.date(2026, 11, 2), ends_on=TODAY
    )
    assert _apply(w, student, window=today).window == today


def test_applying_twice_to_the_same_window_is_refused(w, student):
    _apply(w, student)
    with pytest.raises(ConflictError, match="Hai già una candidatura"):
        _apply(w, student)
    assert Application.objects.count() == 1


def test_a_school_outside_the_opportunitys_hub_is_refused(w, student, net):
    elsewhere = OpportunityFactory(host=net.other_org, hub=net.other_hub)
    window = OpportunityWindowFactory(opportunity=elsewhere)
    with pytest.raises(ConflictError, match="non fa parte del Altro"):
        _apply(w, student, window=window)


def test_a_school_that_left_the_hub_is_refused(w, student, net):
    net.school_membership.left_on = dt.date(2026, 8, 31)
    net.school_membership.save()
    with pytest.raises(ConflictError, match="non fa parte"):
        _apply(w, student)


def test_an_unpublished_opportunity_is_refused(w, student):
    w.opportunity.status = OpportunityStatus.DRAFT
    w.opportunity.save()
    with pytest.raises(ConflictError, match="non è pubblicata"):
        _apply(w, student)


def test_a_withdrawn_application_can_be_submitted_again_at_the_end_of_the_ranking(w, student):
    first = _apply(w, student)
    other = _apply(w, student, window=_second_window(w))
    services.withdraw_application(actor=student, application=first)
    again = _apply(w, student, motivation="Ci ho ripensato.")

    other.refresh_from_db()
    assert (again.pk, again.status, again.rank) == (first.pk, S.SUBMITTED, 2)
    assert other.rank == 1


# --- Ranking -------------------------------------------------------------------------------------


@pytest.fixture
def three(w, student):
    windows = [w.window, _second_window(w), _second_window(w, seats=3)]
    return [_apply(w, student, window=window) for window in windows]


def _ranks(student):
    return list(
        Application.objects.filter(student=student, status__in=services.OPEN_STATUSES)
        .order_by("rank")
        .values_list("pk", "rank")
    )


def test_reordering_gives_ranks_one_to_n_in_the_order_given(w, student, three):
    a, b, c = three
    services.reorder_applications(actor=student, student=w.student, order=[c.pk, a.pk, b.pk])
    assert _ranks(w.student) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]


@pytest.mark.parametrize("order", ["missing", "duplicate", "foreign"])
def test_a_reordering_that_is_not_a_permutation_is_refused(w, student, three, order, net):
    a, b, c = three
    foreign = _apply_other(w, net)
    orders = {
        "missing": [a.pk, b.pk],
        "duplicate": [a.pk, a.pk, b.pk],
        "foreign": [a.pk, b.pk, foreign.pk],
    }
    with pytest.raises(InvalidInputError, match="non corrisponde"):
        services.reorder_applications(actor=student, student=w.student, order=orders[order])
    assert _ranks(w.student) == [(a.pk, 1), (b.pk, 2), (c.pk, 3)]


def _apply_other(w, net):
    other = student_of(net.school)
    return services.submit_application(actor=None, student=other, window=w.window, today=TODAY)


def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends(w, student, three):
    a, b, c = three
    services.move_application(actor=student, application=c, offset=-1)
    assert _ranks(w.student) == [(a.pk, 1), (c.pk, 2), (b.pk, 3)]
    services.move_application(actor=student, application=a, offset=-1)
    assert _ranks(w.student) == [(a.pk, 1), (c.pk, 2), (b.pk, 3)]
    services.move_application(actor=student, application=b, offset=1)
    assert _ranks(w.student) == [(a.pk, 1), (c.pk, 2), (b.pk, 3)]


def test_applications_leaving_the_ranking_close_the_gaps(w, student, three, school_staff):
    a, b, c = three
    services.withdraw_application(actor=student, application=b)
    assert _ranks(w.student) == [(a.pk, 1), (c.pk, 2)]
    services.refuse_application(actor=school_staff, application=a)
    assert _ranks(w.student) == [(c.pk, 1)]


# --- Decisions -----------------------------------------------------------------------------------


def test_the_school_validates_once_and_the_host_staff_are_told(
    w, student, school_staff, company_staff, django_capture_on_commit_callbacks
):
    application = _apply(w, student)
    with django_capture_on_commit_callbacks(execute=True):
        validated = services.validate_application(actor=school_staff, application=application)
    assert (validated.status, validated.school_decided_by) == (S.VALIDATED, school_staff)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company_staff.email, student.email])
    with pytest.raises(ConflictError, match="già valutata"):
        services.refuse_application(actor=school_staff, application=application)


def test_the_host_cannot_accept_what_the_school_has_not_validated(w, student, company_staff):
    application = _apply(w, student)
    with pytest.raises(ConflictError, match="non si può accettare"):
        services.accept_application(actor=company_staff, application=application)
    assert not Placement.objects.exists()


def test_a_student_cannot_withdraw_an_accepted_application(w, student, school_staff, company_staff):
    application = _apply(w, student)
    services.validate_application(actor=school_staff, application=application)
    services.accept_application(actor=company_staff, application=application)
    with pytest.raises(ConflictError, match="non si può ritirare"):
        services.withdraw_application(actor=student, application=application)


def test_the_host_declines_a_validated_application(w, student, school_staff, company_staff):
    application = _apply(w, student)
    services.validate_application(actor=school_staff, application=application)
    declined = services.decline_application(actor=company_staff, application=application)
    assert (declined.status, declined.host_decided_by) == (S.DECLINED, company_staff)
    assert not Placement.objects.exists()


# --- Acceptance ----------------------------------------------------------------------------------


@pytest.fixture
def validated(w, student, school_staff):
    application = _apply(w, student)
    return services.validate_application(actor=school_staff, application=application)


def test_accepting_creates_the_placement_with_its_plan_and_safety_file(
    w, net, validated, company_staff
):
    placement = services.accept_application(actor=company_staff, application=validated)

    assert (placement.status, placement.starts_on, placement.ends_on) == (
        PlacementStatus.PLANNED,
        w.window.starts_on,
        w.window.ends_on,
    )
    assert (placement.planned_hours, placement.risk_level) == (w.window.hours, "medio")
    assert (placement.school, placement.host, placement.hub) == (net.school, net.company, net.hub)
    assert (placement.window, placement.application) == (w.window, validated)
    plan = TrainingPlan.objects.get(placement=placement)
    assert plan.objectives == w.opportunity.description
    assert set(plan.skills.all()) == set(w.opportunity.skills_developed.all())
    safety = SafetyFile.objects.get(placement=placement)
    assert (safety.insurance_inail, safety.insurance_liability) == (
        "INAIL 12345678",
        "RC 2026/0042",
    )
    validated.refresh_from_db()
    assert (validated.status, validated.host_decided_by) == (S.ACCEPTED, company_staff)
    assert AuditEvent.objects.filter(
        object_type="placements.placement", object_id=str(placement.pk), hub=net.hub
    ).exists()


def test_the_last_seat_goes_once(w, net, student, school_staff, company_staff):
    w.window.seats = 1
    w.window.save()
    first = services.accept_application(
        actor=company_staff,
        application=services.validate_application(
            actor=school_staff, application=_apply(w, student)
        ),
    )
    second = services.validate_application(actor=school_staff, application=_apply_other(w, net))

    with pytest.raises(ConflictError, match="Non ci sono più posti liberi"):
        services.accept_application(actor=company_staff, application=second)
    second.refresh_from_db()
    assert second.status == S.VALIDATED
    assert list(Placement.objects.all()) == [first]


def test_an_interrupted_placement_frees_its_seat(w, net, student, school_staff, company_staff):
    from ptp.placements.services.placements import interrupt_placement

    w.window.seats = 1
    w.window.save()
    first = services.accept_application(
        actor=company_staff,
        application=services.validate_application(
            actor=school_staff, application=_apply(w, student)
        ),
    )
    interrupt_placement(actor=school_staff, placement=first, reason="Trasferito ad altra scuola.")
    second = services.validate_application(actor=school_staff, application=_apply_other(w, net))
    assert services.accept_application(actor=company_staff, application=second).window == w.window


def test_a_host_without_the_framework_agreement_cannot_accept(w, validated, company_staff):
    w.enrollment.framework_accepted_at = None
    w.enrollment.save()
    with pytest.raises(ConflictError, match="convenzione quadro"):
        services.accept_application(actor=company_staff, application=validated)
    validated.refresh_from_db()
    assert validated.status == S.VALIDATED
    assert not Placement.objects.exists()
    assert not TrainingPlan.objects.exists()


def test_a_student_already_placed_in_the_period_cannot_be_accepted_again(
    w, net, student, school_staff, company_staff
):
    services.accept_application(
        actor=company_staff,
        application=services.validate_application(
            actor=school_staff, application=_apply(w, student)
        ),
    )
    other_host = staff_of(net.other_org, "altra.impresa@example.invalid")
    enroll(net.hub, net.other_org)
    opportunity = OpportunityFactory(host=net.other_org, hub=net.hub)
    overlapping = OpportunityWindowFactory(
        opportunity=opportunity, starts_on=dt.date(2027, 2, 15), ends_on=dt.date(2027, 3, 5)
    )
    application = services.validate_application(
        actor=school_staff, application=_apply(w, student, window=overlapping)
    )
    with pytest.raises(ConflictError, match="si sovrappone"):
        services.accept_application(actor=other_host, application=application)


def test_acceptance_tells_the_school_and_the_student(
    w, validated, school_staff, company_staff, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_application(actor=company_staff, application=validated)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([school_staff.email, student.email])
