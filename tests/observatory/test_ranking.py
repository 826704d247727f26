"""The regional ranking: min–max normalisation, weighted mean over available indicators, ties,
missing values and refused weights, worked out by hand; weights saved as new versions only."""

import pytest

from ptp.observatory import hub_queries
from ptp.observatory.models import RankingMethod
from ptp.observatory.ranking import (
    Criterion,
    Entry,
    InvalidWeightsError,
    check_weights,
    method_text,
    normalise,
    rank,
)

A = Criterion("a", "Indicatore A", True)
B = Criterion("b", "Indicatore B", False)  # less is better


def entries(*rows: tuple[str, float | None, float | None]) -> list[Entry]:
    return [Entry(name.lower(), name, {"a": a, "b": b}) for name, a, b in rows]


def test_min_max_normalisation_both_directions():
    es = entries(("X", 10, 4), ("Y", 20, 2), ("Z", 30, 0))
    assert normalise(es, A) == {"x": 0.0, "y": 0.5, "z": 1.0}
    assert normalise(es, B) == {"x": 0.0, "y": 0.5, "z": 1.0}


def test_equal_values_all_score_one_and_missing_stay_missing():
    es = entries(("X", 5, None), ("Y", 5, None))
    assert normalise(es, A) == {"x": 1.0, "y": 1.0}
    assert normalise(es, B) == {"x": None, "y": None}


def test_weighted_scores_by_hand():
    # a: 10, 20, 30 → 0, .5, 1; b: 4, 2, 0 (less is better) → 0, .5, 1... with b reversed for Z
    es = entries(("X", 10, 0), ("Y", 20, 2), ("Z", 30, 4))
    result = rank(es, [A, B], {"a": 3, "b": 1})
    scores = {r.name: r.score for r in result}
    # X: (3·0 + 1·1)/4 = 25; Y: (3·.5 + 1·.5)/4 = 50; Z: (3·1 + 1·0)/4 = 75
    assert scores == {"X": 25.0, "Y": 50.0, "Z": 75.0}
    assert [(r.name, r.rank) for r in result] == [("Z", 1), ("Y", 2), ("X", 3)]


def test_missing_value_leaves_its_weight_out():
    es = entries(("X", 10, 0), ("Y", 30, None), ("Z", 20, 4))
    result = {r.name: r for r in rank(es, [A, B], {"a": 1, "b": 1})}
    # Y has only a (=1): score 100 over 1 of 2 indicators; X: (0 + 1)/2; Z: (.5 + 0)/2
    assert result["Y"].score == 100.0 and result["Y"].used == 1 and result["Y"].weighted == 2
    assert result["X"].score == 50.0
    assert result["Z"].score == 25.0


def test_hub_with_less_than_half_the_weight_available_is_not_ranked():
    es = entries(("X", 10, None), ("Y", 20, 1), ("Z", 30, 3))
    result = {r.name: r for r in rank(es, [A, B], {"a": 1, "b": 3})}
    # X has only a, weight 1 of 4: listed, not ranked; with equal weights it would be (1 of 2).
    assert result["X"].rank is None and result["X"].score is None and result["X"].used == 1
    # Y: a=.5, b=1 (less is better) → (.5 + 3)/4 = 87.5; Z: a=1, b=0 → 1/4 = 25
    assert result["Y"].rank == 1 and result["Z"].rank == 2
    assert result["Y"].score == 87.5 and result["Z"].score == 25.0
    again = {r.name: r for r in rank(es, [A, B], {"a": 1, "b": 1})}
    assert again["X"].score == 0.0 and again["X"].rank == 3


def test_hub_without_any_weighted_value_is_not_ranked_and_comes_last():
    es = entries(("Alfa", None, None), ("Beta", 1, 1), ("Gamma", 2, 2))
    result = rank(es, [A, B], {"a": 1, "b": 0})
    assert [(r.name, r.rank) for r in result] == [("Gamma", 1), ("Beta", 2), ("Alfa", None)]
    assert result[-1].score is None


def test_ties_share_the_rank_and_skip_the_next():
    es = entries(
        ("Cedro", 10, None), ("Abete", 10, None), ("Betulla", 5, None), ("Dattero", 0, None)
    )
    result = rank(es, [A], {"a": 1})
    assert [(r.name, r.rank) for r in result] == [
        ("Abete", 1),
        ("Cedro", 1),
        ("Betulla", 3),
        ("Dattero", 4),
    ]


@pytest.mark.parametrize(
    "weights",
    [{"a": 0, "b": 0}, {}, {"a": -1, "b": 2}, {"a": "molto"}, {"c": 1}, {"a": float("nan")}],
)
def test_unusable_weights_are_refused(weights):
    with pytest.raises(InvalidWeightsError):
        check_weights(weights, [A, B])


def test_method_text_shows_weights_and_shares():
    text = method_text([A, B], {"a": 3, "b": 1})
    assert any("min–max" in line for line in text)
    assert "Indicatore A: peso 3 (75,0 % del totale; più alto è meglio)." in text
    assert "Indicatore B: peso 1 (25,0 % del totale; più basso è meglio)." in text


def test_saving_weights_creates_versions_and_never_edits_old_ones(regional_officer):
    first = hub_queries.save_ranking_method(
        actor=regional_officer, name="Premio 2026", weights={"wbl_rate": 1}, notes=""
    )
    second = hub_queries.save_ranking_method(
        actor=regional_officer,
        name="Premio 2027",
        weights={"wbl_rate": 2, "gap_index": 1},
        notes="n",
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.weights == {"wbl_rate": 1.0}
    assert hub_queries.latest_method() == second
    assert RankingMethod.objects.count() == 2
    with pytest.raises(InvalidWeightsError):
        hub_queries.save_ranking_method(
            actor=regional_officer, name="Vuoto", weights={"wbl_rate": 0}, notes=""
        )
    assert RankingMethod.objects.count() == 2
