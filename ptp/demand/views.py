"""A company's skill needs in its back office: list, add, change, close or withdraw, import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.demand import queries, services
from ptp.demand.forms import NeedFilterForm, NeedForm, NeedsImportForm, NeedStatusForm, need_initial
from ptp.demand.imports import import_needs
from ptp.demand.permissions import (
    can_manage_company,
    company_hubs,
    get_company_to_manage,
    get_company_to_view,
    get_need_to_manage,
)


@login_required
def need_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The company's needs in every hub, filterable by status."""
    company = get_company_to_view(request.user, slug)
    filters = NeedFilterForm(request.GET or None)
    needs = queries.company_needs(company, status=filters.value("stato"))
    context = {
        "company": company,
        "filters": filters,
        "page": paginate(request, needs),
        "can_manage": can_manage_company(request.user, company),
    }
    return render(request, "demand/need_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Records a new need; skills and occupation come from the taxonomy's autocomplete."""
    company = get_company_to_manage(request.user, slug)
    hubs = company_hubs(request.user, company)
    form = NeedForm(request.POST or None, hubs=hubs)
    notes: list[str] = []
    if request.method == "POST" and hubs:
        if form.wants_refresh():
            initial, notes = form.refreshed()
            form = NeedForm(initial=initial, hubs=hubs)
        elif form.is_valid():
            try:
                services.create_need(
                    actor=request.user,
                    organization=company,
                    hub=form.cleaned_data["hub"],
                    data=form.need_data(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Fabbisogno registrato."))
                return redirect("backoffice:host_needs", slug=company.slug)
    context = {"company": company, "form": form, "notes": notes, "hubs": hubs, "need": None}
    return render(request, "demand/need_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Changes an open need."""
    company = get_company_to_manage(request.user, slug)
    need = get_need_to_manage(request.user, company, pk)
    form = NeedForm(request.POST or None, initial=need_initial(need))
    notes: list[str] = []
    if request.method == "POST":
        if form.wants_refresh():
            initial, notes = form.refreshed()
            form = NeedForm(initial=initial)
        elif form.is_valid():
            try:
                services.update_need(actor=request.user, need=need, data=form.need_data())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Fabbisogno aggiornato."))
                return redirect("backoffice:host_needs", slug=company.slug)
    context = {"company": company, "form": form, "notes": notes, "need": need, "hubs": None}
    return render(request, "demand/need_form.html", context)


@login_required
@require_POST
def need_status(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Closes a need as filled, or withdraws it."""
    company = get_company_to_manage(request.user, slug)
    need = get_need_to_manage(request.user, company, pk)
    form = NeedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scegli se il fabbisogno è soddisfatto o ritirato."))
        return redirect("backoffice:host_needs", slug=company.slug)
    try:
        services.set_need_status(actor=request.user, need=need, status=form.cleaned_data["status"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Fabbisogno chiuso: resta nello storico."))
    return redirect("backoffice:host_needs", slug=company.slug)


@login_required
@require_http_methods(["GET", "POST"])
def need_import(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Checks every row of the uploaded needs and reports each mistake; writes all or nothing."""
    company = get_company_to_manage(request.user, slug)
    hubs = company_hubs(request.user, company)
    form = NeedsImportForm(request.POST or None, request.FILES or None, hubs=hubs)
    report = None
    if request.method == "POST" and hubs and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_needs(
            actor=request.user,
            organization=company,
            hub=form.cleaned_data["hub"],
            stream=upload,
            name=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.written:
            messages.success(
                request,
                _("Importati %(n)d fabbisogni (%(people)d persone).")
                % {"n": report.needs, "people": report.people},
            )
            return redirect("backoffice:host_needs", slug=company.slug)
    context = {"company": company, "form": form, "report": report, "hubs": hubs}
    return render(request, "demand/need_import.html", context)
