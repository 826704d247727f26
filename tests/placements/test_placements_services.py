"""Placement lifecycle services: direct placements, tutors, the training plan, start (blocked by an
incomplete safety file and before the first day), completion and interruption."""

import datetime as dt

import pytest
from django.core import mail

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import Placement, PlacementStatus, SafetyFile, TrainingPlan
from ptp.placements.services import placements as services
from ptp.placements.services import preparation
from tests.factories import SkillFactory
from tests.placements.lifecycle_helpers import (
    WINDOW_START,
    complete_safety,
    enroll,
    placement_for,
    staff_of,
    student_of,
    world,
)


@pytest.fixture
def w(net, student):
    return world(net, student_user=student)


def _direct(net, student, school_staff, **overrides):
    values = {
        "actor": school_staff,
        "student": student,
        "host": net.company,
        "hub": net.hub,
        "starts_on": dt.date(2027, 4, 12),
        "ends_on": dt.date(2027, 4, 30),
        "planned_hours": 80,
        "risk_level": "alto",
        "objectives": "Conoscere il lavoro di sala.",
    } | overrides
    return services.create_direct_placement(**values)


# --- Direct placements ---------------------------------------------------------------------------


def test_a_school_places_its_student_directly_with_an_enrolled_host(
    w, net, school_staff, company_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placement = _direct(net, w.student, school_staff)
    assert (placement.window, placement.application, placement.risk_level) == (None, None, "alto")
    assert (placement.school, placement.hub, placement.planned_hours) == (net.school, net.hub, 80)
    assert (
        TrainingPlan.objects.get(placement=placement).objectives == "Conoscere il lavoro di sala."
    )
    assert SafetyFile.objects.get(placement=placement).insurance_inail == "INAIL 12345678"
    assert [m.to for m in mail.outbox] == [[company_staff.email]]


def test_a_host_that_has_not_accepted_the_framework_agreement_is_refused(w, net, school_staff):
    w.enrollment.framework_accepted_at = None
    w.enrollment.save()
    with pytest.raises(ConflictError, match="non ha ancora accettato la convenzione quadro"):
        _direct(net, w.student, school_staff)
    assert not Placement.objects.exists()


def test_a_host_not_enrolled_in_the_hub_is_refused(w, net, school_staff):
    with pytest.raises(ConflictError, match="convenzione quadro"):
        _direct(net, w.student, school_staff, host=net.other_org)


def test_a_school_that_is_not_a_member_of_the_hub_is_refused(w, net, school_staff):
    enroll(net.other_hub, net.company)
    with pytest.raises(ConflictError, match="non è socia attiva del Altro"):
        _direct(net, w.student, school_staff, hub=net.other_hub)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": dt.date(2027, 4, 1)}, None, "La fine precede l'inizio"),
        ({"objectives": "  "}, "objectives", "obiettivi"),
        ({"planned_hours": 0}, None, "Indica le ore previste"),
    ],
)
def test_bad_direct_placements_are_refused_with_an_italian_message(
    w, net, school_staff, overrides, field, message
):
    with pytest.raises(InvalidInputError, match=message) as caught:
        _direct(net, w.student, school_staff, **overrides)
    assert caught.value.field == field
    assert not Placement.objects.exists()


def test_a_placement_overlapping_another_of_the_student_is_refused(w, net, school_staff):
    _direct(net, w.student, school_staff)
    with pytest.raises(ConflictError, match="dal 12/04/2027 al 30/04/2027"):
        _direct(
            net,
            w.student,
            school_staff,
            starts_on=dt.date(2027, 4, 30),
            ends_on=dt.date(2027, 5, 10),
        )


# --- Tutors and plan -----------------------------------------------------------------------------


def test_each_side_names_a_tutor_among_its_own_staff(w, net, school_staff, company_staff):
    placement = placement_for(net, w.student)
    preparation.assign_school_tutor(actor=school_staff, placement=placement, tutor=school_staff)
    preparation.assign_host_tutor(actor=company_staff, placement=placement, tutor=company_staff)
    placement.refresh_from_db()
    assert (placement.school_tutor, placement.host_tutor) == (school_staff, company_staff)
    with pytest.raises(InvalidInputError, match="non fa parte del personale di Impresa partner"):
        preparation.assign_host_tutor(actor=company_staff, placement=placement, tutor=school_staff)


def test_editing_the_plan_is_audited_with_before_and_after(w, net, school_staff, company_staff):
    placement = placement_for(net, w.student)
    skill = SkillFactory()
    preparation.update_training_plan(
        actor=company_staff,
        placement=placement,
        objectives="Nuovi obiettivi.",
        activities="Reception.",
        safety_measures="Scarpe antiscivolo.",
        skills=[skill],
    )
    plan = TrainingPlan.objects.get(placement=placement)
    assert (plan.objectives, plan.activities, list(plan.skills.all())) == (
        "Nuovi obiettivi.",
        "Reception.",
        [skill],
    )
    event = AuditEvent.objects.filter(summary="Modificato il progetto formativo").get()
    assert event.before["objectives"] == "Obiettivi di prova."
    assert event.after["skills"] == [skill.pk]
    assert event.hub_id == net.hub.pk


