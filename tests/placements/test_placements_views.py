"""Placement pages: the company tutor's list of students from two schools, the school's list and
detail, another school reading nothing, starting with an incomplete safety file, the forms keeping
what was typed, and list pages whose query count does not grow with data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.placements.models import Placement, PlacementStatus, SafetyFile, TrainingPlan
from tests.factories import SkillFactory
from tests.placements.lifecycle_helpers import (
    complete_safety,
    hours,
    placement_for,
    staff_of,
    student_of,
    world,
)

P = "/gestione/percorsi"


@pytest.fixture
def w(net, student):
    return world(net, student_user=student)


@pytest.fixture
def two_schools(net, w):
    """The company hosts a student of the school and one of the lead school, in one hub."""
    mine = placement_for(net, w.student)
    theirs = placement_for(
        net, student_of(net.lead_school, given_name="Elia", family_name="Ermini")
    )
    return mine, theirs


def test_the_company_tutor_sees_students_of_two_schools_in_one_list(two_schools, login_as, net):
    response = login_as("company_staff").get(f"{P}/impresa/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Brezzi Aurora" in page and "Ermini Elia" in page
    assert net.school.name in page and net.lead_school.name in page


def test_the_school_sees_only_its_own_students(two_schools, login_as):
    page = login_as("school_staff").get(f"{P}/scuola/").content.decode()
    assert "Brezzi Aurora" in page
    assert "Ermini" not in page


def test_another_schools_staff_cannot_read_the_placement(two_schools, net, client):
    mine, theirs = two_schools
    other = staff_of(net.lead_school, "referente.capofila@example.invalid")
    client.force_login(other)
    assert client.get(f"{P}/{mine.pk}/").status_code == 404
    assert client.get(f"{P}/{mine.pk}/ore/?formato=csv").status_code == 404
    assert client.get(f"{P}/{theirs.pk}/").status_code == 200
    page = client.get(f"{P}/scuola/").content.decode()
    assert "Ermini Elia" in page and "Brezzi" not in page


def test_the_coordinator_reads_placements_by_code_only(two_schools, login_as):
    mine, _ = two_schools
    client = login_as("coordinator")
    listing = client.get(f"{P}/polo/tnt/").content.decode()
    detail = client.get(f"{P}/{mine.pk}/").content.decode()
    for page in (listing, detail):
        assert mine.student.code in page
        assert "Brezzi" not in page
    assert "Avvia il percorso" not in detail


def test_starting_with_an_incomplete_safety_file_shows_what_is_missing(w, net, login_as):
    placement = placement_for(net, w.student)
    client = login_as("school_staff")
    response = client.post(f"{P}/{placement.pk}/avvio/", follow=True)
    page = response.content.decode()
    assert "Il percorso non può iniziare: il fascicolo sicurezza è incompleto" in page
    assert "tutor aziendale" in page
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED


def test_a_ready_placement_starts_from_its_page(w, net, login_as, company_staff, time_machine):
    time_machine.move_to("2027-02-01 09:00:00+01:00", tick=False)
    placement = placement_for(net, w.student, status=PlacementStatus.READY)
    complete_safety(placement, company_staff)
    response = login_as("school_staff").post(f"{P}/{placement.pk}/avvio/", follow=True)
    assert "Percorso avviato." in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE


def test_the_detail_page_lists_the_safety_gaps_and_hours(w, net, login_as, company_staff):
    placement = placement_for(net, w.student, status=PlacementStatus.ACTIVE)
    hours(
        placement, placement.starts_on, "6", confirmed_by=company_staff, validated_by=company_staff
    )
    page = login_as("school_staff").get(f"{P}/{placement.pk}/").content.decode()
    assert "presa visione della valutazione dei rischi" in page
    assert "6 di 120 ore convalidate (5%)" in page
    assert "90 ore convalidate" in page  # the three-quarters threshold


# --- Forms ---------------------------------------------------------------------------------------


def test_a_direct_placement_is_created_from_the_form(w, net, login_as):
    response = login_as("school_staff").post(
        f"{P}/nuovo/",
        {
            "student": w.student.pk,
            "enrollment": w.enrollment.pk,
            "starts_on": "2027-04-12",
            "ends_on": "2027-04-30",
            "planned_hours": "80",
            "risk_level": "basso",
            "objectives": "Sala e cucina.",
        },
    )
    placement = Placement.objects.get()
    assert response.status_code == 302 and response.url == f"{P}/{placement.pk}/"
    assert (placement.host, placement.hub, placement.window) == (net.company, net.hub, None)


def test_the_direct_placement_form_keeps_what_was_typed_on_a_refusal(
    w, net, login_as, company_staff
):
    placement_for(net, w.student, starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 4, 20))
    response = login_as("school_staff").post(
        f"{P}/nuovo/",
        {
            "student": w.student.pk,
            "enrollment": w.enrollment.pk,
            "starts_on": "2027-04-12",
            "ends_on": "2027-04-30",
            "planned_hours": "80",
            "risk_level": "basso",
            "objectives": "Obiettivi scritti a mano.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "si sovrappone" in page
    assert "Obiettivi scritti a mano." in page and 'value="2027-04-30"' in page
    assert Placement.objects.count() == 1


def test_the_direct_placement_form_offers_only_the_users_students(w, net, login_as):
    theirs = student_of(net.lead_school, family_name="Fossacchi")
    page = login_as("school_staff").get(f"{P}/nuovo/").content.decode()
    assert w.student.code in page and theirs.code not in page


def test_the_safety_form_refuses_a_future_date_and_keeps_the_values(w, net, login_as, time_machine):
    time_machine.move_to("2026-11-26 10:00:00+01:00", tick=False)
    placement = placement_for(net, w.student)
    response = login_as("company_staff").post(
        f"{P}/{placement.pk}/sicurezza/",
        {"general_training_on": "2026-12-01", "insurance_inail": "INAIL 777"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La data non può essere nel futuro." in page
    assert 'value="INAIL 777"' in page
    assert SafetyFile.objects.get(placement=placement).insurance_inail == "INAIL 12345678"


def test_the_safety_form_saves(w, net, login_as, time_machine):
    time_machine.move_to("2026-11-26 10:00:00+01:00", tick=False)
    placement = placement_for(net, w.student)
    response = login_as("company_staff").post(
        f"{P}/{placement.pk}/sicurezza/",
        {"risk_assessment_acknowledged_on": "2026-11-20", "insurance_inail": "INAIL 777"},
    )
    assert response.status_code == 302
    safety = SafetyFile.objects.get(placement=placement)
    assert (safety.risk_assessment_acknowledged_on, safety.insurance_inail) == (
        dt.date(2026, 11, 20),
        "INAIL 777",
    )


def test_the_host_names_its_tutor_and_bad_choices_are_refused(
    w, net, login_as, company_staff, school_staff
):
    placement = placement_for(net, w.student)
    client = login_as("company_staff")
    bad = client.post(f"{P}/{placement.pk}/tutor/", {"tutor": school_staff.pk})
    assert bad.status_code == 200 and "Scegli un&#x27;opzione valida" in bad.content.decode()
    good = client.post(f"{P}/{placement.pk}/tutor/", {"tutor": company_staff.pk})
    assert good.status_code == 302
    placement.refresh_from_db()
    assert placement.host_tutor == company_staff


def test_the_plan_form_adds_a_skill_by_name_and_reports_an_unknown_one(w, net, login_as):
    placement = placement_for(net, w.student)
    SkillFactory(
        label_it="accogliere i clienti",
        search_text=" accogliere clienti ",
        search_label_it=" accogliere i clienti ",
    )
    client = login_as("school_staff")
    data = {"objectives": "Obiettivi nuovi.", "activities": "", "safety_measures": ""}
    bad = client.post(f"{P}/{placement.pk}/progetto/", data | {"add_skill": "zzzqqq"})
    assert "Nessuna competenza trovata per «zzzqqq»." in bad.content.decode()
    assert "Obiettivi nuovi." in bad.content.decode()
    good = client.post(f"{P}/{placement.pk}/progetto/", data | {"add_skill": "accogliere"})
    assert good.status_code == 302
    plan = TrainingPlan.objects.get(placement=placement)
    assert plan.objectives == "Obiettivi nuovi."
    assert [s.label_it for s in plan.skills.all()] == ["accogliere i clienti"]


def test_interrupting_needs_a_reason(w, net, login_as):
    placement = placement_for(net, w.student, status=PlacementStatus.ACTIVE)
    client = login_as("company_staff")
    bad = client.post(f"{P}/{placement.pk}/interruzione/", {"reason": ""})
    assert bad.status_code == 200 and "Questo campo è obbligatorio." in bad.content.decode()
    good = client.post(f"{P}/{placement.pk}/interruzione/", {"reason": "Chiusura stagionale."})
    assert good.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.INTERRUPTED


# --- Query counts ----------------------------------------------------------------------------------


def _grow(net, n: int) -> None:
    """n more placements at the company, alternating the two schools, each with three days."""
    for i in range(n):
        school = net.school if i % 2 else net.lead_school
        start = dt.date(2020, 1, 6) + dt.timedelta(weeks=3 * i)
        placement = placement_for(
            net,
            student_of(school),
            status=PlacementStatus.ACTIVE,
            starts_on=start,
            ends_on=start + dt.timedelta(days=13),
        )
        for day in range(3):
            hours(placement, start + dt.timedelta(days=day))


LIST_BOUND = 9  # session, user, grants, the user's organizations, count, page, hours (+ margin)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("school_staff", f"{P}/scuola/"),
        ("company_staff", f"{P}/impresa/"),
        ("coordinator", f"{P}/polo/tnt/"),
    ],
)
def test_placement_lists_run_a_fixed_number_of_queries(w, net, login_as, persona, url):
    client = login_as(persona)
    counts = []
    for n in (2, 24):
        _grow(net, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= LIST_BOUND, counts


def test_the_detail_page_runs_a_fixed_number_of_queries(w, net, login_as, company_staff):
    placement = placement_for(net, w.student, status=PlacementStatus.ACTIVE)
    client = login_as("school_staff")
    counts = []
    for n in (2, 20):
        for day in range(len(placement.hours.all()), n):
            hours(placement, placement.starts_on + dt.timedelta(days=day))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{P}/{placement.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
