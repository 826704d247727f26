"""The round pages: who reaches them, a round run and published from the pages, what students
and hosts then see, capacity planning."""

import datetime as dt

import pytest

from ptp.placements.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    Placement,
    RoundStatus,
)
from ptp.placements.rounds.services import create_round
from tests.placements.factories import OpportunityFactory, OpportunityWindowFactory, StudentFactory

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "student",
    "school_staff",
    "company_staff",
    "coordinator",
    "other_coordinator",
    "regional_officer",
    "outsider",
]


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC))


@pytest.fixture
def a_round(net, coordinator, today):
    return create_round(actor=coordinator, hub=net.hub, title="Tornata di febbraio")


# fmt: off
READ_MATRIX = [
    # url                                         anon   stud school company coord other region outsider
    ("/gestione/poli/tnt/tornate/",              (LOGIN, 404,  200,   200,    200,  404,  200,   404)),
    ("/gestione/poli/tnt/tornate/{pk}/",         (LOGIN, 404,  200,   200,    200,  404,  200,   404)),
    ("/gestione/poli/tnt/tornate/nuova/",        (LOGIN, 404,  403,   403,    200,  404,  403,   404)),
    ("/gestione/poli/tnt/tornate/capacita/",     (LOGIN, 404,  200,   200,    200,  404,  200,   404)),
]
# fmt: on


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [(url, p, e) for url, row in READ_MATRIX for p, e in zip(PERSONAS, row, strict=True)],
)
def test_who_reaches_the_round_pages(url, persona, expected, a_round, login_as):
    response = login_as(persona).get(url.format(pk=a_round.pk))

    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accedi/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("school_staff", 403), ("regional_officer", 403), ("other_coordinator", 404)],
)
def test_only_the_coordinator_acts_on_a_round(persona, expected, a_round, login_as):
    response = login_as(persona).post(f"/gestione/poli/tnt/tornate/{a_round.pk}/annulla/")

    assert response.status_code == expected
    a_round.refresh_from_db()
    assert a_round.status == RoundStatus.DRAFT


def test_creating_a_round_refuses_weights_not_adding_to_100_and_keeps_the_title(
    login_as, net, today
):
    response = login_as("coordinator").post(
        "/gestione/poli/tnt/tornate/nuova/",
        {
            "title": "Estate 2027",
            "objective": "stable",
            "weight_skills": 50,
            "weight_distance": 30,
            "weight_programme": 10,
        },
    )

    assert response.status_code == 200
    assert "I tre pesi devono sommare a 100." in response.content.decode()
    assert 'value="Estate 2027"' in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_a_round_from_the_pages_to_the_students_result(
    login_as, net, today, django_capture_on_commit_callbacks, mailoutbox, client, student
):
    window = OpportunityWindowFactory(
        opportunity=OpportunityFactory(hub=net.hub, host=net.company, title="Sala ristorante"),
        seats=1,
    )
    mine = StudentFactory(school=net.school, user=student)
    rival = StudentFactory(school=net.school)
    Application.objects.create(
        student=mine, window=window, rank=1, status=ApplicationStatus.VALIDATED, host_score=80
    )
    Application.objects.create(
        student=rival, window=window, rank=1, status=ApplicationStatus.VALIDATED, host_score=40
    )
    coordinator = login_as("coordinator")
    coordinator.post(
        "/gestione/poli/tnt/tornate/nuova/",
        {
            "title": "Febbraio",
            "objective": "stable",
            "weight_skills": 60,
            "weight_distance": 30,
            "weight_programme": 10,
        },
    )
    round_ = AllocationRound.objects.get()
    base = f"/gestione/poli/tnt/tornate/{round_.pk}/"
    coordinator.post(base + "periodi/", {"finestra": [window.pk], f"riservati_{window.pk}": 0})
    coordinator.post(base + "apri/")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(base + "avvia/")
    page = coordinator.get(base).content.decode()
    assert "Per scuola" in page and "Scelta n. 1" in page
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(base + "pubblica/")

    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    placement = Placement.objects.get()
    assert (placement.student, placement.window, placement.host) == (mine, window, net.company)
    assert Application.objects.get(student=mine).status == ApplicationStatus.ACCEPTED
    assert Application.objects.get(student=rival).status == ApplicationStatus.VALIDATED

    client.logout()
    client.force_login(student)
    result = client.get("/studente/tornate/").content.decode()
    assert "Sala ristorante" in result and "la tua prima scelta" in result


def test_publishing_refuses_when_seats_were_taken_meanwhile(
    login_as, net, coordinator, today, django_capture_on_commit_callbacks
):
    from ptp.placements.rounds.publish import publish_round
    from ptp.placements.rounds.services import open_preferences, set_round_windows, start_run
    from tests.placements.factories import PlacementFactory

    window = OpportunityWindowFactory(
        opportunity=OpportunityFactory(hub=net.hub, host=net.company), seats=1
    )
    applicant = StudentFactory(school=net.school)
    Application.objects.create(
        student=applicant, window=window, rank=1, status=ApplicationStatus.VALIDATED
    )
    round_ = create_round(actor=coordinator, hub=net.hub, title="T")
    set_round_windows(actor=coordinator, round_=round_, windows={window.pk: 0})
    open_preferences(actor=coordinator, round_=round_)
    with django_capture_on_commit_callbacks(execute=True):
        start_run(actor=coordinator, round_=round_)
    PlacementFactory(
        window=window, host=net.company, hub=net.hub
    )  # a direct placement took the seat

    from ptp.core.errors import ConflictError

    with pytest.raises(ConflictError, match="posti sono stati occupati"):
        publish_round(actor=coordinator, round_=round_)
    assert Placement.objects.count() == 1


def test_capacity_planning_counts_students_lacking_hours_against_seats(login_as, net, today):
    StudentFactory.create_batch(3, school=net.school, class_year=4)
    StudentFactory(school=net.school, class_year=1)  # not yet in the three final years
    OpportunityWindowFactory(
        opportunity=OpportunityFactory(
            hub=net.hub, host=net.company, municipality=net.school.municipality
        ),
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 20),
        seats=2,
    )

    page = (
        login_as("coordinator")
        .get("/gestione/poli/tnt/tornate/capacita/?dal=2027-05-01&al=2027-07-31")
        .content.decode()
    )

    assert "Posti necessari: 3 · offerti: 2 · mancanti: 1" in page


def test_capacity_planning_refuses_a_reversed_period(login_as, net, today):
    page = (
        login_as("coordinator")
        .get("/gestione/poli/tnt/tornate/capacita/?dal=2027-07-31&al=2027-05-01")
        .content.decode()
    )

    assert "La fine del periodo precede l&#x27;inizio." in page
