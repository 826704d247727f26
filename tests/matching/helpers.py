"""Small builders shared by the matching tests."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence

from ptp.matching import Host, Instance, Placement, Priority, Student


def single(
    preferences: Mapping[str, Sequence[str]],
    seats: Mapping[str, int],
    scores: Mapping[tuple[str, str], float],
    *,
    group: Iterable[str] = (),
    reserved: Mapping[str, int] | None = None,
    guarantees: Iterable[Placement] = (),
) -> Instance:
    """A one-window instance from plain dicts: scores are keyed by (host, student)."""
    members = set(group)
    held = reserved or {}
    return Instance.build(
        [Student.single(s, prefs, group=s in members) for s, prefs in preferences.items()],
        [Host.single(h, n, reserved=held.get(h, 0)) for h, n in seats.items()],
        [Priority(h, s, score) for (h, s), score in scores.items()],
        guarantees=guarantees,
    )


def hosts_of(allocation_placements: Iterable[Placement]) -> dict[str, str]:
    """Student id to host id, for one-window allocations."""
    return {p.student_id: p.host_id for p in allocation_placements}


def records(instance: Instance) -> tuple[list[Student], list[Host], list[Priority]]:
    """Turn an instance back into records (used to rebuild it in another order)."""
    m = instance.n_hosts
    students = []
    for s, student_id in enumerate(instance.student_ids):
        preferences = {}
        for w, window in enumerate(instance.windows):
            agent = instance.agent_index.get((s, w))
            if agent is not None:
                start, end = instance.agent_start[agent], instance.agent_start[agent + 1]
                preferences[window] = tuple(
                    instance.host_ids[u % m] for u in instance.pair_unit[start:end]
                )
        students.append(Student(student_id, preferences, bool(instance.group[s])))
    hosts = [
        Host(
            host_id,
            {w: int(instance.capacity[i * m + h]) for i, w in enumerate(instance.windows)},
            {w: int(instance.reserved[i * m + h]) for i, w in enumerate(instance.windows)},
        )
        for h, host_id in enumerate(instance.host_ids)
    ]
    seen = {}
    for pair, score in enumerate(instance.pair_score.tolist()):
        if not math.isnan(score):
            student = instance.student_ids[instance.agent_student[instance.pair_agent[pair]]]
            seen[instance.host_ids[instance.pair_unit[pair] % m], student] = score
    priorities = [Priority(h, s, score) for (h, s), score in seen.items()]
    return students, hosts, priorities


def shuffled_instance(
    students: list[Student], hosts: list[Host], priorities: list[Priority], rng: random.Random
) -> Instance:
    """The same records in a random order."""
    students, hosts, priorities = students[:], hosts[:], priorities[:]
    for rows in (students, hosts, priorities):
        rng.shuffle(rows)
    return Instance.build(students, hosts, priorities)
