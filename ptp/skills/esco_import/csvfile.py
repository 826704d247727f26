"""Reading one ESCO CSV file: UTF-8, quoted fields with embedded newlines, columns by name.

Line numbers are physical lines (what an editor shows), counted from the header as line 1; a
record spanning several lines is reported at the line where it starts.
"""

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ptp.skills.esco_import.errors import EscoFormatError

Progress = Callable[[str], None]

# Progress is reported at every fifth of a file, for files big enough to take a while.
_STEPS = 5
_BIG = 1_000_000


class CsvFile:
    """The records of one file after its header, with the line each record starts on."""

    def __init__(self, path: Path, *, required: Sequence[str], progress: Progress | None) -> None:
        self.name = path.name
        self._progress = progress
        data = path.read_bytes()
        try:
            self._text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise EscoFormatError(self.name, line, "il file non è codificato in UTF-8") from exc
        self._lines_read = 0
        self._chars_read = 0
        self._reader = csv.reader(self._physical_lines(), strict=True)
        try:
            header = next(self._reader, None)
        except csv.Error as exc:
            raise self.error(1, f"intestazione illeggibile ({exc})") from exc
        if not header:
            raise self.error(1, "il file è vuoto, manca l'intestazione")
        self.columns = {name.strip(): index for index, name in enumerate(header)}
        self.width = len(header)
        missing = [name for name in required if name not in self.columns]
        if missing:
            names = ", ".join(f"«{m}»" for m in missing)
            raise self.error(1, f"nell'intestazione manca la colonna {names}")

    def _physical_lines(self) -> Iterator[str]:
        for line in io.StringIO(self._text, newline=""):
            self._lines_read += 1
            self._chars_read += len(line)
            yield line

    def error(self, line: int | None, reason: str) -> EscoFormatError:
        """The error to raise for a record of this file."""
        return EscoFormatError(self.name, line, reason)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) for each non-blank record; stops at the first malformed one."""
        total = max(len(self._text), 1)
        next_step = 1 if total >= _BIG else _STEPS
        count = 0
        start = self._lines_read + 1
        while True:
            try:
                fields = next(self._reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self.error(start, f"riga CSV malformata ({exc})") from exc
            if fields:
                if len(fields) != self.width:
                    raise self.error(
                        start, f"la riga ha {len(fields)} campi, l'intestazione ne ha {self.width}"
                    )
                count += 1
                yield start, fields
            start = self._lines_read + 1
            while (
                self._progress
                and next_step < _STEPS
                and self._chars_read * _STEPS >= total * next_step
            ):
                self._progress(f"  {self.name}: {100 * next_step // _STEPS}%")
                next_step += 1
        if self._progress:
            self._progress(f"  {self.name}: {count} righe di dati lette")
