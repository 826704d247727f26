"""Same allocation as the `matching` package (HospitalResident, resident-optimal) on random instances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from ptp.matching import Allocation, Instance, allocate


def random_instance(n_students: int, seed: int, *, strict: bool) -> Instance:
    """About a third as many hosts as students, capacities 0-5, up to 8 choices, some refusals."""
    rng = np.random.default_rng(seed)
    n_hosts = max(1, n_students // 3)
    lengths = rng.integers(0, 9, size=n_students)
    listed = [rng.choice(n_hosts, size=min(k, n_hosts), replace=False) for k in lengths]
    pref_host = np.concatenate(listed)
    student = np.repeat(np.arange(n_students), [len(x) for x in listed])
    accepted = rng.random(pref_host.size) < 0.9
    scores = rng.permutation(pref_host.size) if strict else rng.integers(0, 10, size=pref_host.size)
    return Instance.from_arrays(
        student_ids=[f"s{i}" for i in range(n_students)],
        host_ids=[f"h{j}" for j in range(n_hosts)],
        capacity=rng.integers(0, 6, size=n_hosts),
        pref_start=np.concatenate(([0], np.cumsum([len(x) for x in listed]))),
        pref_host=pref_host,
        prio_host=pref_host[accepted],
        prio_student=student[accepted],
        prio_score=scores[accepted].astype(float),
    )


def solve_with_matching(instance: Instance, allocation: Allocation) -> dict[int, int]:
    """Resident-optimal matching of the `matching` package, with hosts ranking by (score, lottery)."""
    keys = allocation.keys.key
    usable = (keys < allocation.keys.never) & (instance.capacity[instance.pair_unit] > 0)
    resident_prefs: dict[int, list[int]] = {}
    applicants: dict[int, list[tuple[int, int]]] = {}
    for pair in np.flatnonzero(usable).tolist():
        agent, unit = int(instance.pair_agent[pair]), int(instance.pair_unit[pair])
        resident_prefs.setdefault(agent, []).append(unit)
        applicants.setdefault(unit, []).append((int(keys[pair]), agent))
    hospital_prefs = {u: [a for _, a in sorted(v)] for u, v in applicants.items()}
    capacities = {u: int(instance.capacity[u]) for u in hospital_prefs}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    solved = game.solve(optimal="resident")
    return {
        resident.name: hospital.name
        for hospital, residents in solved.items()
        for resident in residents
    }


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "ties"])
def test_same_allocation_as_the_matching_package(seed: int, strict: bool) -> None:
    instance = random_instance(200, seed, strict=strict)
    allocation = allocate(instance, seed=seed)
    ours = {a: int(u) for a, u in enumerate(allocation.agent_unit.tolist()) if u >= 0}
    assert ours == solve_with_matching(instance, allocation)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 80), st.integers(0, 2**32 - 1), st.booleans())
def test_random_instances_agree_with_the_matching_package(
    n_students: int, seed: int, strict: bool
) -> None:
    instance = random_instance(n_students, seed, strict=strict)
    allocation = allocate(instance, seed=seed)
    ours = {a: int(u) for a, u in enumerate(allocation.agent_unit.tolist()) if u >= 0}
    assert ours == solve_with_matching(instance, allocation)
