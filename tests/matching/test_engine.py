"""Hand-computed cases: deferred acceptance, ties, reserved seats and windows."""

from __future__ import annotations

import numpy as np

from ptp.matching import Host, Instance, Priority, Student, allocate, check
from ptp.matching.lottery import draw, student_hashes
from tests.matching.helpers import hosts_of, single


def test_two_by_two_gives_the_student_optimal_not_the_host_optimal_matching() -> None:
    # X prefers b, Y prefers a; both stable matchings exist, students get their first choices
    instance = single(
        {"a": ["X", "Y"], "b": ["Y", "X"]},
        {"X": 1, "Y": 1},
        {("X", "a"): 1, ("X", "b"): 2, ("Y", "a"): 2, ("Y", "b"): 1},
    )
    allocation = allocate(instance, seed=1)
    assert hosts_of(allocation.placements()) == {"a": "X", "b": "Y"}
    assert check(instance, allocation) == []


def test_rejection_chain_with_capacities() -> None:
    # Worked by hand in docs/matching.md: s4 bumps s1 from H1, s1 bumps s2 from H2.
    instance = single(
        {"s1": ["H1", "H2"], "s2": ["H1", "H2"], "s3": ["H1", "H2"], "s4": ["H2", "H1"]},
        {"H1": 2, "H2": 1},
        {
            **{("H1", s): v for s, v in {"s4": 40, "s3": 30, "s1": 20, "s2": 10}.items()},
            **{("H2", s): v for s, v in {"s1": 40, "s2": 30, "s3": 20, "s4": 10}.items()},
        },
    )
    allocation = allocate(instance, seed=3)
    assert hosts_of(allocation.placements()) == {"s1": "H2", "s3": "H1", "s4": "H1"}
    assert {p.student_id: p.rank for p in allocation.placements()} == {"s1": 2, "s3": 1, "s4": 2}
    assert allocation.placement("s2") is None
    assert check(instance, allocation) == []


def test_a_host_that_does_not_accept_is_skipped_and_an_empty_list_is_valid() -> None:
    instance = single(
        {"a": ["X", "Y"], "b": []},
        {"X": 5, "Y": 5},
        {("Y", "a"): 1},
    )
    allocation = allocate(instance, seed=0)
    assert hosts_of(allocation.placements()) == {"a": "Y"}
    assert allocation.placement("b") is None
    assert check(instance, allocation) == []


def test_hosts_without_seats_place_nobody() -> None:
    instance = single({"a": ["X", "Y"]}, {"X": 0, "Y": 1}, {("X", "a"): 9, ("Y", "a"): 1})
    assert hosts_of(allocate(instance, seed=0).placements()) == {"a": "Y"}


def test_equal_scores_are_decided_by_the_lottery_and_the_seed_reproduces_it() -> None:
    instance = single({"a": ["X"], "b": ["X"]}, {"X": 1}, {("X", "a"): 5, ("X", "b"): 5})
    winners = set()
    for seed in range(40):
        allocation = allocate(instance, seed=seed)
        winner = next(allocation.placements()).student_id
        assert winner == next(allocate(instance, seed=seed).placements()).student_id
        loser = "b" if winner == "a" else "a"
        index = instance.student_index
        assert allocation.lottery[index[winner]] < allocation.lottery[index[loser]]
        winners.add(winner)
    assert winners == {"a", "b"}


def test_single_tie_breaking_uses_one_number_per_student_at_every_host() -> None:
    # a and b tie everywhere: whoever wins the draw wins at every host, so the loser never
    # gets X (first choice of both) and takes Y
    instance = single(
        {"a": ["X", "Y"], "b": ["X", "Y"]},
        {"X": 1, "Y": 1},
        {(h, s): 7 for h in "XY" for s in "ab"},
    )
    for seed in range(10):
        allocation = allocate(instance, seed=seed)
        luckier = "a" if allocation.lottery[0] < allocation.lottery[1] else "b"
        unluckier = "b" if luckier == "a" else "a"
        assert hosts_of(allocation.placements()) == {luckier: "X", unluckier: "Y"}


def test_lottery_depends_only_on_seed_and_id() -> None:
    ids = [f"studente-{i}" for i in range(50)] + ["àèìòù", "x" * 70]
    alone = student_hashes(11, ["àèìòù"])[0]
    assert student_hashes(11, ids)[50] == alone
    assert student_hashes(11, list(reversed(ids)))[1] == alone
    assert student_hashes(12, ["àèìòù"])[0] != alone
    rank = draw(11, ids)
    assert sorted(rank.tolist()) == list(range(len(ids)))


def _documented_number(seed: int, student_id: str) -> int:
    """The lottery number computed from the formula in lottery.py, with Python integers."""
    mask, gamma = (1 << 64) - 1, 0x9E3779B97F4A7C15

    def mix(z: int) -> int:
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    h = gamma
    for c in student_id:
        h = (mix(h ^ ord(c)) + gamma) & mask
    h = mix(h ^ len(student_id))
    return mix(h ^ mix((seed + gamma) & mask))


def test_lottery_numbers_follow_the_documented_formula() -> None:
    ids = ["S0000001", "àèìòù", "x" * 70, "studente-42"]
    for seed in (0, 20261126, -5, 2**70 + 3):
        numbers = student_hashes(seed, ids).tolist()
        assert numbers == [_documented_number(seed & ((1 << 64) - 1), i) for i in ids]


