"""Property tests: the engine, the checker and max-placed against brute-force references."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ptp.matching import Allocation, Instance, Objective, allocate, check
from ptp.matching.check import blocking_pairs
from tests.matching import reference
from tests.matching.strategies import tiny_instances

FAST = settings(max_examples=150, deadline=None)


def _assignment(allocation: Allocation) -> list[int]:
    return allocation.agent_pair.tolist()


@FAST
@given(tiny_instances(max_windows=2, guarantees=True), st.integers(0, 2**32))
def test_engine_is_the_student_optimal_stable_assignment(instance: Instance, seed: int) -> None:
    allocation = allocate(instance, seed=seed)
    assert _assignment(allocation) == reference.student_optimal(instance, allocation.lottery)
    assert check(instance, allocation) == []


@FAST
@given(tiny_instances(max_windows=2, guarantees=True), st.data())
def test_checker_finds_exactly_the_blocking_pairs(instance: Instance, data: st.DataObject) -> None:
    assignments = reference.all_assignments(instance)
    chosen = data.draw(st.sampled_from(assignments))
    agent_unit = np.array([instance.pair_unit[p] if p >= 0 else -1 for p in chosen], dtype=np.int64)
    allocation = Allocation(instance, agent_unit, 7, Objective.STABLE)
    expected = reference.blocking(instance, allocation.lottery, chosen)
    assert set(blocking_pairs(allocation).tolist()) == expected
    kinds = {v.kind for v in check(instance, allocation)}
    assert ("blocking_pair" in kinds) == bool(expected)


@FAST
@given(tiny_instances(max_students=6, guarantees=True), st.integers(0, 100))
def test_max_placed_is_lexicographically_optimal(instance: Instance, seed: int) -> None:
    allocation = allocate(instance, seed=seed, objective=Objective.MAX_PLACED)
    pair = allocation.agent_pair
    placed = pair >= 0
    kept = int(np.count_nonzero(placed & (instance.guarantee >= 0)))
    value = (-kept, -int(placed.sum()), int(allocation.agent_rank.sum()))
    assert value == reference.max_placed_value(instance)
    violations = check(instance, allocation)
    assert {v.kind for v in violations} <= {"blocking_pair", "guarantee"}


@FAST
@given(tiny_instances(max_windows=2), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_outcome_does_not_depend_on_row_order(instance: Instance, seed: int, rng) -> None:  # type: ignore[no-untyped-def]
    from tests.matching.helpers import records, shuffled_instance

    students, hosts, priorities = records(instance)
    other = shuffled_instance(students, hosts, priorities, rng)
    first = {
        (p.student_id, p.window, p.host_id) for p in allocate(instance, seed=seed).placements()
    }
    second = {(p.student_id, p.window, p.host_id) for p in allocate(other, seed=seed).placements()}
    assert first == second
