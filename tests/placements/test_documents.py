"""The agreement and the training plan as PDFs: tagged and accessible (PDF/UA-1), rendered from
local files only, kept as versions with their SHA-256, served to the parties only."""

import hashlib
import re
import zlib

import pytest
from django.core import mail

from ptp.audit.models import AuditEvent
from ptp.lib import pdf
from ptp.placements import documents
from ptp.placements.models import DocumentKind, PlacementDocument
from tests.placements.lifecycle_helpers import placement_for, world

P = "/gestione/percorsi"


def pdf_text(content: bytes) -> str:
    """The PDF's objects with their compressed streams inflated, to look for structure markers
    (decoded as UTF-8 where it can be: the XMP metadata is UTF-8)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts).decode("utf-8", errors="replace")


@pytest.fixture
def placement(net, student, company_staff):
    p = placement_for(net, world(net, student_user=student).student)
    p.host_tutor = company_staff
    p.save()
    return p


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (DocumentKind.AGREEMENT, "Convenzione individuale — Aurora Brezzi presso Impresa partner"),
        (DocumentKind.TRAINING_PLAN, "Progetto formativo — Aurora Brezzi presso Impresa partner"),
    ],
)
def test_documents_are_tagged_pdf_ua_with_language_title_headings_and_tables(
    placement, kind, title
):
    content = documents.render_pdf(placement, kind)
    text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert "pdfuaid:part" in text  # declared PDF/UA
    assert "/StructTreeRoot" in text and "/MarkInfo" in text
    assert "/Lang (it)" in text
    assert title in text  # the document title, shown instead of the file name
    assert "/DisplayDocTitle true" in text
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Caption"):
        assert tag in text, tag
    assert "/FontFile2" in text or "/FontFile3" in text  # fonts are embedded


def test_the_renderer_refuses_anything_but_local_files():
    fetcher = pdf.local_files_only()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://fonts.example.com/titillium.woff2")
    response = fetcher.fetch((pdf.PDF_DIR / "pdf.css").as_uri())
    assert b"@page" in response.read()
    response.close()


def test_the_fonts_are_read_from_the_design_system_package():
    assert (pdf.FONTS_DIR / "titillium-web-v10-latin-ext_latin-regular.woff2").is_file()


def test_generating_keeps_versions_with_their_hash_and_audits(placement, school_staff, net):
    first = documents.generate_document(
        actor=school_staff, placement=placement, kind=DocumentKind.AGREEMENT
    )
    second = documents.generate_document(
        actor=school_staff, placement=placement, kind=DocumentKind.AGREEMENT
    )
    plan = documents.generate_document(
        actor=school_staff, placement=placement, kind=DocumentKind.TRAINING_PLAN
    )
    assert (first.version, second.version, plan.version) == (1, 2, 1)
    with second.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == second.sha256
    assert PlacementDocument.objects.filter(placement=placement).count() == 3
    event = AuditEvent.objects.get(summary="Generato: Convenzione individuale v2")
    assert (event.hub_id, event.after["sha256"]) == (net.hub.pk, second.sha256)
    assert documents.download_name(second) == f"convenzione-individuale-{placement.pk}-v2.pdf"


def test_the_other_side_and_the_student_are_told_of_a_new_document(
    placement, school_staff, company_staff, student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        documents.generate_document(
            actor=school_staff, placement=placement, kind=DocumentKind.TRAINING_PLAN
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company_staff.email, student.email])


def test_a_document_is_generated_from_the_placement_page_and_downloaded(placement, login_as):
    client = login_as("company_staff")
    response = client.post(f"{P}/{placement.pk}/documenti/agreement/genera/", follow=True)
    assert "Generato: Convenzione individuale, versione 1." in response.content.decode()
    document = PlacementDocument.objects.get()
    download = client.get(f"{P}/{placement.pk}/documenti/{document.pk}/")
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert f"convenzione-individuale-{placement.pk}-v1.pdf" in download["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == document.sha256


def test_an_unknown_kind_is_refused(placement, login_as):
    response = login_as("school_staff").post(f"{P}/{placement.pk}/documenti/certificate/genera/")
    assert response.status_code == 403
    assert not PlacementDocument.objects.exists()


def test_the_student_downloads_from_their_own_area(placement, login_as, school_staff):
    document = documents.generate_document(
        actor=school_staff, placement=placement, kind=DocumentKind.TRAINING_PLAN
    )
    client = login_as("student")
    page = client.get(f"/studente/percorsi/{placement.pk}/").content.decode()
    assert f"/studente/percorsi/{placement.pk}/documenti/{document.pk}/" in page
    download = client.get(f"/studente/percorsi/{placement.pk}/documenti/{document.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_document_of_another_placement_is_not_served(placement, net, login_as, school_staff):
    from tests.placements.lifecycle_helpers import student_of

    other = placement_for(
        net,
        student_of(net.school),
        starts_on=placement.starts_on.replace(month=5),
        ends_on=placement.ends_on.replace(month=5),
    )
    other_document = documents.generate_document(
        actor=school_staff, placement=other, kind=DocumentKind.AGREEMENT
    )
    response = login_as("student").get(
        f"/studente/percorsi/{placement.pk}/documenti/{other_document.pk}/"
    )
    assert response.status_code == 404
