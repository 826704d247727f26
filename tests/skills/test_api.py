"""The taxonomy API: /api/v1/competenze and /api/v1/professioni."""

import pytest

from ptp.skills.models import Occupation, Skill
from tests.skills.factories import make_skill

pytestmark = pytest.mark.django_db

SKILL_KEYS = {
    "id",
    "uri",
    "label",
    "label_lang",
    "other_label",
    "matched_label",
    "labels_official",
    "url",
    "skill_type",
    "reuse_level",
    "is_group",
}


def test_skill_search_shape(demo_taxonomy, client):
    response = client.get("/api/v1/competenze", {"q": "cuc ital"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "attribution"}
    assert body["attribution"] is None  # demo data only
    first = body["results"][0]
    assert set(first) == SKILL_KEYS
    italian = Skill.objects.get(uri__endswith="/skill/cucina-italiana")
    assert first == {
        "id": italian.pk,
        "uri": "https://rete-ptp.invalid/esco-demo/skill/cucina-italiana",
        "label": "cucina italiana",
        "label_lang": "it",
        "other_label": "Italian cuisine",
        "matched_label": "",
        "labels_official": False,
        "url": f"/competenze/{italian.pk}/",
        "skill_type": "knowledge",
        "reuse_level": "sector-specific",
        "is_group": False,
    }
    assert [r["label"] for r in body["results"]] == [
        "cucina italiana",
        "preparare piatti della cucina italiana",
    ]


def test_skill_search_options(demo_taxonomy, client):
    body = client.get("/api/v1/competenze", {"q": "acc", "limite": 2, "gruppi": "true"}).json()
    assert len(body["results"]) == 2
    assert body["results"][0]["is_group"] in (True, False)
    english = client.get("/api/v1/competenze", {"q": "guided", "lingua": "en"}).json()
    assert english["results"][0]["label"] == "lead guided tours"
    assert client.get("/api/v1/competenze").json() == {"results": [], "attribution": None}


def test_official_results_carry_the_attribution(db, client):
    make_skill(label_en="prepare espresso (test)", official=True)
    body = client.get("/api/v1/competenze", {"q": "espresso"}).json()
    assert (
        body["attribution"]
        == "Questo servizio usa la classificazione ESCO della Commissione europea."
    )


def test_occupation_search_shape(demo_taxonomy, client):
    body = client.get("/api/v1/professioni", {"q": "barman"}).json()
    barista = Occupation.objects.get(uri__endswith="/occupation/barista")
    assert body["results"] == [
        {
            "id": barista.pk,
            "uri": barista.uri,
            "label": "barista",
            "label_lang": "it",
            "other_label": "bartender",
            "matched_label": "barman",
            "labels_official": False,
            "url": f"/professioni/{barista.pk}/",
            "isco_code": "5132",
        }
    ]


@pytest.mark.parametrize(
    "params",
    [{"limite": 0}, {"limite": 51}, {"lingua": "de"}, {"q": "x" * 101}, {"limite": "tanti"}],
)
def test_bad_parameters_are_422(db, client, params):
    assert client.get("/api/v1/competenze", params).status_code == 422


def test_endpoints_are_in_the_schema(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/competenze" in paths
    assert "/api/v1/professioni" in paths
