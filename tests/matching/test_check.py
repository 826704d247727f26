"""The checker catches each kind of violation in deliberately broken allocations."""

from __future__ import annotations

import numpy as np
import pytest

from ptp.matching import Allocation, Instance, InstanceError, Objective, Placement, allocate, check
from tests.matching.helpers import single


def _kinds(instance: Instance, placements: list[tuple[str, str]], seed: int = 0) -> list[str]:
    allocation = Allocation.from_placements(
        instance, [Placement(s, "unica", h) for s, h in placements], seed=seed
    )
    return [v.kind for v in check(instance, allocation)]


@pytest.fixture
def instance() -> Instance:
    return single(
        {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["Y"]},
        {"X": 1, "Y": 1},
        {("X", "a"): 2, ("X", "b"): 1, ("Y", "a"): 1, ("Y", "b"): 1},
    )


def test_engine_output_is_valid(instance: Instance) -> None:
    allocation = allocate(instance, seed=0)
    assert check(instance, allocation) == []


def test_capacity(instance: Instance) -> None:
    assert "capacity" in _kinds(instance, [("a", "X"), ("b", "X")])


def test_placed_where_not_applied(instance: Instance) -> None:
    assert _kinds(instance, [("a", "X"), ("b", "Y"), ("c", "X")]) == ["not_applied", "capacity"]


def test_placed_where_not_accepted(instance: Instance) -> None:
    assert "not_accepted" in _kinds(instance, [("a", "X"), ("c", "Y")])


def test_blocking_pair_by_score(instance: Instance) -> None:
    # b holds X although a scores higher there and prefers X to Y
    violations = check(
        instance,
        Allocation.from_placements(
            instance, [Placement("b", "unica", "X"), Placement("a", "unica", "Y")], seed=0
        ),
    )
    assert [(v.kind, v.student_id, v.host_id) for v in violations] == [("blocking_pair", "a", "X")]
    assert "preferisce X" in violations[0].message


def test_blocking_pair_by_free_seat(instance: Instance) -> None:
    assert _kinds(instance, [("a", "X")]) == ["blocking_pair"]  # b would take the empty Y


def test_ties_count_only_through_the_lottery() -> None:
    tied = single({"a": ["X"], "b": ["X"]}, {"X": 1}, {("X", "a"): 5, ("X", "b"): 5})
    allocation = allocate(tied, seed=4)
    winner = next(allocation.placements()).student_id
    loser = "a" if winner == "b" else "b"
    assert check(tied, allocation) == []
    # giving the seat to the loser of the draw creates exactly one blocking pair
    assert _kinds(tied, [(loser, "X")], seed=4) == ["blocking_pair"]


def test_broken_guarantee() -> None:
    kept = single(
        {"a": ["X", "Y"]},
        {"X": 1, "Y": 1},
        {("X", "a"): 1, ("Y", "a"): 1},
        guarantees=[Placement("a", "unica", "X")],
    )
    assert _kinds(kept, []) == ["guarantee", "blocking_pair"]


def test_reserved_seat_given_to_a_non_member_while_a_member_waits() -> None:
    reserved = single(
        {"a": ["X"], "b": ["X"], "g": ["X"]},
        {"X": 2},
        {("X", "a"): 9, ("X", "b"): 8, ("X", "g"): 1},
        group={"g"},
        reserved={"X": 1},
    )
    assert _kinds(reserved, [("a", "X"), ("g", "X")]) == []
    violations = check(
        reserved,
        Allocation.from_placements(
            reserved, [Placement("a", "unica", "X"), Placement("b", "unica", "X")], seed=0
        ),
    )
    assert [(v.kind, v.student_id) for v in violations] == [("blocking_pair", "g")]


def test_bad_lottery_and_unknown_units(instance: Instance) -> None:
    good = allocate(instance, seed=0)
    shuffled = Allocation(instance, good.agent_unit, 0, Objective.STABLE)
    shuffled.__dict__["lottery"] = np.zeros(3, dtype=np.int64)  # as if tampered with
    assert [v.kind for v in check(instance, shuffled)] == ["lottery"]
    nowhere = Allocation(instance, np.array([7, -1, -1]), 0, Objective.STABLE)
    assert "not_applied" in [v.kind for v in check(instance, nowhere)]


def test_from_placements_rejects_impossible_records(instance: Instance) -> None:
    with pytest.raises(InstanceError, match="sconosciuto"):
        Allocation.from_placements(instance, [Placement("zz", "unica", "X")], seed=0)
    with pytest.raises(InstanceError, match="due volte"):
        Allocation.from_placements(
            instance, [Placement("a", "unica", "X"), Placement("a", "unica", "Y")], seed=0
        )
