"""A company's opportunities in its back office: list, create, change, publish, close."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.demand.permissions import company_hubs, get_company_to_manage, get_company_to_view
from ptp.network.models import Organization
from ptp.placements.hosts.permissions import can_manage_host
from ptp.placements.hosts.queries import host_enrollment
from ptp.placements.models import Opportunity
from ptp.placements.opportunities import queries, services
from ptp.placements.opportunities.forms import (
    OpportunityForm,
    existing_windows,
    opportunity_initial,
    window_formset,
    window_initial,
    windows_of,
)
from ptp.placements.opportunities.permissions import (
    can_edit_opportunity,
    get_opportunity_of,
    get_opportunity_to_edit,
)
from ptp.placements.opportunities.rules import publication_problems


@login_required
def opportunity_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The company's opportunities in every hub and status."""
    company = get_company_to_view(request.user, slug)
    context = {
        "company": company,
        "page": paginate(request, queries.host_opportunities(company)),
        "can_manage": can_manage_host(request.user, company),
    }
    return render(request, "opportunities/manage_list.html", context)


def _form_page(
    request: AuthenticatedRequest, company: Organization, opportunity: Opportunity | None
) -> HttpResponse:
    """The create and edit form: skills are added through the autocomplete, windows as rows."""
    hubs = company_hubs(request.user, company) if opportunity is None else None
    initial: dict[str, Any] = (
        opportunity_initial(opportunity)
        if opportunity
        else {"sector": hubs[0].sector_id if hubs else None}
    )
    rows = existing_windows(opportunity) if opportunity else None
    form = OpportunityForm(request.POST or None, hubs=hubs, initial=initial)
    windows = window_formset(request.POST or None, initial=rows)
    notes: list[str] = []
    if request.method == "POST" and (opportunity or hubs):
        if form.wants_refresh():
            initial, notes = form.refreshed()
            form = OpportunityForm(initial=initial, hubs=hubs)
            windows = window_formset(initial=window_initial(windows))
        elif all([form.is_valid(), windows.is_valid()]):
            saved = _save(request, company, opportunity, form, windows)
            if saved is not None:
                return redirect("backoffice:host_opportunity", slug=company.slug, pk=saved.pk)
    context = {
        "company": company,
        "opportunity": opportunity,
        "form": form,
        "windows": windows,
        "notes": notes,
        "hubs": hubs,
    }
    return render(request, "opportunities/manage_form.html", context)


def _save(
    request: AuthenticatedRequest,
    company: Organization,
    opportunity: Opportunity | None,
    form: OpportunityForm,
    windows: Any,
) -> Opportunity | None:
    data = form.opportunity_data(windows_of(windows))
    try:
        if opportunity is None:
            opportunity = services.create_opportunity(
                actor=request.user, host=company, hub=form.cleaned_data["hub"], data=data
            )
            messages.success(request, _("Opportunità salvata come bozza."))
        else:
            opportunity = services.update_opportunity(
                actor=request.user, opportunity=opportunity, data=data
            )
            messages.success(request, _("Opportunità aggiornata."))
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    return opportunity


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A new opportunity, saved as a draft."""
    return _form_page(request, get_company_to_manage(request.user, slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Changes a draft or published opportunity."""
    company = get_company_to_manage(request.user, slug)
    return _form_page(request, company, get_opportunity_to_edit(request.user, company, pk))


@login_required
def opportunity_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """An opportunity as its host sees it: status, what prevents publishing, seats taken."""
    company = get_company_to_view(request.user, slug)
    opportunity = get_opportunity_of(company, pk)
    profile = queries.profile_of(opportunity, names_visible=True)
    enrollment = host_enrollment(opportunity.hub, company)
    problems = publication_problems(
        windows=[(r.window.starts_on, r.window.ends_on) for r in profile.windows],
        today=timezone.localdate(),
        framework_accepted=bool(enrollment and enrollment.has_framework_agreement),
        min_age=opportunity.min_age,
        risk_level=opportunity.risk_level,
        involves_minor_excluded_work=opportunity.involves_minor_excluded_work,
    )
    context = {
        "company": company,
        "profile": profile,
        "opportunity": opportunity,
        "problems": problems,
        "can_edit": can_edit_opportunity(request.user, opportunity),
    }
    return render(request, "opportunities/manage_detail.html", context)


@login_required
@require_POST
def opportunity_publish(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Publishes a draft, or says why it cannot be published."""
    company = get_company_to_manage(request.user, slug)
    opportunity = get_opportunity_to_edit(request.user, company, pk)
    try:
        services.publish_opportunity(actor=request.user, opportunity=opportunity)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Opportunità pubblicata: ora è nella ricerca pubblica."))
    return redirect("backoffice:host_opportunity", slug=company.slug, pk=opportunity.pk)


@login_required
@require_POST
def opportunity_close(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Closes an opportunity: it leaves the public search and stays as history."""
    company = get_company_to_manage(request.user, slug)
    opportunity = get_opportunity_to_edit(request.user, company, pk)
    try:
        services.close_opportunity(actor=request.user, opportunity=opportunity)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Opportunità chiusa."))
    return redirect("backoffice:host_opportunity", slug=company.slug, pk=opportunity.pk)
