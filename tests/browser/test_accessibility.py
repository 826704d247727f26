"""axe-core finds no WCAG 2.1 A/AA violation on the public pages, loaded with the demo data and
under the site's real CSP (axe is injected through the DevTools protocol, which the CSP does not
govern), and no page logs an error, breaks the CSP or asks another host for anything."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from ptp.catalogue.models import Programme
from ptp.network.queries import hub_profile
from ptp.skills.models import Skill

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
NOT_FOUND = "/questa-pagina-non-esiste/"


def public_pages() -> list[str]:
    lead = hub_profile("tnt").lead
    assert lead is not None
    programme = Programme.objects.published().filter(code="TNT-ITT-TUR").get()
    skill = Skill.objects.filter(programmes=programme).order_by("pk").first()
    assert skill is not None
    return [
        "/offerta-formativa/",
        "/offerta-formativa/?q=turismo&tipo=istruzione_tecnica",
        programme.url,
        "/competenze/?q=acco",
        f"/competenze/{skill.pk}/",
        "/professioni/",
        "/",
        "/poli/",
        "/poli/?settore=meccanica",
        "/poli/tnt/",
        "/poli/tnt/partner/",
        f"/soggetti/{lead.organization_slug}/",
        "/privacy/",
        "/note-legali/",
        "/accedi/",
        NOT_FOUND,
    ]


def describe(violations: list[dict]) -> str:
    """Each violation with its rule, impact and help, then each offending node's selector and markup."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:300]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def test_public_pages_pass_axe_without_browser_errors(demo_page, live_server, subtests):
    page, problems = demo_page
    problems.expected_errors.add(live_server.url + NOT_FOUND)
    axe = Axe()
    for url in public_pages():
        with subtests.test(url=url):
            response = page.goto(url)
            assert response is not None
            assert response.status == (404 if url == NOT_FOUND else 200)
            violations = axe.run(page, options=WCAG_21_AA).response["violations"]
            assert not violations, f"axe on {url}:\n{describe(violations)}"
    assert problems.found() == {}
