"""The error an ESCO import stops with: which file, which line, why (in Italian)."""

from ptp.core.errors import InvalidInputError


class EscoFormatError(InvalidInputError):
    """A file of the download is missing or malformed; nothing has been written."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        where = f"{file}, riga {line}" if line is not None else file
        super().__init__(f"{where}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason
