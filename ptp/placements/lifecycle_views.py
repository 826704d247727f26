"""Placements in the back office (/gestione/percorsi/): lists for the school, the host and the
hub's coordinator; one placement with its tutors, training plan, safety file, start, completion,
interruption and documents."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.accounts.scopes import scopes_of
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.network.models import Organization
from ptp.network.permissions import get_hub_for_backoffice, is_coordinator
from ptp.placements import documents
from ptp.placements import permissions as perms
from ptp.placements.lifecycle_forms import (
    DirectPlacementForm,
    InterruptForm,
    PlacementFilterForm,
    SafetyFileForm,
    TrainingPlanForm,
    TutorForm,
)
from ptp.placements.models import Placement, PlacementDocument, PlacementStatus, SafetyFile
from ptp.placements.queries import placements as queries
from ptp.placements.services import placements as services
from ptp.placements.services import preparation
from ptp.placements.services.safety import update_safety_file


@login_required
def placements_home(request: AuthenticatedRequest) -> HttpResponse:
    """Where each role finds its placements and applications."""
    context = {
        "schools": Organization.objects.filter(pk__in=perms.school_ids(request.user)),
        "hosts": Organization.objects.filter(pk__in=perms.host_ids(request.user)),
        "hubs": queries.hubs_coordinated(request.user),
        "is_student": bool(scopes_of(request.user).student_organization_ids),
    }
    return render(request, "placements/home.html", context)


def _list(
    request: AuthenticatedRequest, placements: QuerySet[Placement], **context: Any
) -> HttpResponse:
    page = paginate(request, placements)
    context |= {"page": page, "rows": queries.placement_rows(page.object_list)}
    return render(request, "placements/placement_list.html", context)


@login_required
def placements_school(request: AuthenticatedRequest) -> HttpResponse:
    """Placements of the students of the user's schools, with safety and hours progress."""
    school_ids = perms.school_ids(request.user)
    if not school_ids:
        raise PermissionDenied
    form = PlacementFilterForm(request.GET or None)
    placements = queries.placements_of_schools(school_ids, form.filters())
    return _list(request, placements, form=form, side="school", can_create=True)


@login_required
def placements_host(request: AuthenticatedRequest) -> HttpResponse:
    """Placements hosted by the user's organizations, whichever member school sends them."""
    host_ids = perms.host_ids(request.user)
    if not host_ids:
        raise PermissionDenied
    form = PlacementFilterForm(request.GET or None)
    placements = queries.placements_of_hosts(host_ids, form.filters())
    return _list(request, placements, form=form, side="host", can_create=False)


