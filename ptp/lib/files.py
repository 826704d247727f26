"""Checks on uploaded files."""

import hashlib
from typing import IO

PDF_MAGIC = b"%PDF-"


class InvalidUploadError(ValueError):
    """The uploaded file is refused; the message is Italian."""


def check_pdf(upload: IO[bytes], *, name: str, size: int, max_bytes: int) -> str:
    """Accepts a PDF within the size limit and returns its SHA-256; refuses anything else."""
    if size == 0:
        raise InvalidUploadError("Il file è vuoto.")
    if size > max_bytes:
        raise InvalidUploadError(
            f"Il file pesa {size / 1_048_576:.1f} MB: il limite è {max_bytes / 1_048_576:.0f} MB."
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
