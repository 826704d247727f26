"""The certificate of competences: when it may be issued, what the PDF holds (and that it is an
accessible PDF), versions, who downloads it, and its pages."""

import datetime as dt
import hashlib
import re
import zlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError
from ptp.placements import certificates
from ptp.placements.models import DocumentKind, PlacementDocument, PlacementStatus
from ptp.placements.services.evaluation import SkillAssessment, record_evaluations
from tests.factories import UserFactory
from tests.placements.factories import HoursEntryFactory, TrainingPlanFactory
from tests.placements.report_world import (
    ALL_PERSONAS,
    STAFF_LIST,
    other_placements,
    placement_world,
    queries_of,
    status_of,
    validated_hours,
)

ISSUED = dt.datetime(2027, 3, 5, 10, tzinfo=dt.UTC)
STAFF = "/gestione/segnalazioni/certificati"


def _evaluate(world, company_staff, levels=(3, 4)):
    record_evaluations(
        actor=company_staff,
        placement=world.placement,
        assessments=[
            SkillAssessment(skill_id=s.pk, level=lv)
            for s, lv in zip(world.skills, levels, strict=False)
        ],
    )


@pytest.fixture
def ready(net, student, school_staff, company_staff):
    """A completed placement with 5 validated days of 8 hours and both skills evaluated."""
    world = placement_world(net, student)
    world.placement.school_tutor = school_staff
    world.placement.host_tutor = UserFactory(
        email="tutor@example.invalid", full_name="Ilario Tutorelli"
    )
    world.placement.save()
    _evaluate(world, company_staff)
    world.placement.status = PlacementStatus.COMPLETED
    world.placement.save()
    validated_hours(world.placement, school_staff)
    return world


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to look for structure markers."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _fake_certificate(placement, version=1) -> PlacementDocument:
    document = PlacementDocument(
        placement=placement, kind=DocumentKind.CERTIFICATE, version=version, sha256="0" * 64
    )
    document.file.save("certificate.pdf", ContentFile(b"%PDF-1.7 prova"), save=True)
    return document


# --- What is missing ----------------------------------------------------------------------------


def test_an_active_placement_without_hours_or_evaluation_lists_everything_missing(
    net, student, school_staff
):
    world = placement_world(net, student)
    with pytest.raises(ConflictError) as caught:
        certificates.issue_certificate(actor=school_staff, placement=world.placement)
    assert caught.value.message == (
        "Non si può ancora rilasciare la certificazione delle competenze. Mancano: "
        "il percorso concluso (ora è «In corso»); le ore svolte nel registro presenze; "
        "la valutazione del tutor aziendale per: Accoglienza del cliente, "
        "Gestione delle prenotazioni."
    )
    assert not PlacementDocument.objects.exists()


def test_hours_not_yet_validated_and_one_skill_left_are_named(ready, school_staff):
    HoursEntryFactory(placement=ready.placement, day=dt.date(2027, 2, 20))
    ready.placement.evaluations.filter(skill=ready.skills[1]).delete()
    facts = certificates.certificate_facts(ready.placement)
    assert facts.missing == [
        "la validazione della scuola di 1 giornata del registro presenze",
        "la valutazione del tutor aziendale per: Gestione delle prenotazioni",
    ]
    with pytest.raises(ConflictError, match="1 giornata"):
        certificates.issue_certificate(actor=school_staff, placement=ready.placement)


def test_a_plan_without_skills_has_nothing_to_certify(ready):
    ready.plan.skills.clear()
    assert "le competenze da certificare nel progetto formativo" in (
        certificates.certificate_facts(ready.placement).missing
    )


@pytest.mark.parametrize("who", ["company_staff", "student", "coordinator"])
def test_only_the_school_issues(ready, request, who):
    with pytest.raises(ConflictError, match="solo la scuola"):
        certificates.issue_certificate(
            actor=request.getfixturevalue(who), placement=ready.placement
        )


# --- Issuing ------------------------------------------------------------------------------------


def test_the_school_issues_an_accessible_pdf_kept_with_its_hash(
    ready,
    school_staff,
    company_staff,
    student,
    net,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        document = certificates.issue_certificate(
            actor=school_staff, placement=ready.placement, now=ISSUED
        )

    with document.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.kind, document.version, document.generated_by) == (
        DocumentKind.CERTIFICATE,
        1,
        school_staff,
    )
    structure = _inflated(content)
    for marker in (b"/Lang (it)", b"/StructTreeRoot", b"/MarkInfo", b"pdfuaid:part", b"/H1"):
        assert marker in structure, marker
    assert b"/TH" in structure  # table header cells are tagged
    assert "Certificazione delle competenze — Aurora".encode() in structure  # the title
    event = AuditEvent.objects.get(object_type="placements.placementdocument")
    assert event.action == AuditAction.CREATE and event.after["sha256"] == document.sha256
    assert [m.to for m in mailoutbox] == [[student.email]]
    assert f"/studente/segnalazioni/percorsi/{ready.placement.pk}/certificato/" in (
        mailoutbox[0].body
    )

    # Issuing freezes the evaluation; a second issue is version 2.
    with pytest.raises(ConflictError, match="già stata rilasciata"):
        _evaluate(ready, company_staff, levels=(1, 1))
    again = certificates.issue_certificate(actor=school_staff, placement=ready.placement)
    assert again.version == 2 and again.file.name != document.file.name


