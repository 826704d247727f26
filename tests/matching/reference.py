"""Slow, obviously-correct reference implementations written from the definitions.

They share nothing with the engine but the instance arrays and the lottery, so agreement on
random instances is evidence that the vectorised code is right.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ptp.matching import Instance

Key = tuple[int, float, int]  # (0 if guaranteed else 1, -score, lottery): smaller is stronger


def pair_key(instance: Instance, lottery: np.ndarray, pair: int) -> Key:
    """Priority of a pair, straight from the definition."""
    agent = int(instance.pair_agent[pair])
    kept = 0 if instance.guarantee[agent] == pair else 1
    student = int(instance.agent_student[agent])
    return (kept, -float(instance.pair_score[pair]), int(lottery[student]))


def in_group(instance: Instance, pair: int) -> bool:
    """Group members, and holders of a guarantee on this pair, compete for reserved seats."""
    agent = int(instance.pair_agent[pair])
    return bool(instance.group[instance.agent_student[agent]]) or instance.guarantee[agent] == pair


def choose(instance: Instance, lottery: np.ndarray, unit: int, pairs: list[int]) -> set[int]:
    """Open seats to the best, then reserved seats to the best group members, then the rest."""
    seats, reserved = int(instance.capacity[unit]), int(instance.reserved[unit])
    ranked = sorted(pairs, key=lambda p: pair_key(instance, lottery, p))
    chosen = ranked[: seats - reserved]
    rest = ranked[seats - reserved :]
    group = [p for p in rest if in_group(instance, p)][:reserved]
    others = [p for p in rest if not in_group(instance, p)][: reserved - len(group)]
    return set(chosen) | set(group) | set(others)


def options(instance: Instance, agent: int) -> list[int]:
    """Pairs an agent may be placed at: listed, accepted, within a guarantee's truncation."""
    start, end = int(instance.agent_start[agent]), int(instance.agent_start[agent + 1])
    if instance.guarantee[agent] >= 0:
        end = int(instance.guarantee[agent]) + 1
    return [p for p in range(start, end) if not math.isnan(instance.pair_score[p])]


def blocking(instance: Instance, lottery: np.ndarray, assignment: list[int]) -> set[int]:
    """Pairs (student, unit) that both prefer each other to the assignment (pair or -1 per agent)."""
    members: dict[int, list[int]] = {}
    for p in assignment:
        if p >= 0:
            members.setdefault(int(instance.pair_unit[p]), []).append(p)
    found = set()
    for agent, held in enumerate(assignment):
        for p in options(instance, agent):
            if held >= 0 and p >= held:
                break
            unit = int(instance.pair_unit[p])
            current = members.get(unit, [])
            if instance.capacity[unit] > 0 and p in choose(instance, lottery, unit, [*current, p]):
                found.add(p)
    return found


def all_assignments(instance: Instance) -> list[list[int]]:
    """Every capacity-respecting assignment of agents to their options (or nothing)."""
    result = []
    choices = [[-1, *options(instance, a)] for a in range(instance.n_agents)]
    for combo in itertools.product(*choices):
        load: dict[int, int] = {}
        for p in combo:
            if p >= 0:
                unit = int(instance.pair_unit[p])
                load[unit] = load.get(unit, 0) + 1
        if all(load[u] <= instance.capacity[u] for u in load):
            result.append(list(combo))
    return result


def student_optimal(instance: Instance, lottery: np.ndarray) -> list[int]:
    """The stable assignment every agent weakly prefers to all other stable ones (by enumeration)."""
    stable = [a for a in all_assignments(instance) if not blocking(instance, lottery, a)]
    assert stable, "a stable assignment always exists"

    def rank(p: int, agent: int) -> int:
        return p - int(instance.agent_start[agent]) if p >= 0 else 10**9

    best = [min(rank(s[a], a) for s in stable) for a in range(instance.n_agents)]
    optimal = [s for s in stable if all(rank(s[a], a) == best[a] for a in range(instance.n_agents))]
    assert len(optimal) == 1, "the student-optimal stable assignment is unique"
    return optimal[0]


def max_placed_value(instance: Instance) -> tuple[int, int, int]:
    """(-guaranteed placed, -placed, total rank) of the lexicographic optimum, by enumeration."""
    best = None
    for assignment in all_assignments(instance):
        placed = [(a, p) for a, p in enumerate(assignment) if p >= 0]
        kept = sum(1 for a, _ in placed if instance.guarantee[a] >= 0)
        total = sum(p - int(instance.agent_start[a]) + 1 for a, p in placed)
        value = (-kept, -len(placed), total)
        best = value if best is None or value < best else best
    assert best is not None
    return best
