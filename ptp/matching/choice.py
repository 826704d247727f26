"""How a host chooses among applicants, and the cutoffs that summarise its choice.

Seats are filled in this order (slot-specific priorities, documented in docs/matching.md):

1. the open seats (``capacity - reserved``) go to the best keys among all applicants;
2. the reserved seats go to the best remaining group members;
3. reserved seats still empty are released to the best remaining applicants.

All functions work on many units at once: entries are sorted by (unit, key), so each unit
is one contiguous segment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ptp.matching.model import BoolArray, IntArray

NEVER = -1  # cutoff of a unit without seats: no key is below it


@dataclass(frozen=True, eq=False)
class Cutoffs:
    """Per unit, the key an applicant must beat (be strictly below) to be chosen.

    ``group``/``other`` apply to group members and to everyone else; a unit with a free seat
    has the cutoff ``free`` (every accepted key is below it). ``group_entry``/``other_entry``
    are the indices of the admitted entries that set the cutoffs, -1 when none does.
    """

    group: IntArray
    other: IntArray
    group_entry: IntArray
    other_entry: IntArray


def _segment_starts(entry_unit: IntArray) -> tuple[IntArray, IntArray]:
    """Index of each segment's first entry, and the segment of each entry."""
    first = np.ones(entry_unit.size, dtype=np.bool_)
    first[1:] = entry_unit[1:] != entry_unit[:-1]
    starts = np.flatnonzero(first)
    return starts, np.cumsum(first) - 1


def _rank_within(mask: BoolArray, starts: IntArray, segment: IntArray) -> tuple[IntArray, IntArray]:
    """Rank of each masked entry among the masked entries of its segment, and masked count per segment."""
    before = np.cumsum(mask) - mask
    base = before[starts]
    totals = np.add.reduceat(mask.astype(np.int64), starts) if starts.size else base
    return before - base[segment], totals


def choose(
    entry_unit: IntArray, entry_group: BoolArray, capacity: IntArray, reserved: IntArray
) -> BoolArray:
    """Which entries (sorted by unit, then key) each unit admits: open seats, then reserved, then released."""
    if entry_unit.size == 0:
        return np.zeros(0, dtype=np.bool_)
    starts, segment = _segment_starts(entry_unit)
    position = np.arange(entry_unit.size) - starts[segment]
    seats = capacity[entry_unit]
    held_back = reserved[entry_unit]
    if not held_back.any():
        return position < seats
    opened = position < seats - held_back
    rest = ~opened
    in_group = rest & entry_group
    group_rank, group_count = _rank_within(in_group, starts, segment)
    unit_reserved = reserved[entry_unit[starts]]
    released = unit_reserved - np.minimum(unit_reserved, group_count)
    others = rest & ~entry_group
    other_rank, _ = _rank_within(others, starts, segment)
    return (
        opened | (in_group & (group_rank < held_back)) | (others & (other_rank < released[segment]))
    )


def cutoffs(
    units: IntArray,
    entry_unit: IntArray,
    entry_key: IntArray,
    entry_group: BoolArray,
    capacity: IntArray,
    reserved: IntArray,
    free: int,
) -> Cutoffs:
    """Cutoffs of `units` (sorted) given their admitted entries (sorted by unit, then key).

    A full unit admits a newcomer exactly when the newcomer would survive the choice among
    the admitted plus himself: a non-group applicant must beat the last open seat or a
    non-group holder of a released seat; a group member must beat the last admitted unless a
    released seat is held by a non-group applicant, whom he would always displace.
    """
    lo = np.searchsorted(entry_unit, units, side="left")
    hi = np.searchsorted(entry_unit, units, side="right")
    seats = capacity[units]
    opened = seats - reserved[units]
    full = (hi - lo >= seats) & (seats > 0)
    if entry_unit.size:
        index = np.arange(entry_unit.size)
        last_other_upto = np.maximum.accumulate(np.where(entry_group, -1, index))
        last = np.maximum(hi - 1, 0)
        last_other = np.where(hi > lo, last_other_upto[last], -1)
        keys = entry_key
    else:
        last = last_other = np.full(units.size, -1, dtype=np.int64)
        keys = np.zeros(1, dtype=np.int64)
    other_in_reserved = full & (last_other >= lo + opened)
    open_entry = np.where(full & (opened > 0), lo + opened - 1, -1)
    released_entry = np.where(other_in_reserved, last_other, -1)
    open_key = np.where(open_entry >= 0, keys[np.maximum(open_entry, 0)], NEVER)
    released_key = np.where(released_entry >= 0, keys[np.maximum(released_entry, 0)], NEVER)
    other_entry = np.where(open_key >= released_key, open_entry, released_entry)
    other = np.where(full, np.maximum(open_key, released_key), free)
    group_entry = np.where(full & ~other_in_reserved, last, -1)
    group = np.where(group_entry >= 0, keys[np.maximum(group_entry, 0)], free)
    no_seats = seats == 0
    group[no_seats] = NEVER
    other[no_seats] = NEVER
    return Cutoffs(group=group, other=other, group_entry=group_entry, other_entry=other_entry)
