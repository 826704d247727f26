"""Opening an uploaded table and reporting its mistakes by line and column.

The reading itself (CSV with ; or , in UTF-8, or an XLSX sheet) and the errors by line and column
are the catalogue importer's, so every import of the platform accepts files the same way.
"""

from typing import IO

from openpyxl import load_workbook

from ptp.catalogue.importer.reading import (
    FileFormatError,
    RowError,
    Table,
    missing_columns,
    read_csv,
    read_xlsx_sheet,
)
from ptp.geo.models import Municipality
from ptp.lib.text import fold

__all__ = [
    "FileFormatError",
    "RowError",
    "Table",
    "find_municipality",
    "missing_columns",
    "municipality_lookup",
    "open_table",
]


def open_table(stream: IO[bytes], name: str, *, sheet: str) -> Table:
    """The CSV file, or the named sheet of an XLSX workbook (its first sheet when there is none)."""
    if not name.lower().endswith(".xlsx"):
        return read_csv(stream, name)
    table = read_xlsx_sheet(stream, name, sheet)
    if table is not None:
        return table
    stream.seek(0)
    try:
        first = load_workbook(stream, read_only=True).sheetnames[0]
    except Exception as exc:
        raise FileFormatError(f"{name}: non è un file XLSX leggibile.") from exc
    stream.seek(0)
    table = read_xlsx_sheet(stream, name, first)
    if table is None:  # pragma: no cover  (the sheet was just listed)
        raise FileFormatError(f"{name}: il foglio «{first}» non si legge.")
    return table


def municipality_lookup() -> dict[str, Municipality]:
    """Municipalities by ISTAT code and by folded name (one query)."""
    found: dict[str, Municipality] = {}
    for m in Municipality.objects.select_related("province"):
        found[m.codice_istat] = m
        found.setdefault(fold(m.name), m)
    return found


def find_municipality(lookup: dict[str, Municipality], raw: str) -> Municipality | None:
    """By ISTAT code (a code that lost its leading zero in a spreadsheet is accepted) or name."""
    value = raw.strip()
    if value.isdigit() and len(value) == 5:
        value = "0" + value
    return lookup.get(value) or lookup.get(fold(value))
