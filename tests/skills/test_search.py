"""Skill and occupation search for pickers: folded, word-prefix, alternative labels, ranked."""

import pytest

from ptp.skills.queries import MAX_LIMIT, search_occupations, search_skills
from tests.skills.factories import make_occupation, make_skill

pytestmark = pytest.mark.django_db


def labels(hits) -> list[str]:
    return [h.label for h in hits]


@pytest.mark.parametrize("term", ["citta", "CITTÀ", "Città", "citta d'arte", "città-d'arte"])
def test_accents_case_and_punctuation_do_not_matter(demo_taxonomy, term):
    assert labels(search_skills(term)) == ["guidare visite nelle città d'arte"]


def test_qualita_finds_qualita_with_accent(demo_taxonomy):
    assert "verificare la qualità del servizio" in labels(search_skills("qualita"))


def test_prefixes_of_words_match_but_not_the_inside_of_words(demo_taxonomy):
    assert "cucina italiana" in labels(search_skills("cuc"))
    assert search_skills("ucina") == []


def test_every_word_must_start_a_word_in_any_order(demo_taxonomy):
    expected = ["cucina italiana", "preparare piatti della cucina italiana"]
    assert labels(search_skills("cuc ital")) == expected
    assert labels(search_skills("ital cuc")) == expected
    assert search_skills("cucina giapponese") == []


def test_alternative_labels_match_and_are_reported(demo_taxonomy):
    [hit] = search_skills("barman")
    assert hit.label == "preparare cocktail"
    assert hit.matched_label == "fare il barman"


def test_english_labels_match_too(demo_taxonomy):
    [hit] = search_skills("guided tours")
    assert hit.label == "condurre visite guidate"
    assert hit.matched_label == "lead guided tours"
    assert hit.other_label == "lead guided tours"
    assert hit.label_lang == "it"


def test_ranking_label_start_then_label_words_then_alternative_labels(demo_taxonomy):
    hits = search_skills("cucina")
    assert labels(hits) == [
        # the preferred label starts with the term, shorter first
        "cucina italiana",
        "cucina regionale toscana",
        # every word starts a word of the preferred label
        "pulire e sanificare la cucina",
        "coordinare la brigata di cucina",
        "preparare piatti della cucina italiana",
        # only an alternative label matches
        "preparare piatti di pesce",
    ]
    assert [h.matched_label for h in hits][-1] == "cucina di mare"
    assert all(h.matched_label == "" for h in hits[:-1])


def test_english_preference_ranks_by_the_english_label(demo_taxonomy):
    [hit] = search_skills("guided tours", lang="en")
    assert (hit.label, hit.label_lang, hit.matched_label) == ("lead guided tours", "en", "")
    assert hit.other_label == "condurre visite guidate"


def test_concepts_with_only_an_english_label_show_it(db):
    make_skill(label_en="prepare espresso drinks", official=True)
    [hit] = search_skills("espr")
    assert (hit.label, hit.label_lang, hit.labels_official) == (
        "prepare espresso drinks",
        "en",
        True,
    )


@pytest.mark.parametrize("term", ["", "   ", "'", "--"])
def test_an_empty_term_finds_nothing_without_querying(
    demo_taxonomy, term, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert search_skills(term) == []
        assert search_occupations(term) == []


def test_skill_groups_only_on_request(demo_taxonomy):
    assert "accoglienza e assistenza agli ospiti" not in labels(search_skills("accoglienza"))
    hits = search_skills("accoglienza", include_groups=True)
    group = next(h for h in hits if h.label == "accoglienza e assistenza agli ospiti")
    assert group.is_group


def test_limit_is_respected_and_capped(db):
    for n in range(MAX_LIMIT + 5):
        make_skill(f"gestire il magazzino {n}")
    assert len(search_skills("magazz", limit=3)) == 3
    assert len(search_skills("magazz", limit=1000)) == MAX_LIMIT


def test_search_is_one_query_whatever_the_data(demo_taxonomy, django_assert_num_queries):
    with django_assert_num_queries(1):
        search_skills("ges")
    for n in range(200):
        make_skill(f"gestire la sala {n}", alt_it=f"gestione {n}")
    with django_assert_num_queries(1):
        assert len(search_skills("ges")) == 10


def test_occupations_by_label_alternative_label_and_isco_code(demo_taxonomy):
    [waiter] = search_occupations("camerier")
    assert (waiter.label, waiter.isco_code) == ("cameriere di sala", "5131")
    [barista] = search_occupations("barman")
    assert (barista.label, barista.matched_label, barista.isco_code) == (
        "barista",
        "barman",
        "5132",
    )
    assert labels(search_occupations("guida"))[0] == "guida turistica"


def test_occupations_without_isco_group(db):
    make_occupation("sommelier di prova")
    [hit] = search_occupations("somm")
    assert hit.isco_code == ""
