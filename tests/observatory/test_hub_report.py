"""The yearly report of a hub: an accessible PDF (PDF/UA-1, tagged, with title and language)."""

from ptp.observatory import kpis
from tests.observatory.kpi_world import DAY, build
from tests.placements.test_documents import pdf_text

URL = "/osservatorio/poli/tnt/rapporto/2026.pdf"


def test_report_is_tagged_pdf_ua_with_title_and_language(net, client):
    build(net)
    kpis.take_snapshots(day=DAY)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert "pdfuaid:part" in text
    assert "/StructTreeRoot" in text and "/MarkInfo" in text
    assert "/Lang (it)" in text
    assert "Rapporto annuale 2026/27 — Polo di prova TNT" in text
    assert "/DisplayDocTitle true" in text
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Caption"):
        assert tag in text, tag


def test_report_of_a_year_without_snapshots_is_404(net, client):
    kpis.take_snapshots(day=DAY)
    assert client.get("/osservatorio/poli/tnt/rapporto/2019.pdf").status_code == 404
    assert client.get("/osservatorio/poli/nessuno/rapporto/2026.pdf").status_code == 404
