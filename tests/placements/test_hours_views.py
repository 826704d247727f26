"""Hours pages: the host tutor's week view and entry form, confirmation, the school tutor's
validation, the student's read-only log, CSV export, and query counts that do not grow."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.placements.models import HoursEntry, PlacementStatus
from tests.placements.lifecycle_helpers import hours, placement_for, staff_of, world

P = "/gestione/percorsi"
FEB = dt.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2027-02-17 10:00:00+01:00", tick=False)


@pytest.fixture
def placement(net, student, company_staff, school_staff):
    p = placement_for(net, world(net, student_user=student).student, status=PlacementStatus.ACTIVE)
    p.host_tutor, p.school_tutor = company_staff, school_staff
    p.save()
    return p


def test_the_host_tutor_enters_a_day_and_lands_on_its_week(placement, login_as):
    response = login_as("company_staff").post(
        f"{P}/{placement.pk}/ore/", {"day": "2027-02-10", "hours": "6.5", "activity": "Sala"}
    )
    assert (response.status_code, response.url) == (
        302,
        f"{P}/{placement.pk}/ore/?settimana=2027-02-08",
    )
    entry = HoursEntry.objects.get()
    assert (entry.day, entry.hours, entry.activity) == (
        dt.date(2027, 2, 10),
        Decimal("6.5"),
        "Sala",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2027-03-01", "hours": "6"}, "Il giorno deve cadere nel periodo del percorso"),
        ({"day": "2027-02-18", "hours": "6"}, "Non si registrano ore di giorni futuri."),
        ({"day": "2027-02-10", "hours": "11"}, "minore o uguale a 10"),
        ({"day": "", "hours": "6"}, "Questo campo è obbligatorio."),
    ],
)
def test_a_bad_entry_keeps_what_was_typed_and_explains(placement, login_as, data, message):
    response = login_as("company_staff").post(
        f"{P}/{placement.pk}/ore/", data | {"activity": "Bar"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Bar"' in page
    assert not HoursEntry.objects.exists()


def test_another_host_staff_member_cannot_enter_hours_once_a_tutor_is_named(placement, net, client):
    colleague = staff_of(net.company, "collega@example.invalid")
    client.force_login(colleague)
    assert client.get(f"{P}/{placement.pk}/ore/").status_code == 200  # they still see the log
    response = client.post(f"{P}/{placement.pk}/ore/", {"day": "2027-02-10", "hours": "6"})
    assert response.status_code == 403
    assert not HoursEntry.objects.exists()


def test_the_week_view_shows_the_days_and_the_actions_of_each_tutor(
    placement, login_as, company_staff
):
    hours(placement, FEB, "6")
    hours(placement, FEB + dt.timedelta(days=1), "5", confirmed_by=company_staff)
    url = f"{P}/{placement.pk}/ore/?settimana=2027-02-03"
    host_page = login_as("company_staff").get(url).content.decode()
    assert "Settimana dal 01/02/2027" in host_page
    assert "Conferma le ore della settimana" in host_page
    assert "Registra le ore di un giorno" in host_page
    assert "Convalida le ore confermate" not in host_page


def test_the_school_tutor_validates_the_week(placement, login_as, company_staff):
    hours(placement, FEB, "6", confirmed_by=company_staff)
    hours(placement, FEB + dt.timedelta(days=1), "5")
    client = login_as("school_staff")
    page = client.get(f"{P}/{placement.pk}/ore/?settimana=2027-02-01").content.decode()
    assert "Convalida le ore confermate della settimana" in page
    assert "Registra le ore di un giorno" not in page
    response = client.post(
        f"{P}/{placement.pk}/ore/convalida/", {"settimana": "2027-02-01"}, follow=True
    )
    assert "Giorni convalidati: 1." in response.content.decode()
    assert list(
        HoursEntry.objects.filter(validated_at__isnull=False).values_list("hours", flat=True)
    ) == [Decimal("6")]


def test_confirming_one_day(placement, login_as):
    first = hours(placement, FEB, "6")
    second = hours(placement, FEB + dt.timedelta(days=1), "5")
    login_as("company_staff").post(
        f"{P}/{placement.pk}/ore/conferma/", {"settimana": "2027-02-01", "giorno": str(second.pk)}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.confirmed_at, second.confirmed_at is not None) == (None, True)


def test_a_correction_is_refused_once_validated(placement, login_as, company_staff, school_staff):
    entry = hours(placement, FEB, "6", confirmed_by=company_staff, validated_by=school_staff)
    response = login_as("company_staff").post(
        f"{P}/{placement.pk}/ore/{entry.pk}/", {"hours": "4", "activity": "Cucina"}
    )
    page = response.content.decode()
    assert "Le ore convalidate dalla scuola non si possono più correggere." in page
    assert 'value="Cucina"' in page
    entry.refresh_from_db()
    assert entry.hours == Decimal("6")


def test_the_log_downloads_as_csv(placement, login_as, company_staff):
    hours(placement, FEB, "6", confirmed_by=company_staff)
    hours(placement, FEB + dt.timedelta(days=1), "5.5")
    response = login_as("school_staff").get(f"{P}/{placement.pk}/ore/?formato=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["giorno", "ore", "attività", "confermate il", "convalidate il"]
    assert rows[1][:2] == ["2027-02-01", "6.00"] and rows[1][3] == "2027-02-17"
    assert rows[2][:2] == ["2027-02-02", "5.50"] and rows[2][3:] == ["", ""]


def test_the_student_reads_the_log_and_the_legal_minimum(
    placement, login_as, company_staff, school_staff
):
    hours(placement, FEB, "6", confirmed_by=company_staff, validated_by=school_staff)
    client = login_as("student")
    page = client.get(f"/studente/percorsi/{placement.pk}/").content.decode()
    assert "6 di 120 ore convalidate (5%)" in page
    assert "6 ore convalidate su 210 richieste dalla legge" in page
    assert "Registra le ore" not in page
    csv_response = client.get(f"/studente/percorsi/{placement.pk}/?formato=csv")
    assert b"2027-02-01" in b"".join(csv_response.streaming_content)


def test_the_hours_page_runs_a_fixed_number_of_queries(placement, login_as):
    client = login_as("company_staff")
    counts = []
    for n in (3, 24):
        for day in range(HoursEntry.objects.count(), n):
            hours(placement, FEB + dt.timedelta(days=day), "4")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{P}/{placement.pk}/ore/?settimana=2027-02-08").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts
