"""The catalogue search (`search.run`) checked against the ORM reference (`search.filtered`).

The oracle: for many filter combinations the in-memory index returns exactly the programmes the
SQL rule returns, in the documented order (title case-insensitive then pk, after the EQF or the
duration when asked), and every facet counts what the ORM counts with the facet's own filter
removed (and the municipality as well for the province facet).
"""

import pytest
from django.db import connection
from django.db.models import Count
from hypothesis import given, settings
from hypothesis import strategies as st

from ptp.catalogue import search
from ptp.catalogue.models import Edition, Programme, ProgrammeProvider, ProgrammeSkill
from ptp.catalogue.search import FACETS, SORTS, Filters
from ptp.core.public_cache import public_data_changed, public_data_version
from ptp.lib.text import fold
from tests.catalogue.catalogue_helpers import catalogue_world, index_text
from tests.factories import ProgrammeFactory, SkillFactory

# How each facet's values are counted straight from the database: (rows, value column).
FACET_SOURCES = {
    "sector": (Programme.objects, "pk", "sector__slug"),
    "kind": (Programme.objects, "pk", "kind"),
    "eqf": (Programme.objects, "pk", "eqf_level"),
    "hub": (Programme.hubs.through.objects, "programme_id", "hub__slug"),
    "province": (Edition.objects, "programme_id", "municipality__province__slug"),
    "municipality": (Edition.objects, "programme_id", "municipality__codice_istat"),
    "skill": (ProgrammeSkill.objects, "programme_id", "skill_id"),
    "provider": (ProgrammeProvider.objects, "programme_id", "organization__slug"),
}
SORT_KEYS = {
    "titolo": lambda r: (r[1].casefold(), r[0]),
    "rilevanza": lambda r: (r[1].casefold(), r[0]),  # without a text rank: the title order
    "eqf": lambda r: (r[2], r[1].casefold(), r[0]),
    "-eqf": lambda r: (-r[2], r[1].casefold(), r[0]),
    "durata": lambda r: (r[3], r[1].casefold(), r[0]),
    "-durata": lambda r: (-r[3], r[1].casefold(), r[0]),
}
TEXTS = ["", "", "", "cucina", "alberg", "citta", "accoglienza turistica", "zzz"]


def _reference_ids(filters: Filters) -> list[int]:
    """The SQL rule's programmes in the documented order (relevance: see the text tests)."""
    qs, _ = search.filtered(filters)
    rows = list(qs.values_list("pk", "title", "eqf_level", "duration_hours"))
    return [r[0] for r in sorted(rows, key=SORT_KEYS[filters.sort])]


def _reference_counts(filters: Filters, facet: str) -> dict[str, int]:
    base = filters.without(facet)
    if facet == "province":
        base = base.without("municipality")  # a municipality does not hide the other provinces
    ids = list(search.filtered(base)[0].values_list("pk", flat=True))
    manager, programme, value = FACET_SOURCES[facet]
    rows = (
        manager.filter(**{f"{programme}__in": ids})
        .order_by()
        .values(value)
        .annotate(n=Count(programme, distinct=True))
    )
    return {str(r[value]): r["n"] for r in rows}


def _check(filters: Filters) -> None:
    outcome = search.run(filters)
    expected = _reference_ids(filters)
    if filters.text and filters.sort == "rilevanza" and connection.vendor == "postgresql":
        # Ranked by the database (see test_relevance_with_text); elsewhere it is the title order.
        assert sorted(outcome.ids) == sorted(expected), filters
    else:
        assert outcome.ids == expected, filters
    chosen = filters.selected()
    for facet in FACETS:
        values = getattr(outcome.facets, facet)
        assert {v.value: v.count for v in values} == _reference_counts(filters, facet), (
            facet,
            filters,
        )
        assert [v.value for v in values if v.selected] == (
            [chosen[facet]] if any(v.value == chosen.get(facet) for v in values) else []
        )
        if facet == "eqf":
            assert [int(v.value) for v in values] == sorted(int(v.value) for v in values)
        else:
            assert [(-v.count, v.label) for v in values] == sorted(
                (-v.count, v.label) for v in values
            )


@pytest.fixture
def world(net):
    return catalogue_world(net)


def test_the_index_agrees_with_the_sql_rule_on_many_searches(world):
    skills = [None, None, *[s.pk for s in world.skills[:4]], 987654]
    combinations = st.builds(
        Filters,
        text=st.sampled_from(TEXTS),
        sector=st.sampled_from(["", "", "meccanica", "turismo-e-beni-culturali", "nessuna"]),
        hub=st.sampled_from(["", "", "tnt", "altro", "terzo"]),
        province=st.sampled_from(["", "", "massa-carrara", "pisa", "roma"]),
        municipality=st.sampled_from(["", "", "045010", "045003", "050026", "050008", "099999"]),
        kind=st.sampled_from(["", "", "istruzione_tecnica", "iefp_qualifica", "corso_breve"]),
        eqf=st.sampled_from([None, None, 3, 4, 5, 8]),
        skill=st.sampled_from(skills),
        provider=st.sampled_from(["", "", "istituto-capofila", "impresa-pisa", "ignoto"]),
        sort=st.sampled_from(SORTS),
    )

    @settings(max_examples=80, deadline=None)
    @given(combinations)
    def agree(filters):
        _check(filters)

    agree()


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        *(Filters(sort=sort) for sort in SORTS),
        Filters(municipality="045010"),
        Filters(municipality="045010", province="pisa"),
        Filters(province="massa-carrara", hub="tnt", sort="-durata"),
        Filters(sector="meccanica", kind="corso_breve", eqf=5, sort="eqf"),
        Filters(provider="istituto-capofila", sort="-eqf"),
        Filters(text="cucina", sort="durata"),
    ],
    ids=str,
)
def test_the_index_agrees_with_the_sql_rule_on_chosen_searches(world, filters):
    _check(filters)


def test_the_searches_are_not_trivial(world):
    # Guards the oracle: the data give results, and several values per facet.
    everything = search.run(Filters())
    assert len(everything.ids) == len(world.published) == 34
    assert all(len(getattr(everything.facets, f)) >= 2 for f in FACETS)
    assert 0 < len(search.run(Filters(province="pisa", kind="corso_breve")).ids) < 34


def test_choosing_a_municipality_keeps_the_other_provinces_in_view(world):
    outcome = search.run(Filters(municipality="045010"))

    provinces = {v.value: v for v in outcome.facets.province}
    assert set(provinces) == {"massa-carrara", "pisa"}
    assert not any(v.selected for v in provinces.values())
    towns = {v.value for v in outcome.facets.municipality}
    assert towns == {"045010", "045003", "050026", "050008"}  # disjunctive: its own filter is off
    assert all(
        Edition.objects.filter(programme_id=pk, municipality__codice_istat="045010").exists()
        for pk in outcome.ids
    )


def test_unpublished_programmes_never_appear(world):
    hidden = {p.pk for p in world.unpublished}
    hidden_skill = SkillFactory(label_it="Competenza nascosta")
    ProgrammeSkill.objects.create(programme=world.unpublished[0], skill=hidden_skill)
    search.forget_index()

    for filters in (Filters(), Filters(text="cucina"), Filters(skill=hidden_skill.pk)):
        outcome = search.run(filters)
        assert not hidden & set(outcome.ids)
    assert search.run(Filters(skill=hidden_skill.pk)).ids == []
    assert hidden_skill.pk not in {int(v.value) for v in search.run(Filters()).facets.skill}


