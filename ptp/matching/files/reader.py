"""Streaming CSV reading with a fixed header, in chunks of rows.

Files are UTF-8 with or without BOM, with LF or CRLF line ends; blank lines are skipped and
spaces around values are ignored. Clean blocks (the normal case: no quotes, spaces, tabs or
blank lines) become `ByteChunk`s handled with vectorised byte operations, which is several
times faster than creating a Python string per field; other blocks become `TextChunk`s. A
file containing a double quote is read with the csv module so that quoted values work.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path

import numpy as np

from ptp.matching.files.chunks import ByteChunk, Chunk, InputError, TextChunk
from ptp.matching.files.spans import line_spans

CHUNK_BYTES = 1 << 24
CSV_ROWS_PER_CHUNK = 100_000
_BOM = b"\xef\xbb\xbf"


def read_chunks(path: Path, header: tuple[str, ...]) -> Iterator[Chunk]:
    """Yield the data rows of a CSV file whose first non-blank line must be exactly `header`."""
    try:
        with path.open("rb") as probe:
            quoted = any(b'"' in block for block in iter(lambda: probe.read(CHUNK_BYTES), b""))
    except OSError as error:
        raise InputError(path, None, f"impossibile leggere il file ({error.strerror})") from None
    if quoted:
        yield from _csv_module_chunks(path, header)
    else:
        yield from _block_chunks(path, header)


def _check_header(path: Path, line: int, found: list[str], header: tuple[str, ...]) -> None:
    if tuple(found) != header:
        raise InputError(
            path, line, f"intestazione attesa «{','.join(header)}», trovata «{','.join(found)}»"
        )


def _missing_header(path: Path, header: tuple[str, ...]) -> InputError:
    return InputError(path, 1, f"file vuoto: manca l'intestazione «{','.join(header)}»")


def _blocks(path: Path) -> Iterator[bytes]:
    """Successive pieces of the file, each made of whole lines ending in LF."""
    carry = b""
    with path.open("rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            data = carry + block
            cut = data.rfind(b"\n") + 1
            carry = data[cut:]
            if cut:
                yield data[:cut]
    if carry:
        yield carry + b"\n"


def _block_chunks(path: Path, header: tuple[str, ...]) -> Iterator[Chunk]:
    width = len(header)
    consumed = 0  # lines before the current block
    header_seen = False
    for position, block in enumerate(_blocks(path)):
        data = block[len(_BOM) :] if position == 0 and block.startswith(_BOM) else block
        try:
            if not data.isascii():
                data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = consumed + data.count(b"\n", 0, error.start) + 1
            raise InputError(path, line, "il testo non è in codifica UTF-8") from None
        lines_here = data.count(b"\n")
        if not header_seen:
            skipped = 0
            while data[:1] in (b"\n", b"\r") and data.find(b"\n") <= 1:
                data = data[data.find(b"\n") + 1 :]
                skipped += 1
            if not data:
                consumed += lines_here
                continue
            first = data[: data.find(b"\n")].decode().rstrip("\r")
            _check_header(
                path, consumed + skipped + 1, [f.strip() for f in first.split(",")], header
            )
            header_seen = True
            data = data[data.find(b"\n") + 1 :]
            consumed += skipped + 1
            lines_here -= skipped + 1
        if data:
            yield _chunk(path, data, consumed, width)
        consumed += lines_here
    if not header_seen:
        raise _missing_header(path, header)


def _chunk(path: Path, data: bytes, consumed: int, width: int) -> Chunk:
    """A byte chunk when the block is clean, a text chunk otherwise."""
    spans = line_spans(np.frombuffer(data, dtype=np.uint8))
    if spans is None:
        return _text_chunk(path, data.decode("utf-8"), consumed, width)
    line_start, line_end = spans
    separators = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(","))
    count = np.searchsorted(separators, line_end) - np.searchsorted(separators, line_start)
    lines = np.arange(consumed + 1, consumed + 1 + line_start.size, dtype=np.int64)
    bad = np.flatnonzero(count != width - 1)
    if bad.size:
        row = int(bad[0])
        raise InputError(path, int(lines[row]), f"attese {width} colonne, trovate {count[row] + 1}")
    inner = separators.reshape(line_start.size, width - 1)
    start = np.column_stack((line_start, inner + 1))
    end = np.column_stack((inner, line_end))
    return ByteChunk(path, lines, data, start, end)


def _text_chunk(path: Path, text: str, consumed: int, width: int) -> TextChunk:
    """Split a block with string operations, skipping blank lines and stripping spaces."""
    lines = text.split("\n")
    lines.pop()  # the block ends with a line feed
    lines = [row[:-1] if row.endswith("\r") else row for row in lines]
    lone = next((i for i, row in enumerate(lines) if "\r" in row), None)
    if lone is not None:
        raise InputError(path, consumed + lone + 1, "ritorno a capo (CR) isolato")
    numbers = np.arange(consumed + 1, consumed + 1 + len(lines), dtype=np.int64)
    kept = [i for i, row in enumerate(lines) if row.strip()]
    if len(kept) != len(lines):
        lines = [lines[i] for i in kept]
        numbers = numbers[kept]
    counts = list(map(str.count, lines, repeat(",")))
    if counts.count(width - 1) != len(counts):
        row = next(i for i, c in enumerate(counts) if c != width - 1)
        raise InputError(
            path, int(numbers[row]), f"attese {width} colonne, trovate {counts[row] + 1}"
        )
    flat = [field.strip() for field in ",".join(lines).split(",")]
    return TextChunk(path, numbers, [flat[k::width] for k in range(width)])


def _first_bad_line(path: Path) -> int | None:
    """The line holding the first byte that is not valid UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None


def _csv_module_chunks(path: Path, header: tuple[str, ...]) -> Iterator[Chunk]:
    width = len(header)
    header_seen = False
    rows: list[list[str]] = []
    numbers: list[int] = []
    with path.open("r", encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        try:
            for row in reader:
                fields = [field.strip() for field in row]
                if not any(fields) and len(fields) <= 1:
                    continue
                if not header_seen:
                    _check_header(path, reader.line_num, fields, header)
                    header_seen = True
                    continue
                if len(fields) != width:
                    raise InputError(
                        path, reader.line_num, f"attese {width} colonne, trovate {len(fields)}"
                    )
                rows.append(fields)
                numbers.append(reader.line_num)
                if len(rows) == CSV_ROWS_PER_CHUNK:
                    yield TextChunk(
                        path, np.array(numbers), [list(c) for c in zip(*rows, strict=True)]
                    )
                    rows, numbers = [], []
        except csv.Error as error:
            raise InputError(path, reader.line_num, f"CSV non valido ({error})") from None
        except UnicodeDecodeError:
            raise InputError(
                path, _first_bad_line(path), "il testo non è in codifica UTF-8"
            ) from None
    if not header_seen:
        raise _missing_header(path, header)
    if rows:
        yield TextChunk(path, np.array(numbers), [list(c) for c in zip(*rows, strict=True)])
