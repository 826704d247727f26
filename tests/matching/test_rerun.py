"""Re-runs after withdrawals and new seats: nobody ends up worse off, freed seats are used."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptp.matching import (
    Host,
    Instance,
    InstanceError,
    Placement,
    Priority,
    Student,
    allocate,
    check,
)
from tests.matching.helpers import hosts_of, single


def _rank(allocation_placements: list[Placement]) -> dict[str, int]:
    return {p.student_id: p.rank for p in allocation_placements}


def test_a_kept_seat_beats_a_newcomer_with_a_higher_score() -> None:
    scores = {("X", "a"): 50, ("X", "b"): 60, ("Y", "a"): 10, ("Y", "b"): 10}
    before = allocate(single({"a": ["X", "Y"], "b": ["X", "Y"]}, {"X": 1, "Y": 1}, scores), seed=1)
    assert hosts_of(before.placements()) == {"b": "X", "a": "Y"}
    # c arrives with the best score at Y, but a keeps the seat he was given
    second = single(
        {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["Y"]},
        {"X": 1, "Y": 1},
        {**scores, ("Y", "c"): 90},
        guarantees=list(before.placements()),
    )
    after = allocate(second, seed=1)
    assert hosts_of(after.placements()) == {"b": "X", "a": "Y"}
    assert check(second, after) == []
    # without the guarantee c would have taken Y
    fresh = single(
        {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["Y"]}, {"X": 1, "Y": 1}, {**scores, ("Y", "c"): 90}
    )
    assert hosts_of(allocate(fresh, seed=1).placements()) == {"b": "X", "c": "Y"}


def test_withdrawal_frees_a_seat_that_moves_people_up() -> None:
    scores = {(h, s): v for h in "XY" for s, v in {"a": 3, "b": 2, "c": 1}.items()}
    prefs = {s: ["X", "Y"] for s in "abc"}
    before = allocate(single(prefs, {"X": 1, "Y": 1}, scores), seed=0)
    assert hosts_of(before.placements()) == {"a": "X", "b": "Y"}
    del prefs["a"]
    left = {k: v for k, v in scores.items() if k[1] != "a"}
    second = single(prefs, {"X": 1, "Y": 1}, left, guarantees=list(before.placements()))
    after = allocate(second, seed=0)
    assert hosts_of(after.placements()) == {"b": "X", "c": "Y"}


def test_guarantees_of_withdrawn_students_or_hosts_are_skipped() -> None:
    gone = [Placement("ghost", "unica", "X"), Placement("a", "unica", "Z")]
    instance = single({"a": ["X"]}, {"X": 1}, {("X", "a"): 1}, guarantees=gone)
    assert instance.guarantee.tolist() == [-1]


def test_a_guarantee_must_name_a_listed_and_accepting_host() -> None:
    with pytest.raises(InstanceError, match="non è nella lista"):
        single(
            {"a": ["X"]},
            {"X": 1, "Y": 1},
            {("X", "a"): 1},
            guarantees=[Placement("a", "unica", "Y")],
        )
    with pytest.raises(InstanceError, match="non accetta"):
        single({"a": ["X"]}, {"X": 1}, {}, guarantees=[Placement("a", "unica", "X")])


def test_cut_seats_below_the_guarantees_are_reported() -> None:
    scores = {("X", "a"): 2, ("X", "b"): 1}
    instance = single(
        {"a": ["X"], "b": ["X"]},
        {"X": 1},
        scores,
        guarantees=[Placement("a", "unica", "X"), Placement("b", "unica", "X")],
    )
    allocation = allocate(instance, seed=0)
    assert hosts_of(allocation.placements()) == {"a": "X"}
    assert [v.kind for v in check(instance, allocation)] == ["guarantee"]


@st.composite
def _round(draw: st.DrawFn) -> tuple[list[Student], list[Host], list[Priority]]:
    n_hosts = draw(st.integers(1, 6))
    hosts = [Host.single(f"h{j}", draw(st.integers(0, 3)), reserved=0) for j in range(n_hosts)]
    students = []
    for i in range(draw(st.integers(1, 12))):
        order = draw(st.permutations([h.id for h in hosts]))
        students.append(
            Student.single(
                f"s{i}", order[: draw(st.integers(0, n_hosts))], group=draw(st.booleans())
            )
        )
    scores = [
        Priority(h.id, s.id, draw(st.integers(0, 4)))
        for h in hosts
        for s in students
        if draw(st.integers(0, 9)) > 0
    ]
    return students, hosts, scores


@settings(max_examples=150, deadline=None)
@given(_round(), st.integers(0, 1000), st.randoms(use_true_random=False))
def test_nobody_is_worse_off_after_withdrawals_and_new_seats(
    round_: tuple[list[Student], list[Host], list[Priority]], seed: int, rng: random.Random
) -> None:
    students, hosts, scores = round_
    first = Instance.build(students, hosts, scores)
    before = allocate(first, seed=seed)
    stayed = [s for s in students if rng.random() < 0.7]
    grown = [Host.single(h.id, int(h.seats["unica"]) + rng.randint(0, 1)) for h in hosts]
    arrivals = [
        Student.single(f"new{i}", [h.id for h in hosts][::-1]) for i in range(rng.randint(0, 3))
    ]
    extra = [Priority(h.id, s.id, rng.randint(0, 4)) for h in hosts for s in arrivals]
    present = {s.id for s in stayed}
    kept_scores = [p for p in scores if p.student_id in present] + extra
    second = Instance.build(stayed + arrivals, grown, kept_scores, guarantees=before.placements())
    after = allocate(second, seed=seed + 1)
    assert check(second, after) == []
    old, new = _rank(list(before.placements())), _rank(list(after.placements()))
    for student in stayed:
        if student.id in old:
            assert student.id in new and new[student.id] <= old[student.id]
    # freed or added seats are used: nobody who stayed is left out while a seat they want is empty
    free = {h.id: int(h.seats["unica"]) for h in grown}
    for placement in after.placements():
        free[placement.host_id] -= 1
    accepted = {(p.host_id, p.student_id) for p in kept_scores}
    for student in stayed + arrivals:
        placed_rank = new.get(student.id, 10**9)
        wanted = student.preferences["unica"][: placed_rank - 1]
        assert not any(free[h] > 0 and (h, student.id) in accepted for h in wanted)
