"""The student area: only the student with a record reaches it; they see their data, keep their
skills profile and open their account from the school's invitation."""

import pytest
from django.urls import reverse

from ptp.accounts.models import Role, RoleGrant
from ptp.skills.search_index import search_columns
from ptp.students import services
from ptp.students.models import SkillSource, StudentSkill
from tests.conftest import PERSONAS
from tests.factories import SkillFactory, UserFactory
from tests.students.factories import codice_fiscale_for

pytestmark = pytest.mark.django_db


def searchable_skill(label: str):
    """A skill with the folded search columns the importers fill."""
    return SkillFactory(
        label_it=label,
        **search_columns(label_it=label, label_en="", alt_labels_it="", alt_labels_en=""),
    )


@pytest.fixture
def declared(student, own_record):
    return services.declare_skill(actor=student, student=own_record, skill=SkillFactory(), level=2)


EXPECTED = dict.fromkeys(PERSONAS, 404) | {"anonymous": 302, "student": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona, own_record, declared, login_as):
    client = login_as(persona)
    for url in (reverse("students:home"), reverse("students:skills")):
        assert client.get(url).status_code == EXPECTED[persona], (persona, url)
    remove = reverse("students:skill_remove", args=[declared.pk])
    expected = 302 if persona in ("student", "anonymous") else 404
    assert client.post(remove).status_code == expected
    assert StudentSkill.objects.filter(pk=declared.pk).exists() == (persona != "student")


def test_a_student_account_without_a_record_has_no_area(student, login_as):
    assert login_as("student").get(reverse("students:home")).status_code == 404


def test_home_shows_the_schools_data_but_not_the_protected_ones(own_record, login_as):
    own_record.has_accommodations = True
    own_record.save()
    page = login_as("student").get(reverse("students:home")).content.decode()
    assert own_record.code in page and "210 nel triennio" in page
    assert codice_fiscale_for(900)[3] not in page
    assert "bisogni educativi" not in page.lower()


def test_adding_a_skill_by_picking_or_by_typing(own_record, login_as):
    skill = SkillFactory(label_it="Accoglienza dei clienti")
    client = login_as("student")
    url = reverse("students:skills")
    response = client.post(
        url, {"level": "3", "competenza": str(skill.pk), "competenza_testo": "Acco"}
    )
    assert response.status_code == 302
    link = StudentSkill.objects.get(student=own_record)
    assert (link.skill, link.level, link.source) == (skill, 3, SkillSource.DECLARED)
    other = searchable_skill("Gestione delle prenotazioni")
    response = client.post(
        url, {"level": "1", "competenza": "", "competenza_testo": "prenotazioni"}
    )
    assert response.status_code == 302
    assert StudentSkill.objects.filter(student=own_record, skill=other, level=1).exists()


def test_a_skill_that_cannot_be_found_keeps_the_typed_text(own_record, login_as):
    response = login_as("student").post(
        reverse("students:skills"), {"level": "2", "competenza": "", "competenza_testo": "zzqq"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Scegli una competenza" in page
    assert 'value="zzqq"' in page
    assert not StudentSkill.objects.exists()


def test_skills_page_uses_the_picker_script(own_record, declared, login_as):
    page = login_as("student").get(reverse("students:skills")).content.decode()
    assert "js/combobox.js" in page and 'data-combobox-source="/' in page
    assert "<script>" not in page  # no inline scripts (CSP)


def test_skills_page_query_count_does_not_grow(
    student, own_record, login_as, django_assert_max_num_queries
):
    client = login_as("student")
    for n in range(1, 12):
        services.declare_skill(actor=student, student=own_record, skill=SkillFactory(), level=1)
        if n in (1, 11):  # one skill, then eleven
            with django_assert_max_num_queries(8):
                assert client.get(reverse("students:skills")).status_code == 200


# --- Accepting the school's invitation ---------------------------------------------------------


def test_accepting_the_invitation_creates_the_account(net, school_staff, classmate, client):
    token = services.invite_student(
        actor=school_staff, student=classmate, email="gemma@example.invalid", base_url="http://t/"
    )
    url = reverse("students:accept_invitation", args=[token])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"full_name": "Gemma", "password1": "corta", "password2": "corta"})
    assert bad.status_code == 200 and 'value="Gemma"' in bad.content.decode()
    response = client.post(
        url,
        {
            "full_name": "Gemma",
            "password1": "una-password-lunga-1",
            "password2": "una-password-lunga-1",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("students:home")
    assert client.get(reverse("students:home")).status_code == 200
    classmate.refresh_from_db()
    assert RoleGrant.objects.filter(
        user=classmate.user, role=Role.STUDENT, organization=net.school
    ).exists()
    assert client.get(url).status_code == 410


def test_an_existing_account_logs_in_first(net, school_staff, classmate, client):
    UserFactory(email="gemma@example.invalid")
    token = services.invite_student(
        actor=school_staff, student=classmate, email="gemma@example.invalid", base_url="http://t/"
    )
    url = reverse("students:accept_invitation", args=[token])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_a_forged_link_is_gone(client):
    response = client.get(reverse("students:accept_invitation", args=["non-valido"]))
    assert response.status_code == 410 and "non è valido" in response.content.decode()


@pytest.mark.parametrize("skills", [1, 12])
def test_home_query_count_does_not_grow(
    student, own_record, login_as, skills, django_assert_max_num_queries
):
    for _ in range(skills):
        services.declare_skill(actor=student, student=own_record, skill=SkillFactory(), level=1)
    client = login_as("student")
    with django_assert_max_num_queries(7):
        assert client.get(reverse("students:home")).status_code == 200
