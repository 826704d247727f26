"""The in-memory facet index on its own: pure NumPy, no database."""

import numpy as np
import pytest

from ptp.catalogue.facet_index import FacetData, FacetIndex, build_facet


def _index() -> FacetIndex:
    """Five programmes (ids 10, 20, 30, 40, 50 at positions 0..4).

    colour: red {0, 1, 2}, blue {1, 3}, green {4}; size: s {0, 3}, l {1, 2, 4}.
    Titles in position order: "b", "a", "c", "a", "d"; EQF 4, 3, 4, 5, 3.
    """
    colour = build_facet(
        {"red": "Rosso", "blue": "Blu", "green": "Verde"},
        [(0, "red"), (1, "red"), (2, "red"), (1, "blue"), (3, "blue"), (4, "green")],
    )
    size = build_facet(
        {"s": "Piccolo", "l": "Grande"}, [(0, "s"), (3, "s"), (1, "l"), (2, "l"), (4, "l")]
    )
    return FacetIndex(
        ids=np.array([10, 20, 30, 40, 50], dtype=np.int64),
        facets={"colour": colour, "size": size},
        orders={
            "titolo": np.array([1, 3, 0, 2, 4]),
            "eqf": np.array([1, 4, 0, 2, 3]),
        },
    )


def _positions(mask) -> list[int]:
    return np.flatnonzero(mask).tolist()


def test_build_facet_merges_duplicate_pairs_and_drops_unknown_keys():
    facet = build_facet(
        {"a": "Alfa", "b": "Beta"},
        [(2, "a"), (0, "b"), (2, "a"), (0, "b"), (1, "a"), (3, "zeta")],
    )

    assert facet.keys == ["a", "b"] and facet.labels == ["Alfa", "Beta"]
    pairs = sorted(zip(facet.programme.tolist(), facet.value.tolist(), strict=True))
    assert pairs == [(0, 1), (1, 0), (2, 0)]


def test_a_programme_counted_once_per_value_even_with_repeated_pairs():
    # Two editions in the same municipality give two identical pairs: one programme, not two.
    facet = build_facet({"m": "Massa"}, [(0, "m"), (0, "m"), (1, "m")])
    index = FacetIndex(
        ids=np.array([1, 2], dtype=np.int64),
        facets={"town": facet},
        orders={"titolo": np.arange(2)},
    )

    assert index.counts("town", np.ones(2, dtype=bool)) == [("m", "Massa", 2)]


def test_facet_data_refuses_arrays_of_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        FacetData(keys=["a"], labels=["A"], programme=np.array([0, 1]), value=np.array([0]))


def test_value_mask_of_a_known_and_of_an_unknown_key():
    index = _index()

    assert _positions(index.value_mask("colour", "blue")) == [1, 3]
    unknown = index.value_mask("colour", "purple")
    assert unknown.shape == (5,) and not unknown.any()


def test_match_intersects_the_selections_and_skip_drops_one():
    index = _index()
    selected = {"colour": "red", "size": "l"}

    assert _positions(index.match({})) == [0, 1, 2, 3, 4]
    assert _positions(index.match(selected)) == [1, 2]
    assert _positions(index.match(selected, skip="size")) == [0, 1, 2]
    assert _positions(index.match(selected, skip="colour")) == [1, 2, 4]
    assert _positions(index.match({"colour": "purple", "size": "l"}, skip="size")) == []


def test_match_with_text_positions_keeps_only_those():
    index = _index()

    assert _positions(index.match({"size": "l"}, text=np.array([4, 0, 1]))) == [1, 4]
    assert _positions(index.match({}, text=np.array([], dtype=np.int64))) == []


def test_counts_are_ordered_by_count_then_label_and_limited():
    index = _index()
    everything = np.ones(5, dtype=bool)

    assert index.counts("colour", everything) == [
        ("red", "Rosso", 3),
        ("blue", "Blu", 2),
        ("green", "Verde", 1),
    ]
    # On a tie the label decides ("Blu" before "Rosso"); values without programmes are left out.
    base = np.array([False, True, False, True, False])
    assert index.counts("colour", base) == [("blue", "Blu", 2), ("red", "Rosso", 1)]
    assert index.counts("colour", everything, limit=2) == [
        ("red", "Rosso", 3),
        ("blue", "Blu", 2),
    ]
    assert index.counts("size", np.zeros(5, dtype=bool)) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("titolo", [20, 40, 10, 30, 50]),
        ("eqf", [20, 50, 10, 30, 40]),
        # An unknown sort, or relevance without text, falls back to the title order.
        ("rilevanza", [20, 40, 10, 30, 50]),
        ("bogus", [20, 40, 10, 30, 50]),
    ],
)
def test_ordered_follows_the_requested_sort(sort, expected):
    index = _index()

    assert index.ids[index.ordered(np.ones(5, dtype=bool), sort)].tolist() == expected


def test_ordered_keeps_only_the_matching_positions():
    index = _index()
    mask = index.match({"size": "l"})

    assert index.ids[index.ordered(mask, "eqf")].tolist() == [20, 50, 30]


def test_relevance_follows_the_text_order_and_other_sorts_ignore_it():
    index = _index()
    text = np.array([4, 2, 0, 1])  # the database's relevance order
    mask = index.match({"size": "l"}, text=text)

    assert index.ids[index.ordered(mask, "rilevanza", text_order=text)].tolist() == [50, 30, 20]
    assert index.ids[index.ordered(mask, "titolo", text_order=text)].tolist() == [20, 30, 50]


def test_positions_of_drops_unknown_ids_and_keeps_the_given_order():
    index = _index()

    assert index.positions_of([50, 15, 10, 99, 30, 5]).tolist() == [4, 0, 2]
    assert index.positions_of([]).tolist() == []


def test_an_empty_index_answers_every_question_with_nothing():
    empty_facet = build_facet({}, [])
    index = FacetIndex(
        ids=np.zeros(0, dtype=np.int64),
        facets={"colour": empty_facet},
        orders={"titolo": np.zeros(0, dtype=np.int64)},
    )

    assert index.size == 0
    assert index.positions_of([1, 2]).tolist() == []
    mask = index.match({"colour": "red"}, text=index.positions_of([1]))
    assert mask.shape == (0,)
    assert index.counts("colour", mask) == []
    assert index.ordered(mask, "titolo").tolist() == []
    assert index.ordered(mask, "rilevanza", text_order=np.zeros(0, np.int64)).tolist() == []
