"""The PDF check on uploads, on its own (the upload form is tested in tests/network)."""

import hashlib
import io

import pytest

from ptp.lib.files import InvalidUploadError, check_pdf

MB = 1_048_576


def _check(
    content: bytes, name: str = "accordo.pdf", *, size: int | None = None, max_bytes: int = 10 * MB
):
    return check_pdf(
        io.BytesIO(content),
        name=name,
        size=len(content) if size is None else size,
        max_bytes=max_bytes,
    )


def test_a_pdf_returns_its_sha256_and_is_rewound(pdf_bytes):
    upload = io.BytesIO(pdf_bytes)

    digest = check_pdf(upload, name="Accordo.PDF", size=len(pdf_bytes), max_bytes=10 * MB)

    assert digest == hashlib.sha256(pdf_bytes).hexdigest()
    assert upload.tell() == 0  # the storage reads it again from the start


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (10 * MB + 1, "Il file pesa 10,1 MB: il limite è 10 MB."),
        (12 * MB + 1, "Il file pesa 12,1 MB: il limite è 10 MB."),
        (int(10.5 * MB), "Il file pesa 10,5 MB: il limite è 10 MB."),
    ],
)
def test_size_messages_never_read_as_within_the_limit(pdf_bytes, size, message):
    with pytest.raises(InvalidUploadError) as refused:
        _check(pdf_bytes, size=size)

    assert str(refused.value) == message


def test_exactly_the_limit_is_accepted(pdf_bytes):
    assert _check(pdf_bytes, size=10 * MB)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "accordo.pdf", "Il file è vuoto."),
        (b"%PDF-1.7 testo", "accordo.docx", "Si possono caricare solo file PDF (estensione .pdf)."),
        (b"GIF89a immagine", "accordo.pdf", "Il file non è un PDF valido"),
    ],
)
def test_non_pdfs_are_refused(content, name, message):
    with pytest.raises(InvalidUploadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _check(content, name)
