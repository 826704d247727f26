"""The seeded lottery that breaks ties between equal scores.

Each student draws one number per round, used at every host and in every window (single
tie-breaking). The number is a 64-bit hash of the seed and the student id, so it depends on
nothing else: not on the order of the input rows, nor on which other students take part.
Students are then ordered by (number, id) and the position in that order is the lottery rank;
rank 0 wins every tie.

The number, reproducible by anyone who knows the seed (all arithmetic modulo 2**64, ``mix``
is the SplitMix64 finaliser, ``GAMMA = 0x9E3779B97F4A7C15``):

- the id's hash: ``h = GAMMA``, then for every Unicode code point ``c`` of the id in order
  ``h = mix(h ^ c) + GAMMA``, and finally ``h = mix(h ^ length)``;
- the draw: ``mix(h ^ mix(seed + GAMMA))``, with the seed taken modulo 2**64.

The id's hash does not depend on the seed, so an instance computes it once when it is built
and every draw costs a few operations per student.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ptp.matching.model import IntArray

_MASK = (1 << 64) - 1
_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_BLOCK = 1 << 16  # ids hashed per block, to bound the code-point matrix


def _mix(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def id_hashes(student_ids: Sequence[str]) -> np.ndarray:
    """The seed-independent 64-bit hash of each student id."""
    out = np.empty(len(student_ids), dtype=np.uint64)
    for first in range(0, len(student_ids), _BLOCK):
        ids = np.array(student_ids[first : first + _BLOCK], dtype=np.str_)
        lengths = np.char.str_len(ids).astype(np.int64)
        # longest ids first, so that the ids still being hashed at code point j are a prefix
        order = np.argsort(-lengths, kind="stable")
        width = max(int(lengths.max(initial=0)), 1)
        codes = ids.astype(f"<U{width}")[order].view("<u4").reshape(len(ids), width)
        sorted_lengths = lengths[order]
        h = np.full(len(ids), _GAMMA, dtype=np.uint64)
        for j in range(width):
            live = int(np.searchsorted(-sorted_lengths, -j, side="left"))
            h[:live] = _mix(h[:live] ^ codes[:live, j].astype(np.uint64)) + _GAMMA
        h = _mix(h ^ sorted_lengths.astype(np.uint64))
        out[first + order] = h
    return out


def seeded(seed: int, hashes: np.ndarray) -> np.ndarray:
    """Each student's lottery number under the seed, from the ids' hashes."""
    seed_hash = _mix(np.array([seed & _MASK], dtype=np.uint64) + _GAMMA)[0]
    return _mix(hashes ^ seed_hash)


def student_hashes(seed: int, student_ids: Sequence[str]) -> np.ndarray:
    """The 64-bit lottery number of each student id under the seed."""
    return seeded(seed, id_hashes(student_ids))


def draw(seed: int, student_ids: Sequence[str], numbers: np.ndarray | None = None) -> IntArray:
    """The lottery rank of each student (0 wins every tie), ordered by (number, id).

    ``numbers`` are the students' lottery numbers under the seed when already known.
    """
    hashes = student_hashes(seed, student_ids) if numbers is None else numbers
    order = np.argsort(hashes)
    ordered = hashes[order]
    if np.any(ordered[1:] == ordered[:-1]):
        # a 64-bit collision is very unlikely; the id then decides, as documented
        order = np.array(
            sorted(range(len(student_ids)), key=lambda i: (int(hashes[i]), student_ids[i]))
        )
    rank = np.empty(len(student_ids), dtype=np.int64)
    rank[order] = np.arange(len(student_ids), dtype=np.int64)
    return rank
