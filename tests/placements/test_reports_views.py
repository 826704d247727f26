"""The report pages: who gets 200/403/404, the host never sees a report, happy paths, bad input,
query counts that do not grow with the data, and the walk of a student whose placement is unsafe."""

import datetime as dt

import pytest

from ptp.audit.models import AuditEvent
from ptp.placements.models import Report, ReportKind, ReportStatus
from ptp.placements.services import reports
from tests.placements.factories import ReportFactory
from tests.placements.report_world import (
    ALL_PERSONAS,
    other_placements,
    placement_world,
    queries_of,
    staff_of,
    status_of,
)

STUDENT = "/studente/segnalazioni"
STAFF = "/gestione/segnalazioni"


@pytest.fixture
def world(net, student):
    return placement_world(net, student)


@pytest.fixture
def report(world):
    return ReportFactory(placement=world.placement, text="Il tutor non c'è mai.")


def _text(response) -> str:
    return response.content.decode()


# --- Permission matrix --------------------------------------------------------------------------

STUDENT_LIST = {
    "anonymous": 401,
    "student": 200,
    "school_staff": 403,
    "company_staff": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "regional_officer": 403,
    "outsider": 403,
    "other_school_staff": 403,
}
# The placement: its school, host and coordinator know it (403), nobody else does (404).
STUDENT_CREATE = {
    **STUDENT_LIST,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}
# A fresh "not formative" report: the school sees it (403 on the student's page), the host and
# the coordinator (not escalated yet) do not.
STUDENT_REPORT = {**STUDENT_CREATE, "company_staff": 404, "coordinator": 404}
STAFF_LIST = {
    "anonymous": 401,
    "student": 403,
    "school_staff": 200,
    "company_staff": 200,
    "coordinator": 200,
    "other_coordinator": 200,
    "regional_officer": 403,
    "outsider": 403,
    "other_school_staff": 200,
}
STAFF_DETAIL = {
    "anonymous": 401,
    "student": 403,
    "school_staff": 200,
    "company_staff": 404,
    "coordinator": 404,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_student_pages_matrix(login_as, persona, world, report):
    client = login_as(persona)
    assert status_of(client.get(f"{STUDENT}/")) == STUDENT_LIST[persona]
    create = f"{STUDENT}/nuova/{world.placement.pk}/"
    assert status_of(client.get(create)) == STUDENT_CREATE[persona]
    assert status_of(client.get(f"{STUDENT}/{report.pk}/")) == STUDENT_REPORT[persona]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_student_closes_through_the_page(login_as, persona, report):
    client = login_as(persona)
    expected = {**STUDENT_REPORT, "student": 302}[persona]
    assert status_of(client.post(f"{STUDENT}/{report.pk}/chiudi/")) == expected
    report.refresh_from_db()
    assert (report.status == ReportStatus.CLOSED) == (persona == "student")


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_staff_pages_matrix(login_as, persona, report):
    client = login_as(persona)
    listing = client.get(f"{STAFF}/")
    assert status_of(listing) == STAFF_LIST[persona]
    if listing.status_code == 200:
        listed = [r.pk for r in listing.context["page"].object_list]
        assert listed == ([report.pk] if persona == "school_staff" else [])
    assert status_of(client.get(f"{STAFF}/{report.pk}/")) == STAFF_DETAIL[persona]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_an_escalated_report_reaches_its_hubs_coordinator_only(login_as, persona, report):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ESCALATED, escalated_at=report.due_at
    )
    client = login_as(persona)
    expected = {**STAFF_DETAIL, "coordinator": 200}[persona]
    assert status_of(client.get(f"{STAFF}/{report.pk}/")) == expected


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_answer_and_note_are_each_for_one_side(login_as, persona, report):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ESCALATED, escalated_at=report.due_at
    )
    client = login_as(persona)
    answer = client.post(f"{STAFF}/{report.pk}/risposta/", {"answer": "Risolto."})
    note = client.post(f"{STAFF}/{report.pk}/nota/", {"note": "Verificato."})
    visible = {**STAFF_DETAIL, "coordinator": 200}[persona]
    if visible == 200:
        assert status_of(answer) == (302 if persona == "school_staff" else 403)
        assert status_of(note) == (302 if persona == "coordinator" else 403)
    else:
        assert (status_of(answer), status_of(note)) == (visible, visible)


