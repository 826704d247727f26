"""Public pages: counts computed from data, security headers, nothing loaded from other hosts,
the legal footer of an Italian public site, the health check."""

import html
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError

from tests.factories import HubFactory, MembershipFactory, OrganizationFactory, SectorFactory

PUBLIC_PAGES = [
    "/",
    "/poli/",
    "/poli/tnt/",
    "/poli/tnt/partner/",
    "/soggetti/istituto-capofila/",
    "/privacy/",
    "/note-legali/",
    "/accedi/",
]
BACKOFFICE_PAGES = [
    "/gestione/",
    "/gestione/poli/tnt/",
    "/gestione/poli/tnt/adesioni/nuova/",
    "/gestione/poli/tnt/soggetti/nuovo/",
    "/gestione/poli/tnt/capofila/",
    "/gestione/poli/tnt/accordi/nuovo/",
    "/gestione/poli/tnt/inviti/nuovo/",
    "/gestione/poli/tnt/registro/",
    "/gestione/soggetti/istituto-partner/modifica/",
]
URL_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']([^"']*)["']""", re.I
)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _stat(text: str, label: str) -> str:
    """The number shown right after a label (markup between them may change)."""
    match = re.search(rf"{label}(?:\s|<[^>]*>)*(\d+)", text)
    assert match, label
    return match.group(1)


def test_home_counts_come_from_the_data(client, net):
    # A third hub in a new sector and province, with a member that has left and one that is active.
    sector = SectorFactory(slug="nautica", name="Nautica", position=6)
    hub = HubFactory(sector=sector, province=net.other_hub.province)
    MembershipFactory(hub=hub, organization=OrganizationFactory(), left_on="2020-01-01")
    MembershipFactory(hub=hub, organization=net.company)  # already counted in the test hub

    response = client.get("/")

    text = _text(response)
    assert _stat(text, "Poli costituiti") == "3"
    assert _stat(text, "Filiere produttive") == "2"
    assert _stat(text, "Province") == "2"
    # Active members once each: 3 in the test hub, 1 in the other hub; the leaver does not count.
    assert _stat(text, "Soggetti aderenti oggi") == "4"
    assert "Le 2 filiere" in text
    by_province = {row.label: row.count for row in response.context["by_province"]}
    assert by_province == {"Pisa": 2, "Massa-Carrara": 1}
    assert 'href="/poli/?provincia=pisa"' in text


def test_an_empty_database_still_renders_the_home(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "Nessun polo registrato." in _text(response)


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/pagina-che-non-esiste/"])
def test_public_pages_send_a_strict_csp(client, net, url):
    response = client.get(url)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def _references(text: str) -> list[str]:
    return URL_ATTRIBUTE.findall(text)


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, *BACKOFFICE_PAGES, "/api/v1/docs"])
def test_no_page_loads_or_links_another_host(login_as, net, coordinator, settings, url):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://form.agid.gov.it/view/prova-rete-ptp"
    client = login_as("coordinator") if url.startswith("/gestione/") else login_as("anonymous")

    response = client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    external = [
        ref
        for ref in _references(text)
        if re.match(r"(https?:)?//", ref) and ref != settings.ACCESSIBILITY_STATEMENT_URL
    ]
    assert external == []
    # No inline script: every <script> that runs has a src on this site.
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert 'type="application/json"' in tag or re.search(r'\bsrc="/static/', tag), tag
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert not re.search(r"<style\b|\sstyle\s*=", text), (
        "inline style (blocked by style-src 'self')"
    )
    # Every asset the page asks for exists.
    for ref in _references(text):
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/").split("#")[0]), ref


def test_footer_has_the_legal_links(client, net, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://form.agid.gov.it/view/prova-rete-ptp"

    text = _text(client.get("/poli/"))

    footer = text[text.index('id="footer"') :]
    assert 'href="/privacy/"' in footer and "Informativa privacy" in footer
    assert 'href="/note-legali/"' in footer and "Note legali" in footer
    assert 'href="https://form.agid.gov.it/view/prova-rete-ptp"' in footer
    assert "Dichiarazione di accessibilità" in footer


@pytest.mark.parametrize(
    ("url", "title"), [("/privacy/", "privacy"), ("/note-legali/", "Note legali")]
)
def test_legal_pages(client, db, url, title):
    response = client.get(url)

    assert response.status_code == 200
    assert title.lower() in _text(response).lower()


def test_healthz_reports_ok_as_json(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_database_failure(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("database down")

    monkeypatch.setattr("ptp.pages.views.connection", Unreachable())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_error_pages_are_in_italian(login_as, net, regional_officer):
    client = login_as("regional_officer")

    not_found = client.get("/poli/non-esiste/")
    forbidden = client.get("/gestione/poli/tnt/capofila/")

    assert not_found.status_code == 404 and "Pagina non trovata" in _text(not_found)
    assert forbidden.status_code == 403 and "Accesso non consentito" in _text(forbidden)
