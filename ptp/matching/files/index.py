"""Id-to-index lookups for millions of references, from strings or from byte spans.

Span lookups hash the bytes (8 at a time), find the candidate in an open-addressing hash table
(one or two random reads instead of a binary search), then compare the bytes exactly, so a hash
collision can never map an unknown id onto a known one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ptp.matching.files.spans import Hashes, Words, span_hash, spans_equal, words_of
from ptp.matching.model import IntArray


@dataclass(frozen=True, eq=False)
class _Table:
    """Known ids as spans of one buffer, and a linear-probing table of their hashes."""

    words: Words
    start: IntArray
    end: IntArray
    slot_hash: Hashes
    slot_item: IntArray  # -1 for an empty slot
    shift: np.uint64

    def candidates(self, hashes: Hashes) -> IntArray:
        """The known item with the same hash as each query, or -1."""
        found = np.full(hashes.size, -1, dtype=np.int64)
        pending = np.arange(hashes.size)
        slot = (hashes >> self.shift).astype(np.int64)
        last = self.slot_item.size - 1
        while pending.size:
            item = self.slot_item[slot]
            hit = (item >= 0) & (self.slot_hash[slot] == hashes[pending])
            found[pending[hit]] = item[hit]
            going_on = (item >= 0) & ~hit
            pending, slot = pending[going_on], (slot[going_on] + 1) & last
        return found


def _build_table(ids: Sequence[str]) -> _Table | None:
    encoded = [value.encode() for value in ids]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    end = np.cumsum(lengths)
    start = end - lengths
    words = words_of(b"".join(encoded))
    hashes = span_hash(words, start, end)
    ordered = np.sort(hashes)
    if np.any(ordered[1:] == ordered[:-1]):
        return None  # two known ids share a hash: the dict will do
    bits = max(4, int(2 * len(ids)).bit_length())
    size = 1 << bits
    slot_hash = np.zeros(size, dtype=np.uint64)
    slot_item = np.full(size, -1, dtype=np.int64)
    shift = np.uint64(64 - bits)
    pending = np.arange(len(ids))
    slot = (hashes >> shift).astype(np.int64)
    while pending.size:
        free = slot_item[slot] < 0
        taken, first = np.unique(slot[free], return_index=True)
        winners = pending[free][first]
        slot_item[taken] = winners
        slot_hash[taken] = hashes[winners]
        placed = np.zeros(len(ids), dtype=np.bool_)
        placed[winners] = True
        losing = ~placed[pending]
        pending, slot = pending[losing], (slot[losing] + 1) & (size - 1)
    return _Table(words, start, end, slot_hash, slot_item, shift)


class StringIndex:
    """Positions of known ids, looked up from Python strings or from byte spans."""

    def __init__(self, ids: Sequence[str], positions: dict[str, int]) -> None:
        self.ids = ids
        self.positions = positions

    @cached_property
    def _table(self) -> _Table | None:
        return _build_table(self.ids)

    def lookup(self, values: list[str]) -> tuple[IntArray, int | None]:
        """Indices of `values` and the position of the first unknown one (None if all are known)."""
        try:
            return np.array(list(map(self.positions.__getitem__, values)), dtype=np.int64), None
        except KeyError:
            unknown = next(i for i, value in enumerate(values) if value not in self.positions)
            return np.zeros(0, dtype=np.int64), unknown

    def lookup_spans(
        self, raw: bytes, words: Words, start: IntArray, end: IntArray
    ) -> tuple[IntArray, int | None]:
        """Indices of the ids spelled by byte spans of `raw`, and the position of the first unknown one."""
        table = self._table
        if table is None:
            spans = zip(start.tolist(), end.tolist(), strict=True)
            return self.lookup([raw[s:e].decode() for s, e in spans])
        candidate = table.candidates(span_hash(words, start, end))
        found = candidate >= 0
        index = np.flatnonzero(found)
        known = candidate[index]
        found[index] = spans_equal(
            words, start[index], end[index], table.words, table.start[known], table.end[known]
        )
        if not found.all():
            return np.zeros(0, dtype=np.int64), int(np.argmin(found))
        return candidate, None
