"""A chunk of CSV rows, held either as Python strings or as byte spans of one buffer.

Both kinds answer the same questions (ids to indices, numbers, lists of ids) and raise the
same `InputError`s, so the table readers do not care which one they get.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from itertools import repeat
from pathlib import Path

import numpy as np

from ptp.matching.files.index import StringIndex
from ptp.matching.files.spans import Bytes, parse_decimals, words_of
from ptp.matching.model import FloatArray, IntArray


class InputError(Exception):
    """A malformed input file; the message names the file, the line and the reason (in Italian)."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        where = f"{path}, riga {line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class Chunk(ABC):
    """Consecutive data rows of one file, with the line number of each row."""

    def __init__(self, path: Path, lines: IntArray) -> None:
        self.path = path
        self.lines = lines

    def fail(self, row: int, reason: str) -> InputError:
        """The error for a row of this chunk."""
        return InputError(self.path, int(self.lines[row]), reason)

    @abstractmethod
    def strings(self, column: int) -> list[str]:
        """The values of a column."""

    @abstractmethod
    def empty_row(self, column: int) -> int | None:
        """The first row whose value in the column is empty, or None."""

    @abstractmethod
    def ids(self, column: int, index: StringIndex, what: str) -> IntArray:
        """Indices of the ids in a column; an unknown id stops with its row."""

    @abstractmethod
    def id_lists(
        self, column: int, separator: str, index: StringIndex, what: str
    ) -> tuple[IntArray, IntArray]:
        """Per row the number of ids in a separated list, and the flat indices of all listed ids."""

    def numbers(self, column: int, what: str) -> FloatArray:
        """The finite numbers of a column; anything else stops with its row."""
        values = self.strings(column)
        try:
            numbers = np.array(list(map(float, values)), dtype=np.float64)
        except ValueError:
            for row, value in enumerate(values):
                try:
                    float(value)
                except ValueError:
                    raise self.fail(row, f"{what} non numerico «{value}»") from None
            raise
        bad = np.flatnonzero(~np.isfinite(numbers))
        if bad.size:
            raise self.fail(int(bad[0]), f"{what} non finito «{values[int(bad[0])]}»")
        return numbers


class TextChunk(Chunk):
    """Rows already split into stripped strings (small, irregular or quoted files)."""

    def __init__(self, path: Path, lines: IntArray, columns: list[list[str]]) -> None:
        super().__init__(path, lines)
        self.columns = columns

    def strings(self, column: int) -> list[str]:
        """The values of a column."""
        return self.columns[column]

    def empty_row(self, column: int) -> int | None:
        """The first row whose value in the column is empty, or None."""
        values = self.columns[column]
        return values.index("") if "" in values else None

    def ids(self, column: int, index: StringIndex, what: str) -> IntArray:
        """Indices of the ids in a column; an unknown id stops with its row."""
        values = self.columns[column]
        found, unknown = index.lookup(values)
        if unknown is not None:
            raise self.fail(unknown, f"{what} sconosciuto «{values[unknown]}»")
        return found

    def id_lists(
        self, column: int, separator: str, index: StringIndex, what: str
    ) -> tuple[IntArray, IntArray]:
        """Per row the number of ids in a separated list, and the flat indices of all listed ids."""
        values = self.columns[column]
        counts = np.fromiter(
            map(str.count, values, repeat(separator)), dtype=np.int64, count=len(values)
        )
        filled = np.fromiter(map(bool, values), dtype=np.bool_, count=len(values))
        lengths = np.where(filled, counts + 1, 0)
        joined = separator.join(filter(None, values))
        flat = joined.split(separator) if joined else []
        if " " in joined or "\t" in joined:
            flat = [value.strip() for value in flat]
        ends = np.cumsum(lengths)
        if "" in flat:
            row = int(np.searchsorted(ends, flat.index(""), side="right"))
            raise self.fail(row, f"id di {what} vuoto nella lista")
        found, unknown = index.lookup(flat)
        if unknown is not None:
            row = int(np.searchsorted(ends, unknown, side="right"))
            raise self.fail(row, f"{what} sconosciuto «{flat[unknown]}»")
        return lengths, found


class ByteChunk(Chunk):
    """Clean rows kept as spans of the raw buffer: no Python string per field."""

    def __init__(
        self, path: Path, lines: IntArray, raw: bytes, start: IntArray, end: IntArray
    ) -> None:
        super().__init__(path, lines)
        self.raw = raw
        self.data: Bytes = np.frombuffer(raw, dtype=np.uint8)
        self.words = words_of(raw)
        self.start = start  # (rows, columns)
        self.end = end

    def strings(self, column: int) -> list[str]:
        """The values of a column."""
        raw = self.raw
        return [
            raw[s:e].decode()
            for s, e in zip(
                self.start[:, column].tolist(), self.end[:, column].tolist(), strict=True
            )
        ]

    def empty_row(self, column: int) -> int | None:
        """The first row whose value in the column is empty, or None."""
        empty = np.flatnonzero(self.start[:, column] == self.end[:, column])
        return int(empty[0]) if empty.size else None

    def ids(self, column: int, index: StringIndex, what: str) -> IntArray:
        """Indices of the ids in a column; an unknown id stops with its row."""
        start, end = self.start[:, column], self.end[:, column]
        found, unknown = index.lookup_spans(self.raw, self.words, start, end)
        if unknown is not None:
            value = self.raw[int(start[unknown]) : int(end[unknown])].decode()
            raise self.fail(unknown, f"{what} sconosciuto «{value}»")
        return found

    def id_lists(
        self, column: int, separator: str, index: StringIndex, what: str
    ) -> tuple[IntArray, IntArray]:
        """Per row the number of ids in a separated list, and the flat indices of all listed ids."""
        start, end = self.start[:, column], self.end[:, column]
        marks = np.flatnonzero(self.data == ord(separator))
        owner = np.searchsorted(start, marks, side="right") - 1
        inside = (owner >= 0) & (marks < end[np.maximum(owner, 0)])
        marks = marks[inside]
        filled = end > start
        lengths = np.where(filled, np.bincount(owner[inside], minlength=start.size) + 1, 0)
        item_start = np.sort(np.concatenate((start[filled], marks + 1)))
        item_end = np.sort(np.concatenate((marks, end[filled])))
        ends = np.cumsum(lengths)
        empty = np.flatnonzero(item_start == item_end)
        if empty.size:
            raise self.fail(
                int(np.searchsorted(ends, empty[0], side="right")),
                f"id di {what} vuoto nella lista",
            )
        found, unknown = index.lookup_spans(self.raw, self.words, item_start, item_end)
        if unknown is not None:
            row = int(np.searchsorted(ends, unknown, side="right"))
            value = self.raw[int(item_start[unknown]) : int(item_end[unknown])].decode()
            raise self.fail(row, f"{what} sconosciuto «{value}»")
        return lengths, found

    def numbers(self, column: int, what: str) -> FloatArray:
        """The finite numbers of a column; anything else stops with its row."""
        parsed = parse_decimals(self.data, self.start[:, column], self.end[:, column])
        return parsed if parsed is not None else super().numbers(column, what)
