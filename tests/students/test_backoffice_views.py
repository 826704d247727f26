"""The school's roster pages: who gets what, the happy paths, bad input, query counts."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from ptp.audit.models import AuditAction, AuditEvent
from ptp.students.import_services import upload_roster
from ptp.students.models import ImportStatus, Student
from tests.conftest import PERSONAS
from tests.students.conftest import csv_bytes, row_b
from tests.students.factories import StudentFactory, codice_fiscale_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(net, school_staff):
    return upload_roster(
        actor=school_staff,
        school=net.school,
        file_name="studenti.csv",
        content=csv_bytes([row_b(1), row_b(2)]),
        preset="registro-b",
    )


def urls(net, own_record, job) -> list[tuple[str, str]]:
    slug, code = net.school.slug, own_record.code
    return [
        ("get", reverse("backoffice:student_list", args=[slug])),
        ("get", reverse("backoffice:student_export", args=[slug])),
        ("get", reverse("backoffice:student_create", args=[slug])),
        ("get", reverse("backoffice:student_import", args=[slug])),
        ("get", reverse("backoffice:student_import_job", args=[slug, job.pk])),
        ("get", reverse("backoffice:student_import_progress", args=[slug, job.pk])),
        ("post", reverse("backoffice:student_import_confirm", args=[slug, job.pk])),
        ("get", reverse("backoffice:student_detail", args=[slug, code])),
        ("get", reverse("backoffice:student_edit", args=[slug, code])),
        ("get", reverse("backoffice:student_invite", args=[slug, code])),
    ]


EXPECTED = dict.fromkeys(PERSONAS, 404) | {"anonymous": 302, "school_staff": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona, net, own_record, job, login_as):
    client = login_as(persona)
    for method, url in urls(net, own_record, job):
        response = getattr(client, method)(url)
        expected = EXPECTED[persona]
        if method == "post" and expected == 200:
            expected = 302  # the confirmation redirects back to the job page
        assert response.status_code == expected, (persona, url)
        if expected == 302 and persona == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))


def test_another_schools_pages_do_not_exist_for_this_staff(
    net, school_staff, foreign_student, login_as
):
    client = login_as("school_staff")
    assert (
        client.get(reverse("backoffice:student_list", args=[net.lead_school.slug])).status_code
        == 404
    )
    url = reverse("backoffice:student_detail", args=[net.school.slug, foreign_student.code])
    assert client.get(url).status_code == 404
    assert client.get(reverse("backoffice:student_list", args=["nessuna"])).status_code == 404


def test_another_schools_import_job_is_not_found(net, school_staff, login_as):
    other = upload_roster(
        actor=school_staff,
        school=net.lead_school,
        file_name="x.csv",
        content=csv_bytes([row_b(1)]),
        preset="",
    )
    client = login_as("school_staff")
    url = reverse("backoffice:student_import_job", args=[net.school.slug, other.pk])
    assert client.get(url).status_code == 404


# --- List, search, export ------------------------------------------------------------------------


def test_list_search_and_filters(net, login_as):
    StudentFactory(school=net.school, n=1, class_year=3, class_section="A")
    StudentFactory(school=net.school, n=2, class_year=4, class_section="B", track="iefp")
    StudentFactory(school=net.lead_school, n=3)
    client = login_as("school_staff")
    url = reverse("backoffice:student_list", args=[net.school.slug])
    assert client.get(url).context["page"].paginator.count == 2
    assert [
        s.n if hasattr(s, "n") else s.family_name
        for s in client.get(url, {"q": "4b"}).context["page"]
    ] == ["Carmignoli"]
    assert client.get(url, {"q": "baldac"}).context["page"].paginator.count == 1
    assert client.get(url, {"anno": "3"}).context["page"].paginator.count == 1
    assert client.get(url, {"percorso": "iefp"}).context["page"].paginator.count == 1
    code = Student.objects.filter(school=net.school).first().code
    assert client.get(url, {"q": code}).context["page"].paginator.count == 1
    # A bad filter value is ignored, not an error.
    assert client.get(url, {"anno": "9"}).status_code == 200


def test_list_hides_students_who_left_unless_asked(net, login_as):
    import datetime as dt

    StudentFactory(school=net.school, n=1, left_on=dt.date(2026, 6, 30))
    StudentFactory(school=net.school, n=2)
    client = login_as("school_staff")
    url = reverse("backoffice:student_list", args=[net.school.slug])
    assert client.get(url).context["page"].paginator.count == 1
    assert client.get(url, {"usciti": "on"}).context["page"].paginator.count == 2


@pytest.mark.parametrize("count", [3, 40])
def test_list_query_count_does_not_grow(net, login_as, count, django_assert_max_num_queries):
    StudentFactory.create_batch(count, school=net.school)
    client = login_as("school_staff")
    url = reverse("backoffice:student_list", args=[net.school.slug])
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200


def test_csv_export_has_no_codice_fiscale_and_is_logged(net, own_record, classmate, login_as):
    client = login_as("school_staff")
    response = client.get(reverse("backoffice:student_export", args=[net.school.slug]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "codice_pseudonimo"
    assert "codice_fiscale" not in rows[0] and "bes" not in " ".join(rows[0])
    assert {r[0] for r in rows[1:]} == {own_record.code, classmate.code}
    for n in (900, 901):
        assert codice_fiscale_for(n)[3] not in content
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.hub_id is None and "2 studenti" in event.summary


def test_xlsx_export_follows_the_filters(net, own_record, login_as):
    StudentFactory(school=net.school, n=5, class_year=2)
    client = login_as("school_staff")
    response = client.get(
        reverse("backoffice:student_export", args=[net.school.slug]),
        {"formato": "xlsx", "anno": "4"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == own_record.code


# --- Record, edit, invite ------------------------------------------------------------------------


def test_detail_shows_the_codice_fiscale_and_logs_the_reading(
    net, school_staff, own_record, login_as
):
    client = login_as("school_staff")
    response = client.get(
        reverse("backoffice:student_detail", args=[net.school.slug, own_record.code])
    )
    assert codice_fiscale_for(900)[3] in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert event.actor == school_staff and event.object_id == str(own_record.pk)


def test_create_happy_path_and_bad_input(net, login_as):
    family, given, birth, code = codice_fiscale_for(7)
    client = login_as("school_staff")
    url = reverse("backoffice:student_create", args=[net.school.slug])
    data = {
        "codice_fiscale": code,
        "family_name": family,
        "given_name": given,
        "birth_date": birth.isoformat(),
        "track": "professionale",
        "class_year": "3",
        "class_section": "c",
        "school_year": "2026/2027",
    }
    bad = client.post(url, data | {"codice_fiscale": code[:-1] + "0", "birth_date": "2001-01-01"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "carattere di controllo" in page and f'value="{family}"' in page
    response = client.post(url, data)
    student = Student.objects.get(school=net.school)
    assert response.status_code == 302 and student.code in response["Location"]
    assert (student.class_section, student.school_year) == ("C", "2026/27")


def test_create_refuses_a_birth_date_not_in_the_code(net, login_as):
    family, given, _birth, code = codice_fiscale_for(7)
    client = login_as("school_staff")
    response = client.post(
        reverse("backoffice:student_create", args=[net.school.slug]),
        {
            "codice_fiscale": code,
            "family_name": family,
            "given_name": given,
            "birth_date": "2001-01-01",
            "track": "professionale",
            "class_year": "3",
            "school_year": "2026/27",
        },
    )
    assert response.status_code == 200 and "non corrisponde" in response.content.decode()
    assert not Student.objects.exists()


def test_edit_shows_the_record_and_saves_changes(net, own_record, login_as):
    client = login_as("school_staff")
    url = reverse("backoffice:student_edit", args=[net.school.slug, own_record.code])
    page = client.get(url).content.decode()
    assert codice_fiscale_for(900)[3] in page
    assert AuditEvent.objects.filter(action=AuditAction.READ).count() == 1
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "class_year": "5",
        "birth_date": own_record.birth_date.isoformat(),
        "municipality": "",
        "has_accommodations": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    own_record.refresh_from_db()
    assert own_record.class_year == 5 and own_record.has_accommodations
    bad = client.post(url, data | {"school_year": "2026"})
    assert bad.status_code == 200 and "2026/27" in bad.content.decode()


def test_invite_happy_path_and_bad_address(
    net, classmate, login_as, django_capture_on_commit_callbacks
):
    client = login_as("school_staff")
    url = reverse("backoffice:student_invite", args=[net.school.slug, classmate.code])
    bad = client.post(url, {"email": "non-una-mail"})
    assert bad.status_code == 200 and "non-una-mail" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "gemma@example.invalid"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["gemma@example.invalid"]
    assert "/studente/invito/" in mail.outbox[0].body


def test_invite_of_a_student_with_an_account_is_refused_on_the_form(net, own_record, login_as):
    client = login_as("school_staff")
    url = reverse("backoffice:student_invite", args=[net.school.slug, own_record.code])
    response = client.post(url, {"email": "x@example.invalid"})
    assert response.status_code == 200 and "ha già un account" in response.content.decode()


def test_import_job_page_lists_the_proposed_columns(net, job, login_as):
    client = login_as("school_staff")
    response = client.get(reverse("backoffice:student_import_job", args=[net.school.slug, job.pk]))
    form = response.context["form"]
    assert form.initial["col_codice_fiscale"] == "CF"
    assert form.initial["col_classe"] == "CLASSE"
    assert job.status == ImportStatus.UPLOADED


@pytest.mark.parametrize("skills", [1, 12])
def test_detail_query_count_does_not_grow(
    net, own_record, login_as, skills, django_assert_max_num_queries
):
    from ptp.students.models import StudentSkill
    from tests.factories import SkillFactory

    for _ in range(skills):
        StudentSkill.objects.create(student=own_record, skill=SkillFactory(), level=2)
    client = login_as("school_staff")
    url = reverse("backoffice:student_detail", args=[net.school.slug, own_record.code])
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
