"""Deferred acceptance one proposal at a time, compiled with Numba: the common case, fastest.

When no seat is reserved and nobody holds a guarantee, each host simply keeps its best
``capacity`` applicants by (score, lottery number). The loop below is the textbook algorithm:
a free student proposes down his list; a host with a free seat accepts, a full host compares
the newcomer with the weakest student it holds and keeps the stronger. It is plain Python over
integer arrays, which Numba compiles to machine code on first use (cached on disk); without
Numba `compiled_deferred_acceptance` returns None and the caller uses the vectorised engine in
`deferred.py`, which gives the same allocation.

Ties: a smaller score level wins, then a smaller lottery number. Two different students with
the same 64-bit number (astronomically unlikely) would need the ids to decide; the kernel then
reports a collision and the caller uses the vectorised engine, which orders by (number, id).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from typing import Any

import numpy as np

from ptp.matching.model import Instance, IntArray

# Numba is imported on first use only: it costs about a second and 100 MB, which processes
# that never allocate (web workers) should not pay.
COMPILED = importlib.util.find_spec("numba") is not None


def applies(instance: Instance) -> bool:
    """Whether the round has neither reserved seats nor re-run guarantees."""
    return not instance.reserved.any() and not (instance.guarantee >= 0).any()


# columns of the per-host state, kept in one row so that a proposal reads one cache line
_SEATS, _FIRST, _HELD, _WEAKEST, _WEAKEST_LEVEL, _WEAKEST_NUMBER = range(6)


def _find_weakest(
    hosts: np.ndarray, unit: int, slot_level: IntArray, slot_number: IntArray
) -> None:
    """Record which slot of a full host holds the weakest student, with his level and number."""
    first, seats = hosts[unit, _FIRST], hosts[unit, _SEATS]
    weakest = first
    for slot in range(first + 1, first + seats):
        level, worst = slot_level[slot], slot_level[weakest]
        if level > worst or (level == worst and slot_number[slot] > slot_number[weakest]):
            weakest = slot
    hosts[unit, _WEAKEST] = weakest
    hosts[unit, _WEAKEST_LEVEL] = slot_level[weakest]
    hosts[unit, _WEAKEST_NUMBER] = slot_number[weakest]


_find_weakest_impl: Callable[..., None] = _find_weakest  # the compiled one once `_kernel` ran


def _propose_all(
    agent_start: IntArray,
    pair_unit: IntArray,
    pair_level: IntArray,
    agent_student: IntArray,
    pair_agent: IntArray,
    numbers: IntArray,
    hosts: np.ndarray,
    levels: int,
) -> tuple[IntArray, bool]:
    """Per agent the pair it holds at the end (or -1), and whether two lottery numbers collided.

    A smaller score level is stronger, then a smaller lottery number; level `levels` means not
    accepted. ``numbers`` are the lottery numbers mapped to int64 in the same order (`signed`);
    ``hosts`` comes from `host_table`.
    """
    n_agents = agent_start.size - 1
    n_slots = hosts[-1, _FIRST] + hosts[-1, _SEATS] if hosts.shape[0] else 0
    slots = np.full(n_slots, -1, dtype=np.int64)
    slot_level = np.zeros(n_slots, dtype=np.int64)
    slot_number = np.zeros(n_slots, dtype=np.int64)
    pointer = agent_start[:-1].copy()
    result = np.full(n_agents, -1, dtype=np.int64)
    free = np.arange(n_agents - 1, -1, -1)
    waiting = n_agents
    collided = False
    while waiting > 0:
        waiting -= 1
        agent = free[waiting]
        pair = pointer[agent]
        last = agent_start[agent + 1]
        number = numbers[agent_student[agent]]
        while pair < last:
            level = pair_level[pair]
            if level < levels:
                unit = pair_unit[pair]
                seats, held = hosts[unit, _SEATS], hosts[unit, _HELD]
                if held < seats:
                    slot = hosts[unit, _FIRST] + held
                    slots[slot], slot_level[slot], slot_number[slot] = pair, level, number
                    hosts[unit, _HELD] = held + 1
                    if held + 1 == seats:
                        _find_weakest_impl(hosts, unit, slot_level, slot_number)
                    result[agent] = pair
                    break
                if seats > 0:
                    if level == hosts[unit, _WEAKEST_LEVEL]:
                        collided = collided or number == hosts[unit, _WEAKEST_NUMBER]
                        stronger = number < hosts[unit, _WEAKEST_NUMBER]
                    else:
                        stronger = level < hosts[unit, _WEAKEST_LEVEL]
                    if stronger:
                        slot = hosts[unit, _WEAKEST]
                        loser = slots[slot]
                        slots[slot], slot_level[slot], slot_number[slot] = pair, level, number
                        _find_weakest_impl(hosts, unit, slot_level, slot_number)
                        result[agent] = pair
                        other = pair_agent[loser]
                        result[other] = -1
                        pointer[other] = loser + 1
                        if loser + 1 < agent_start[other + 1]:
                            free[waiting] = other
                            waiting += 1
                        break
            pair += 1
        pointer[agent] = pair
    return result, collided


@functools.cache
def _kernel() -> Callable[..., Any]:
    """`_propose_all` compiled (or loaded from Numba's disk cache), once per process."""
    global _find_weakest_impl
    from numba import njit

    def jit(function: Callable[..., Any]) -> Callable[..., Any]:
        try:
            compiled: Callable[..., Any] = njit(cache=True, nogil=True)(function)
        except RuntimeError:  # no writable cache directory: compile in memory, every process
            compiled = njit(nogil=True)(function)
        return compiled

    _find_weakest_impl = jit(_find_weakest)
    return jit(_propose_all)


def host_table(capacity: IntArray) -> np.ndarray:
    """The initial per-host state: seats and first slot filled in, one 64-byte row per unit."""
    hosts = np.zeros((capacity.size, 8), dtype=np.int64)
    hosts[:, _SEATS] = capacity
    np.cumsum(capacity[:-1], out=hosts[1:, _FIRST])
    return hosts


def signed(numbers: np.ndarray) -> IntArray:
    """Unsigned lottery numbers as int64 in the same order (the top bit flipped)."""
    return (numbers ^ np.uint64(1 << 63)).view(np.int64)


def compiled_deferred_acceptance(instance: Instance, numbers: np.ndarray) -> IntArray | None:
    """Per agent the pair it holds at the end (or -1); None without Numba or on a collision.

    ``numbers`` are the students' lottery numbers (`lottery.seeded`).
    """
    if not COMPILED:
        return None
    level, levels = instance.score_levels
    result, collided = _kernel()(
        instance.agent_start,
        instance.pair_unit,
        level,
        instance.agent_student,
        instance.pair_agent,
        signed(numbers),
        host_table(instance.capacity),
        levels,
    )
    return None if collided else result
