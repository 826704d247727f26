"""Vectorised helpers on raw bytes: fields as (start, end) spans of one buffer.

They let a clean chunk of a CSV file (UTF-8, no quotes, spaces, tabs or blank lines) be split,
hashed, compared and parsed without creating one Python string per field.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ptp.matching.model import FloatArray, IntArray

Bytes = npt.NDArray[np.uint8]
Hashes = npt.NDArray[np.uint64]
Words = npt.NDArray[np.uint64]

_SEED = np.uint64(0x9E3779B97F4A7C15)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_MAX_DIGITS = 15  # below 2**53: integer part exact, so value / 10**k is correctly rounded

_POWERS_OF_TEN = np.array([float(10**k) for k in range(_MAX_DIGITS + 1)])

_UNCLEAN = np.zeros(256, dtype=np.bool_)
_UNCLEAN[[ord(c) for c in ' \t"']] = True


def line_spans(data: Bytes) -> tuple[IntArray, IntArray] | None:
    """Start and end of each line of a buffer ending in LF (a CR before the LF is dropped), or None if unclean."""
    if _UNCLEAN[data].any():
        return None
    newline = np.flatnonzero(data == 10)
    start = np.empty(newline.size, dtype=np.int64)
    start[:1] = 0
    start[1:] = newline[:-1] + 1
    end = newline.astype(np.int64)
    carriage = np.flatnonzero(data == 13)
    if carriage.size:
        before_newline = end > start
        before_newline[before_newline] = data[end[before_newline] - 1] == 13
        if carriage.size != np.count_nonzero(before_newline):
            return None  # a lone CR: let the text path report it
        end -= before_newline
    if np.any(end == start):
        return None  # blank lines: the text path skips them
    return start, end


def words_of(raw: bytes) -> Words:
    """An unaligned little-endian uint64 view starting at every byte of `raw` (zero-padded)."""
    padded = raw + bytes(8)
    return np.ndarray(shape=(len(raw) + 1,), dtype="<u8", buffer=padded, strides=(1,))


def _word(words: Words, start: IntArray, length: IntArray, k: int) -> Hashes:
    """The k-th 8-byte word of each span, bytes past the span's end masked out."""
    word = words[start + 8 * k]
    left = length - 8 * k
    if np.all(left >= 8):
        return word
    shift = (8 * np.clip(left, 0, 8)).astype(np.uint64)
    mask = np.where(
        left >= 8, _ALL, (np.uint64(1) << np.minimum(shift, np.uint64(63))) - np.uint64(1)
    )
    return word & mask


def _finalise(h: Hashes) -> Hashes:
    h = (h ^ (h >> np.uint64(30))) * _M1
    h = (h ^ (h >> np.uint64(27))) * _M2
    return h ^ (h >> np.uint64(31))


def span_hash(words: Words, start: IntArray, end: IntArray) -> Hashes:
    """A 64-bit hash of each span's bytes, read 8 at a time, mixed with SplitMix64 and the length."""
    length = end - start
    if length.size == 0 or length.min() == length.max():
        return _hash_by_decreasing_length(words, start, length)
    order = np.argsort(-length, kind="stable")
    hashed = np.empty(start.size, dtype=np.uint64)
    hashed[order] = _hash_by_decreasing_length(words, start[order], length[order])
    return hashed


def _hash_by_decreasing_length(words: Words, start: IntArray, length: IntArray) -> Hashes:
    h = np.full(start.size, _SEED, dtype=np.uint64)
    for k in range((int(length.max(initial=0)) + 7) // 8):
        live = int(np.count_nonzero(length > 8 * k))  # a prefix, lengths decrease
        h[:live] = _finalise(h[:live] ^ _word(words, start[:live], length[:live], k))
    return _finalise(h ^ length.astype(np.uint64))


def spans_equal(
    words: Words,
    start: IntArray,
    end: IntArray,
    other: Words,
    other_start: IntArray,
    other_end: IntArray,
) -> npt.NDArray[np.bool_]:
    """Whether each span of `words` holds exactly the same bytes as the matching span of `other`."""
    length = end - start
    same = length == other_end - other_start
    for k in range((int(length.max(initial=0)) + 7) // 8):
        live = same & (length > 8 * k)
        index = np.flatnonzero(live)
        mine = _word(words, start[index], length[index], k)
        theirs = _word(other, other_start[index], length[index], k)
        same[index] = mine == theirs
    return same


def parse_decimals(data: Bytes, start: IntArray, end: IntArray) -> FloatArray | None:
    """Parse plain decimals (optional sign, digits, at most one point, at most 15 digits); None if any is not."""
    length = end - start
    if start.size == 0:
        return np.zeros(0)
    if length.min() == 0 or length.max() > _MAX_DIGITS + 2:
        return None
    first = data[start]
    sign = np.where(first == ord("-"), -1.0, 1.0)
    skip = ((first == ord("-")) | (first == ord("+"))).astype(np.int64)
    value = np.zeros(start.size, dtype=np.int64)
    digits = np.zeros(start.size, dtype=np.int64)
    points = np.zeros(start.size, dtype=np.int64)
    decimals = np.zeros(start.size, dtype=np.int64)
    for j in range(int(length.max())):
        live = j < length
        position = np.where(live, start + j, 0)
        byte = data[position].astype(np.int64)
        body = live & (j >= skip)
        is_digit = body & (byte >= 48) & (byte <= 57)
        is_point = body & (byte == 46)
        if np.any(body & ~is_digit & ~is_point):
            return None
        value = np.where(is_digit, value * 10 + (byte - 48), value)
        digits += is_digit
        decimals += is_digit & (points > 0)
        points += is_point
    if np.any(points > 1) or np.any(digits == 0) or np.any(digits > _MAX_DIGITS):
        return None
    return sign * (value / _POWERS_OF_TEN[decimals])
