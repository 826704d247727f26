"""Checks on uploaded files."""

import hashlib
from typing import IO

PDF_MAGIC = b"%PDF-"


class InvalidUploadError(ValueError):
    """The uploaded file is refused; the message is Italian."""


def _megabytes(size: int, *, round_up: bool = False) -> str:
    """Size in MB with one Italian decimal ("10,1"); rounded up so a file just over the limit
    never reads as equal to it."""
    tenths = -(-size * 10 // 1_048_576) if round_up else round(size * 10 / 1_048_576)
    whole, decimal = divmod(tenths, 10)
    return f"{whole},{decimal}" if decimal else str(whole)


def check_pdf(upload: IO[bytes], *, name: str, size: int, max_bytes: int) -> str:
    """Accepts a PDF within the size limit and returns its SHA-256; refuses anything else."""
    if size == 0:
        raise InvalidUploadError("Il file è vuoto.")
    if size > max_bytes:
        raise InvalidUploadError(
            f"Il file pesa {_megabytes(size, round_up=True)} MB: "
            f"il limite è {_megabytes(max_bytes)} MB."
        )
    if not name.lower().endswith(".pdf"):
        raise InvalidUploadError("Si possono caricare solo file PDF (estensione .pdf).")
    upload.seek(0)
    head = upload.read(1024)
    if PDF_MAGIC not in head:
        raise InvalidUploadError(
            "Il file non è un PDF valido: il contenuto non corrisponde all'estensione."
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
