"""The hub pages of the observatory: who sees what, the officer's weights form, exports, a bound
on queries that does not grow with data, and no student's name or code on any page."""

import datetime as dt

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.observatory import hub_queries, kpis
from ptp.observatory.demo import seed_demo_snapshots
from ptp.observatory.models import HubSnapshot, RankingMethod
from ptp.students.models import Student
from tests.conftest import PERSONAS
from tests.factories import HubFactory, MembershipFactory, OrganizationFactory
from tests.observatory.kpi_world import DAY, build
from tests.placements.factories import PlacementFactory, StudentFactory

LIST = "/osservatorio/poli/"
DETAIL = "/osservatorio/poli/tnt/"
RANKING = "/osservatorio/graduatoria/"


@pytest.fixture
def world(net):
    students = build(net)
    kpis.take_snapshots(day=DAY)
    return students


def _weights(**overrides: str) -> dict[str, str]:
    data = {"name": "Premio 2027", "notes": ""}
    for indicator in hub_queries.indicators.RANKABLE:
        data[f"peso_{indicator.key}"] = "1"
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages_answer_everyone(world, login_as, persona):
    client = login_as(persona)
    for path in (LIST, DETAIL, RANKING, "/osservatorio/dati-aperti/"):
        assert client.get(path).status_code == 200, path


def test_unknown_hub_is_404(world, client):
    assert client.get("/osservatorio/poli/nessuno/").status_code == 404


def test_list_shows_every_hub_with_public_values(world, client):
    page = client.get(LIST).content.decode()
    assert "Polo TNT" in page and "Altro" in page
    assert "75,0 %" in page  # 6 of 8 students in work-based learning
    assert "chart-hubs-title" in page  # the chart, beside the table


