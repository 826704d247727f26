"""The report channel: the student's reports (/studente/segnalazioni/) and the back-office desk
where the school answers and the hub coordinator follows escalated and safety reports
(/gestione/segnalazioni/). Who sees what is in `report_access.py`; the host never sees them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.accounts.scopes import scopes_of
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.placements.models import Report, ReportKind, ReportStatus
from ptp.placements.permissions import get_own_student
from ptp.placements.report_access import (
    can_answer_report,
    can_note_report,
    get_own_placement,
    get_report_for_staff,
    get_report_of_student,
    has_report_desk,
)
from ptp.placements.report_forms import AnswerForm, NoteForm, ReportFilterForm, ReportForm
from ptp.placements.report_queries import staff_reports, student_desk
from ptp.placements.services import reports as services

# --- The student's side -------------------------------------------------------------------------


@login_required
def student_list(request: AuthenticatedRequest) -> HttpResponse:
    """The student's placements (report a problem, leave feedback, download the certificate) and
    the reports they opened, with their state."""
    desk = student_desk(get_own_student(request.user))
    return render(request, "placements/reports_student_list.html", {"desk": desk})


@login_required
@require_http_methods(["GET", "POST"])
def student_create(request: AuthenticatedRequest, placement_id: int) -> HttpResponse:
    """Opens a report on one of the student's placements."""
    placement = get_own_placement(request.user, placement_id)
    form = ReportForm(request.POST or None, initial={"kind": request.GET.get("tipo", "")})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.open_report(
                actor=request.user, placement=placement, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Segnalazione inviata alla tua scuola."))
            return redirect("reports_student:detail", report_id=report.pk)
    context = {"placement": placement, "form": form, "safety": ReportKind.NOT_SAFE}
    return render(request, "placements/reports_student_form.html", context)


@login_required
def student_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The student's report with the school's answer and the coordinator's note."""
    report = get_report_of_student(request.user, report_id)
    return render(request, "placements/reports_student_detail.html", {"report": report})


@login_required
@require_POST
def student_close(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Closes the report: only the student who opened it may (403 for the school)."""
    report = get_report_of_student(request.user, report_id)
    try:
        services.close_report(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Segnalazione chiusa."))
    return redirect("reports_student:detail", report_id=report.pk)


# --- The back office ----------------------------------------------------------------------------


@login_required
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    """The reports of the school's students and, for a coordinator, the hub's escalated and
    safety reports; waiting ones first, overdue ones highlighted."""
    if not has_report_desk(request.user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    status = form.cleaned_data["stato"] if form.is_valid() else ""
    page = paginate(request, staff_reports(request.user, status=status, now=timezone.now()))
    context = {
        "form": form,
        "page": page,
        "school_ids": scopes_of(request.user).staff_organization_ids,
    }
    return render(request, "placements/reports_list.html", context)


def _detail(
    request: AuthenticatedRequest,
    report: Report,
    *,
    answer_form: AnswerForm | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    can_answer = can_answer_report(request.user, report)
    can_note = can_note_report(request.user, report)
    context = {
        "report": report,
        "is_school": can_answer,
        "answer_form": (answer_form or AnswerForm()) if can_answer else None,
        "note_form": (note_form or NoteForm()) if can_note else None,
        "overdue": report.status == ReportStatus.ESCALATED
        or (report.status == ReportStatus.OPEN and report.due_at < timezone.now()),
    }
    return render(request, "placements/reports_detail.html", context)


@login_required
def staff_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """A report with the answer form (school) or the note form (coordinator)."""
    return _detail(request, get_report_for_staff(request.user, report_id))


@login_required
@require_POST
def staff_answer(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The school answers the student (also after escalation)."""
    report = get_report_for_staff(request.user, report_id)
    if not can_answer_report(request.user, report):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_report(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Risposta inviata allo studente."))
            return redirect("backoffice:report_detail", report_id=report.pk)
    return _detail(request, report, answer_form=form)


@login_required
@require_POST
def staff_note(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The hub coordinator adds a note; the report stays where it is."""
    report = get_report_for_staff(request.user, report_id)
    if not can_note_report(request.user, report):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_coordinator_note(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Nota salvata: la scuola ne riceve notizia."))
            return redirect("backoffice:report_detail", report_id=report.pk)
    return _detail(request, report, note_form=form)
