"""The catalogue's public API: /api/v1/percorsi (the same search and facets as the page) and
/api/v1/percorsi/<slug>."""

import datetime as dt

import pytest

from ptp.catalogue import search
from ptp.catalogue.models import EditionStatus, ProgrammeKind, ProgrammeSkill, ProviderRole
from ptp.catalogue.search import FACETS, Filters
from tests.catalogue.catalogue_helpers import catalogue_world
from tests.factories import (
    EditionFactory,
    OccupationFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)

LIST = "/api/v1/percorsi"


@pytest.fixture
def world(net):
    return catalogue_world(net)


def test_the_list_gives_the_first_page_and_every_facet(world, client):
    response = client.get(LIST)

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], body["pages"]) == (34, 1, 2)
    assert [r["slug"] for r in body["results"]] == [
        p.slug for p in search.programmes(search.run(Filters()).ids[:20])
    ]
    assert set(body["results"][0]) == {
        "slug", "code", "title", "kind", "eqf_level", "sector", "duration_hours", "providers",
        "is_demo",
    }  # fmt: skip
    assert set(body["facets"]) == set(FACETS)
    for values in body["facets"].values():
        assert values and all(set(v) == {"value", "label", "count", "selected"} for v in values)
    sectors = {v["value"]: v["count"] for v in body["facets"]["sector"]}
    assert sectors == {
        "meccanica": sum(p.sector.slug == "meccanica" for p in world.published),
        "turismo-e-beni-culturali": sum(p.sector.slug != "meccanica" for p in world.published),
    }


def test_the_list_filters_sorts_and_pages_like_the_page(world, client):
    codes = {p.pk: p.code for p in world.published}
    expected = search.run(Filters(sort="-durata")).ids
    narrowed = search.run(Filters(sector="turismo-e-beni-culturali", province="pisa")).ids

    first = client.get(f"{LIST}?ordina=-durata").json()
    second = client.get(f"{LIST}?ordina=-durata&pagina=2").json()
    filtered = client.get(f"{LIST}?filiera=turismo-e-beni-culturali&provincia=pisa").json()

    assert [r["code"] for r in first["results"] + second["results"]] == [codes[i] for i in expected]
    assert 0 < filtered["count"] == len(narrowed) < 20
    assert [r["code"] for r in filtered["results"]] == [codes[i] for i in narrowed]
    chosen = [v["value"] for v in filtered["facets"]["province"] if v["selected"]]
    assert chosen == ["pisa"]


def test_a_page_beyond_the_last_gives_the_last(world, client):
    body = client.get(f"{LIST}?pagina=50").json()

    assert body["page"] == body["pages"] == 2
    assert len(body["results"]) == 14


def test_text_and_bad_values(world, client):
    found = client.get(f"{LIST}?q=citta").json()
    ignored = client.get(f"{LIST}?eqf=99&tipo=nessuno&ordina=bogus&comune=xx").json()
    refused = client.get(f"{LIST}?eqf=tre")

    assert {r["title"] for r in found["results"]} == {"Città d'arte"}
    assert ignored["count"] == 34
    assert refused.status_code == 422  # not a number: the schema refuses it


def test_an_empty_catalogue(db, client):
    body = client.get(LIST).json()

    assert (body["count"], body["page"], body["pages"], body["results"]) == (0, 1, 1, [])
    assert body["facets"] == {name: [] for name in FACETS}


def test_a_programme_with_skills_editions_and_pathway(net, client):
    programme = ProgrammeFactory(
        title="Accoglienza turistica",
        kind=ProgrammeKind.VOCATIONAL,
        track="Enogastronomia",
        description="Reception.",
    )
    its = ProgrammeFactory(title="ITS ospitalità", kind=ProgrammeKind.ITS, eqf_level=5)
    hidden = ProgrammeFactory(kind=ProgrammeKind.ITS, eqf_level=5, is_published=False)
    programme.leads_to.add(its, hidden)
    programme.hubs.add(net.hub)
    ProgrammeProviderFactory(programme=programme, organization=net.school)
    ProgrammeProviderFactory(
        programme=programme, organization=net.company, role=ProviderRole.PARTNER
    )
    skill = SkillFactory(uri="http://data.europa.eu/esco/skill/x", label_it="Accogliere")
    ProgrammeSkill.objects.create(programme=programme, skill=skill, level=3)
    programme.occupations.add(OccupationFactory(label_it="Receptionist"))
    EditionFactory(
        programme=programme,
        municipality=net.school.municipality,
        school_year="",
        starts_on=dt.date(2026, 9, 15),
        seats=24,
        enrolled=5,
        status=EditionStatus.OPEN,
    )

    body = client.get(f"{LIST}/{programme.slug}").json()

    assert body["title"] == "Accoglienza turistica" and body["track"] == "Enogastronomia"
    assert body["providers"] == ["Istituto partner", "Impresa partner"]  # the lead first
    assert body["skills"] == [
        {"uri": "http://data.europa.eu/esco/skill/x", "label": "Accogliere", "level": 3}
    ]
    assert body["occupations"] == ["Receptionist"]
    assert body["editions"] == [
        {
            "school_year": "",
            "starts_on": "2026-09-15",
            "municipality": "Massa",
            "seats": 24,
            "enrolled": 5,
            "status": "open",
        }
    ]
    assert body["hubs"] == ["tnt"]
    assert body["leads_to"] == [its.slug]


def test_an_unknown_or_unpublished_programme_is_a_json_404(net, client):
    hidden = ProgrammeFactory(is_published=False)

    for slug in (hidden.slug, "nessun-percorso"):
        response = client.get(f"{LIST}/{slug}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Non trovato."}


def test_the_openapi_schema_lists_both_paths(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "get" in paths["/api/v1/percorsi"]
    assert "get" in paths["/api/v1/percorsi/{slug}"]
    parameters = {p["name"] for p in paths["/api/v1/percorsi"]["get"]["parameters"]}
    assert {
        "q",
        "filiera",
        "polo",
        "provincia",
        "comune",
        "tipo",
        "eqf",
        "competenza",
    } <= parameters
    assert {"erogatore", "ordina", "pagina"} <= parameters
