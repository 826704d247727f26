"""The public REST API under /api/v1/: same data as the pages, JSON errors, an OpenAPI schema."""

import json

from ptp.network.models import Hub
from tests.factories import SectorFactory


def test_hub_list(client, net):
    response = client.get("/api/v1/poli")

    assert response.status_code == 200
    hubs = {h["slug"]: h for h in response.json()}
    assert set(hubs) == {"tnt", "altro"}
    assert hubs["tnt"] == {
        "slug": "tnt",
        "name": "Polo di prova TNT",
        "sector": "Turismo e beni culturali",
        "province": "Massa-Carrara",
        "founded_year": 2015,
        "lead": "Istituto capofila",
        "active_members": 3,
        "is_demo": True,
    }


def test_hub_list_filters(client, net):
    meccanica = SectorFactory(slug="meccanica", name="Meccanica", position=5)
    Hub.objects.filter(pk=net.other_hub.pk).update(sector=meccanica)

    by_sector = client.get("/api/v1/poli", {"filiera": "meccanica"}).json()
    by_province = client.get("/api/v1/poli", {"provincia": "massa-carrara"}).json()
    unknown = client.get("/api/v1/poli", {"filiera": "non-esiste"}).json()

    assert [h["slug"] for h in by_sector] == ["altro"]
    assert [h["slug"] for h in by_province] == ["tnt"]
    assert unknown == []


def test_hub_detail_with_composition_and_members(client, net):
    response = client.get("/api/v1/poli/tnt")

    body = response.json()
    assert response.status_code == 200
    assert body["founding"] == {
        "total": 2,
        "text": "2 soggetti: 2 scuole",
        "by_category": {"school": 2},
    }
    assert body["current"]["by_category"] == {"school": 2, "company": 1}
    assert [m["organization_slug"] for m in body["members"]] == [
        "istituto-capofila",
        "istituto-partner",
        "impresa-partner",
    ]
    assert body["members"][0]["role"] == "lead" and body["members"][0]["joined_on"] == "2015-01-01"


def test_unknown_hub_is_a_json_404(client, net):
    response = client.get("/api/v1/poli/non-esiste")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Non trovato."}


def test_sectors_with_hub_counts(client, net):
    SectorFactory(slug="nautica", name="Nautica", position=6)

    response = client.get("/api/v1/filiere")

    assert response.json() == [
        {"slug": "turismo-e-beni-culturali", "name": "Turismo e beni culturali", "hubs": 2},
        {"slug": "nautica", "name": "Nautica", "hubs": 0},
    ]


def test_openapi_schema_is_valid_json_with_the_public_paths(client, db):
    response = client.get("/api/v1/openapi.json")

    schema = json.loads(response.content)
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/poli", "/api/v1/poli/{slug}", "/api/v1/filiere"} <= set(schema["paths"])
    assert schema["info"]["title"] == "Rete PTP API"


def test_api_docs_load_nothing_from_other_hosts(client, db):
    response = client.get("/api/v1/docs")

    text = response.content.decode()
    assert response.status_code == 200
    assert "cdn.jsdelivr.net" not in text and "django-ninja.dev" not in text
    assert "/static/ninja/swagger-ui-bundle.js" in text
