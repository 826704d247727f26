"""The compiled engine for rounds without reserved seats or guarantees agrees with the vectorised one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptp.matching import Instance, allocate, check, compiled
from ptp.matching import allocation as allocation_module
from ptp.matching.deferred import deferred_acceptance
from ptp.matching.keys import priority_keys
from ptp.matching.lottery import draw, seeded
from tests.matching.strategies import tiny_instances


def _random_instance(students: int, seed: int, *, reserved: bool = False) -> Instance:
    """About a third as many hosts as students, 8 choices each, scores 0-10 (many ties), 5% refused."""
    rng = np.random.default_rng(seed)
    hosts = max(students // 3, 8)
    listed = np.array([rng.choice(hosts, 8, replace=False) for _ in range(students)])
    pair_student = np.repeat(np.arange(students), 8)
    accepted = rng.random(listed.size) < 0.95
    capacity = rng.integers(1, 6, hosts)
    return Instance.from_arrays(
        student_ids=[f"s{i}" for i in range(students)],
        host_ids=[f"h{j}" for j in range(hosts)],
        capacity=capacity,
        reserved=capacity // 2 if reserved else None,
        group=rng.random(students) < 0.3 if reserved else None,
        pref_start=np.arange(students + 1) * 8,
        pref_host=listed.ravel(),
        prio_host=listed.ravel()[accepted],
        prio_student=pair_student[accepted],
        prio_score=rng.integers(0, 11, listed.size)[accepted].astype(float),
    )


def _general(instance: Instance, seed: int) -> list[int]:
    numbers = seeded(seed, instance.student_hash)
    keys = priority_keys(instance, draw(seed, instance.student_ids, numbers))
    return deferred_acceptance(instance, keys).tolist()


def _compiled(instance: Instance, seed: int) -> list[int]:
    result = compiled.compiled_deferred_acceptance(instance, seeded(seed, instance.student_hash))
    assert result is not None
    return result.tolist()


@settings(max_examples=300, deadline=None)
@given(tiny_instances(max_students=7, max_windows=2, reserved=False), st.integers(0, 2**32))
def test_same_allocation_as_the_vectorised_engine(instance: Instance, seed: int) -> None:
    assert compiled.applies(instance)
    assert _compiled(instance, seed) == _general(instance, seed)


@pytest.mark.parametrize("students", [400, 3_000])
def test_same_allocation_on_random_instances_with_many_ties(students: int) -> None:
    instance = _random_instance(students, seed=students)
    for seed in (1, 2):
        assert _compiled(instance, seed) == _general(instance, seed)


def test_reserved_seats_and_guarantees_take_the_vectorised_engine() -> None:
    reserved = _random_instance(200, seed=3, reserved=True)
    assert reserved.reserved.any() and not compiled.applies(reserved)
    assert check(reserved, allocate(reserved, seed=1)) == []


def test_equal_lottery_numbers_are_left_to_the_vectorised_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every student draws the same number: ties between equal scores must go to the ids
    instance = _random_instance(300, seed=5)
    same = np.zeros(instance.n_students, dtype=np.uint64)
    assert compiled.compiled_deferred_acceptance(instance, same) is None
    monkeypatch.setattr(allocation_module, "seeded", lambda seed, hashes: same)
    allocation = allocate(instance, seed=1)
    keys = priority_keys(instance, draw(1, instance.student_ids, same))
    assert allocation.agent_pair.tolist() == deferred_acceptance(instance, keys).tolist()
    assert allocation.lottery.tolist() == draw(1, instance.student_ids, same).tolist()
    assert check(instance, allocation) == []


def test_without_numba_the_vectorised_engine_gives_the_same_allocation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = _random_instance(500, seed=4)
    expected = allocate(instance, seed=9).agent_unit
    monkeypatch.setattr(compiled, "COMPILED", False)
    assert compiled.compiled_deferred_acceptance(instance, np.zeros(500, np.uint64)) is None
    fallback = allocate(instance, seed=9)
    assert np.array_equal(fallback.agent_unit, expected)
    assert check(instance, fallback) == []


def test_the_kernel_is_plain_python_too() -> None:
    # the same function, interpreted instead of compiled, gives the same allocation
    instance = _random_instance(60, seed=6)
    numbers = seeded(3, instance.student_hash)
    level, levels = instance.score_levels
    interpreted, collided = compiled._propose_all(
        instance.agent_start,
        instance.pair_unit,
        level,
        instance.agent_student,
        instance.pair_agent,
        compiled.signed(numbers),
        compiled.host_table(instance.capacity),
        levels,
    )
    assert not collided
    assert interpreted.tolist() == _general(instance, 3)


def test_without_a_writable_cache_directory_the_engine_compiles_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numba

    real = numba.njit

    def no_cache_directory(*args: object, cache: bool = False, **options: object) -> object:
        if cache:
            raise RuntimeError("cannot cache function: no locator available")
        return real(*args, **options)

    monkeypatch.setattr(numba, "njit", no_cache_directory)
    compiled._kernel.cache_clear()
    try:
        instance = _random_instance(200, seed=7)
        assert _compiled(instance, 5) == _general(instance, 5)
    finally:
        compiled._kernel.cache_clear()
