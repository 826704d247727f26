"""The vectorised byte helpers of the CSV reader agree with plain Python."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ptp.matching.files.index import StringIndex
from ptp.matching.files.spans import line_spans, parse_decimals, span_hash, words_of

ID_TEXT = st.text(
    alphabet=st.characters(
        blacklist_characters=',;\n\r" \t', blacklist_categories=("Cs", "Zs", "Cc")
    ),
    min_size=1,
    max_size=30,
)


def _spans(values: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    encoded = [v.encode() for v in values]
    raw = b",".join(encoded) + b"\n"
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    start = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    return raw, start, start + lengths


@settings(max_examples=200, deadline=None)
@given(st.lists(ID_TEXT, min_size=1, max_size=40, unique=True), st.data())
def test_span_lookup_matches_the_dict(known: list[str], data: st.DataObject) -> None:
    index = StringIndex(known, {v: i for i, v in enumerate(known)})
    queries = data.draw(
        st.lists(st.one_of(st.sampled_from(known), ID_TEXT), min_size=1, max_size=60)
    )
    raw, start, end = _spans(queries)
    found, unknown = index.lookup_spans(raw, words_of(raw), start, end)
    expected_unknown = next((i for i, q in enumerate(queries) if q not in index.positions), None)
    assert unknown == expected_unknown
    if unknown is None:
        assert found.tolist() == [index.positions[q] for q in queries]


@given(st.lists(ID_TEXT, min_size=1, max_size=20))
def test_hash_depends_only_on_the_bytes(values: list[str]) -> None:
    raw, start, end = _spans(values)
    shifted = b"xyz" + raw
    assert np.array_equal(
        span_hash(words_of(raw), start, end), span_hash(words_of(shifted), start + 3, end + 3)
    )
    alone = [
        span_hash(words_of(v.encode()), np.array([0]), np.array([len(v.encode())]))[0]
        for v in values
    ]
    assert span_hash(words_of(raw), start, end).tolist() == [int(h) for h in alone]


PLAIN = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)")
DECIMAL = st.from_regex(r"\A[+-]?[0-9]{0,9}(\.[0-9]{0,6})?\Z", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(DECIMAL, st.sampled_from(["1e3", "nan", "abc", "", "1.2.3", "-"])), min_size=1
    )
)
def test_decimals_parse_like_float_or_give_up(values: list[str]) -> None:
    raw, start, end = _spans(values)
    parsed = parse_decimals(np.frombuffer(raw, dtype=np.uint8), start, end)
    plain = all(PLAIN.fullmatch(v) and sum(c.isdigit() for c in v) <= 15 for v in values)
    if plain:
        assert parsed is not None
        assert parsed.tolist() == [float(v) for v in values]
    else:
        assert parsed is None


def test_line_spans_refuses_what_the_text_path_must_handle() -> None:
    def spans(text: bytes) -> object:
        return line_spans(np.frombuffer(text, dtype=np.uint8))

    assert spans(b"a,b\r\nc,d\n") is not None
    for unclean in (b"a, b\n", b"a\tb\n", b'"a",b\n', b"a,b\n\nc,d\n", b"a\rb\n"):
        assert spans(unclean) is None
