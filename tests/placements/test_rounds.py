"""An allocation round end to end: windows chosen, school-validated applications ranked by the
students, the engine run in the background, the result checked and explained."""

import datetime as dt

import pytest

from ptp import matching
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import Application, ApplicationStatus, RoundStatus
from ptp.placements.rounds.run import load_round
from ptp.placements.rounds.services import (
    cancel_round,
    create_round,
    open_preferences,
    set_round_windows,
    start_run,
)
from tests.placements.factories import OpportunityFactory, OpportunityWindowFactory, StudentFactory


@pytest.fixture
def setting(net, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC))
    hotel = OpportunityWindowFactory(
        opportunity=OpportunityFactory(hub=net.hub, host=net.company, title="Ricevimento"), seats=1
    )
    kitchen = OpportunityWindowFactory(
        opportunity=OpportunityFactory(hub=net.hub, host=net.company, title="Cucina"), seats=2
    )
    students = StudentFactory.create_batch(4, school=net.school)
    return net, hotel, kitchen, students


def apply(student, window, rank, *, score=None, status=ApplicationStatus.VALIDATED):
    return Application.objects.create(
        student=student, window=window, rank=rank, status=status, host_score=score
    )


def ready_round(coordinator, net, windows, **options):
    round_ = create_round(actor=coordinator, hub=net.hub, title="Febbraio 2027", **options)
    set_round_windows(actor=coordinator, round_=round_, windows={w.pk: 0 for w in windows})
    open_preferences(actor=coordinator, round_=round_)
    return round_


def run(coordinator, round_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start_run(actor=coordinator, round_=round_)
    round_.refresh_from_db()
    return round_


def test_the_higher_score_gets_the_contested_seat_and_everyone_is_told_why(
    setting, coordinator, django_capture_on_commit_callbacks
):
    net, hotel, kitchen, (a, b, c, d) = setting
    apply(a, hotel, 1, score=90)
    apply(b, hotel, 1, score=50)
    apply(b, kitchen, 2, score=50)
    apply(c, kitchen, 1, score=70)
    apply(d, kitchen, 1, score=10)
    round_ = run(
        coordinator,
        ready_round(coordinator, net, [hotel, kitchen]),
        django_capture_on_commit_callbacks,
    )

    assert round_.status == RoundStatus.REVIEW
    placed = {x.student_id: (x.window_id, x.rank) for x in round_.assignments.all()}
    assert placed[a.pk] == (hotel.pk, 1)
    assert placed[b.pk] == (kitchen.pk, 2)
    assert placed[c.pk] == (kitchen.pk, 1)
    assert placed[d.pk] == (None, None)  # kitchen has 2 seats, taken by higher scores
    lines = round_.assignments.get(student=b).explanation
    assert any("Ricevimento" in line and "punteggio più basso ammesso" in line for line in lines)
    assert round_.summary["placed"] == 3


def test_the_stored_result_passes_the_engine_checker(
    setting, coordinator, django_capture_on_commit_callbacks
):
    net, hotel, kitchen, students = setting
    for i, student in enumerate(students):
        apply(student, hotel, 1, score=50)  # all tied: the lottery decides
        apply(student, kitchen, 2, score=40 + i)
    round_ = run(
        coordinator,
        ready_round(coordinator, net, [hotel, kitchen]),
        django_capture_on_commit_callbacks,
    )

    data = load_round(round_)
    again = matching.allocate(data.instance, seed=round_.seed)
    assert matching.check(data.instance, again) == []
    stored = {x.student_id: x.window_id for x in round_.assignments.all()}
    recomputed = {int(p.student_id): data.window_of_host[p.host_id] for p in again.placements()}
    assert {k: v for k, v in stored.items() if v} == recomputed


def test_applications_not_validated_by_the_school_do_not_take_part(
    setting, coordinator, django_capture_on_commit_callbacks
):
    net, hotel, _kitchen, (a, b, *_rest) = setting
    apply(a, hotel, 1, score=10)
    apply(b, hotel, 1, score=99, status=ApplicationStatus.SUBMITTED)
    round_ = run(
        coordinator, ready_round(coordinator, net, [hotel]), django_capture_on_commit_callbacks
    )

    assert {x.student_id: x.window_id for x in round_.assignments.all()} == {a.pk: hotel.pk}


def test_windows_of_another_hub_or_unpublished_are_refused(setting, coordinator):
    net, hotel, _kitchen, _students = setting
    foreign = OpportunityWindowFactory(opportunity=OpportunityFactory(hub=net.other_hub))
    round_ = create_round(actor=coordinator, hub=net.hub, title="Tornata")

    with pytest.raises(InvalidInputError, match="non sono disponibili"):
        set_round_windows(actor=coordinator, round_=round_, windows={hotel.pk: 0, foreign.pk: 0})


def test_reserved_seats_cannot_exceed_free_seats(setting, coordinator):
    net, hotel, _kitchen, _students = setting
    round_ = create_round(actor=coordinator, hub=net.hub, title="Tornata")

    with pytest.raises(InvalidInputError, match="posti riservati ma solo 1 liberi"):
        set_round_windows(actor=coordinator, round_=round_, windows={hotel.pk: 2})


def test_a_round_needs_windows_before_opening_and_cannot_run_twice(setting, coordinator):
    net, hotel, _kitchen, _students = setting
    empty = create_round(actor=coordinator, hub=net.hub, title="Vuota")
    with pytest.raises(ConflictError, match="almeno un periodo"):
        open_preferences(actor=coordinator, round_=empty)

    round_ = ready_round(coordinator, net, [hotel])
    start_run(actor=coordinator, round_=round_)
    with pytest.raises(ConflictError, match="non si può passare"):
        start_run(actor=coordinator, round_=round_)


def test_a_cancelled_round_stays_cancelled(setting, coordinator):
    net, hotel, _kitchen, _students = setting
    round_ = ready_round(coordinator, net, [hotel])
    cancel_round(actor=coordinator, round_=round_)

    with pytest.raises(ConflictError):
        open_preferences(actor=coordinator, round_=round_)


def test_a_rerun_keeps_everyone_placed_at_least_as_well(
    setting, coordinator, django_capture_on_commit_callbacks
):
    from ptp.placements.models import Placement
    from ptp.placements.rounds.publish import publish_round
    from ptp.placements.rounds.services import create_rerun

    net, hotel, kitchen, (a, b, c, _d) = setting
    apply(a, kitchen, 1, score=50)
    apply(b, kitchen, 1, score=40)
    apply(b, hotel, 2, score=40)
    round_ = run(
        coordinator,
        ready_round(coordinator, net, [hotel, kitchen]),
        django_capture_on_commit_callbacks,
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_round(actor=coordinator, round_=round_)
    assert Placement.objects.count() == 2  # a and b in the kitchen (2 seats)

    # A newcomer with a higher score arrives for the kitchen: the re-run must not push a or b out.
    apply(c, kitchen, 1, score=99)
    rerun = create_rerun(actor=coordinator, round_=round_)
    assert {rw.window_id: rw.seats for rw in rerun.round_windows.all()} == {
        hotel.pk: 1,
        kitchen.pk: 2,
    }
    rerun = run(coordinator, rerun, django_capture_on_commit_callbacks)

    placed = {x.student_id: x.window_id for x in rerun.assignments.all()}
    assert placed[a.pk] == kitchen.pk and placed[b.pk] == kitchen.pk
    assert placed[c.pk] is None
    assert any("garantito" in line for line in rerun.assignments.get(student=a).explanation)
