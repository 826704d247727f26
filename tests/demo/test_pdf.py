"""The one-page PDF of the demo documents is a well-formed PDF (its cross-reference table points at
its objects), so PDF readers and the upload check accept it."""

import re

from ptp.demo.pdf import one_page_pdf
from ptp.lib.files import PDF_MAGIC


def test_cross_reference_offsets_point_at_the_objects():
    pdf = one_page_pdf("Accordo (prova)", "Testo con \\ e parentesi ()")

    assert pdf.startswith(PDF_MAGIC) and pdf.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref\n0 6\n")
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n", pdf)]
    assert [pdf[o:].split(b"\n", 1)[0] for o in offsets] == [
        f"{n} 0 obj".encode() for n in range(1, 6)
    ]


def test_text_is_escaped_and_the_stream_length_is_right():
    pdf = one_page_pdf("Titolo (1)", "a\\b")

    assert b"(Titolo \\(1\\)) Tj" in pdf and b"(a\\\\b) Tj" in pdf
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf).group(1))
    stream = pdf.split(b"stream\n", 1)[1].split(b"endstream", 1)[0]
    assert len(stream) == length
