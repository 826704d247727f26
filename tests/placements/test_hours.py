"""The hours log: the host tutor enters and confirms, the school tutor validates, corrections until
validation; totals per placement and per student."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import HoursEntry, PlacementStatus
from ptp.placements.queries.hours import student_summary, totals_of
from ptp.placements.services import hours as services
from tests.placements.lifecycle_helpers import hours, placement_for, world

D = Decimal
FEB = dt.date(2027, 2, 1)  # a Monday, first day of the placement
TODAY = dt.date(2027, 2, 17)


@pytest.fixture
def placement(net, student, company_staff, school_staff):
    p = placement_for(net, world(net, student_user=student).student, status=PlacementStatus.ACTIVE)
    p.host_tutor, p.school_tutor = company_staff, school_staff
    p.save()
    return p


def _record(actor, placement, day=FEB, amount="6", **kwargs):
    return services.record_hours(
        actor=actor, placement=placement, day=day, hours=D(amount), today=TODAY, **kwargs
    )


def test_the_host_tutor_records_a_day_and_it_is_audited(placement, company_staff, net):
    entry = _record(company_staff, placement, activity=" Reception ")
    assert (entry.hours, entry.activity, entry.confirmed_at, entry.validated_at) == (
        D("6"),
        "Reception",
        None,
        None,
    )
    event = AuditEvent.objects.get(object_type="placements.hoursentry", object_id=str(entry.pk))
    assert event.hub_id == net.hub.pk


@pytest.mark.parametrize(
    "status", [PlacementStatus.PLANNED, PlacementStatus.READY, PlacementStatus.COMPLETED]
)
def test_hours_are_recorded_only_while_the_placement_is_active(placement, company_staff, status):
    placement.status = status
    placement.save()
    with pytest.raises(ConflictError, match="solo per un percorso in corso"):
        _record(company_staff, placement)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (FEB - dt.timedelta(days=1), "nel periodo del percorso, dal 01/02/2027 al 26/02/2027"),
        (dt.date(2027, 2, 27), "nel periodo del percorso"),
        (TODAY + dt.timedelta(days=1), "giorni futuri"),
    ],
)
def test_days_outside_the_period_or_in_the_future_are_refused(
    placement, company_staff, day, message
):
    with pytest.raises(InvalidInputError, match=message) as caught:
        _record(company_staff, placement, day=day)
    assert caught.value.field == "day"


@pytest.mark.parametrize("amount", ["0", "-1", "10.25"])
def test_a_day_has_more_than_zero_and_at_most_ten_hours(placement, company_staff, amount):
    with pytest.raises(InvalidInputError, match="da più di 0 a 10") as caught:
        _record(company_staff, placement, amount=amount)
    assert caught.value.field == "hours"


def test_ten_hours_are_accepted(placement, company_staff):
    assert _record(company_staff, placement, amount="10").hours == D("10")


def test_a_day_is_recorded_once(placement, company_staff):
    _record(company_staff, placement)
    with pytest.raises(ConflictError, match="già registrate: correggile"):
        _record(company_staff, placement, amount="4")
    assert HoursEntry.objects.get().hours == D("6")


def test_a_correction_withdraws_the_confirmation(placement, company_staff):
    entry = hours(placement, FEB, "6", confirmed_by=company_staff)
    corrected = services.correct_hours(
        actor=company_staff, entry=entry, hours=D("5"), activity="Sala"
    )
    assert (corrected.hours, corrected.confirmed_at, corrected.confirmed_by) == (D("5"), None, None)
    assert AuditEvent.objects.get(summary__startswith="Corrette").before["hours"] == "6.00"


def test_validated_hours_cannot_be_corrected(placement, company_staff, school_staff):
    entry = hours(placement, FEB, "6", confirmed_by=company_staff, validated_by=school_staff)
    with pytest.raises(ConflictError, match="convalidate dalla scuola non si possono"):
        services.correct_hours(actor=company_staff, entry=entry, hours=D("5"))


def test_confirming_a_week_confirms_only_that_weeks_unconfirmed_days(
    placement, company_staff, school_staff, django_capture_on_commit_callbacks
):
    monday, tuesday, next_week = (hours(placement, FEB + dt.timedelta(days=n)) for n in (0, 1, 7))
    already = hours(placement, FEB + dt.timedelta(days=2), confirmed_by=school_staff)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.confirm_hours(actor=company_staff, placement=placement, week_start=FEB)
    assert count == 2
    confirmed = set(
        HoursEntry.objects.filter(confirmed_by=company_staff).values_list("pk", flat=True)
    )
    assert confirmed == {monday.pk, tuesday.pk}
    assert not {next_week.pk, already.pk} & confirmed
    assert [m.to for m in mail.outbox] == [[school_staff.email]]
    assert "12 ore (giorni: 2)" in mail.outbox[0].body


def test_confirming_nothing_is_refused(placement, company_staff):
    with pytest.raises(ConflictError, match="Non ci sono ore da confermare"):
        services.confirm_hours(actor=company_staff, placement=placement, week_start=FEB)


def test_the_school_validates_the_confirmed_days_of_a_week(placement, company_staff, school_staff):
    confirmed = hours(placement, FEB, "6", confirmed_by=company_staff)
    unconfirmed = hours(placement, FEB + dt.timedelta(days=1), "5")
    count = services.validate_hours(actor=school_staff, placement=placement, week_start=FEB)
    assert count == 1
    confirmed.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert (confirmed.validated_by, unconfirmed.validated_at) == (school_staff, None)
    assert AuditEvent.objects.filter(summary="Convalidate dalla scuola 6 ore (giorni: 1)").exists()
    with pytest.raises(ConflictError, match="Non ci sono ore confermate"):
        services.validate_hours(actor=school_staff, placement=placement, week_start=FEB)


def test_one_day_can_be_validated_on_its_own(placement, company_staff, school_staff):
    first = hours(placement, FEB, confirmed_by=company_staff)
    second = hours(placement, FEB + dt.timedelta(days=1), confirmed_by=company_staff)
    services.validate_hours(actor=school_staff, placement=placement, entry_ids=[second.pk])
    assert list(HoursEntry.objects.filter(validated_at__isnull=False)) == [second]
    assert first.pk != second.pk


def test_hours_of_an_interrupted_placement_can_still_be_validated(
    placement, company_staff, school_staff
):
    hours(placement, FEB, confirmed_by=company_staff)
    placement.status = PlacementStatus.INTERRUPTED
    placement.save()
    assert services.validate_hours(actor=school_staff, placement=placement, week_start=FEB) == 1


def test_totals_per_placement_and_per_student(placement, company_staff, school_staff):
    hours(placement, FEB, "6", confirmed_by=company_staff, validated_by=school_staff)
    hours(placement, FEB + dt.timedelta(days=1), "5.5", confirmed_by=company_staff)
    hours(placement, FEB + dt.timedelta(days=2), "4")
    totals = totals_of(placement)
    assert (totals.entered, totals.confirmed, totals.validated, totals.planned) == (
        D("15.5"),
        D("11.5"),
        D("6"),
        120,
    )
    # A fourth-year vocational student in 2026/27 counts 2025/26–2027/28 towards 210 hours.
    summary = student_summary(placement.student)
    assert [y.label for y in summary.years] == ["2025/26", "2026/27", "2027/28"]
    assert (summary.counted, summary.minimum) == (D("6"), 210)