def test_the_host_never_sees_a_report_about_itself_even_with_a_school_grant(
    client, net, world, report
):
    """A safety report must be safe to make: someone who works for the host and also for the
    student's school gets neither the list entry, nor the page, nor the e-mail."""
    both = staff_of(net.school, "tutor.doppio@example.invalid")
    staff_of(net.company, "tutor.doppio@example.invalid")
    safety = ReportFactory(placement=world.placement, kind=ReportKind.NOT_SAFE)
    client.force_login(both)

    listing = client.get(f"{STAFF}/")
    assert listing.context["page"].paginator.count == 0
    assert client.get(f"{STAFF}/{report.pk}/").status_code == 404
    assert client.get(f"{STAFF}/{safety.pk}/").status_code == 404
    assert client.get(f"{STUDENT}/{safety.pk}/").status_code == 404


def test_the_host_tutor_without_a_grant_does_not_see_it_either(client, net, world, report):
    tutor = staff_of(net.other_org, "tutor.esterno@example.invalid")
    world.placement.host_tutor = tutor
    world.placement.save()
    client.force_login(tutor)
    assert client.get(f"{STUDENT}/{report.pk}/").status_code == 404


# --- Happy paths and bad input ------------------------------------------------------------------


def test_a_student_whose_placement_is_unsafe_reports_it(
    login_as,
    world,
    student,
    school_staff,
    company_staff,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = login_as("student")
    page = client.get(f"{STUDENT}/")
    assert "Impresa partner" in _text(page)
    form = client.get(f"{STUDENT}/nuova/{world.placement.pk}/?tipo=not_safe")
    assert form.context["form"]["kind"].value() == "not_safe"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{STUDENT}/nuova/{world.placement.pk}/",
            {"kind": "not_safe", "text": "Mi fanno usare la affettatrice senza guanti."},
        )

    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"{STUDENT}/{report.pk}/"
    assert report.kind == ReportKind.NOT_SAFE and report.status == ReportStatus.OPEN
    recipients = sorted(address for m in mailoutbox for address in m.to)
    assert recipients == sorted([school_staff.email, coordinator.email])
    assert company_staff.email not in recipients
    to_coordinator = next(m for m in mailoutbox if m.to == [coordinator.email])
    assert world.student.code in to_coordinator.body
    assert world.student.full_name not in to_coordinator.body
    assert "affettatrice" not in to_coordinator.body
    detail = client.get(response.url)
    assert "La scuola non ha ancora risposto." in _text(detail)


def test_a_report_without_text_keeps_the_kind_and_says_why(login_as, world):
    client = login_as("student")
    response = client.post(f"{STUDENT}/nuova/{world.placement.pk}/", {"kind": "not_formative"})
    assert response.status_code == 200
    assert response.context["form"]["kind"].value() == "not_formative"
    assert "Questo campo è obbligatorio." in _text(response)
    assert not Report.objects.exists()


def test_a_duplicate_report_is_shown_on_the_kind_field(login_as, world, report):
    client = login_as("student")
    response = client.post(
        f"{STUDENT}/nuova/{world.placement.pk}/",
        {"kind": "not_formative", "text": "Di nuovo fotocopie."},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"][0].startswith("Hai già una segnalazione")
    assert response.context["form"]["text"].value() == "Di nuovo fotocopie."


def test_the_school_answers_from_the_page_and_the_student_is_told(
    login_as, report, student, mailoutbox, django_capture_on_commit_callbacks
):
    client = login_as("school_staff")
    page = client.get(f"{STAFF}/{report.pk}/")
    assert report.placement.student.full_name in _text(page)
    assert page.context["overdue"] is False and "In ritardo" not in _text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{STAFF}/{report.pk}/risposta/", {"answer": "Domani parlo con l'impresa."}
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED
    assert [m.to for m in mailoutbox] == [[student.email]]
    assert f"/studente/segnalazioni/{report.pk}/" in mailoutbox[0].body


def test_a_blank_answer_is_refused_on_the_page(login_as, report):
    client = login_as("school_staff")
    response = client.post(f"{STAFF}/{report.pk}/risposta/", {"answer": "   "})
    assert response.status_code == 200
    assert response.context["answer_form"].errors["answer"]
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_coordinator_sees_the_code_not_the_name_and_notes(login_as, report):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ESCALATED, escalated_at=report.due_at
    )
    client = login_as("coordinator")
    page = client.get(f"{STAFF}/{report.pk}/")
    assert report.placement.student.code in _text(page)
    assert report.placement.student.full_name not in _text(page)
    assert page.context["answer_form"] is None
    assert page.context["overdue"] is True and "In ritardo" in _text(page)

    too_long = client.post(f"{STAFF}/{report.pk}/nota/", {"note": "x" * 5000})
    assert too_long.status_code == 200 and too_long.context["note_form"].errors["note"]
    client.post(f"{STAFF}/{report.pk}/nota/", {"note": "Ho sentito la scuola."})
    report.refresh_from_db()
    assert report.coordinator_note == "Ho sentito la scuola."
    assert report.status == ReportStatus.ESCALATED


def test_the_list_filters_by_status_and_flags_overdue_reports(login_as, world, time_machine):
    now = dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    late = ReportFactory(placement=world.placement, due_at=now - dt.timedelta(hours=1))
    fresh = ReportFactory(
        placement=world.placement, kind=ReportKind.NOT_SAFE, due_at=now + dt.timedelta(days=3)
    )
    done = ReportFactory(
        placement=world.placement, status=ReportStatus.ANSWERED, due_at=now - dt.timedelta(days=9)
    )
    client = login_as("school_staff")

    page = client.get(f"{STAFF}/")
    rows = [(r.pk, r.overdue) for r in page.context["page"].object_list]
    assert rows == [(late.pk, True), (fresh.pk, False), (done.pk, False)]
    assert _text(page).count("In ritardo") == 1
    answered = client.get(f"{STAFF}/?stato=answered")
    assert [r.pk for r in answered.context["page"].object_list] == [done.pk]
    garbage = client.get(f"{STAFF}/?stato=boh")
    assert garbage.context["page"].paginator.count == 3


# --- Query counts -------------------------------------------------------------------------------


def test_the_staff_list_runs_the_same_queries_with_more_reports(net, login_as, world):
    client = login_as("school_staff")
    ReportFactory(placement=world.placement)
    small = queries_of(client, f"{STAFF}/")
    for placement in other_placements(net, 20):
        ReportFactory(placement=placement)
    large = queries_of(client, f"{STAFF}/")
    assert small == large <= 6


def test_the_students_page_runs_the_same_queries_with_more_placements(
    net, login_as, world, student
):
    client = login_as("student")
    ReportFactory(placement=world.placement)
    small = queries_of(client, f"{STUDENT}/")
    for placement in other_placements(net, 6):
        placement.student = world.student
        placement.save()
        ReportFactory(placement=placement)
    large = queries_of(client, f"{STUDENT}/")
    assert small == large <= 6


def test_every_transition_of_the_walk_is_in_the_hubs_audit_log(net, world, student, school_staff):
    report = reports.open_report(
        actor=student, placement=world.placement, kind=ReportKind.NOT_SAFE, text="Pericolo."
    )
    reports.escalate_overdue_reports(now=report.due_at + dt.timedelta(minutes=1))
    reports.answer_report(actor=school_staff, report=report, answer="Sospeso il percorso.")
    reports.close_report(actor=student, report=report)
    log = AuditEvent.objects.for_hub(net.hub.pk).filter(object_type="placements.report")
    assert log.count() == 4
