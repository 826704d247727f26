"""Default deny over every back-office and student-area route: an anonymous visitor is sent to
log in, and a logged-in account without any role gets nothing but its own empty pages.

Each area has its own persona matrix; this test walks the URL map itself, so a route added
anywhere under /gestione/ or /studente/ is checked the day it is added."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages an account without a role may open: they show its own (empty) work, never anybody else's.
OWN_EMPTY_PAGES = {
    "gestione/",
    "gestione/percorsi/",
}
# Reached from an e-mail before one has an account.
PUBLIC_ENTRY = {"studente/invito/<str:token>/"}
SAMPLE = {
    "slug": "tnt",
    "hub_slug": "tnt",
    "org_slug": "impresa-partner",
    "kind": "studenti",
    "code": "S0001",
    "token": "x",
    "action": "conferma",
}
SLUG_BY_PREFIX = {"gestione/scuole/": "istituto-partner", "gestione/ospiti/": "impresa-partner"}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


ROUTES = sorted(
    r
    for r in set(_routes(get_resolver().url_patterns))
    if r.startswith(("gestione/", "studente/")) and r not in PUBLIC_ENTRY
)


def _url(route: str) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            return "1"
        if name == "slug":
            for prefix, slug in SLUG_BY_PREFIX.items():
                if route.startswith(prefix):
                    return slug
        return SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", value, route)


def test_the_walk_sees_every_area():
    assert len(ROUTES) > 100
    for area in ("gestione/percorsi/", "gestione/segnalazioni/", "gestione/scuole/", "studente/"):
        assert any(r.startswith(area) for r in ROUTES), area


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(route, net, client):
    url = _url(route)

    response = client.get(url)

    assert response.status_code in (302, 405), url
    if response.status_code == 302:
        assert response.url.startswith("/accedi/?next="), url


@pytest.mark.parametrize("route", ROUTES)
def test_an_account_without_roles_gets_nothing(route, net, outsider, client):
    client.force_login(outsider)
    url = _url(route)

    response = client.get(url)

    if route in OWN_EMPTY_PAGES:
        assert response.status_code == 200, url
    else:
        assert response.status_code in (403, 404, 405), (url, response.status_code)
