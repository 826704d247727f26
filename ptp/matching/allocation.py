"""The result of a round and the `allocate` entry point."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ptp.matching.compiled import applies, compiled_deferred_acceptance
from ptp.matching.deferred import deferred_acceptance
from ptp.matching.keys import Keys, priority_keys
from ptp.matching.lottery import draw, seeded
from ptp.matching.model import Instance, InstanceError, IntArray, Placement

if TYPE_CHECKING:
    from ptp.matching.check import Standing


class Objective(enum.StrEnum):
    """What the allocation optimises."""

    STABLE = "stable"  # student-optimal stable allocation (deferred acceptance)
    MAX_PLACED = "max-placed"  # most students placed, then lowest total rank; may be unstable


@dataclass(frozen=True, eq=False)
class Allocation:
    """Per agent (student in a window) the unit it is placed at, or -1, and the seed of its lottery."""

    instance: Instance
    agent_unit: IntArray
    seed: int
    objective: Objective

    @cached_property
    def lottery(self) -> IntArray:
        """Per student the lottery rank under this allocation's seed (0 wins every tie)."""
        instance = self.instance
        return draw(self.seed, instance.student_ids, seeded(self.seed, instance.student_hash))

    @cached_property
    def keys(self) -> Keys:
        """Priority keys of every pair under this allocation's lottery."""
        return priority_keys(self.instance, self.lottery)

    @cached_property
    def agent_pair(self) -> IntArray:
        """Per agent the pair (list entry) it is placed at, -1 if unplaced or not on its list."""
        instance = self.instance
        placed_unit = self.agent_unit[instance.pair_agent]
        on_list = np.flatnonzero(instance.pair_unit == placed_unit)
        pair = np.full(instance.n_agents, -1, dtype=np.int64)
        pair[instance.pair_agent[on_list]] = on_list
        return pair

    @cached_property
    def standing(self) -> Standing:
        """Admitted students and cutoffs of every unit, shared by the checker and the explanations."""
        from ptp.matching.check import standing

        return standing(self)

    @cached_property
    def agent_rank(self) -> IntArray:
        """Per agent the rank of its placement (1 = first choice), 0 if unplaced or off its list."""
        pair = self.agent_pair
        starts = self.instance.agent_start[:-1]
        return np.where(pair >= 0, pair - starts + 1, 0)

    def placement(self, student_id: str, window: str | None = None) -> Placement | None:
        """Where a student is placed in a window (the only window when omitted), or None."""
        instance = self.instance
        w = 0 if window is None else instance.window_index[window]
        agent = instance.agent_index.get((instance.student_index[student_id], w))
        if agent is None or self.agent_unit[agent] < 0:
            return None
        host = int(self.agent_unit[agent]) % max(instance.n_hosts, 1)
        return Placement(
            student_id, instance.windows[w], instance.host_ids[host], int(self.agent_rank[agent])
        )

    def placements(self) -> Iterator[Placement]:
        """Every placement, in agent order (students in input order, windows sorted)."""
        instance = self.instance
        m = max(instance.n_hosts, 1)
        ranks = self.agent_rank.tolist()
        for agent in np.flatnonzero(self.agent_unit >= 0).tolist():
            unit = int(self.agent_unit[agent])
            yield Placement(
                instance.student_ids[instance.agent_student[agent]],
                instance.windows[unit // m],
                instance.host_ids[unit % m],
                ranks[agent],
            )

    @classmethod
    def from_placements(
        cls,
        instance: Instance,
        placements: Iterable[Placement],
        *,
        seed: int,
        objective: Objective = Objective.STABLE,
    ) -> Allocation:
        """Rebuild an allocation (e.g. stored by the web application) so that it can be checked or explained."""
        agent_unit = np.full(instance.n_agents, -1, dtype=np.int64)
        for row, p in enumerate(placements):
            try:
                student = instance.student_index[p.student_id]
                window = instance.window_index[p.window]
                host = instance.host_index[p.host_id]
            except KeyError as missing:
                raise InstanceError(
                    f"id sconosciuto {missing}", source="placements", row=row
                ) from None
            agent = instance.agent_index.get((student, window))
            if agent is None:
                raise InstanceError(
                    f"{p.student_id!r} non ha fatto domanda nella finestra {p.window!r}",
                    source="placements",
                    row=row,
                )
            if agent_unit[agent] >= 0:
                raise InstanceError(
                    f"{p.student_id!r} collocato due volte nella finestra {p.window!r}",
                    source="placements",
                    row=row,
                )
            agent_unit[agent] = instance.unit_of(host, window)
        return cls(instance, agent_unit, seed, objective)


def allocate(
    instance: Instance, *, seed: int, objective: Objective = Objective.STABLE
) -> Allocation:
    """Allocate students to hosts: stable (student-optimal) by default, or most placed on request."""
    objective = Objective(objective)
    numbers = seeded(seed, instance.student_hash)
    if objective is Objective.STABLE and applies(instance):
        pair = compiled_deferred_acceptance(instance, numbers)
        if pair is not None:
            return _placed(instance, pair, seed, objective)
    lottery = draw(seed, instance.student_ids, numbers)
    if objective is Objective.STABLE:
        keys = priority_keys(instance, lottery)
        allocation = _placed(instance, deferred_acceptance(instance, keys), seed, objective)
        allocation.__dict__["keys"] = keys
    else:
        from ptp.matching.flow import max_placed

        allocation = _placed(instance, max_placed(instance, lottery), seed, objective)
    allocation.__dict__["lottery"] = lottery
    return allocation


def _placed(instance: Instance, pair: IntArray, seed: int, objective: Objective) -> Allocation:
    """The allocation in which each agent holds `pair` (-1 when unplaced)."""
    unit = np.full(instance.n_agents, -1, dtype=np.int64)
    unit[pair >= 0] = instance.pair_unit[pair[pair >= 0]]
    allocation = Allocation(instance, unit, seed, objective)
    # already known: spare the lookup that an allocation read from outside needs
    allocation.__dict__["agent_pair"] = pair
    return allocation