def test_lottery_ties_in_the_hash_fall_back_to_the_id(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ptp.matching.lottery as lottery

    monkeypatch.setattr(
        lottery, "student_hashes", lambda seed, ids: np.zeros(len(ids), dtype=np.uint64)
    )
    assert lottery.draw(1, ["c", "a", "b"]).tolist() == [2, 0, 1]


def _reserved_instance(
    scores: dict[str, float], group: set[str], seats: int, reserved: int
) -> Instance:
    return single(
        {s: ["X"] for s in scores},
        {"X": seats},
        {("X", s): v for s, v in scores.items()},
        group=group,
        reserved={"X": reserved},
    )


def test_open_seats_are_filled_before_reserved_ones() -> None:
    # g1 has the best score: he takes the open seat and leaves the reserved one to g2.
    # Filling reserved seats first would have put a there instead of g2.
    instance = _reserved_instance({"g1": 95, "a": 90, "g2": 50}, {"g1", "g2"}, seats=2, reserved=1)
    allocation = allocate(instance, seed=0)
    assert set(hosts_of(allocation.placements())) == {"g1", "g2"}
    assert check(instance, allocation) == []


def test_reserved_seat_goes_to_a_group_member_with_a_lower_score() -> None:
    instance = _reserved_instance({"a": 90, "b": 80, "g": 50}, {"g"}, seats=2, reserved=1)
    assert set(hosts_of(allocate(instance, seed=0).placements())) == {"a", "g"}


def test_unused_reserved_seats_are_released_to_everyone() -> None:
    instance = _reserved_instance({"a": 90, "b": 80, "c": 70, "g": 10}, {"g"}, seats=3, reserved=2)
    allocation = allocate(instance, seed=0)
    # open seat: a; reserved: g; the second reserved seat is released to b; c is out
    assert set(hosts_of(allocation.placements())) == {"a", "g", "b"}
    nobody = _reserved_instance({"a": 1, "b": 2}, set(), seats=2, reserved=2)
    assert set(hosts_of(allocate(nobody, seed=0).placements())) == {"a", "b"}
    assert check(instance, allocation) == []


def test_group_members_beyond_the_reserved_seats_compete_on_score() -> None:
    instance = _reserved_instance({"a": 90, "g1": 40, "g2": 30}, {"g1", "g2"}, seats=2, reserved=1)
    assert set(hosts_of(allocate(instance, seed=0).placements())) == {"a", "g1"}


def test_windows_are_independent_and_seasonal_hosts_offer_seats_in_some() -> None:
    students = [
        Student("a", {"autunno": ("X", "Y"), "estate": ("S", "X")}),
        Student("b", {"autunno": ("X",), "estate": ("S",)}),
    ]
    hosts = [
        Host("X", {"autunno": 1, "estate": 1}),
        Host("Y", {"autunno": 1}),
        Host("S", {"estate": 1}),
    ]
    scores = [
        Priority(h, s, v)
        for h, s, v in [("X", "a", 1), ("X", "b", 2), ("Y", "a", 1), ("S", "a", 5), ("S", "b", 3)]
    ]
    instance = Instance.build(students, hosts, scores)
    allocation = allocate(instance, seed=0)
    placed = {(p.student_id, p.window): p.host_id for p in allocation.placements()}
    assert placed == {("a", "autunno"): "Y", ("b", "autunno"): "X", ("a", "estate"): "S"}
    assert allocation.placement("b", "estate") is None
    assert instance.windows == ("autunno", "estate")
    assert check(instance, allocation) == []


def test_one_lottery_across_windows() -> None:
    students = [Student(s, {"autunno": ("X",), "estate": ("X",)}) for s in ("a", "b")]
    hosts = [Host("X", {"autunno": 1, "estate": 1})]
    instance = Instance.build(students, hosts, [Priority("X", s, 1) for s in ("a", "b")])
    for seed in range(10):
        allocation = allocate(instance, seed=seed)
        assert len({p.student_id for p in allocation.placements()}) == 1


def test_both_sort_strategies_give_the_same_order() -> None:
    from ptp.matching.deferred import _sort_order

    rng = np.random.default_rng(0)
    unit = rng.integers(0, 50, size=500)
    key = rng.permutation(500)
    packed = _sort_order(unit, key, key_bound=1000, n_units=50)
    split = _sort_order(unit, key, key_bound=2**60, n_units=50)
    assert np.array_equal(packed, split)


def test_fractional_scores_use_the_general_ranking() -> None:
    instance = single(
        {"a": ["X"], "b": ["X"], "c": ["X"]},
        {"X": 2},
        {("X", "a"): 0.1, ("X", "b"): 0.30000000000000004, ("X", "c"): 0.3},
    )
    assert set(hosts_of(allocate(instance, seed=0).placements())) == {"b", "c"}


def test_objective_may_be_given_as_text() -> None:
    from ptp.matching import Objective

    instance = single({"a": ["X"]}, {"X": 1}, {("X", "a"): 1})
    assert allocate(instance, seed=0, objective="max-placed").objective is Objective.MAX_PLACED  # type: ignore[arg-type]
