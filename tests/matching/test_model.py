"""Validation of instances built from records or from arrays, and the public API surface."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ptp.matching
from ptp.matching import (
    DEFAULT_WINDOW,
    Host,
    Instance,
    InstanceError,
    Priority,
    Student,
    allocate,
    summarize,
)


def _build(students: list[Student], hosts: list[Host], priorities: list[Priority]) -> Instance:
    return Instance.build(students, hosts, priorities)


X = Host.single("X", 1)
A = Student.single("a", ["X"])


@pytest.mark.parametrize(
    ("students", "hosts", "priorities", "message"),
    [
        ([A, A], [X], [], "studente duplicato"),
        ([A], [X, X], [], "ente duplicato"),
        ([Student.single("", [])], [X], [], "vuoto"),
        ([Student.single("a", ["Z"])], [X], [], "ente sconosciuto 'Z'"),
        ([Student.single("a", ["X", "X"])], [X], [], "ripetuto"),
        ([Student("a", {DEFAULT_WINDOW: "X"})], [X], [], "non una stringa"),  # type: ignore[dict-item]
        ([A], [Host.single("X", -1)], [], "intero non negativo"),
        ([A], [Host("X", {DEFAULT_WINDOW: True})], [], "intero non negativo"),
        ([A], [Host.single("X", 1, reserved=2)], [], "più posti riservati che posti"),
        ([A], [X], [Priority("X", "zz", 1)], "uno studente sconosciuto 'zz'"),
        ([A], [X], [Priority("Q", "a", 1)], "un ente sconosciuto 'Q'"),
        ([A], [X], [Priority("X", "a", math.nan)], "punteggio non valido"),
        ([A], [X], [Priority("X", "a", "5")], "punteggio non valido"),  # type: ignore[arg-type]
        ([A], [X], [Priority("X", "a", 1), Priority("X", "a", 2)], "punteggio duplicato"),
    ],
)
def test_invalid_records(
    students: list[Student], hosts: list[Host], priorities: list[Priority], message: str
) -> None:
    with pytest.raises(InstanceError, match=message):
        _build(students, hosts, priorities)


def _arrays(**changes: object) -> dict[str, object]:
    arrays: dict[str, object] = {
        "student_ids": ["a", "b"],
        "host_ids": ["X"],
        "capacity": [1],
        "pref_start": [0, 1, 2],
        "pref_host": [0, 0],
        "prio_host": [0, 0],
        "prio_student": [0, 1],
        "prio_score": [1.0, 2.0],
    }
    arrays.update(changes)
    return arrays


def test_from_arrays_matches_build() -> None:
    instance = Instance.from_arrays(**_arrays())  # type: ignore[arg-type]
    assert next(allocate(instance, seed=0).placements()).student_id == "b"


@pytest.mark.parametrize(
    ("changes", "source", "row"),
    [
        ({"pref_host": [0, 0, 0], "pref_start": [0, 2, 3]}, "preferences", 1),
        ({"prio_host": [0, 0], "prio_student": [1, 1]}, "priorities", 1),
        ({"pref_host": [0, 5]}, "preferences", 1),
        ({"prio_student": [0, 9]}, "priorities", 1),
        ({"prio_score": [1.0, math.inf]}, "priorities", 1),
        ({"capacity": [-1]}, "hosts", None),
        ({"capacity": [1, 1]}, None, None),
        ({"pref_start": [0, 1, 3]}, None, None),
        ({"student_ids": ["a", "a"]}, None, None),
    ],
)
def test_from_arrays_rejects(
    changes: dict[str, object], source: str | None, row: int | None
) -> None:
    with pytest.raises(InstanceError) as raised:
        Instance.from_arrays(**_arrays(**changes))  # type: ignore[arg-type]
    assert (raised.value.source, raised.value.row) == (source, row)


def test_summary_and_empty_instances() -> None:
    empty = _build([], [], [])
    allocation = allocate(empty, seed=0)
    assert list(allocation.placements()) == []
    assert summarize(allocation).applications == 0
    lonely = _build([Student.single("a", [])], [], [])
    summary = summarize(allocate(lonely, seed=0))
    assert (summary.placed, summary.unplaced, summary.blocking_pairs) == (0, 1, 0)
    assert "Collocati: 0 (0,0%)" in summary.lines()


def test_public_api() -> None:
    assert set(ptp.matching.__all__) >= {
        "Instance",
        "allocate",
        "check",
        "explain",
        "Allocation",
        "Violation",
    }
    instance = _build([A], [X], [Priority("X", "a", 1)])
    allocation = allocate(instance, seed=3)
    assert allocation.placement("a", DEFAULT_WINDOW) is not None
    assert allocation.seed == 3
    assert isinstance(allocation.lottery, np.ndarray)
