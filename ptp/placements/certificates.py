"""The certificate of the competences a student acquired in a placement, as an accessible PDF.

The student's school issues it once the placement is completed, every hour in the register is
validated and the host tutor has evaluated every skill of the training plan (levels and
descriptors from `services/evaluation.py`). Each issue is a new PlacementDocument version with the
SHA-256 of its bytes, so a printed copy can be checked against the one the platform keeps; issuing
freezes the evaluation. The student, the school and the host download it.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError
from ptp.lib import pdf
from ptp.placements.models import (
    DocumentKind,
    Evaluation,
    HoursEntry,
    Placement,
    PlacementDocument,
    PlacementStatus,
    TrainingPlan,
)
from ptp.placements.report_access import can_issue_certificate
from ptp.placements.services import notifications
from ptp.placements.services.evaluation import LEVELS


@dataclass(frozen=True)
class SkillLine:
    """One skill of the plan with the host tutor's level, if given."""

    skill_id: int
    label: str
    level: int | None
    level_label: str
    descriptor: str


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate states about a placement, and what is still missing to issue it."""

    placement: Placement
    skills: list[SkillLine]
    validated_hours: Decimal
    days_to_validate: int
    missing: list[str]
    latest_version: int

    @property
    def ready(self) -> bool:
        return not self.missing

    def fingerprint(self) -> tuple[object, ...]:
        """Everything the certificate prints, to tell whether it changed since rendering."""
        p = self.placement
        people = (p.student_id, p.school_tutor_id, p.host_tutor_id, p.host_id, p.school_id)
        period = (p.starts_on, p.ends_on, p.planned_hours, p.status)
        return (people, period, tuple(self.skills), self.validated_hours, self.latest_version)


def certificate_facts(placement: Placement) -> CertificateFacts:
    """The hours, skills and levels of a placement, and the Italian list of what is missing (a
    completed placement, hours all validated, every plan skill evaluated). Four queries."""
    hours = HoursEntry.objects.filter(placement=placement).aggregate(
        days=Count("pk"),
        pending=Count("pk", filter=Q(validated_at__isnull=True)),
        validated=Sum("hours", filter=Q(validated_at__isnull=False)),
    )
    plan = TrainingPlan.objects.filter(placement=placement).prefetch_related("skills").first()
    levels = dict(Evaluation.objects.filter(placement=placement).values_list("skill_id", "level"))
    latest = PlacementDocument.objects.filter(
        placement=placement, kind=DocumentKind.CERTIFICATE
    ).aggregate(v=Max("version"))["v"]
    skills = []
    for skill in plan.skills.all() if plan is not None else []:
        level = LEVELS.get(levels.get(skill.pk, 0))
        skills.append(
            SkillLine(
                skill_id=skill.pk,
                label=skill.label_it,
                level=level.value if level else None,
                level_label=str(level.label) if level else "",
                descriptor=str(level.descriptor) if level else "",
            )
        )
    skills.sort(key=lambda line: line.label.lower())
    missing = []
    if placement.status != PlacementStatus.COMPLETED:
        missing.append(f"il percorso concluso (ora è «{placement.get_status_display()}»)")
    if not hours["days"]:
        missing.append("le ore svolte nel registro presenze")
    elif hours["pending"]:
        days = "1 giornata" if hours["pending"] == 1 else f"{hours['pending']} giornate"
        missing.append(f"la validazione della scuola di {days} del registro presenze")
    if not skills:
        missing.append("le competenze da certificare nel progetto formativo")
    not_evaluated = [line.label for line in skills if line.level is None]
    if not_evaluated:
        missing.append("la valutazione del tutor aziendale per: " + ", ".join(not_evaluated))
    return CertificateFacts(
        placement=placement,
        skills=skills,
        validated_hours=hours["validated"] or Decimal("0"),
        days_to_validate=hours["pending"],
        missing=missing,
        latest_version=latest or 0,
    )


def _font_faces() -> list[tuple[int, str]]:
    """(weight, file URL) of the Bootstrap Italia typeface to embed; empty if not installed."""
    return [(weight, url) for weight, style, url in pdf.font_faces() if style == "normal"]


def render_certificate_html(facts: CertificateFacts, *, issued_on: dt.date, version: int) -> str:
    """The certificate as HTML (lang="it", a title, headings, tables with header cells)."""
    placement = facts.placement
    context: dict[str, Any] = {
        "placement": placement,
        "student": placement.student,
        "facts": facts,
        "levels": LEVELS.values(),
        "issued_on": issued_on,
        "version": version,
        "number": f"PTP-{placement.hub.slug.upper()}-{placement.pk}-{version}",
        "fonts": _font_faces(),
    }
    return render_to_string("pdf/certificate.html", context)


def _fetcher_for(allowed: list[str]) -> Any:
    """A URL fetcher that reads the files named (our fonts) and refuses everything else."""
    return pdf.local_files_only(allowed)


def render_pdf(html: str, *, files: list[str] | None = None) -> bytes:
    """Accessible PDF (PDF/UA-1) from trusted HTML; `files` are the only local URLs it may load."""
    return pdf.html_to_pdf(html, house_style=False, allowed=files or [])


def _loaded(placement: Placement, *, lock: bool = False) -> Placement:
    rows = Placement.objects.select_related(
        "student", "school", "host", "hub", "school_tutor", "host_tutor"
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=placement.pk)


def _facts_to_issue(actor: User, placement: Placement) -> CertificateFacts:
    if not can_issue_certificate(actor, placement):
        raise ConflictError("Rilascia la certificazione solo la scuola dello studente.")
    facts = certificate_facts(placement)
    if facts.missing:
        raise ConflictError(
            "Non si può ancora rilasciare la certificazione delle competenze. Mancano: "
            + "; ".join(facts.missing)
            + "."
        )
    return facts


def issue_certificate(
    *, actor: User, placement: Placement, now: dt.datetime | None = None
) -> PlacementDocument:
    """Staff of the student's school issue the certificate of a completed placement whose hours
    are all validated and whose plan skills are all evaluated; each issue is a new version. The
    student is told; the evaluation can no longer change."""
    now = now or timezone.now()
    facts = _facts_to_issue(actor, _loaded(placement))
    # WeasyPrint takes a good part of a second: the PDF is rendered before the transaction, so no
    # write lock is held meanwhile (SQLite takes it at BEGIN); `_store` checks the facts again.
    version = facts.latest_version + 1
    html = render_certificate_html(facts, issued_on=timezone.localdate(now), version=version)
    pdf = render_pdf(html, files=[url for _, url in _font_faces()])
    return _store(actor=actor, facts=facts, pdf=pdf, now=now)


@transaction.atomic(durable=True)
def _store(
    *, actor: User, facts: CertificateFacts, pdf: bytes, now: dt.datetime
) -> PlacementDocument:
    placement = _loaded(facts.placement, lock=True)
    if _facts_to_issue(actor, placement).fingerprint() != facts.fingerprint():
        raise ConflictError(
            "I dati del percorso sono cambiati mentre si preparava la certificazione: riprova."
        )
    document = PlacementDocument(
        placement=placement,
        kind=DocumentKind.CERTIFICATE,
        version=facts.latest_version + 1,
        sha256=hashlib.sha256(pdf).hexdigest(),
        generated_at=now,
        generated_by=actor,
    )
    document.file.save("certificate.pdf", ContentFile(pdf), save=False)
    document.full_clean()
    document.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        summary=f"Certificazione delle competenze rilasciata (versione {document.version})",
        hub_id=placement.hub_id,
        after=snapshot(document, ["kind", "version", "sha256", "file"]),
    )
    notifications.certificate_issued(document)
    return document


def latest_certificate(placement: Placement) -> PlacementDocument | None:
    """The most recent version of the placement's certificate, if any was issued."""
    return (
        PlacementDocument.objects.filter(placement=placement, kind=DocumentKind.CERTIFICATE)
        .order_by("-version")
        .first()
    )


@transaction.atomic(durable=True)
def record_certificate_download(*, actor: User, document: PlacementDocument) -> None:
    """Logs a download of a certificate (it carries the student's name and evaluation) by anyone
    but the student it belongs to."""
    record_event(
        actor=actor,
        action=AuditAction.READ,
        obj=document,
        summary=f"Scaricata la certificazione delle competenze (versione {document.version})",
        hub_id=document.placement.hub_id,
    )


def download_name(document: PlacementDocument) -> str:
    """The file name offered to the browser, e.g. certificazione-competenze-12-v1.pdf."""
    return f"certificazione-competenze-{document.placement_id}-v{document.version}.pdf"
