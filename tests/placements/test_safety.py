"""The safety file: what it records, what it refuses, and how it gates the start."""

import datetime as dt

import pytest
from django.core import mail

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import PlacementStatus, SafetyFile
from ptp.placements.services.placements import start_placement
from ptp.placements.services.safety import update_safety_file
from tests.placements.lifecycle_helpers import (
    WINDOW_START,
    complete_safety,
    placement_for,
    world,
)

TODAY = dt.date(2026, 11, 26)
COMPLETE = {
    "general_training_on": dt.date(2026, 10, 1),
    "specific_training_on": dt.date(2026, 10, 8),
    "risk_assessment_acknowledged_on": dt.date(2026, 10, 9),
    "insurance_inail": " INAIL 99 ",
    "insurance_liability": "RC 7",
}


@pytest.fixture
def placement(net, student):
    return placement_for(net, world(net, student_user=student).student)


def _update(actor, placement, **values):
    return update_safety_file(actor=actor, placement=placement, today=TODAY, **(COMPLETE | values))


def test_the_file_records_dates_and_trimmed_insurance_and_is_audited(placement, school_staff, net):
    safety = _update(school_staff, placement)
    assert safety.insurance_inail == "INAIL 99"
    event = AuditEvent.objects.get(summary="Aggiornato il fascicolo sicurezza")
    assert event.hub_id == net.hub.pk
    assert event.before["general_training_on"] is None
    assert event.after["general_training_on"] == "2026-10-01"


@pytest.mark.parametrize(
    "field", ["general_training_on", "specific_training_on", "risk_assessment_acknowledged_on"]
)
def test_a_date_in_the_future_is_refused_on_its_field(placement, school_staff, field):
    with pytest.raises(InvalidInputError, match="nel futuro") as caught:
        _update(school_staff, placement, **{field: TODAY + dt.timedelta(days=1)})
    assert caught.value.field == field
    assert SafetyFile.objects.get(placement=placement).general_training_on is None


def test_missing_items_are_listed_in_italian(placement):
    safety = SafetyFile.objects.get(placement=placement)
    assert safety.missing() == [
        "formazione generale sulla sicurezza (4 ore)",
        "formazione specifica per la classe di rischio",
        "tutor aziendale",
        "presa visione della valutazione dei rischi",
    ]


def test_a_complete_file_without_a_host_tutor_still_blocks_the_start(placement, school_staff):
    _update(school_staff, placement)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED
    with pytest.raises(ConflictError, match="Manca: tutor aziendale\\."):
        start_placement(actor=school_staff, placement=placement, today=WINDOW_START)


def test_missing_insurance_blocks_the_start(placement, school_staff, company_staff):
    complete_safety(placement, company_staff)
    _update(school_staff, placement, insurance_liability="")
    with pytest.raises(ConflictError, match="coperture assicurative"):
        start_placement(actor=school_staff, placement=placement, today=WINDOW_START)


def test_an_active_placement_cannot_lose_its_safety_file(placement, school_staff, company_staff):
    complete_safety(placement, company_staff)
    start_placement(actor=school_staff, placement=placement, today=WINDOW_START)
    with pytest.raises(ConflictError, match="non può tornare incompleto"):
        _update(school_staff, placement, specific_training_on=None)
    assert SafetyFile.objects.get(placement=placement).specific_training_on is not None


def test_a_closed_placement_keeps_its_file(placement, school_staff):
    placement.status = PlacementStatus.INTERRUPTED
    placement.save()
    with pytest.raises(ConflictError, match="non si può più modificare"):
        _update(school_staff, placement)


def test_the_other_side_is_told_what_is_still_missing(
    placement, company_staff, school_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _update(company_staff, placement, general_training_on=None)
    assert [m.to for m in mail.outbox] == [[school_staff.email]]
    assert "formazione generale" in mail.outbox[0].body


def test_completing_the_file_makes_the_placement_ready_and_tells_the_school(
    placement, school_staff, company_staff, django_capture_on_commit_callbacks
):
    placement.host_tutor = company_staff
    placement.save()
    with django_capture_on_commit_callbacks(execute=True):
        _update(company_staff, placement)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.READY
    assert [m.to for m in mail.outbox] == [[school_staff.email]]
    assert "pronto a partire" in mail.outbox[0].subject
