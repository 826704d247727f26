"""Open data as a journalist gets them: CSV of aggregates with no student and no cell under 5,
and a DCAT-AP_IT catalogue with the fields the national portal harvests."""

import csv
import datetime as dt
import io
import json

import pytest

from ptp.observatory import indicators, kpis
from ptp.observatory.models import GapCell
from ptp.students.models import Student
from tests.factories import SkillFactory
from tests.observatory.kpi_world import DAY, build

BASE = "/osservatorio/dati-aperti/"


@pytest.fixture
def published(net):
    build(net)
    kpis.take_snapshots(day=DAY)
    skills = SkillFactory.create_batch(3)
    for skill, supply, demand in zip(skills, (30, 3, 2), (4, 12, 1), strict=True):
        GapCell.objects.create(
            computed_on=DAY,
            year=2026,
            sector=net.hub.sector,
            province=net.hub.province,
            hub=net.hub,
            skill=skill,
            supply=supply,
            demand=demand,
        )
    return skills


def _rows(client, name: str) -> list[dict[str, str]]:
    response = client.get(BASE + name)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_hub_csv_has_aggregates_and_no_cell_under_five(published, client):
    rows = _rows(client, "indicatori-poli.csv")
    assert {r["polo"] for r in rows} == {"tnt", "altro"}
    tnt = next(r for r in rows if r["polo"] == "tnt")
    assert tnt["placements"] == "6" and tnt["wbl_rate"] == "0.75"
    assert tnt["reports_opened"] == "5"
    assert tnt["reports_resolved"] == ""  # 2 resolved: suppressed
    assert tnt["dimostrativo"] == "1"
    for row in rows:
        for key in indicators.PEOPLE_COUNTS & set(row):
            assert row[key] == "" or float(row[key]) >= 5, (row["polo"], key, row[key])


def test_gap_csv_sums_and_suppresses(published, client):
    rows = _rows(client, "divario-competenze.csv")
    by_skill = {r["competenza_uri"]: r for r in rows}
    first, second, third = published
    assert by_skill[first.uri]["offerta_persone"] == "30"
    assert by_skill[first.uri]["domanda_persone"] == ""  # 4 people
    assert by_skill[second.uri]["offerta_persone"] == ""
    assert by_skill[second.uri]["domanda_persone"] == "12"
    assert third.uri not in by_skill  # both sides under 5: left out
    for row in rows:
        for key in ("offerta_persone", "domanda_persone"):
            assert row[key] == "" or float(row[key]) >= 5


def test_open_data_hold_no_student(published, client):
    text = (
        client.get(BASE + "indicatori-poli.csv").content.decode()
        + client.get(BASE + "divario-competenze.csv").content.decode()
        + client.get(BASE + "catalogo.jsonld").content.decode()
        + client.get(BASE).content.decode()
    )
    students = list(Student.objects.all())
    assert students
    for s in students:
        assert s.code not in text and s.family_name not in text


def test_dcat_ap_it_catalogue(published, client):
    response = client.get(BASE + "catalogo.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = json.loads(response.content)
    graph = doc["@graph"]
    datasets = [n for n in graph if "dcat:Dataset" in n["@type"]]
    assert len(datasets) == 2
    for ds in datasets:
        assert "dcatapit:Dataset" in ds["@type"]
        for key in (
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dct:issued",
            "dct:modified",
            "dct:license",
            "dcat:theme",
            "dct:identifier",
            "dct:rightsHolder",
            "dcat:distribution",
        ):
            assert ds.get(key), key
        assert ds["dct:issued"]["@value"] == DAY.isoformat()
        assert ds["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        assert ds["dct:rightsHolder"]["foaf:name"].startswith("Regione ")
        assert ds["dct:identifier"].startswith("r_toscan:")
        dist = ds["dcat:distribution"][0]
        assert "dcat:Distribution" in dist["@type"]
        assert dist["dcat:downloadURL"]["@id"].startswith(
            "http://testserver/osservatorio/dati-aperti/"
        )
        assert (
            client.get(
                dist["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
            ).status_code
            == 200
        )
    assert doc["@context"]["dcatapit"] == "http://dati.gov.it/onto/dcatapit#"


def test_open_data_page_explains_suppression_and_licence(published, client):
    page = client.get(BASE).content.decode()
    assert "CC BY 4.0" in page and "meno di 5 persone" in page
    assert dt.date(2027, 3, 1).year == DAY.year


def test_nightly_run_builds_the_files_before_anyone_asks(published, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ptp.observatory import open_data

    open_data.warm_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(BASE + "divario-competenze.csv")
    assert response.status_code == 200
    assert b"competenza_uri" in response.content
    assert len(ctx.captured_queries) == 0  # served from the files built by the nightly run
