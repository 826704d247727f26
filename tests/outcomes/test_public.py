import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ptp.outcomes.models import OutcomeStatus
from tests.factories import HubFactory, MembershipFactory, OrganizationFactory
from tests.outcomes.conftest import finished, hosted, outcome

pytestmark = pytest.mark.django_db
S = OutcomeStatus
PAGE = "/osservatorio/esiti/"
# Distinctive invented names: if any page printed a student, these would show.
GIVEN = ["Ermenegildo", "Filiberta", "Gismondo", "Ildebranda", "Lanfranco", "Morgana"]
FAMILY = ["Zampognaro", "Quintavalle", "Sgrilloni", "Tartaglione", "Vespucciani", "Bambagioni"]


@pytest.fixture
def cohort(net):
    """Six students of net.school with outcomes at 6 and 12 months, and two of the lead school."""
    students = []
    for n, (given, family) in enumerate(zip(GIVEN, FAMILY, strict=True)):
        student = finished(net.school, n, given_name=given, family_name=family)
        hosted(student, net.company, net.hub)
        employed = n < 3
        outcome(
            student,
            12,
            S.EMPLOYED if employed else S.ITS,
            employer=net.company if employed else None,
            with_hub_company=employed,
            with_host=employed,
            in_sector=True,
        )
        outcome(student, 6, S.UNIVERSITY)
        students.append(student)
    for n in (30, 31):
        students.append(
            finished(net.lead_school, n, given_name="Pancrazio", family_name="Orsolini")
        )
        outcome(students[-1], 12, S.NEITHER)
    return students


def test_the_page_shows_rates_n_and_suppression(client, net, cohort):
    response = client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Polo TNT" in body and "Istituto partner" in body
    assert "n &lt; 5" in body  # the lead school has only two outcomes
    assert "50,0" in body  # 3 employed out of 6 at net.school (Italian decimal comma)
    assert "<svg viewBox" in body  # the chart, with its table beside it
    assert "Dall&#x27;ospitalità all&#x27;assunzione" in body or "Dall'ospitalità" in body


def test_filters(client, net, cohort):
    body = client.get(PAGE, {"polo": net.hub.pk, "mesi": 6}).content.decode()
    assert "Occupati per scuola" in body
    assert "Altro polo" not in body.split("Dall")[0]  # only the chosen hub in the rate tables
    garbage = client.get(PAGE, {"polo": "x", "scuola": "999999", "mesi": "7"})
    assert garbage.status_code == 200


@pytest.mark.parametrize("params", [{}, {"mesi": 6}, {"polo": "HUB"}, {"scuola": "SCHOOL"}])
def test_no_page_or_export_shows_a_student(client, net, cohort, params):
    params = {k: {"HUB": net.hub.pk, "SCHOOL": net.school.pk}.get(v, v) for k, v in params.items()}
    urls = [PAGE] + [f"{PAGE}esporta/{t}/" for t in ("poli", "scuole", "percorsi", "assunzioni")]
    for url in urls:
        for fmt in ("csv", "xlsx"):
            response = client.get(url, {**params, "formato": fmt})
            assert response.status_code == 200
            if response.streaming:
                content = b"".join(response.streaming_content).decode("utf-8-sig")
            elif fmt == "xlsx" and url != PAGE:
                sheet = load_workbook(io.BytesIO(response.content)).active
                content = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
            else:
                content = response.content.decode()
            for student in cohort:
                for personal in (student.given_name, student.family_name, student.code):
                    assert personal not in content, (url, fmt, personal)


def test_exports_have_the_same_figures(client, net, cohort):
    response = client.get(f"{PAGE}esporta/scuole/", {"formato": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("scuola,n (esiti noti),occupati %")
    assert "Istituto partner,6,50,0" in text.replace('"', "")
    assert "Istituto capofila,n < 5,n < 5" in text
    hosting = client.get(f"{PAGE}esporta/assunzioni/", {"formato": "xlsx"})
    rows = list(load_workbook(io.BytesIO(hosting.content)).active.iter_rows(values_only=True))
    assert ("Polo TNT", 6, 3, "50,0", 3, "50,0") in rows
    assert client.get(f"{PAGE}esporta/altro/").status_code == 404


def test_query_count_does_not_grow_with_data(client, net, cohort):
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE, {"mesi": 12})
    for h in range(3):
        hub = HubFactory()
        for s in range(3):
            school = OrganizationFactory(kind="istituto_tecnico")
            MembershipFactory(hub=hub, organization=school)
            for n in range(6):
                student = finished(school, 1000 + h * 100 + s * 10 + n)
                hosted(student, net.company, hub)
                outcome(student, 12, S.EMPLOYED, employer=net.company)
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE, {"mesi": 12})
    assert len(many) == len(few)


def test_public_cache_serves_the_second_visit(client, settings, net, cohort):
    settings.PTP_PUBLIC_PAGE_CACHE = True
    client.get(PAGE)
    with CaptureQueriesContext(connection) as second:
        response = client.get(PAGE)
    assert response.status_code == 200
    assert len(second) <= 2  # at most the session/auth lookups, no aggregate query
