"""The max-placed objective: a min-cost maximum flow, solved exactly.

Network: source -> student (1 seat) -> unit (cost = rank of the choice) -> sink (capacity).
Successive shortest paths with Johnson potentials give, for every flow value, the cheapest
flow; run to the maximum flow it places as many students as possible and, among those
allocations, minimises the sum of ranks. Each Dijkstra is followed by as many augmentations
as the zero-reduced-cost subgraph allows (primal-dual), so the number of Dijkstra runs is
small. Scores, the lottery and reserved seats play no part, which is why the result is not
stable in general (the summary reports the blocking pairs).

Students holding a re-run guarantee keep it: their lists stop at the guaranteed unit and
placing anyone else costs an extra `penalty` per student, so among maximum allocations the
one placing the most guaranteed students wins (any such set extends to a maximum one).
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np

from ptp.matching.model import Instance, IntArray

_INF = float("inf")


class _Network:
    """Residual network state; agents (in lottery order) and units (in id order) are relabelled so
    that the choice among equally good allocations never depends on input order."""

    def __init__(self, instance: Instance, lottery: IntArray) -> None:
        m = max(instance.n_hosts, 1)
        agent_order = np.lexsort((instance.agent_window, lottery[instance.agent_student]))
        host_rank = np.empty(m, dtype=np.int64)
        host_rank[np.argsort(np.array(instance.host_ids or ("",), dtype=np.str_))] = np.arange(m)
        unit_label = (np.arange(instance.capacity.size) // m) * m + host_rank[
            np.arange(instance.capacity.size) % m
        ]
        self.unit_of_label = np.argsort(unit_label)
        self.agent_of_label = agent_order
        guaranteed = instance.guarantee >= 0
        longest = int(np.diff(instance.agent_start).max(initial=0))
        penalty = longest * instance.n_agents + 1 if guaranteed.any() else 0

        self.capacity: list[int] = instance.capacity[self.unit_of_label].tolist()
        self.edges: list[list[tuple[int, int, int]]] = []  # per agent: (unit, cost, pair)
        for agent in agent_order.tolist():
            start = int(instance.agent_start[agent])
            end = int(instance.agent_start[agent + 1])
            if guaranteed[agent]:
                end = int(instance.guarantee[agent]) + 1
            extra = 0 if guaranteed[agent] else penalty
            row = []
            for pair in range(start, end):
                unit = int(instance.pair_unit[pair])
                if self.capacity[unit_label[unit]] > 0 and not np.isnan(instance.pair_score[pair]):
                    row.append((int(unit_label[unit]), pair - start + 1 + extra, pair))
            self.edges.append(row)
        n_agents, n_units = len(self.edges), len(self.capacity)
        self.match: list[tuple[int, int, int] | None] = [None] * n_agents
        self.held_cost = [0] * n_agents  # cost of the edge in `match`, for members of a unit
        self.members: list[list[int]] = [[] for _ in range(n_units)]
        self.pot_agent = [0] * n_agents
        self.pot_unit = [0] * n_units
        self.pot_sink = 0

    def shortest_paths(self) -> bool:
        """Dijkstra on reduced costs, then the potential update; False when no path reaches the sink."""
        n_agents, n_units = len(self.edges), len(self.capacity)
        dist_agent = [_INF] * n_agents
        dist_unit = [_INF] * n_units
        heap: list[tuple[float, int, int]] = []
        for a in range(n_agents):
            if self.match[a] is None and self.edges[a]:
                dist_agent[a] = -self.pot_agent[a]
                heap.append((dist_agent[a], 0, a))
        heapq.heapify(heap)
        sink = _INF
        while heap:
            d, kind, node = heapq.heappop(heap)
            if d >= sink:
                break
            if kind == 0:
                if d > dist_agent[node]:
                    continue
                held = self.match[node]
                base = d + self.pot_agent[node]
                for edge in self.edges[node]:
                    unit = edge[0]
                    nd = base + edge[1] - self.pot_unit[unit]
                    if nd < dist_unit[unit] and edge is not held:
                        dist_unit[unit] = nd
                        heapq.heappush(heap, (nd, 1, unit))
            else:
                if d > dist_unit[node]:
                    continue
                base = d + self.pot_unit[node]
                if len(self.members[node]) < self.capacity[node]:
                    sink = min(sink, base - self.pot_sink)
                for a in self.members[node]:
                    nd = base - self.held_cost[a] - self.pot_agent[a]
                    if nd < dist_agent[a]:
                        dist_agent[a] = nd
                        heapq.heappush(heap, (nd, 0, a))
        if sink == _INF:
            return False
        limit = int(sink)
        self.pot_agent = [
            p + int(min(d, limit)) for p, d in zip(self.pot_agent, dist_agent, strict=True)
        ]
        self.pot_unit = [
            p + int(min(d, limit)) for p, d in zip(self.pot_unit, dist_unit, strict=True)
        ]
        self.pot_sink += limit
        return True

    def augment_all(self) -> int:
        """Augment along zero-reduced-cost paths until a full pass finds none; return how many."""
        total = 0
        while True:
            seen_unit = [False] * len(self.capacity)
            seen_agent = [False] * len(self.edges)
            found = 0
            for a in range(len(self.edges)):
                if (
                    self.match[a] is None
                    and self.pot_agent[a] == 0
                    and self._augment_from(a, seen_agent, seen_unit)
                ):
                    found += 1
            total += found
            if not found:
                return total

    def _augment_from(self, root: int, seen_agent: list[bool], seen_unit: list[bool]) -> bool:
        """Depth-first search for one admissible path from a free agent; apply it if found."""
        seen_agent[root] = True
        # frame: [agent, next edge to try, edge being explored, next member of its unit to try]
        stack: list[list[Any]] = [[root, 0, None, 0]]
        while stack:
            frame = stack[-1]
            agent, i, edge, j = frame
            if edge is not None:
                unit = edge[0]
                members = self.members[unit]
                while j < len(members):
                    other = members[j]
                    j += 1
                    if (
                        not seen_agent[other]
                        and self.pot_unit[unit] - self.held_cost[other] == self.pot_agent[other]
                    ):
                        seen_agent[other] = True
                        frame[3] = j
                        stack.append([other, 0, None, 0])
                        break
                else:
                    frame[2] = None
                continue
            edges = self.edges[agent]
            while i < len(edges):
                edge = edges[i]
                i += 1
                unit = edge[0]
                if seen_unit[unit] or edge is self.match[agent]:
                    continue
                if edge[1] + self.pot_agent[agent] != self.pot_unit[unit]:
                    continue
                seen_unit[unit] = True
                if (
                    len(self.members[unit]) < self.capacity[unit]
                    and self.pot_unit[unit] == self.pot_sink
                ):
                    self._apply([(f[0], f[2]) for f in stack[:-1]] + [(agent, edge)])
                    return True
                frame[1], frame[2], frame[3] = i, edge, 0
                break
            else:
                stack.pop()
        return False

    def _apply(self, path: list[tuple[int, tuple[int, int, int]]]) -> None:
        for agent, edge in path:
            held = self.match[agent]
            if held is not None:
                self.members[held[0]].remove(agent)
            self.match[agent] = edge
            self.held_cost[agent] = edge[1]
            self.members[edge[0]].append(agent)


def max_placed(instance: Instance, lottery: IntArray) -> IntArray:
    """Per agent the pair of a maximum allocation with the lowest total rank, -1 if unplaced."""
    network = _Network(instance, lottery)
    while network.shortest_paths():
        if network.augment_all() == 0:
            raise AssertionError("a shortest path exists but none was augmented")
    result = np.full(instance.n_agents, -1, dtype=np.int64)
    for label, held in enumerate(network.match):
        if held is not None:
            result[network.agent_of_label[label]] = held[2]
    return result
