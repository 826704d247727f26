"""The checker: capacity, applications, acceptance, guarantees and stability of an allocation.

Stability is judged with the allocation's own lottery, so ties are counted exactly: a host
only prefers a student whose (score, lottery) beats what its choice rule would drop, or if it
has a free seat. With reserved seats the test is the choice rule itself
(`choice.cutoffs`): the student blocks when the host would pick him from its admitted
students plus him.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ptp.matching.allocation import Allocation
from ptp.matching.choice import Cutoffs, cutoffs
from ptp.matching.model import Instance, IntArray


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule; `kind` is a stable code, `message` is for people (Italian)."""

    kind: str  # lottery | not_applied | not_accepted | capacity | guarantee | blocking_pair
    student_id: str | None
    host_id: str | None
    window: str | None
    message: str


@dataclass(frozen=True, eq=False)
class Standing:
    """Admitted pairs sorted by (unit, key) and the cutoffs they set at every unit."""

    entries: IntArray
    entry_unit: IntArray
    cut: Cutoffs


def standing(allocation: Allocation) -> Standing:
    """Admitted pairs per unit and the resulting cutoffs (placements off-list or unaccepted are left out)."""
    instance, keys = allocation.instance, allocation.keys
    pair = allocation.agent_pair
    entries = pair[pair >= 0]
    entries = entries[~np.isnan(instance.pair_score[entries])]
    entry_unit = instance.pair_unit[entries]
    entry_key = keys.key[entries]
    order = np.lexsort((entry_key, entry_unit))
    entries, entry_unit = entries[order], entry_unit[order]
    units = np.arange(instance.capacity.size, dtype=np.int64)
    cut = cutoffs(
        units,
        entry_unit,
        keys.key[entries],
        keys.group[entries],
        instance.capacity,
        instance.reserved,
        keys.never,
    )
    return Standing(entries, entry_unit, cut)


def blocking_pairs(allocation: Allocation) -> IntArray:
    """Pairs whose student prefers the unit to his placement and whom the unit would choose."""
    instance, keys = allocation.instance, allocation.keys
    cut = allocation.standing.cut
    agent = instance.pair_agent
    limit = np.where(allocation.agent_pair >= 0, allocation.agent_pair, instance.agent_start[1:])
    limit = np.where(instance.guarantee >= 0, np.minimum(limit, instance.guarantee + 1), limit)
    pairs = np.arange(instance.n_pairs, dtype=np.int64)
    unit = instance.pair_unit
    threshold = np.where(keys.group, cut.group[unit], cut.other[unit])
    return pairs[(pairs < limit[agent]) & (keys.key < threshold)]


def _describe(instance: Instance, agent: int, unit: int | None) -> tuple[str, str | None, str]:
    student = instance.student_ids[instance.agent_student[agent]]
    window = instance.windows[instance.agent_window[agent]]
    host = None if unit is None else instance.host_ids[unit % max(instance.n_hosts, 1)]
    return student, host, window


def check(instance: Instance, allocation: Allocation) -> list[Violation]:
    """Every violated rule of the allocation; an empty list means it is valid and stable."""
    if allocation.instance is not instance:
        raise ValueError("l'allocazione appartiene a un'altra istanza")
    found: list[Violation] = []
    n = instance.n_students
    if allocation.lottery.shape != (n,) or not np.array_equal(
        np.sort(allocation.lottery), np.arange(n)
    ):
        found.append(
            Violation(
                "lottery", None, None, None, "il sorteggio non è una permutazione degli studenti"
            )
        )
        return found

    placed_unit = allocation.agent_unit
    n_units = instance.capacity.size
    pair = allocation.agent_pair
    for agent in np.flatnonzero((placed_unit >= n_units) | (placed_unit < -1)).tolist():
        student, _, window = _describe(instance, agent, None)
        found.append(
            Violation("not_applied", student, None, window, f"{student}: ente inesistente")
        )
    for agent in np.flatnonzero((placed_unit >= 0) & (placed_unit < n_units) & (pair < 0)).tolist():
        student, host, window = _describe(instance, agent, int(placed_unit[agent]))
        found.append(
            Violation(
                "not_applied",
                student,
                host,
                window,
                f"{student} collocato presso {host}, che non ha indicato",
            )
        )
    valid = pair[pair >= 0]
    for p in valid[np.isnan(instance.pair_score[valid])].tolist():
        agent = int(instance.pair_agent[p])
        student, host, window = _describe(instance, agent, int(instance.pair_unit[p]))
        found.append(
            Violation(
                "not_accepted",
                student,
                host,
                window,
                f"{student} collocato presso {host}, che non lo accetta",
            )
        )

    inside = placed_unit[(placed_unit >= 0) & (placed_unit < n_units)]
    load = np.bincount(inside, minlength=n_units)
    m = max(instance.n_hosts, 1)
    for unit in np.flatnonzero(load > instance.capacity).tolist():
        host, window = instance.host_ids[unit % m], instance.windows[unit // m]
        found.append(
            Violation(
                "capacity",
                None,
                host,
                window,
                f"{host}: {load[unit]} studenti collocati su {instance.capacity[unit]} posti",
            )
        )

    kept = instance.guarantee
    broken = np.flatnonzero((kept >= 0) & ((pair < 0) | (pair > kept)))
    for agent in broken.tolist():
        student, host, window = _describe(instance, agent, int(instance.pair_unit[kept[agent]]))
        found.append(
            Violation(
                "guarantee",
                student,
                host,
                window,
                f"{student} ha perso il posto garantito presso {host}",
            )
        )

    ranks = allocation.agent_rank
    for p in blocking_pairs(allocation).tolist():
        agent = int(instance.pair_agent[p])
        student, host, window = _describe(instance, agent, int(instance.pair_unit[p]))
        choice = p - int(instance.agent_start[agent]) + 1
        where = f"collocato alla scelta n. {ranks[agent]}" if ranks[agent] else "non collocato"
        found.append(
            Violation(
                "blocking_pair",
                student,
                host,
                window,
                f"{student} ({where}) preferisce {host} (scelta n. {choice}), che lo sceglierebbe",
            )
        )
    return found