def test_a_closed_placement_cannot_be_edited(w, net, school_staff):
    placement = placement_for(net, w.student, status=PlacementStatus.COMPLETED)
    with pytest.raises(ConflictError, match="concluso: non si può più modificare"):
        preparation.update_training_plan(
            actor=school_staff,
            placement=placement,
            objectives="x",
            activities="",
            safety_measures="",
            skills=[],
        )


# --- Start, completion, interruption -------------------------------------------------------------


def test_start_is_refused_listing_what_the_safety_file_lacks(w, net, school_staff):
    placement = placement_for(net, w.student)
    with pytest.raises(ConflictError) as caught:
        services.start_placement(actor=school_staff, placement=placement, today=WINDOW_START)
    assert caught.value.message == (
        "Il percorso non può iniziare: il fascicolo sicurezza è incompleto. Manca: "
        "formazione generale sulla sicurezza (4 ore); formazione specifica per la classe di "
        "rischio; tutor aziendale; presa visione della valutazione dei rischi."
    )
    placement.refresh_from_db()
    assert (placement.status, placement.started_at) == (PlacementStatus.PLANNED, None)


def test_start_is_refused_before_the_first_day(w, net, school_staff, company_staff):
    placement = placement_for(net, w.student, status=PlacementStatus.READY)
    complete_safety(placement, company_staff)
    with pytest.raises(ConflictError, match="inizia il 01/02/2027"):
        services.start_placement(
            actor=school_staff, placement=placement, today=WINDOW_START - dt.timedelta(days=1)
        )


def test_a_complete_placement_starts_then_completes(
    w, net, school_staff, company_staff, student, django_capture_on_commit_callbacks
):
    placement = placement_for(net, w.student, status=PlacementStatus.READY)
    complete_safety(placement, company_staff)
    with django_capture_on_commit_callbacks(execute=True):
        started = services.start_placement(
            actor=school_staff, placement=placement, today=WINDOW_START
        )
    assert started.status == PlacementStatus.ACTIVE and started.started_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company_staff.email, student.email])
    assert "/studente/percorsi/" in next(m for m in mail.outbox if m.to == [student.email]).body
    completed = services.complete_placement(actor=school_staff, placement=placement)
    assert completed.status == PlacementStatus.COMPLETED and completed.closed_at is not None
    with pytest.raises(ConflictError, match="Si può concludere solo"):
        services.complete_placement(actor=school_staff, placement=placement)


def test_the_safety_file_drives_planned_and_ready(w, net, school_staff, company_staff):
    from ptp.placements.services.safety import update_safety_file

    placement = placement_for(net, w.student)
    preparation.assign_host_tutor(actor=company_staff, placement=placement, tutor=company_staff)
    values = {
        "general_training_on": dt.date(2026, 10, 1),
        "specific_training_on": dt.date(2026, 10, 8),
        "risk_assessment_acknowledged_on": dt.date(2026, 10, 9),
        "insurance_inail": "INAIL 1",
        "insurance_liability": "RC 1",
        "today": dt.date(2026, 11, 26),
    }
    update_safety_file(actor=school_staff, placement=placement, **values)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.READY
    update_safety_file(
        actor=school_staff, placement=placement, **(values | {"insurance_inail": ""})
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED


def test_interrupting_needs_a_reason_and_closes_the_placement(w, net, company_staff):
    placement = placement_for(net, w.student, status=PlacementStatus.ACTIVE)
    with pytest.raises(InvalidInputError, match="motivo") as caught:
        services.interrupt_placement(actor=company_staff, placement=placement, reason="  ")
    assert caught.value.field == "reason"
    interrupted = services.interrupt_placement(
        actor=company_staff, placement=placement, reason="Assenze ripetute."
    )
    assert interrupted.status == PlacementStatus.INTERRUPTED
    assert AuditEvent.objects.filter(summary="Interrotto il percorso: Assenze ripetute.").exists()
    with pytest.raises(ConflictError, match="non si può interrompere"):
        services.interrupt_placement(actor=company_staff, placement=placement, reason="Di nuovo.")


def test_the_company_tutor_hosts_students_of_two_member_schools_under_one_framework_agreement(
    w, net, school_staff, company_staff
):
    other_staff = staff_of(net.lead_school, "capofila@example.invalid")
    mine = _direct(net, w.student, school_staff)
    theirs = _direct(net, student_of(net.lead_school), other_staff)
    for placement in (mine, theirs):
        preparation.assign_host_tutor(actor=company_staff, placement=placement, tutor=company_staff)
    hosted = Placement.objects.filter(host_tutor=company_staff)
    assert {p.school for p in hosted} == {net.school, net.lead_school}
    assert {p.hub for p in hosted} == {net.hub}  # one hub, one framework agreement
