"""The individual agreement (convenzione individuale) and the training plan (progetto formativo)
of a placement, as accessible PDFs.

Each is an HTML template (templates/pdf/) rendered by WeasyPrint as PDF/UA-1: tagged structure,
document language and title, real headings and tables with header cells, embedded fonts. Fonts and
styles are read from local files only — the URL fetcher refuses anything but file:// — so
rendering never touches the network. Every generation is kept as a new version with its SHA-256.
"""

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.lib import pdf
from ptp.placements.models import (
    DocumentKind,
    HostEnrollment,
    Placement,
    PlacementDocument,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.models.opportunities import (
    GENERAL_TRAINING_HOURS,
    SPECIFIC_TRAINING_HOURS,
    RiskLevel,
)
from ptp.placements.services import lifecycle_mail as mail
from ptp.placements.services.placements import placement_path, student_placement_path

TEMPLATES = {
    DocumentKind.AGREEMENT: "pdf/agreement.html",
    DocumentKind.TRAINING_PLAN: "pdf/training_plan.html",
}
FILENAMES = {
    DocumentKind.AGREEMENT: "convenzione-individuale",
    DocumentKind.TRAINING_PLAN: "progetto-formativo",
}


def _context(placement: Placement) -> dict[str, Any]:
    placement = Placement.objects.select_related(
        "student",
        "school__municipality",
        "host__municipality",
        "hub",
        "school_tutor",
        "host_tutor",
        "window__opportunity__municipality",
    ).get(pk=placement.pk)
    plan = TrainingPlan.objects.get(placement=placement)
    safety = SafetyFile.objects.get(placement=placement)
    safety.placement = placement
    enrollment = (
        HostEnrollment.objects.select_related("framework_agreement")
        .filter(hub_id=placement.hub_id, organization_id=placement.host_id)
        .first()
    )
    student = placement.student
    return {
        "placement": placement,
        "student": student,
        "is_minor": student.age_on(placement.starts_on) < 18,
        "plan": plan,
        "skills": list(plan.skills.order_by("label_it")),
        "safety": safety,
        "safety_missing": safety.missing(),
        "enrollment": enrollment,
        "general_training_hours": GENERAL_TRAINING_HOURS,
        "specific_training_hours": SPECIFIC_TRAINING_HOURS[RiskLevel(placement.risk_level)],
        "generated_on": timezone.localdate(),
    }


def render_pdf(placement: Placement, kind: str) -> bytes:
    """The PDF/UA document of this kind for the placement, from its template."""
    return pdf.html_to_pdf(render_to_string(TEMPLATES[DocumentKind(kind)], _context(placement)))


@transaction.atomic(durable=True)
def _store(
    *, actor: User | None, placement: Placement, kind: str, content: bytes
) -> PlacementDocument:
    # The placement row is locked so two generations of the same kind get distinct versions.
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    last = PlacementDocument.objects.filter(placement=placement, kind=kind).aggregate(
        v=Max("version")
    )["v"]
    document = PlacementDocument(
        placement=placement,
        kind=kind,
        version=(last or 0) + 1,
        sha256=hashlib.sha256(content).hexdigest(),
        generated_by=actor,
    )
    document.file.save(f"{kind}.pdf", ContentFile(content), save=False)
    document.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        summary=f"Generato: {document.get_kind_display()} v{document.version}",
        hub_id=placement.hub_id,
        after={"kind": kind, "version": document.version, "sha256": document.sha256},
    )
    placement = Placement.objects.select_related("student__user", "school_tutor", "host_tutor").get(
        pk=placement.pk
    )
    if actor is not None:
        for to, path in (
            (mail.other_side(placement, actor), placement_path(placement)),
            (mail.student_emails(placement.student), student_placement_path(placement)),
        ):
            mail.notify(
                template="document_generated",
                subject=f"Nuovo documento del percorso: {document.get_kind_display()}",
                to=to,
                context={"document": document, "placement": placement, "link": mail.link(path)},
                actor=actor,
            )
    return document


def generate_document(*, actor: User | None, placement: Placement, kind: str) -> PlacementDocument:
    """Renders the document now and keeps it as the next version (the PDF is rendered before the
    transaction, so no lock is held while WeasyPrint works)."""
    content = render_pdf(placement, kind)
    return _store(actor=actor, placement=placement, kind=kind, content=content)


def download_name(document: PlacementDocument) -> str:
    """The file name offered to the browser, e.g. convenzione-individuale-12-v2.pdf."""
    return (
        f"{FILENAMES[DocumentKind(document.kind)]}-{document.placement_id}-v{document.version}.pdf"
    )
