"""Student-proposing deferred acceptance, vectorised by rounds.

Every round, all students without a held seat propose at once to the next unit on their
list; each unit that received proposals chooses among its held students and the newcomers
(`choice.choose`) and rejects the rest. A proposal that cannot beat the unit's current
cutoff is rejected on the spot, without waiting for the round: with substitutable choice
rules a held set only gets stronger, so such a proposal would be rejected anyway. The
outcome is the student-optimal stable allocation whatever the order of proposals.

Held students live in a flat slot array: unit ``u`` owns slots
``slot_start[u]:slot_start[u] + capacity[u]``, kept sorted by key with empty slots (-1) last.
"""

from __future__ import annotations

import numpy as np

from ptp.matching.choice import NEVER, choose, cutoffs
from ptp.matching.keys import Keys
from ptp.matching.model import Instance, IntArray


def _sort_order(unit: IntArray, key: IntArray, key_bound: int, n_units: int) -> IntArray:
    """Order entries by (unit, key), packing both in one int64 when it fits."""
    if n_units * (key_bound + 1) < 2**62:
        return np.argsort(unit * (key_bound + 1) + key)
    return np.lexsort((key, unit))


def deferred_acceptance(instance: Instance, keys: Keys) -> IntArray:
    """Run deferred acceptance and return, per agent, the pair it holds at the end or -1."""
    capacity, reserved = instance.capacity, instance.reserved
    pair_unit, pair_key, pair_group = instance.pair_unit, keys.key, keys.group
    pair_agent = instance.pair_agent
    n_units = capacity.size
    slot_start = np.zeros(n_units + 1, dtype=np.int64)
    np.cumsum(capacity, out=slot_start[1:])
    slots = np.full(int(slot_start[-1]), -1, dtype=np.int64)
    cut_group = np.where(capacity > 0, keys.never, NEVER)
    cut_other = cut_group.copy()

    pointer = instance.agent_start[:-1].copy()
    # a guaranteed student's list ends at the guaranteed unit: he never goes below it
    end = np.where(instance.guarantee >= 0, instance.guarantee + 1, instance.agent_start[1:])
    active = np.flatnonzero(pointer < end)
    while active.size:
        proposals = []
        while active.size:
            pair = pointer[active]
            unit = pair_unit[pair]
            cut = np.where(pair_group[pair], cut_group[unit], cut_other[unit])
            plausible = pair_key[pair] < cut
            proposals.append(pair[plausible])
            active = active[~plausible]
            pointer[active] += 1
            active = active[pointer[active] < end[active]]
        new = np.concatenate(proposals)
        if new.size == 0:
            break
        touched = np.sort(pair_unit[new])
        units = touched[np.concatenate(([True], touched[1:] != touched[:-1]))]
        width = capacity[units]
        offset = np.repeat(slot_start[units] - (np.cumsum(width) - width), width)
        slot_index = offset + np.arange(int(width.sum()))
        held = slots[slot_index]
        entries = np.concatenate((held[held >= 0], new))
        entry_unit = pair_unit[entries]
        order = _sort_order(entry_unit, pair_key[entries], keys.never, n_units)
        entries, entry_unit = entries[order], entry_unit[order]
        entry_group = pair_group[entries]
        chosen = choose(entry_unit, entry_group, capacity, reserved)

        kept, kept_unit = entries[chosen], entry_unit[chosen]
        first_of_unit = np.searchsorted(kept_unit, kept_unit, side="left")
        slots[slot_index] = -1
        slots[slot_start[kept_unit] + np.arange(kept.size) - first_of_unit] = kept
        fresh = cutoffs(
            units, kept_unit, pair_key[kept], entry_group[chosen], capacity, reserved, keys.never
        )
        cut_group[units] = fresh.group
        cut_other[units] = fresh.other

        rejected = pair_agent[entries[~chosen]]
        pointer[rejected] += 1
        active = rejected[pointer[rejected] < end[rejected]]

    result = np.full(instance.n_agents, -1, dtype=np.int64)
    held = slots[slots >= 0]
    result[pair_agent[held]] = held
    return result