@login_required
def placements_hub(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Every placement of the hub, read-only, for its coordinator."""
    hub = get_hub_for_backoffice(request.user, slug)
    if not is_coordinator(request.user, hub):
        raise PermissionDenied
    form = PlacementFilterForm(request.GET or None)
    placements = queries.placements_of_hub(hub.pk, form.filters())
    return _list(request, placements, form=form, side="hub", hub=hub, can_create=False)


@login_required
def placement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One placement: parties, plan, safety file, hours progress, documents and next steps."""
    placement = perms.get_placement(request.user, pk)
    user = request.user
    detail = queries.placement_detail(placement)
    as_school = perms.can_manage_placement_as_school(user, placement)
    can_edit = perms.can_edit_placement(user, placement)
    status = placement.status
    context = {
        "detail": detail,
        "as_school": as_school,
        "as_host": perms.can_manage_placement_as_host(user, placement),
        "can_edit": can_edit and detail.is_open,
        "can_generate": can_edit,
        "can_start": as_school and status in (PlacementStatus.PLANNED, PlacementStatus.READY),
        "can_complete": as_school and status == PlacementStatus.ACTIVE,
        "can_download": perms.can_download_documents(user, placement),
        # The coordinator reads the placement by the student's pseudonymous code.
        "show_names": perms.can_download_documents(user, placement),
    }
    return render(request, "placements/placement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_create_direct(request: AuthenticatedRequest) -> HttpResponse:
    """The school places one of its students directly with a host enrolled in the hub."""
    school_ids = perms.school_ids(request.user)
    if not school_ids:
        raise PermissionDenied
    form = DirectPlacementForm(request.POST or None, school_ids=school_ids)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enrollment = data.pop("enrollment")
        try:
            placement = services.create_direct_placement(
                actor=request.user, host=enrollment.organization, hub=enrollment.hub, **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Percorso creato: ora nomina i tutor e completa il fascicolo sicurezza.")
            )
            return redirect("backoffice:placement_detail", pk=placement.pk)
    return _form_page(
        request, form, title=_("Nuovo percorso diretto"), submit=_("Crea il percorso")
    )


def _form_page(
    request: AuthenticatedRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    placement: Placement | None = None,
) -> HttpResponse:
    context = {"form": form, "title": title, "submit": submit, "placement": placement}
    return render(request, "placements/placement_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_tutors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Each side names its own tutor: the school its school tutor, the host its company tutor."""
    placement = perms.get_placement(request.user, pk, perms.can_edit_placement)
    as_school = perms.can_manage_placement_as_school(request.user, placement)
    if as_school:
        org_id, current, label = placement.school_id, placement.school_tutor, _("Tutor scolastico")
        assign: Callable[..., Placement] = preparation.assign_school_tutor
    else:
        org_id, current, label = placement.host_id, placement.host_tutor, _("Tutor aziendale")
        assign = preparation.assign_host_tutor
    staff = queries.staff_of(org_id)
    form = TutorForm(request.POST or None, staff=staff, label=label, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            assign(actor=request.user, placement=placement, tutor=form.cleaned_data["tutor"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Tutor nominato."))
            return redirect("backoffice:placement_detail", pk=placement.pk)
    return _form_page(request, form, title=label, submit=_("Nomina"), placement=placement)


@login_required
@require_http_methods(["GET", "POST"])
def placement_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Both sides edit the training plan: objectives, activities, safety measures, skills."""
    placement = perms.get_placement(request.user, pk, perms.can_edit_placement)
    plan = placement.training_plan
    initial = {
        "objectives": plan.objectives,
        "activities": plan.activities,
        "safety_measures": plan.safety_measures,
        "skills": list(plan.skills.values_list("pk", flat=True)),
    }
    form = TrainingPlanForm(
        request.POST or None, candidates=queries.plan_candidate_skills(placement), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preparation.update_training_plan(
                actor=request.user,
                placement=placement,
                objectives=data["objectives"],
                activities=data["activities"],
                safety_measures=data["safety_measures"],
                skills=form.chosen_skills(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Progetto formativo aggiornato."))
            return redirect("backoffice:placement_detail", pk=placement.pk)
    title = _("Progetto formativo")
    return _form_page(request, form, title=title, submit=_("Salva"), placement=placement)


@login_required
@require_http_methods(["GET", "POST"])
def placement_safety(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Both sides record the safety file; the placement cannot start until it is complete."""
    placement = perms.get_placement(request.user, pk, perms.can_edit_placement)
    safety = SafetyFile.objects.get(placement=placement)
    initial = {name: getattr(safety, name) for name in SafetyFileForm.base_fields}
    # Every field is optional: an empty POST is still a submission (it clears the file).
    form = SafetyFileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_safety_file(actor=request.user, placement=placement, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Fascicolo sicurezza aggiornato."))
            return redirect("backoffice:placement_detail", pk=placement.pk)
    title = _("Fascicolo sicurezza")
    return _form_page(request, form, title=title, submit=_("Salva"), placement=placement)


def _transition(
    request: AuthenticatedRequest,
    pk: int,
    predicate: Callable[[Any, Placement], bool],
    service: Callable[..., Placement],
    done: str,
) -> HttpResponse:
    placement = perms.get_placement(request.user, pk, predicate)
    try:
        service(actor=request.user, placement=placement)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("backoffice:placement_detail", pk=placement.pk)


@login_required
@require_POST
def placement_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The school starts the placement; refused while the safety file is incomplete."""
    return _transition(
        request, pk, perms.can_start_placement, services.start_placement, _("Percorso avviato.")
    )


@login_required
@require_POST
def placement_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The school closes an active placement as completed."""
    return _transition(
        request, pk, perms.can_start_placement, services.complete_placement, _("Percorso concluso.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_interrupt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Either side interrupts the placement, giving the reason."""
    placement = perms.get_placement(request.user, pk, perms.can_interrupt_placement)
    form = InterruptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interrupt_placement(
                actor=request.user, placement=placement, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Percorso interrotto."))
            return redirect("backoffice:placement_detail", pk=placement.pk)
    title = _("Interrompi il percorso")
    return _form_page(request, form, title=title, submit=_("Interrompi"), placement=placement)


@login_required
@require_POST
def placement_document_generate(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """The school or the host generates a new version of the agreement or the training plan."""
    placement = perms.get_placement(request.user, pk, perms.can_edit_placement)
    if kind not in documents.TEMPLATES:
        raise PermissionDenied
    document = documents.generate_document(actor=request.user, placement=placement, kind=kind)
    messages.success(
        request,
        _("Generato: %(kind)s, versione %(v)d.")
        % {"kind": document.get_kind_display(), "v": document.version},
    )
    return redirect("backoffice:placement_detail", pk=placement.pk)


@login_required
def placement_document(request: AuthenticatedRequest, pk: int, document_id: int) -> FileResponse:
    """Serves a generated document to the parties: the school, the host and the student."""
    placement = perms.get_placement(request.user, pk, perms.can_download_documents)
    document = get_object_or_404(
        PlacementDocument, pk=document_id, placement=placement, kind__in=list(documents.TEMPLATES)
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=documents.download_name(document),
        content_type="application/pdf",
    )
