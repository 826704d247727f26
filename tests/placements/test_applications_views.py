"""Application pages: the school's applicants (its own students only, filters, decisions), the
host's applicants (validated ones to its own opportunities, with name and class), and the student's
side (opportunities open to them, applying, ranking, withdrawing)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.placements.models import Application, ApplicationStatus, OpportunityStatus, Placement
from ptp.placements.services import applications as services
from tests.placements.factories import OpportunityFactory, OpportunityWindowFactory
from tests.placements.lifecycle_helpers import TODAY, enroll, student_of, world

P = "/gestione/percorsi"
S = "/studente/percorsi"
S_ = ApplicationStatus


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-11-26 10:00:00+01:00", tick=False)


@pytest.fixture
def w(net, student):
    return world(net, student_user=student)


def _submit(w, student_record, window=None):
    return services.submit_application(
        actor=None, student=student_record, window=window or w.window, today=TODAY
    )


# --- The school ----------------------------------------------------------------------------------


def test_the_school_lists_submitted_applications_of_its_own_students(w, net, login_as):
    mine = _submit(w, w.student)
    theirs = _submit(w, student_of(net.lead_school, family_name="Lunardelli"))
    page = login_as("school_staff").get(f"{P}/scuola/candidature/").content.decode()
    assert "Brezzi Aurora" in page and "Accoglienza in hotel" in page
    assert "Lunardelli" not in page
    assert f"/candidature/{mine.pk}/scuola/" in page
    assert f"/candidature/{theirs.pk}/" not in page


def test_the_school_filters_by_status_class_and_text(w, net, login_as, school_staff):
    fourth = _submit(w, w.student)
    third = _submit(w, student_of(net.school, class_year=3, family_name="Garzelli"))
    services.validate_application(actor=school_staff, application=third)
    client = login_as("school_staff")

    def names(query):
        return [
            name
            for name in ("Brezzi", "Garzelli")
            if name in client.get(f"{P}/scuola/candidature/?{query}").content.decode()
        ]

    assert names("") == ["Brezzi"]  # opens on what waits: submitted
    assert names("stato=validated") == ["Garzelli"]
    assert names("stato=&classe=3") == ["Garzelli"]
    assert names("stato=&q=brez") == ["Brezzi"]
    assert names("stato=bogus&classe=9") == ["Brezzi", "Garzelli"]  # bad filters are dropped
    assert fourth.pk != third.pk


def test_the_school_validates_from_the_list_and_returns_to_it(w, login_as):
    application = _submit(w, w.student)
    back = f"{P}/scuola/candidature/?classe=4"
    response = login_as("school_staff").post(
        f"{P}/candidature/{application.pk}/scuola/", {"esito": "approva", "next": back}
    )
    assert (response.status_code, response.url) == (302, back)
    application.refresh_from_db()
    assert application.status == S_.VALIDATED


def test_a_decision_never_redirects_off_site(w, login_as):
    application = _submit(w, w.student)
    response = login_as("school_staff").post(
        f"{P}/candidature/{application.pk}/scuola/",
        {"esito": "respingi", "next": "https://example.com/"},
    )
    assert response.url == f"{P}/scuola/candidature/"
    application.refresh_from_db()
    assert application.status == S_.REFUSED_BY_SCHOOL


def test_a_decision_without_a_choice_changes_nothing(w, login_as):
    application = _submit(w, w.student)
    response = login_as("school_staff").post(
        f"{P}/candidature/{application.pk}/scuola/", {"esito": "forse"}, follow=True
    )
    assert "Scegli se approvare" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S_.SUBMITTED


# --- The host ------------------------------------------------------------------------------------


def test_the_host_sees_only_validated_applicants_to_its_own_opportunities(
    w, net, login_as, school_staff
):
    validated = services.validate_application(actor=school_staff, application=_submit(w, w.student))
    _submit(w, student_of(net.school, family_name="Calandri"))  # not yet validated
    enroll(net.hub, net.other_org)
    elsewhere = OpportunityWindowFactory(
        opportunity=OpportunityFactory(host=net.other_org, hub=net.hub)
    )
    services.validate_application(
        actor=school_staff,
        application=_submit(w, student_of(net.school, family_name="Dolfetti"), elsewhere),
    )
    page = login_as("company_staff").get(f"{P}/impresa/candidature/").content.decode()
    assert "Brezzi Aurora" in page and "classe 4A" in page and net.school.name in page
    assert "Calandri" not in page and "Dolfetti" not in page
    assert f"/candidature/{validated.pk}/impresa/" in page
    assert "2 su 2" in page  # seats left


def test_accepting_from_the_list_opens_the_new_placement(w, login_as, school_staff):
    validated = services.validate_application(actor=school_staff, application=_submit(w, w.student))
    response = login_as("company_staff").post(
        f"{P}/candidature/{validated.pk}/impresa/", {"esito": "accetta"}
    )
    placement = Placement.objects.get()
    assert (response.status_code, response.url) == (302, f"{P}/{placement.pk}/")


def test_accepting_without_a_seat_says_so(w, net, login_as, school_staff, company_staff):
    w.window.seats = 1
    w.window.save()
    first = services.validate_application(actor=school_staff, application=_submit(w, w.student))
    services.accept_application(actor=company_staff, application=first)
    second = services.validate_application(
        actor=school_staff, application=_submit(w, student_of(net.school))
    )
    response = login_as("company_staff").post(
        f"{P}/candidature/{second.pk}/impresa/", {"esito": "accetta"}, follow=True
    )
    assert "Non ci sono più posti liberi in questo periodo." in response.content.decode()
    assert Placement.objects.count() == 1


# --- Query counts --------------------------------------------------------------------------------


def _grow(w, net, school_staff, n):
    for _ in range(n):
        for school in (net.school, net.lead_school):
            application = _submit(w, student_of(school))
            services.validate_application(actor=school_staff, application=application)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("school_staff", f"{P}/scuola/candidature/?stato="),
        ("company_staff", f"{P}/impresa/candidature/?stato="),
    ],
)
def test_applicant_lists_run_a_fixed_number_of_queries(
    w, net, login_as, persona, url, school_staff
):
    client = login_as(persona)
    counts = []
    for n in (2, 20):
        _grow(w, net, school_staff, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 9, counts


# --- The student ---------------------------------------------------------------------------------


def test_the_student_sees_published_open_windows_of_their_schools_hubs(w, net, login_as):
    OpportunityWindowFactory(
        opportunity=w.opportunity, starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 25)
    )  # ended yesterday
    draft = OpportunityFactory(
        host=net.company, hub=net.hub, title="Bozza segreta", status=OpportunityStatus.DRAFT
    )
    OpportunityWindowFactory(opportunity=draft)
    other_hub = OpportunityFactory(host=net.other_org, hub=net.other_hub, title="Nel polo di Pisa")
    OpportunityWindowFactory(opportunity=other_hub)
    page = login_as("student").get(f"{S}/opportunita/").content.decode()
    assert "1 periodo disponibile" in page
    assert f"/opportunita/{w.window.pk}/candidatura/" in page
    assert "Bozza segreta" not in page and "Nel polo di Pisa" not in page


def test_the_student_applies_and_the_application_goes_last(w, login_as):
    earlier = _submit(w, w.student, OpportunityWindowFactory(opportunity=w.opportunity))
    response = login_as("student").post(
        f"{S}/opportunita/{w.window.pk}/candidatura/", {"motivation": "Amo viaggiare."}
    )
    assert response.status_code == 302
    application = Application.objects.get(window=w.window)
    assert (application.rank, application.motivation, earlier.rank) == (2, "Amo viaggiare.", 1)


def test_a_refused_application_keeps_the_motivation_and_explains(w, login_as):
    w.student.birth_date = dt.date(2011, 6, 1)  # 15 on the first day; 16 are needed
    w.student.save()
    response = login_as("student").post(
        f"{S}/opportunita/{w.window.pk}/candidatura/", {"motivation": "Ci tengo molto."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "servono almeno 16 anni il 01/02/2027" in page
    assert "Ci tengo molto." in page
    assert not Application.objects.exists()


def test_a_too_long_motivation_is_refused_on_its_field(w, login_as):
    response = login_as("student").post(
        f"{S}/opportunita/{w.window.pk}/candidatura/", {"motivation": "x" * 2001}
    )
    assert "non contenga più di 2000 caratteri" in response.content.decode()
    assert not Application.objects.exists()


def test_a_window_of_another_hub_does_not_exist_for_the_student(w, net, login_as):
    elsewhere = OpportunityWindowFactory(
        opportunity=OpportunityFactory(host=net.other_org, hub=net.other_hub)
    )
    assert (
        login_as("student").get(f"{S}/opportunita/{elsewhere.pk}/candidatura/").status_code == 404
    )


def test_the_student_reorders_and_withdraws(w, login_as):
    first = _submit(w, w.student)
    second = _submit(w, w.student, OpportunityWindowFactory(opportunity=w.opportunity))
    client = login_as("student")
    client.post(f"{S}/candidature/{second.pk}/sposta/", {"direzione": "su"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.rank, first.rank) == (1, 2)
    client.post(f"{S}/candidature/{second.pk}/ritira/")
    first.refresh_from_db()
    assert first.rank == 1
    page = client.get(f"{S}/").content.decode()
    assert "Ritirata" in page


def test_another_students_application_does_not_exist_for_the_student(w, net, login_as):
    theirs = _submit(w, student_of(net.school))
    response = login_as("student").post(f"{S}/candidature/{theirs.pk}/ritira/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S_.SUBMITTED


@pytest.mark.parametrize("url", [f"{S}/", f"{S}/opportunita/"])
def test_student_pages_run_a_fixed_number_of_queries(w, net, login_as, url):
    client = login_as("student")
    counts = []
    for n in (2, 20):
        for _ in range(n):
            window = OpportunityWindowFactory(opportunity=w.opportunity)
            _submit(w, w.student, window)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10, counts
