"""Priority keys: one integer per pair that orders applicants at every host.

A smaller key is a stronger claim. The key is ``(tier, score rank, lottery rank)`` packed in
one int64: tier 0 holds the pairs kept from a previous allocation (the re-run guarantee),
tier 1 everyone else; the score rank puts higher scores first; the lottery rank breaks ties.
Comparing keys of two students at the same host is therefore comparing (score, lottery).
Pairs the host does not accept get `Keys.never`, which no cutoff admits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ptp.matching.model import BoolArray, Instance, IntArray


@dataclass(frozen=True, eq=False)
class Keys:
    """Per-pair keys and the effective group flag used by reserved seats."""

    key: IntArray
    group: BoolArray  # student in the group, or holding a guarantee on this pair
    never: int  # key of unaccepted pairs; also the "free seat" cutoff, which nobody equals
    kept_bound: int  # keys below it belong to pairs kept from a previous allocation


def priority_keys(instance: Instance, lottery: IntArray) -> Keys:
    """Pack (guarantee tier, score descending, lottery ascending) into one sortable key per pair."""
    score_rank, levels = instance.score_levels
    accepted = score_rank < levels
    n = max(instance.n_students, 1)
    kept = np.zeros(instance.n_pairs, dtype=np.bool_)
    kept[instance.guarantee[instance.guarantee >= 0]] = True
    never = 2 * levels * n
    student = instance.pair_student
    key = np.where(
        accepted, ((~kept).astype(np.int64) * levels + score_rank) * n + lottery[student], never
    )
    group = instance.group[student] | kept
    return Keys(key=key, group=group, never=never, kept_bound=levels * n)
