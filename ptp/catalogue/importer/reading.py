"""Reading tabular files (CSV with ; or , and UTF-8 with or without BOM, or an XLSX sheet), and
naming their mistakes by file, line and column (the labour-demand imports read the same way)."""

import csv
import io
from dataclasses import dataclass
from typing import IO

from openpyxl import load_workbook


class FileFormatError(ValueError):
    """The file cannot be read as a table; the message is Italian."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class RowError:
    """One mistake: the file, its line (1 is the header, 0 the whole file), the column, what is wrong."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        # Errors about a whole file have no line (0); without a file, the message names it.
        where = [self.file] if self.file else []
        where += [f"riga {self.line}"] if self.line else []
        where += [f"colonna «{self.column}»"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


def missing_columns(table: Table, required: list[str]) -> list[RowError]:
    """One error per required column the header lacks."""
    return [
        RowError(table.name, 1, column, "colonna obbligatoria mancante")
        for column in required
        if column not in table.header
    ]


def _norm_header(value: object) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def read_csv(stream: IO[bytes], name: str) -> Table:
    """A CSV file; the delimiter (; or ,) is taken from the header line."""
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{name}: il file non è in codifica UTF-8 (salvalo come «CSV UTF-8»)."
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_norm_header(h) for h in next(reader)]
    except StopIteration as exc:
        raise FileFormatError(f"{name}: il file è vuoto.") from exc
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise FileFormatError(
                f"{name}, riga {reader.line_num}: {len(values)} campi invece di {len(header)} "
                "(controlla separatori e virgolette)."
            )
        rows.append(
            Row(reader.line_num, {h: v.strip() for h, v in zip(header, values, strict=True)})
        )
    return Table(name, header, rows)


def read_xlsx_sheet(stream: IO[bytes], name: str, sheet: str) -> Table | None:
    """A named sheet of an XLSX workbook, or None when the workbook has no such sheet."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:
        raise FileFormatError(f"{name}: non è un file XLSX leggibile.") from exc
    if sheet not in workbook.sheetnames:
        return None
    cells = workbook[sheet].iter_rows(values_only=True)
    header = [_norm_header(h) for h in next(cells, ())]
    rows = []
    for number, values in enumerate(cells, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        padded = list(values) + [None] * (len(header) - len(values))
        rows.append(Row(number, {h: _cell(v) for h, v in zip(header, padded, strict=False) if h}))
    return Table(f"{name} [{sheet}]", header, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # dates come as datetime objects
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
