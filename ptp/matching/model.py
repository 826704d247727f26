"""The allocation problem: students, hosts, windows, scores and previous placements.

An `Instance` is stored in integer-indexed arrays so that the engine, the checker and the
explanations never look an id up in a dict per proposal. Vocabulary used in the arrays:

- a *unit* is one host in one window (``unit = window * n_hosts + host``);
- an *agent* is one student in one window, with a ranked list of units;
- a *pair* is one entry of an agent's list; ``pair_score`` is NaN when the host does not
  accept that student (no priority given).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

DEFAULT_WINDOW = "unica"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class InstanceError(ValueError):
    """Invalid input; `source` and `row` locate the offending record when known."""

    def __init__(self, message: str, *, source: str | None = None, row: int | None = None):
        super().__init__(message)
        self.source = source
        self.row = row


@dataclass(frozen=True, slots=True)
class Student:
    """A student with one ranked list of host ids per window, most preferred first."""

    id: str
    preferences: Mapping[str, Sequence[str]]
    group: bool = False

    @classmethod
    def single(cls, id: str, preferences: Sequence[str], *, group: bool = False) -> Student:
        """Build a student who applies only in the default window."""
        return cls(id, {DEFAULT_WINDOW: tuple(preferences)}, group)


@dataclass(frozen=True, slots=True)
class Host:
    """A host offering `seats[window]` seats, `reserved[window]` of them reserved for the group."""

    id: str
    seats: Mapping[str, int]
    reserved: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def single(cls, id: str, seats: int, *, reserved: int = 0) -> Host:
        """Build a host that offers seats only in the default window."""
        return cls(id, {DEFAULT_WINDOW: seats}, {DEFAULT_WINDOW: reserved} if reserved else {})


@dataclass(frozen=True, slots=True)
class Priority:
    """The host accepts the student with this score; a higher score wins."""

    host_id: str
    student_id: str
    score: float


@dataclass(frozen=True, slots=True)
class Placement:
    """A student placed at a host in a window; `rank` is 1 for the first choice."""

    student_id: str
    window: str
    host_id: str
    rank: int = 0


@dataclass(frozen=True, eq=False)
class Instance:
    """A validated allocation problem in array form; build it with `build` or `from_arrays`."""

    student_ids: tuple[str, ...]
    host_ids: tuple[str, ...]
    windows: tuple[str, ...]
    group: BoolArray  # per student: eligible for reserved seats
    capacity: IntArray  # per unit
    reserved: IntArray  # per unit, never above capacity
    agent_student: IntArray  # per agent
    agent_window: IntArray  # per agent
    agent_start: IntArray  # per agent + 1: the agent's pairs are agent_start[a]:agent_start[a+1]
    pair_unit: IntArray  # per pair
    pair_score: FloatArray  # per pair, NaN when the host does not accept the student
    guarantee: IntArray  # per agent: pair kept from a previous allocation, -1 if none

    @property
    def n_students(self) -> int:
        """Number of students."""
        return len(self.student_ids)

    @property
    def n_hosts(self) -> int:
        """Number of hosts."""
        return len(self.host_ids)

    @property
    def n_agents(self) -> int:
        """Number of (student, window) applications."""
        return len(self.agent_student)

    @property
    def n_pairs(self) -> int:
        """Number of listed choices over all applications."""
        return len(self.pair_unit)

    @cached_property
    def pair_agent(self) -> IntArray:
        """The agent owning each pair."""
        return np.repeat(np.arange(self.n_agents, dtype=np.int64), np.diff(self.agent_start))

    @cached_property
    def pair_student(self) -> IntArray:
        """The student owning each pair."""
        return self.agent_student[self.pair_agent]

    @cached_property
    def student_hash(self) -> npt.NDArray[np.uint64]:
        """Per student the seed-independent hash of the id, from which every lottery is drawn."""
        from ptp.matching.lottery import id_hashes

        return id_hashes(self.student_ids)

    @cached_property
    def score_levels(self) -> tuple[IntArray, int]:
        """Per pair its score level (0 = the highest score) and the number of levels.

        A pair the host does not accept gets the level one past the last.
        """
        return score_levels(self.pair_score)

    def prepare(self) -> Instance:
        """Compute once, while the instance is built, what every allocation of it reads."""
        for name in ("pair_agent", "pair_student", "student_hash", "score_levels"):
            getattr(self, name)
        return self

    @cached_property
    def student_index(self) -> dict[str, int]:
        """Student id to index."""
        return {sid: i for i, sid in enumerate(self.student_ids)}

    @cached_property
    def host_index(self) -> dict[str, int]:
        """Host id to index."""
        return {hid: i for i, hid in enumerate(self.host_ids)}

    @cached_property
    def window_index(self) -> dict[str, int]:
        """Window id to index."""
        return {w: i for i, w in enumerate(self.windows)}

    @cached_property
    def agent_index(self) -> dict[tuple[int, int], int]:
        """(student index, window index) to agent."""
        keys = zip(self.agent_student.tolist(), self.agent_window.tolist(), strict=True)
        return {key: a for a, key in enumerate(keys)}

    def unit_of(self, host: int, window: int) -> int:
        """The unit of a host in a window."""
        return window * self.n_hosts + host

    def agents_of(self, student_id: str) -> list[int]:
        """The agents (one per window) of a student, in window order."""
        student = self.student_index[student_id]
        return [
            a
            for w in range(len(self.windows))
            if (a := self.agent_index.get((student, w))) is not None
        ]

    @classmethod
    def build(
        cls,
        students: Iterable[Student],
        hosts: Iterable[Host],
        priorities: Iterable[Priority],
        *,
        guarantees: Iterable[Placement] = (),
    ) -> Instance:
        """Validate records and build an instance; guarantees naming a vanished student or host are skipped."""
        from ptp.matching.build import build_instance

        return build_instance(students, hosts, priorities, guarantees)

    @classmethod
    def from_arrays(
        cls,
        *,
        student_ids: Sequence[str],
        host_ids: Sequence[str],
        capacity: npt.ArrayLike,
        pref_start: npt.ArrayLike,
        pref_host: npt.ArrayLike,
        prio_host: npt.ArrayLike,
        prio_student: npt.ArrayLike,
        prio_score: npt.ArrayLike,
        reserved: npt.ArrayLike | None = None,
        group: npt.ArrayLike | None = None,
    ) -> Instance:
        """Build a single-window instance from index arrays (the fast path for large inputs)."""
        from ptp.matching.build import instance_from_arrays

        return instance_from_arrays(
            student_ids=student_ids,
            host_ids=host_ids,
            capacity=capacity,
            pref_start=pref_start,
            pref_host=pref_host,
            prio_host=prio_host,
            prio_student=prio_student,
            prio_score=prio_score,
            reserved=reserved,
            group=group,
        )


_SMALL_RANGE = 1 << 24  # integral scores spanning fewer values skip the sort in np.unique


def score_levels(score: FloatArray) -> tuple[IntArray, int]:
    """Rank scores from the highest (level 0); NaN (not accepted) gets the level past the last."""
    accepted = ~np.isnan(score)
    if not accepted.any():
        return np.ones(score.size, dtype=np.int64), 1
    top = float(np.max(score, where=accepted, initial=-np.inf))
    bottom = float(np.min(score, where=accepted, initial=np.inf))
    filled = np.where(accepted, score, top)
    if top - bottom < _SMALL_RANGE and np.array_equal(filled, np.rint(filled)):
        level = (top - filled).astype(np.int64)
        levels = int(top - bottom) + 1
    else:
        distinct, inverse = np.unique(filled, return_inverse=True)
        level = (distinct.size - 1 - inverse).astype(np.int64)
        levels = int(distinct.size)
    level[~accepted] = levels
    return level, levels


def check_score(score: float) -> bool:
    """A score is valid when it is a finite number."""
    return isinstance(score, int | float) and not isinstance(score, bool) and math.isfinite(score)
