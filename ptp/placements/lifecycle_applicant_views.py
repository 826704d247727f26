"""Applicants in the back office: the school validates its students' applications, the host accepts
or declines those the school validated (seeing only its own applicants)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ptp.core.errors import DomainError
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.placements import permissions as perms
from ptp.placements.lifecycle_forms import (
    HostApplicationFilterForm,
    HostDecisionForm,
    SchoolApplicationFilterForm,
    SchoolDecisionForm,
)
from ptp.placements.models import ApplicationStatus
from ptp.placements.queries import applications as queries
from ptp.placements.services import applications as services

# Each list opens on what waits for its reader: submitted for the school, validated for the host.
SCHOOL_DEFAULT = {"stato": ApplicationStatus.SUBMITTED.value}
HOST_DEFAULT = {"stato": ApplicationStatus.VALIDATED.value}


@login_required
def applications_school(request: AuthenticatedRequest) -> HttpResponse:
    """Applications of the students of the user's schools, filterable, to validate or refuse."""
    schools = perms.schools_of(request.user)
    if not schools:
        raise PermissionDenied
    school_ids = frozenset(s.pk for s in schools)
    form = SchoolApplicationFilterForm(request.GET or SCHOOL_DEFAULT, schools=schools)
    applications = queries.applications_for_schools(school_ids, form.filters())
    page = paginate(request, applications.values_list("pk", flat=True))
    context = {
        "form": form,
        "page": page,
        "rows": queries.application_rows(page.object_list),
        "several_schools": len(school_ids) > 1,
    }
    return render(request, "placements/applications_school.html", context)


@login_required
def applications_host(request: AuthenticatedRequest) -> HttpResponse:
    """Validated applications to the user's organizations' opportunities, with seats left."""
    host_ids = perms.host_ids(request.user)
    if not host_ids:
        raise PermissionDenied
    form = HostApplicationFilterForm(request.GET or HOST_DEFAULT)
    applications = queries.applications_for_hosts(host_ids, form.filters())
    page = paginate(request, applications.values_list("pk", flat=True))
    rows = queries.application_rows(page.object_list)
    taken = queries.taken_seats({row.window_id for row in rows})
    context = {
        "form": form,
        "page": page,
        "rows": [(row, max(row.seats - taken.get(row.window_id, 0), 0)) for row in rows],
    }
    return render(request, "placements/applications_host.html", context)


def _back(request: AuthenticatedRequest, default: str) -> HttpResponse:
    """Back to the list the decision was taken from, with its filters and page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def application_school_decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The student's school approves or refuses a submitted application."""
    application = perms.get_application(request.user, pk, perms.can_decide_as_school)
    form = SchoolDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scegli se approvare o non approvare la candidatura."))
        return _back(request, "backoffice:applications_school")
    service = (
        services.validate_application
        if form.cleaned_data["esito"] == "approva"
        else services.refuse_application
    )
    try:
        application = service(actor=request.user, application=application)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Candidatura di %(name)s: %(status)s.")
            % {"name": application.student.full_name, "status": application.get_status_display()},
        )
    return _back(request, "backoffice:applications_school")


@login_required
@require_POST
def application_host_decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The host accepts (creating the placement, if a seat is left) or declines an application."""
    application = perms.get_application(request.user, pk, perms.can_decide_as_host)
    form = HostDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scegli se accettare o non accettare la candidatura."))
        return _back(request, "backoffice:applications_host")
    try:
        if form.cleaned_data["esito"] == "accetta":
            placement = services.accept_application(actor=request.user, application=application)
        else:
            services.decline_application(actor=request.user, application=application)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request, "backoffice:applications_host")
    if form.cleaned_data["esito"] == "accetta":
        messages.success(request, _("Candidatura accettata: il percorso è stato creato."))
        return redirect("backoffice:placement_detail", pk=placement.pk)
    messages.success(request, _("Candidatura non accettata."))
    return _back(request, "backoffice:applications_host")
