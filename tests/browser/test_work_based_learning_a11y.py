"""The work-based-learning pages pass axe (WCAG 2.1 A/AA) with the demo data, for each persona
who works on them: the company tutor, the school's staff, the hub coordinator and the student.
Each persona logs in through the real form, then follows the links of its own pages (one page per
kind of address), as a person would; no page logs an error, breaks the CSP or leaves the host."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from ptp.demo.users import DEMO_DOMAIN, demo_password
from ptp.placements.models import Opportunity, OpportunityStatus
from tests.browser.test_accessibility import WCAG_21_AA, describe

pytestmark = pytest.mark.browser

PERSONAS = ["impresa.tnt", "scuola.tnt", "coordinatore.tnt", "studente.tnt"]
PAGES_PER_PERSONA = 12
# Links that change state or leave the area are not followed.
SKIP = re.compile(
    r"/(esci|logout)/|\.(pdf|csv|xlsx)$|formato=|/documento/$|/documenti/\d+/$|/scarica/|/esporta/"
)


def _kind(path: str) -> str:
    """One page per kind of address: ids and query strings do not make a new kind."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _log_in(page, email: str) -> None:
    page.goto("/accedi/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", demo_password())
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/(gestione|studente)/"))


def _walk(page, start: str) -> list[str]:
    """The persona's pages reached by following links from its start page, breadth first."""
    queue, seen_kinds, visited = [start], set(), []
    while queue and len(visited) < PAGES_PER_PERSONA:
        path = queue.pop(0)
        if _kind(path) in seen_kinds:
            continue
        seen_kinds.add(_kind(path))
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        visited.append(path)
        links = page.eval_on_selector_all(
            "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
        )
        for link in links:
            if link.startswith(("/gestione/", "/studente/")) and not SKIP.search(link):
                queue.append(link.split("#")[0])
    return visited


def test_work_based_learning_pages_pass_axe(open_page, demo_site, subtests):
    axe = Axe()
    opportunity = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).order_by("pk")[0]
    page, problems = open_page(demo_site)
    for path in ["/opportunita/", "/opportunita/?q=albergo", f"/opportunita/{opportunity.pk}/"]:
        with subtests.test(url=path):
            response = page.goto(path)
            assert response is not None and response.status == 200
            violations = axe.run(page, options=WCAG_21_AA).response["violations"]
            assert not violations, f"axe on {path}:\n{describe(violations)}"
    for persona in PERSONAS:
        page, problems = open_page(demo_site)
        _log_in(page, f"{persona}@{DEMO_DOMAIN}")
        start = "/studente/percorsi/" if persona.startswith("studente") else "/gestione/"
        visited = _walk(page, start)
        assert len(visited) >= (4 if persona.startswith("studente") else 8), visited
        for path in visited:
            with subtests.test(persona=persona, url=path):
                page.goto(path)
                violations = axe.run(page, options=WCAG_21_AA).response["violations"]
                assert not violations, f"axe on {path} ({persona}):\n{describe(violations)}"
        # Going from page to page quickly, Chromium cancels what the previous page was still
        # loading (its favicon): a cancelled request is not a failure of the site.
        problems.failed_requests = [
            r for r in problems.failed_requests if not r.endswith("net::ERR_ABORTED")
        ]
        assert problems.found() == {}, persona
