"""The three input files of the command line, validated row by row into an `Instance`.

- ``hosts.csv``: ``host_id,capacity`` — a non-negative integer number of seats.
- ``students.csv``: ``student_id,preferences`` — host ids separated by ``;``, best first; an
  empty list is valid (the student stays unplaced).
- ``priorities.csv``: ``host_id,student_id,score`` — a finite number, higher wins; a missing
  pair means the host does not accept the student. Listing a host that does not accept you is
  valid: you are simply rejected there. Scores for hosts a student did not list are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ptp.matching.build import first_duplicate
from ptp.matching.files.chunks import InputError
from ptp.matching.files.index import StringIndex
from ptp.matching.files.reader import read_chunks
from ptp.matching.model import FloatArray, Instance, InstanceError, IntArray

HOSTS_HEADER = ("host_id", "capacity")
STUDENTS_HEADER = ("student_id", "preferences")
PRIORITIES_HEADER = ("host_id", "student_id", "score")
_MAX_DIGITS = 9


def _capacity_error(value: str) -> str:
    if value.startswith("-") and value[1:].isascii() and value[1:].isdigit():
        return f"capacità negativa «{value}»"
    if value.isascii() and value.isdigit():
        return f"capacità troppo grande «{value}»"
    return f"capacità non intera «{value}»"


def _valid_count(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS


def _unique(path: Path, ids: list[str], lines: list[int], what: str) -> StringIndex:
    """The index of ids that must be unique; a repeated id stops with its line."""
    positions = dict(zip(ids, range(len(ids)), strict=True))
    if len(positions) != len(ids):
        seen: dict[str, int] = {}
        for row, value in enumerate(ids):
            if value in seen:
                raise InputError(
                    path,
                    lines[row],
                    f"{what} «{value}» duplicato (già alla riga {lines[seen[value]]})",
                )
            seen[value] = row
    return StringIndex(ids, positions)


def read_hosts(path: Path) -> tuple[list[str], IntArray, StringIndex]:
    """Host ids, capacities and the id index from hosts.csv."""
    ids: list[str] = []
    lines: list[int] = []
    capacities: list[IntArray] = []
    for chunk in read_chunks(path, HOSTS_HEADER):
        if (row := chunk.empty_row(0)) is not None:
            raise chunk.fail(row, "host_id vuoto")
        seats = chunk.strings(1)
        joined = "".join(seats)
        if (
            "" in seats
            or not (joined.isascii() and joined.isdigit())
            or max(map(len, seats)) > _MAX_DIGITS
        ):
            row = next(i for i, value in enumerate(seats) if not _valid_count(value))
            raise chunk.fail(row, _capacity_error(seats[row]))
        ids.extend(chunk.strings(0))
        lines.extend(chunk.lines.tolist())
        capacities.append(np.array(seats, dtype=np.int64))
    index = _unique(path, ids, lines, "ente")
    return ids, np.concatenate(capacities) if capacities else np.zeros(0, np.int64), index


def read_students(
    path: Path, hosts: StringIndex
) -> tuple[list[str], IntArray, IntArray, list[int], StringIndex]:
    """Student ids, the CSR start of each list, the listed host indices, each student's line and the id index."""
    ids: list[str] = []
    lines: list[int] = []
    lengths: list[IntArray] = []
    listed: list[IntArray] = []
    for chunk in read_chunks(path, STUDENTS_HEADER):
        if (row := chunk.empty_row(0)) is not None:
            raise chunk.fail(row, "student_id vuoto")
        length, found = chunk.id_lists(1, ";", hosts, "ente")
        ids.extend(chunk.strings(0))
        lines.extend(chunk.lines.tolist())
        lengths.append(length)
        listed.append(found)
    index = _unique(path, ids, lines, "studente")
    start = np.zeros(len(ids) + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=start[1:])
    flat = np.concatenate(listed) if listed else np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(ids), dtype=np.int64), np.diff(start))
    repeated = first_duplicate(owner * max(len(hosts.ids), 1) + flat)
    if repeated is not None:
        student = int(owner[repeated])
        host = hosts.ids[int(flat[repeated])]
        raise InputError(path, lines[student], f"ente «{host}» ripetuto nella lista")
    return ids, start, flat, lines, index


def read_priorities(
    path: Path, hosts: StringIndex, students: StringIndex
) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    """Host indices, student indices, scores and line numbers from priorities.csv."""
    parts: list[tuple[IntArray, IntArray, FloatArray, IntArray]] = []
    for chunk in read_chunks(path, PRIORITIES_HEADER):
        for column, name in ((0, "host_id"), (1, "student_id")):
            if (row := chunk.empty_row(column)) is not None:
                raise chunk.fail(row, f"{name} vuoto")
        parts.append(
            (
                chunk.ids(0, hosts, "ente"),
                chunk.ids(1, students, "studente"),
                chunk.numbers(2, "punteggio"),
                chunk.lines,
            )
        )
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), empty
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
        np.concatenate([part[3] for part in parts]),
    )


def load_instance(students_path: Path, hosts_path: Path, priorities_path: Path) -> Instance:
    """Read and validate the three files into a single-window instance."""
    host_ids, capacity, hosts = read_hosts(hosts_path)
    student_ids, start, listed, student_lines, students = read_students(students_path, hosts)
    q_host, q_student, q_score, q_lines = read_priorities(priorities_path, hosts, students)
    del hosts, students
    try:
        return Instance.from_arrays(
            student_ids=student_ids,
            host_ids=host_ids,
            capacity=capacity,
            pref_start=start,
            pref_host=listed,
            prio_host=q_host,
            prio_student=q_student,
            prio_score=q_score,
        )
    except InstanceError as error:
        raise _locate(
            error, students_path, priorities_path, start, student_lines, q_lines
        ) from None


def _locate(
    error: InstanceError,
    students_path: Path,
    priorities_path: Path,
    start: IntArray,
    student_lines: Sequence[int],
    priority_lines: IntArray,
) -> InputError:
    """Turn an array-level error into one naming the file and line."""
    if error.source == "preferences" and error.row is not None:
        student = int(np.searchsorted(start, error.row, side="right")) - 1
        return InputError(students_path, student_lines[student], str(error))
    if error.source == "priorities" and error.row is not None:
        return InputError(priorities_path, int(priority_lines[error.row]), str(error))
    return InputError(students_path, None, str(error))
