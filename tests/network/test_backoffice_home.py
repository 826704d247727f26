"""The back-office home leads each role to its work: a school to its roster and placements, a
company to its hosting and opportunities, a coordinator to the hub's tools, a student to the
student area; every link it shows opens for that person."""

import re

import pytest

from tests.placements.factories import StudentFactory

EXPECTED = {
    "school_staff": [
        "/gestione/scuole/istituto-partner/studenti/",
        "/gestione/scuole/istituto-partner/esiti/",
        "/gestione/percorsi/scuola/",
    ],
    "company_staff": [
        "/gestione/ospiti/impresa-partner/",
        "/gestione/ospiti/impresa-partner/fabbisogni/",
        "/gestione/percorsi/impresa/",
    ],
    "coordinator": ["/gestione/poli/tnt/tornate/", "/gestione/percorsi/polo/tnt/"],
    "student": ["/studente/", "/studente/percorsi/", "/studente/segnalazioni/"],
    "regional_officer": ["/gestione/domanda-di-lavoro/"],
}
NOT_EXPECTED = {
    "school_staff": ["/gestione/ospiti/", "/gestione/poli/tnt/tornate/"],
    "company_staff": ["/studenti/", "/gestione/poli/tnt/tornate/"],
    "student": ["/gestione/percorsi/", "/studenti/"],
    "regional_officer": ["/gestione/poli/tnt/tornate/"],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_home_links_each_role_to_its_work(persona, net, login_as, request):
    if persona == "student":
        StudentFactory(school=net.school, user=request.getfixturevalue("student"))
    client = login_as(persona)

    page = client.get("/gestione/").content.decode()

    links = set(re.findall(r'href="(/(?:gestione|studente)/[^"]*)"', page))
    for path in EXPECTED[persona]:
        assert path in links, path
    for fragment in NOT_EXPECTED.get(persona, []):
        assert not any(fragment in link for link in links), fragment
    for link in sorted(links - {"/gestione/"}):
        assert client.get(link).status_code == 200, link
