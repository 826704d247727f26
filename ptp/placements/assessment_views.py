"""What follows a placement: the host tutor's evaluation, the student's feedback and its
moderation by the school, the certificate of competences (issue and download)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.accounts.models import User
from ptp.accounts.scopes import scopes_of
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.network.models import Organization
from ptp.placements import certificates
from ptp.placements import report_queries as queries
from ptp.placements.models import FeedbackStatus, Placement, StudentFeedback
from ptp.placements.report_access import (
    FEEDBACK_STATUSES,
    can_issue_certificate,
    get_feedback_to_moderate,
    get_own_placement,
    get_placement_for_certificate,
    get_placement_to_evaluate,
    has_staff_role,
    is_student_of,
)
from ptp.placements.report_forms import EvaluationForm, FeedbackForm, ModerationForm
from ptp.placements.services import evaluation, feedback
from ptp.placements.services.evaluation import LEVELS


def _require_staff(user: User) -> None:
    if not has_staff_role(user):
        raise PermissionDenied


# --- Evaluation (host) --------------------------------------------------------------------------


@login_required
def evaluation_list(request: AuthenticatedRequest) -> HttpResponse:
    """The host's active and completed placements, with how far their evaluation has got."""
    _require_staff(request.user)
    page = paginate(request, queries.placements_to_evaluate(request.user))
    return render(request, "placements/evaluation_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_form(request: AuthenticatedRequest, placement_id: int) -> HttpResponse:
    """The host tutor gives each skill of the plan a level (1–4) and remarks."""
    placement = get_placement_to_evaluate(request.user, placement_id)
    skills = queries.plan_skills(placement)
    given = queries.evaluation_levels(placement)
    context = {"placement": placement, "levels": LEVELS.values()}
    if locked := evaluation.why_locked(placement):
        rows = [(s, *given.get(s.pk, (None, ""))) for s in skills]
        context |= {"locked": locked, "rows": [(s, LEVELS.get(lv or 0), c) for s, lv, c in rows]}
        return render(request, "placements/evaluation_form.html", context)
    form = EvaluationForm(request.POST or None, skills=skills, initial_levels=given)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.record_evaluations(
                actor=request.user, placement=placement, assessments=form.assessments()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Valutazione salvata."))
            return redirect("backoffice:evaluation_form", placement_id=placement.pk)
    return render(request, "placements/evaluation_form.html", {**context, "form": form})


# --- Feedback -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def student_feedback(request: AuthenticatedRequest, placement_id: int) -> HttpResponse:
    """The student rates the host of a completed placement; the school moderates it."""
    placement = get_own_placement(request.user, placement_id)
    current = StudentFeedback.objects.filter(placement=placement).first()
    initial = {"rating": current.rating, "text": current.text} if current else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.leave_feedback(actor=request.user, placement=placement, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Grazie: la tua scuola leggerà la tua opinione."))
            return redirect("reports_student:feedback", placement_id=placement.pk)
    context = {
        "placement": placement,
        "form": form,
        "current": current,
        "allowed": placement.status in FEEDBACK_STATUSES,
        "published": current is not None and current.status == FeedbackStatus.PUBLISHED,
        "reason": queries.rejection_reason(current)
        if current and current.status == FeedbackStatus.REJECTED
        else "",
    }
    return render(request, "placements/feedback_form.html", context)


@login_required
def feedback_queue(request: AuthenticatedRequest) -> HttpResponse:
    """The school's opinions waiting for moderation, oldest first."""
    _require_staff(request.user)
    page = paginate(request, queries.feedback_queue(request.user))
    return render(request, "placements/feedback_queue.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def feedback_moderate(request: AuthenticatedRequest, feedback_id: int) -> HttpResponse:
    """Publishes an opinion or sends it back to the student with a reason."""
    item = get_feedback_to_moderate(request.user, feedback_id)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.moderate_feedback(
                actor=request.user,
                feedback=item,
                publish=form.publish,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            done = _("Opinione pubblicata.") if form.publish else _("Opinione non pubblicata.")
            messages.success(request, done)
            return redirect("backoffice:feedback_queue")
    return render(request, "placements/feedback_moderate.html", {"item": item, "form": form})


@login_required
def feedback_summary(request: AuthenticatedRequest) -> HttpResponse:
    """What students said about the user's organizations, without names, with the average once
    there are enough opinions."""
    _require_staff(request.user)
    staff = scopes_of(request.user).staff_organization_ids
    organizations = list(Organization.objects.filter(pk__in=staff).order_by("name"))
    opinions = queries.host_opinions(request.user)
    summaries = queries.feedback_summaries(staff)
    rows = [
        (org, summaries.get(org.pk), [o for o in opinions if o.host_id == org.pk])
        for org in organizations
    ]
    return render(request, "placements/feedback_summary.html", {"rows": rows})


# --- Certificates -------------------------------------------------------------------------------


@login_required
def certificate_list(request: AuthenticatedRequest) -> HttpResponse:
    """The school's completed placements and what each certificate still needs."""
    _require_staff(request.user)
    page = paginate(request, queries.school_certificate_rows(request.user))
    return render(request, "placements/certificate_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def certificate_detail(request: AuthenticatedRequest, placement_id: int) -> HttpResponse:
    """What the certificate states and what is missing; the school issues it, everyone entitled
    downloads its versions."""
    placement = get_placement_for_certificate(request.user, placement_id)
    can_issue = can_issue_certificate(request.user, placement)
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied
        try:
            document = certificates.issue_certificate(actor=request.user, placement=placement)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Certificazione rilasciata (versione %d).") % document.version
            )
        return redirect("backoffice:certificate", placement_id=placement.pk)
    context = {
        "placement": placement,
        "facts": certificates.certificate_facts(placement) if can_issue else None,
        "versions": queries.certificate_versions(placement),
        "can_issue": can_issue,
    }
    return render(request, "placements/certificate_detail.html", context)


def _pdf(request: AuthenticatedRequest, placement: Placement, version: int | None) -> FileResponse:
    documents = queries.certificate_versions(placement)
    document = next((d for d in documents if version in (None, d.version)), None)
    if document is None:
        raise Http404
    if not is_student_of(request.user, placement):
        certificates.record_certificate_download(actor=request.user, document=document)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=certificates.download_name(document),
        content_type="application/pdf",
    )


@login_required
def certificate_download(
    request: AuthenticatedRequest, placement_id: int, version: int
) -> FileResponse:
    """One version of the certificate, for the school and the host (and the student)."""
    return _pdf(request, get_placement_for_certificate(request.user, placement_id), version)


@login_required
def student_certificate(request: AuthenticatedRequest, placement_id: int) -> FileResponse:
    """The latest version of the student's own certificate."""
    return _pdf(request, get_own_placement(request.user, placement_id), None)
