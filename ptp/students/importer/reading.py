"""Reading a roster file: CSV (separated by ; , or tab; UTF-8 with or without BOM, else the
Windows/Latin-1 encodings registers still export) or the first sheet of an XLSX workbook.

Rows stay lists of strings (no dict per row): a 200,000-row file is read in well under a second.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook


class FileFormatError(ValueError):
    """The file cannot be read as a table; the message is Italian."""


@dataclass
class Table:
    header: list[str]
    # (line number in the file, cells); blank lines are skipped but keep their numbers.
    rows: list[tuple[int, list[str]]]
    encoding: str = ""


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (BOM or not), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileFormatError("Il file non è un testo leggibile.")  # unreachable: latin-1 decodes all


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def read_csv(raw: bytes) -> Table:
    """A CSV file; the separator is the most frequent of ; , and tab in the header line."""
    text, encoding = decode(raw)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise FileFormatError("Il file è vuoto.") from exc
    except csv.Error as exc:
        raise FileFormatError(f"Intestazione non leggibile: {exc}.") from exc
    if not any(header):
        raise FileFormatError("La prima riga deve contenere i nomi delle colonne.")
    rows = []
    try:
        for values in reader:
            if any(values):
                rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise FileFormatError(
            f"riga {reader.line_num}: {exc} (controlla separatori e virgolette)."
        ) from exc
    return Table(header, rows, encoding)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(raw: bytes) -> Table:
    """The first sheet of a workbook, with its first row as the header."""
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise FileFormatError("Non è un file XLSX leggibile.") from exc
    try:
        cells: Iterator[tuple[object, ...]] = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(cells, ())]
        if not any(header):
            raise FileFormatError("La prima riga deve contenere i nomi delle colonne.")
        rows = []
        for number, values in enumerate(cells, start=2):
            row = [_cell(v) for v in values]
            if any(row):
                rows.append((number, row))
    finally:
        workbook.close()
    return Table(header, rows, "xlsx")


def read_table(raw: bytes, file_name: str) -> Table:
    """The table in an uploaded file, by its extension (.xlsx, else CSV)."""
    if file_name.lower().endswith(".xlsx"):
        return read_xlsx(raw)
    return read_csv(raw)


def read_header(raw: bytes, file_name: str) -> list[str]:
    """Only the header of the file (for choosing the column mapping before the full check)."""
    if file_name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:
            raise FileFormatError("Non è un file XLSX leggibile.") from exc
        try:
            first = next(workbook.worksheets[0].iter_rows(values_only=True, max_row=1), ())
        finally:
            workbook.close()
        header = [_cell(h) for h in first]
    else:
        text, _ = decode_prefix(raw)
        first_line = text.split("\n", 1)[0].rstrip("\r")
        try:
            header = [
                h.strip()
                for h in next(csv.reader([first_line], delimiter=_delimiter(first_line)), [])
            ]
        except csv.Error as exc:
            raise FileFormatError(f"Intestazione non leggibile: {exc}.") from exc
    if not any(header):
        raise FileFormatError("La prima riga deve contenere i nomi delle colonne.")
    return header


def decode_prefix(raw: bytes) -> tuple[str, str]:
    """decode() of the file's first 64 KiB, cut at a line end so no character is split."""
    prefix = raw[:65536]
    cut = prefix.rfind(b"\n") if len(raw) > len(prefix) else -1
    return decode(prefix[:cut] if cut > 0 else prefix)