def test_the_certificate_states_who_where_when_how_long_and_how_well(ready):
    facts = certificates.certificate_facts(ready.placement)
    html = certificates.render_certificate_html(facts, issued_on=dt.date(2027, 3, 5), version=1)
    student = ready.student
    for expected in (
        '<html lang="it">',
        f"{student.given_name} {student.family_name}",
        "Istituto partner",
        "Impresa partner",
        "dal 1 febbraio 2027 al 26 febbraio 2027",
        "40 su 40 previste",
        "Accoglienza del cliente",
        "3 — Intermedio",
        "4 — Avanzato",
        "Svolge compiti e risolve problemi complessi",
        "Ilario Tutorelli",
        "Rilasciata il 5 marzo 2027",
        f"PTP-TNT-{ready.placement.pk}-1",
    ):
        assert expected in html, expected
    assert facts.validated_hours == Decimal("40")


def test_a_change_while_rendering_is_caught_before_storing(ready, school_staff, monkeypatch):
    real = certificates.render_pdf

    def render_while_someone_validates_more_hours(html, **kwargs):
        validated_hours(ready.placement, school_staff, days=2, skip=5)
        return real(html, **kwargs)

    monkeypatch.setattr(certificates, "render_pdf", render_while_someone_validates_more_hours)
    with pytest.raises(ConflictError, match="sono cambiati"):
        certificates.issue_certificate(actor=school_staff, placement=ready.placement)
    assert not PlacementDocument.objects.exists()


def test_rendering_reads_only_the_fonts_and_never_the_network():
    fonts = [url for _, url in certificates._font_faces()]
    assert fonts, "the Bootstrap Italia fonts are installed with the theme"
    fetcher = certificates._fetcher_for(fonts)
    with pytest.raises(ValueError, match="rifiutata"):
        fetcher.fetch("https://example.com/tracker.png")
    with pytest.raises(ValueError, match="rifiutata"):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch(fonts[0])
    try:
        assert response.read(4) == b"wOF2"
    finally:
        response.close()


# --- Pages --------------------------------------------------------------------------------------

DETAIL = {
    "anonymous": 401,
    "student": 403,
    "school_staff": 200,
    "company_staff": 200,
    "coordinator": 403,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}
STUDENT_DOWNLOAD = {**DETAIL, "student": 200, "school_staff": 403, "company_staff": 403}


def _body(response) -> bytes:
    """The downloaded bytes; reading them to the end also closes the file."""
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_certificate_pages_matrix(login_as, persona, ready):
    _fake_certificate(ready.placement)
    client = login_as(persona)
    listing = client.get(f"{STAFF}/")
    assert status_of(listing) == STAFF_LIST[persona]
    if listing.status_code == 200:
        listed = [p.pk for p in listing.context["page"].object_list]
        assert listed == ([ready.placement.pk] if persona == "school_staff" else [])
    assert status_of(client.get(f"{STAFF}/{ready.placement.pk}/")) == DETAIL[persona]
    download = client.get(f"{STAFF}/{ready.placement.pk}/v1/")
    assert status_of(download) == DETAIL[persona]
    if download.status_code == 200:
        assert download["Content-Type"] == "application/pdf"
        assert _body(download) == b"%PDF-1.7 prova"
    own = client.get(f"/studente/segnalazioni/percorsi/{ready.placement.pk}/certificato/")
    assert status_of(own) == STUDENT_DOWNLOAD[persona]
    if own.status_code == 200:
        assert _body(own) == b"%PDF-1.7 prova"


def test_downloads_by_others_than_the_student_are_logged(login_as, ready):
    _fake_certificate(ready.placement)
    _body(login_as("company_staff").get(f"{STAFF}/{ready.placement.pk}/v1/"))
    reads = AuditEvent.objects.filter(action=AuditAction.READ)
    assert [e.actor_label for e in reads] == ["impresa@example.invalid"]
    _body(
        login_as("student").get(
            f"/studente/segnalazioni/percorsi/{ready.placement.pk}/certificato/"
        )
    )
    assert reads.count() == 1


def test_unknown_versions_and_missing_certificates_are_404(login_as, ready):
    assert login_as("school_staff").get(f"{STAFF}/{ready.placement.pk}/v1/").status_code == 404
    student_url = f"/studente/segnalazioni/percorsi/{ready.placement.pk}/certificato/"
    assert login_as("student").get(student_url).status_code == 404


def test_the_school_issues_from_the_page_and_the_host_may_not(login_as, ready, client):
    host = login_as("company_staff")
    assert host.post(f"{STAFF}/{ready.placement.pk}/").status_code == 403
    client.logout()
    school = login_as("school_staff")
    page = school.get(f"{STAFF}/{ready.placement.pk}/")
    assert "Rilascia la certificazione" in page.content.decode()
    response = school.post(f"{STAFF}/{ready.placement.pk}/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Certificazione rilasciata (versione 1)."
    ]
    assert PlacementDocument.objects.get().version == 1
    assert "Versione 1 del" in response.content.decode()


def test_issuing_too_early_explains_what_is_missing(login_as, net, student):
    world = placement_world(net, student, status=PlacementStatus.COMPLETED)
    response = login_as("school_staff").post(f"{STAFF}/{world.placement.pk}/", follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Non si può ancora rilasciare")
    assert "le ore svolte nel registro presenze" in message
    assert not PlacementDocument.objects.exists()


def test_the_list_runs_the_same_queries_with_more_placements(net, login_as, ready):
    client = login_as("school_staff")
    small = queries_of(client, f"{STAFF}/")
    for placement in other_placements(net, 12, status=PlacementStatus.COMPLETED):
        TrainingPlanFactory(placement=placement)
        HoursEntryFactory(placement=placement)
        _fake_certificate(placement)
    large = queries_of(client, f"{STAFF}/")
    assert small == large <= 6