def test_long_facets_show_the_fifteen_most_frequent_values(net):
    skills = [SkillFactory(label_it=f"Competenza {i:02d}") for i in range(18)]
    for i in range(3):
        programme = ProgrammeFactory()
        ProgrammeSkill.objects.bulk_create(
            ProgrammeSkill(programme=programme, skill=s) for s in skills[: 6 + 6 * i]
        )

    values = search.run(Filters()).facets.skill

    assert len(values) == search.FACET_LIMIT
    assert [v.count for v in values[:6]] == [3] * 6
    assert [v.label for v in values[6:12]] == [f"Competenza {i:02d}" for i in range(6, 12)]


# --- Free text ----------------------------------------------------------------------------------


def _expected_text_matches(world, text: str) -> set[int]:
    """Every word of the text starts a word of title, track, specialisation or description,
    accents and case aside (the SQLite rule; the chosen words give the same on PostgreSQL)."""
    found = set()
    for p in world.published:
        words = fold(f"{p.title} {p.track} {p.specialisation} {p.description}").split()
        if all(any(w.startswith(t) for w in words) for t in fold(text).split()):
            found.add(p.pk)
    return found


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("alberg", "Servizi alberghieri"),  # a word's beginning finds the whole word
        ("citta", "Città d'arte"),  # accents do not matter
        ("CUCINA", "Cucina mediterranea"),  # neither does case
        ("accoglienza turistica", "Accoglienza turistica"),
    ],
)
def test_text_search_finds_words_by_their_beginning(world, text, title):
    found = set(search.run(Filters(text=text)).ids)

    assert found == _expected_text_matches(world, text)
    assert any(p.title == title and p.pk in found for p in world.published)


def test_text_in_the_middle_of_a_word_or_absent_finds_nothing(world):
    assert search.run(Filters(text="bergh")).ids == []
    assert search.run(Filters(text="zzz")).ids == []
    assert search.run(Filters(text="cucina zzz")).ids == []


def test_relevance_with_text(net):
    in_title = ProgrammeFactory(title="Zucca e cucina")
    in_description = ProgrammeFactory(
        title="arte bianca", description="Pane, pasta e cucina di casa."
    )
    ProgrammeFactory(title="Meccatronica")
    index_text()

    ids = search.run(Filters(text="cucina")).ids

    assert set(ids) == {in_title.pk, in_description.pk}
    if connection.vendor == "postgresql":
        # Italian full text ranks a word of the title (weight A) above one of the description.
        assert ids == [in_title.pk, in_description.pk]
    else:
        # The portable fallback has no rank: relevance is the title order, case aside, as
        # without text ("arte" before "Zucca", which a plain ORDER BY on SQLite inverts).
        assert ids == [in_description.pk, in_title.pk]
    assert search.run(Filters(text="cucina", sort="titolo")).ids == [in_description.pk, in_title.pk]


# --- When the index is rebuilt ------------------------------------------------------------------


def test_the_index_is_kept_until_the_public_data_version_moves(
    net, django_capture_on_commit_callbacks
):
    first = ProgrammeFactory(title="Primo")
    assert search.run(Filters()).ids == [first.pk]

    # The contract: rows written behind the services' back stay unseen until the version moves.
    second = ProgrammeFactory(title="Secondo")
    assert search.run(Filters()).ids == [first.pk]

    version = public_data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        public_data_changed()
    assert public_data_version() == version  # announced, but nothing is committed yet
    assert search.run(Filters()).ids == [first.pk]

    for callback in callbacks:
        callback()
    assert public_data_version() != version
    assert search.run(Filters()).ids == [first.pk, second.pk]


def test_forgetting_the_index_shows_new_rows(net):
    first = ProgrammeFactory(title="Primo")
    search.run(Filters())
    second = ProgrammeFactory(title="Secondo")

    search.forget_index()

    assert search.run(Filters()).ids == [first.pk, second.pk]


def test_an_empty_catalogue(db):
    outcome = search.run(Filters(text="cucina", sector="meccanica", sort="-eqf"))

    assert outcome.ids == []
    assert all(getattr(outcome.facets, f) == [] for f in FACETS)