def test_list_downloads(world, client):
    csv = client.get(LIST, {"formato": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "Polo di prova TNT" in body
    xlsx = client.get(LIST, {"formato": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_detail_shows_members_by_kind_over_time(world, client):
    seed_demo_snapshots(today=DAY, months=3)
    page = client.get(DETAIL).content.decode()
    assert "chart-members-title" in page
    assert "Istituto professionale" in page
    assert page.count('<th scope="row">') >= 4
    assert "/osservatorio/poli/tnt/rapporto/2026.pdf" in page


def test_demo_snapshots_start_today_when_the_night_has_not_run(net):
    assert seed_demo_snapshots(today=DAY, months=1) == 2 + 2
    assert HubSnapshot.objects.filter(taken_on=DAY).count() == 2
    today = HubSnapshot.objects.get(hub=net.hub, taken_on=DAY)
    assert "backfilled" not in today.metrics


def test_demo_snapshots_are_marked_and_idempotent(world):
    made = seed_demo_snapshots(today=DAY, months=3)
    assert made == 2 * 3
    assert seed_demo_snapshots(today=DAY, months=3) == 0
    demo = HubSnapshot.objects.exclude(taken_on=DAY)
    assert all(s.metrics["demo"] and s.metrics["backfilled"] for s in demo)


def test_small_counts_are_not_shown(net, client):
    build(net, placed=3)  # 3 placements, 3 students: below 5
    kpis.take_snapshots(day=DAY)
    values = hub_queries.all_hubs()[1].values
    assert hub_queries.all_hubs()[1].hub == net.hub
    assert values["placements"] is None and values["students_in_wbl"] is None
    assert values["hours_rate"] is None and values["wbl_rate"] is None


def test_only_the_regional_officer_edits_weights(world, login_as, regional_officer):
    for persona in ("coordinator", "school_staff", "outsider"):
        client = login_as(persona)
        assert client.post(RANKING, _weights()).status_code == 403
        client.logout()
    anonymous = login_as("anonymous").post(RANKING, _weights())
    assert anonymous.status_code == 302  # to the login page
    assert RankingMethod.objects.count() == 0
    officer = login_as("regional_officer")
    assert "Nuovi pesi" in officer.get(RANKING).content.decode()
    response = officer.post(RANKING, _weights(peso_gap_index="0,5"))
    assert response.status_code == 302
    method = RankingMethod.objects.get()
    assert method.version == 1 and method.weights["gap_index"] == 0.5
    assert method.created_by == regional_officer


def test_public_sees_latest_ranking_with_its_method_but_no_form(world, login_as, regional_officer):
    hub_queries.save_ranking_method(
        actor=regional_officer, name="Prima", weights={"wbl_rate": 1}, notes=""
    )
    hub_queries.save_ranking_method(
        actor=regional_officer, name="Seconda", weights={"companies_hosting": 1}, notes="Premio"
    )
    page = login_as("anonymous").get(RANKING).content.decode()
    assert "Metodo «Seconda», versione 2" in page
    assert "min–max" in page and "Imprese che ospitano studenti: peso 1" in page
    assert "Nuovi pesi" not in page
    old = login_as("anonymous").get(RANKING, {"versione": 1}).content.decode()
    assert "versione 1" in old and "Non è la versione in vigore" in old
    assert login_as("anonymous").get(RANKING, {"versione": 9}).status_code == 404


def test_bad_weights_keep_the_input_and_explain_in_italian(world, login_as):
    officer = login_as("regional_officer")
    zero = {f"peso_{i.key}": "0" for i in hub_queries.indicators.RANKABLE}
    response = officer.post(RANKING, {**_weights(**zero), "name": "Tutti zero"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Almeno un indicatore deve avere un peso maggiore di zero." in page
    assert 'value="Tutti zero"' in page
    response = officer.post(RANKING, _weights(peso_wbl_rate="-1", peso_hours_rate="tanto"))
    page = response.content.decode()
    assert "Il peso non può essere negativo." in page
    assert "Scrivi un numero, per esempio 1 oppure 0,5." in page
    assert 'value="tanto"' in page
    assert RankingMethod.objects.count() == 0


def _count(client, path: str) -> int:
    caches["public_pages"].clear()  # measure the work, not the cache (on_commit never runs here)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(world, client, regional_officer):
    hub_queries.save_ranking_method(
        actor=regional_officer, name="Prima", weights={"wbl_rate": 1}, notes=""
    )
    paths = (LIST, DETAIL, RANKING, "/osservatorio/dati-aperti/indicatori-poli.csv")
    before = {p: _count(client, p) for p in paths}
    for _ in range(3):
        hub = HubFactory()
        school = OrganizationFactory(kind="istituto_professionale")
        MembershipFactory(hub=hub, organization=school)
        for student in StudentFactory.create_batch(2, school=school):
            PlacementFactory(student=student, hub=hub, host=school)
    for day in (DAY - dt.timedelta(days=40), DAY - dt.timedelta(days=70), DAY):
        kpis.take_snapshots(day=day)
    after = {p: _count(client, p) for p in paths}
    assert after == before


def test_no_page_shows_a_student(world, client, login_as, regional_officer):
    """Names, family names, pseudonymous codes: none appears on any page or file."""
    hub_queries.save_ranking_method(
        actor=regional_officer, name="Prima", weights={"wbl_rate": 1}, notes=""
    )
    seed_demo_snapshots(today=DAY, months=2)
    bodies = []
    for persona in ("anonymous", "regional_officer"):
        c = login_as(persona)
        for path in (LIST, DETAIL, RANKING, "/osservatorio/dati-aperti/"):
            bodies.append(c.get(path).content.decode())
        c.logout()
    csv = client.get(LIST, {"formato": "csv"})
    bodies.append(csv.content.decode())
    bodies.append(client.get("/osservatorio/dati-aperti/indicatori-poli.csv").content.decode())
    students = list(Student.objects.all())
    assert students
    for body in bodies:
        for s in students:
            assert s.code not in body
            assert s.family_name not in body
            assert f"{s.given_name} {s.family_name}" not in body
