"""The student's side (/studente/percorsi/): opportunities open to them, applying, ranking and
withdrawing applications, and their placements with documents and hours (read-only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.placements import permissions as perms
from ptp.placements.lifecycle_forms import ApplyForm, OpportunitySearchForm
from ptp.placements.lifecycle_hours_views import hours_csv
from ptp.placements.lifecycle_views import placement_document
from ptp.placements.models import Application, HoursEntry, Placement
from ptp.placements.queries import applications as queries
from ptp.placements.queries import hours as hours_queries
from ptp.placements.queries.placements import placement_detail
from ptp.placements.services import applications as services


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """My applications in my order of preference, and my placements."""
    student = perms.get_own_student(request.user)
    context = {
        "student": student,
        "applications": queries.applications_of_student(student),
        "placements": queries.placements_of_student(student),
        "summary": hours_queries.student_summary(student),
    }
    return render(request, "placements/student_home.html", context)


@login_required
def opportunities(request: AuthenticatedRequest) -> HttpResponse:
    """Published opportunities of my school's hubs whose period has not ended."""
    student = perms.get_own_student(request.user)
    form = OpportunitySearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, queries.windows_open_to(student, timezone.localdate(), text))
    context = {"form": form, "page": page, "rows": queries.window_rows(student, page.object_list)}
    return render(request, "placements/student_opportunities.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthenticatedRequest, window_id: int) -> HttpResponse:
    """Applies to a period of an opportunity; the application goes last in my ranking."""
    student = perms.get_own_student(request.user)
    window = perms.get_window_for_student(student, window_id)
    # Every field is optional: an empty POST is still a submission.
    form = ApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(
                actor=request.user, student=student, window=window, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Candidatura inviata: ora la valuta la tua scuola."))
            return redirect("placements_student:home")
    return render(request, "placements/student_apply.html", {"window": window, "form": form})


def _own_application(request: AuthenticatedRequest, pk: int) -> Application:
    student = perms.get_own_student(request.user)
    return get_object_or_404(
        Application.objects.select_related("window__opportunity__hub", "student"),
        pk=pk,
        student=student,
    )


@login_required
@require_POST
def move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Moves an application one place up or down my ranking."""
    application = _own_application(request, pk)
    offset = -1 if request.POST.get("direzione") == "su" else 1
    try:
        services.move_application(actor=request.user, application=application, offset=offset)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("placements_student:home")


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Withdraws an application the host has not decided yet."""
    application = _own_application(request, pk)
    try:
        services.withdraw_application(actor=request.user, application=application)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Candidatura ritirata."))
    return redirect("placements_student:home")


def _own_placement(request: AuthenticatedRequest, pk: int) -> Placement:
    perms.get_own_student(request.user)  # 403 for accounts that are not students
    placement = perms.get_placement(request.user, pk)
    if not perms.is_student_of(request.user, placement):
        raise Http404  # the student area shows one's own placements only
    return placement


@login_required
def placement(request: AuthenticatedRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """My placement: plan, tutors, documents, hours against the plan and the legal minimum."""
    own = _own_placement(request, pk)
    if request.GET.get("formato") == "csv":
        return hours_csv(own)
    context = {
        "detail": placement_detail(own),
        "entries": HoursEntry.objects.filter(placement=own).order_by("day"),
        "summary": hours_queries.student_summary(own.student),
    }
    return render(request, "placements/student_placement.html", context)


@login_required
def document(request: AuthenticatedRequest, pk: int, document_id: int) -> FileResponse:
    """Downloads a document of my placement."""
    _own_placement(request, pk)
    return placement_document(request, pk, document_id)
