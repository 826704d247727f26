"""Public taxonomy pages and picker fragments: who sees what, bad input, query bounds."""

import re

import pytest

from ptp.skills.models import Occupation, Skill, SkillHierarchy
from tests.skills.factories import link, make_isco, make_occupation, make_skill

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Questo servizio usa la classificazione ESCO della Commissione europea."
UNOFFICIAL_NOTE = "Etichette non ufficiali."


def skill(key: str) -> Skill:
    return Skill.objects.get(uri=f"https://rete-ptp.invalid/esco-demo/skill/{key}")


def occupation(key: str) -> Occupation:
    return Occupation.objects.get(uri=f"https://rete-ptp.invalid/esco-demo/occupation/{key}")


@pytest.mark.parametrize("persona", ["anonymous", "student", "coordinator", "outsider"])
def test_pages_are_public(demo_taxonomy, login_as, persona):
    client = login_as(persona)
    for url in (
        "/competenze/",
        "/competenze/?q=cucina",
        "/professioni/?q=guida",
        f"/competenze/{skill('cocktail').pk}/",
        f"/professioni/{occupation('barista').pk}/",
        "/competenze/cerca/?q=cocktail",
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_concepts_are_404(db, client):
    assert client.get("/competenze/999999/").status_code == 404
    assert client.get("/professioni/999999/").status_code == 404


def test_pages_only_answer_get(demo_taxonomy, client):
    assert client.post("/competenze/cerca/", {"q": "cucina"}).status_code == 405
    assert client.post(f"/competenze/{skill('cocktail').pk}/").status_code == 405


def test_options_fragment_is_an_accessible_listbox(demo_taxonomy, client):
    response = client.get("/competenze/cerca/", {"q": "citta"})
    html = response.content.decode()
    assert "<html" not in html
    assert re.search(r'<ul[^>]+role="listbox"[^>]+id="competenze-opzioni"', html)
    citta = skill("citta-arte")
    assert f'role="option" id="competenze-opzioni-{citta.pk}"' in html
    assert 'aria-selected="false"' in html
    assert f'data-url="/competenze/{citta.pk}/"' in html
    assert "guidare visite nelle città d&#x27;arte" in html
    assert "<a " not in html  # no interactive content inside options
    assert '<p class="visually-hidden" role="status">1 suggerimento</p>' in html


def test_options_fragment_takes_the_listbox_id_and_shows_matched_labels(demo_taxonomy, client):
    html = client.get("/competenze/cerca/", {"q": "barman", "lista": "campo-2"}).content.decode()
    assert 'id="campo-2"' in html
    assert "anche «fare il barman»" in html


def test_options_fragment_for_occupations(demo_taxonomy, client):
    html = client.get("/professioni/cerca/", {"q": "barman"}).content.decode()
    assert 'id="professioni-opzioni"' in html
    assert f'data-url="/professioni/{occupation("barista").pk}/"' in html


def test_options_fragment_for_an_empty_term_is_an_empty_listbox(demo_taxonomy, client):
    html = client.get("/competenze/cerca/", {"q": ""}).content.decode()
    assert 'role="listbox"' in html
    assert 'role="option"' not in html


@pytest.mark.parametrize("params", [{"q": "x" * 101}, {"q": "cucina", "lista": "<script>"}])
def test_options_fragment_refuses_bad_input(demo_taxonomy, client, params):
    assert client.get("/competenze/cerca/", params).status_code == 400


def test_search_page_lists_results_and_reports_a_bad_term(demo_taxonomy, client):
    html = client.get("/competenze/", {"q": "cuc ital"}).content.decode()
    assert "2 risultati" in html
    assert f'href="/competenze/{skill("cucina-italiana").pk}/"' in html
    assert ATTRIBUTION not in html  # demo data only

    html = client.get("/competenze/", {"q": "x" * 101}).content.decode()
    assert "più di 100 caratteri" in html
    assert "risultat" not in html


def test_demo_skill_page(demo_taxonomy, client):
    cocktail = skill("cocktail")
    html = client.get(f"/competenze/{cocktail.pk}/").content.decode()
    assert UNOFFICIAL_NOTE in html
    assert ATTRIBUTION not in html
    assert "preparare cocktail" in html
    assert "mix cocktails" in html
    assert "fare il barman" in html
    assert "Abilità/competenza" in html
    assert "servizio di sala e bar" in html  # its group
    assert f'href="/professioni/{occupation("barista").pk}/"' in html
    assert "Essenziale per 1 professione" in html


def test_group_page_lists_narrower_concepts(demo_taxonomy, client):
    group = skill("sala")
    html = client.get(f"/competenze/{group.pk}/").content.decode()
    assert "Gruppo di competenze" in html
    assert f'href="/competenze/{skill("cocktail").pk}/"' in html
    assert "abilità e competenze" in html  # broader group
    assert "Professioni che la richiedono" not in html


def test_official_pages_carry_the_esco_attribution(db, client):
    group = make_isco("5131", "Camerieri (prova)", official=True)
    waiter = make_occupation(label_en="waiter (test)", official=True, isco_group=group)
    serving = make_skill(
        label_en="serve drinks (test)", official=True, skill_type="skill/competence"
    )
    link(waiter, serving)
    for url in (f"/competenze/{serving.pk}/", f"/professioni/{waiter.pk}/"):
        html = client.get(url).content.decode()
        assert ATTRIBUTION in html
        assert UNOFFICIAL_NOTE not in html
        assert '<h1 lang="en">' in html
    assert ATTRIBUTION in client.get("/competenze/", {"q": "serve"}).content.decode()


def test_occupation_page(demo_taxonomy, client):
    night = occupation("receptionist-notturno")
    html = client.get(f"/professioni/{night.pk}/").content.decode()
    assert UNOFFICIAL_NOTE in html
    assert "gruppo ISCO-08 4224" in html
    assert f'href="/professioni/{occupation("receptionist").pk}/"' in html  # broader
    assert "6 essenziali, 2 facoltative" in html
    assert html.index("presidiare il ricevimento di notte") < html.index("risolvere problemi")

    html = client.get(f"/professioni/{occupation('receptionist').pk}/").content.decode()
    assert "Professioni più specifiche" in html
    assert "receptionist notturno" in html


def test_long_lists_are_paginated(db, client):
    cooking = make_skill("cucinare per prova", skill_type="knowledge")
    for n in range(60):
        link(make_occupation(f"professione di prova {n:02}"), cooking, "optional")
        SkillHierarchy.objects.create(
            narrower=make_skill(f"cucinare la ricetta {n:02}"), broader=cooking
        )
    html = client.get(f"/competenze/{cooking.pk}/").content.decode()
    assert "Pagina 1 di 2" in html
    assert "professione di prova 49" in html
    assert "professione di prova 50" not in html
    assert "?pagina_specifiche=2" in html
    html = client.get(f"/competenze/{cooking.pk}/", {"pagina": 2}).content.decode()
    assert "professione di prova 50" in html
    assert "professione di prova 49" not in html
    html = client.get(f"/competenze/{cooking.pk}/", {"pagina_specifiche": "x"}).content.decode()
    assert "cucinare la ricetta 00" in html


def _grow(n: int) -> None:
    isco = make_isco("9999", "gruppo di prova")
    skills = [make_skill(f"abilità di prova {i}", skill_type="skill/competence") for i in range(n)]
    for i in range(n):
        job = make_occupation(f"mestiere di prova {i}", isco_group=isco)
        for s in skills[:5]:
            link(job, s, "essential" if i % 2 else "optional")
        SkillHierarchy.objects.create(narrower=skills[i], broader=skills[0]) if i else None


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/competenze/cerca/?q=prova", 1),
        ("/professioni/cerca/?q=mest", 1),
        ("/competenze/?q=abil", 1),
        ("/api/v1/competenze?q=abil%20prova", 1),
        ("/api/v1/professioni?q=mest", 1),
        ("skill", 7),
        ("occupation", 5),
    ],
)
def test_queries_do_not_grow_with_data(db, client, url, bound, django_assert_max_num_queries):
    def fetch(target: str) -> None:
        response = client.get(target)
        assert response.status_code == 200
        assert response.content

    _grow(3)
    if url == "skill":
        url = f"/competenze/{Skill.objects.get(label_it='abilità di prova 0').pk}/"
    elif url == "occupation":
        url = f"/professioni/{Occupation.objects.get(label_it='mestiere di prova 1').pk}/"
    with django_assert_max_num_queries(bound) as small:
        fetch(url)
    _grow(60)
    with django_assert_max_num_queries(bound) as large:
        fetch(url)
    assert len(large.captured_queries) == len(small.captured_queries)
