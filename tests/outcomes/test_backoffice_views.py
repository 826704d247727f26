import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.audit.models import AuditEvent
from ptp.outcomes.models import Outcome, OutcomeStatus
from tests.factories import RoleGrantFactory, UserFactory
from tests.outcomes.conftest import finished, hosted, outcome

pytestmark = pytest.mark.django_db
LIST = "/gestione/scuole/istituto-partner/esiti/"


def edit_url(student, months=12):
    return f"{LIST}{student.code}/{months}/"


def test_school_staff_sees_students_who_finished_with_their_outcomes(login_as, net, leaver):
    outcome(leaver, 6, OutcomeStatus.ITS)
    younger = finished(net.school, 5, class_year=3, family_name="Zanobini")
    response = login_as("school_staff").get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quercetani" in body and "Iscritto a un ITS Academy" in body
    assert younger.family_name not in body


def test_search_by_name_and_code(login_as, net, leaver):
    finished(net.school, 6, family_name="Zanobini")
    client = login_as("school_staff")
    body = client.get(LIST, {"q": "quercet"}).content.decode()
    assert "Quercetani" in body and "Zanobini" not in body
    body = client.get(LIST, {"q": "S-T0000006"}).content.decode()
    assert "Zanobini" in body and "Quercetani" not in body


@pytest.mark.parametrize(
    "persona",
    [
        "company_staff",
        "coordinator",
        "other_coordinator",
        "regional_officer",
        "outsider",
        "student",
    ],
)
def test_nobody_else_sees_the_list_or_the_form(login_as, leaver, persona):
    client = login_as(persona)
    assert client.get(LIST).status_code == 404
    assert client.get(edit_url(leaver)).status_code == 404
    assert client.get(LIST + "importa/").status_code == 404


def test_staff_of_another_school_gets_404(client, net, leaver):
    other = UserFactory()
    RoleGrantFactory(user=other, role="organization_staff", organization=net.lead_school)
    client.force_login(other)
    assert client.get(LIST).status_code == 404
    assert client.post(edit_url(leaver), {"status": "its"}).status_code == 404
    assert not Outcome.objects.exists()


def test_anonymous_is_sent_to_login(client, leaver):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_list_query_count_does_not_grow(login_as, net, leaver):
    client = login_as("school_staff")
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(10, 30):
        student = finished(net.school, n)
        outcome(student, 6, OutcomeStatus.EMPLOYED, employer=net.company)
        outcome(student, 12, OutcomeStatus.EMPLOYED, employer=net.company)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


def test_record_an_outcome(login_as, net, leaver):
    hosted(leaver, net.company, net.hub)
    client = login_as("school_staff")
    assert client.get(edit_url(leaver)).status_code == 200
    response = client.post(
        edit_url(leaver), {"status": "employed", "employer": net.company.pk, "in_sector": "1"}
    )
    assert response.status_code == 302
    saved = Outcome.objects.get(student=leaver, months_after=12)
    assert (saved.with_hub_company, saved.with_host, saved.in_sector) == (True, True, True)
    assert AuditEvent.objects.filter(object_type="outcomes.outcome").count() == 1
    # The form shows what is recorded when opened again.
    body = client.get(edit_url(leaver)).content.decode()
    assert f'value="{net.company.pk}" selected' in body


def test_bad_input_keeps_what_was_typed(login_as, leaver):
    response = login_as("school_staff").post(
        edit_url(leaver, 6), {"status": "neither", "employer_name": "Trattoria Bianchi"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Il datore di lavoro si indica solo per chi è occupato." in body
    assert 'value="Trattoria Bianchi"' in body
    assert not Outcome.objects.exists()


def test_only_6_or_12_months_and_only_students_who_finished(login_as, net, leaver):
    client = login_as("school_staff")
    assert client.get(edit_url(leaver, 9)).status_code == 404
    younger = finished(net.school, 7, class_year=2)
    assert client.get(edit_url(younger)).status_code == 404


def test_employer_choices_are_the_companies_of_the_schools_hubs(login_as, net, leaver):
    body = login_as("school_staff").get(edit_url(leaver)).content.decode()
    assert net.company.name in body
    assert net.other_org.name not in body
