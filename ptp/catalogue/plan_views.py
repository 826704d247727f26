"""The hub's three-year offer plan in the back office: versions, items, states, analysis, comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ptp.catalogue import plan_analysis as analysis
from ptp.catalogue import plan_queries as queries
from ptp.catalogue import plan_services as services
from ptp.catalogue import plan_tables as tables
from ptp.catalogue.models import OfferPlan, PlanStatus, Programme
from ptp.catalogue.permissions import (
    can_manage_plans,
    can_propose_items,
    get_item_to_remove,
    get_plan_for_backoffice,
    get_plan_to_manage,
    get_plan_to_propose_into,
    proposing_organization_ids,
    removable_item_ids,
)
from ptp.catalogue.plan_forms import CompareForm, PlanItemForm, PlanStartForm, TransitionForm
from ptp.core.errors import DomainError
from ptp.core.exports import table_download
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest
from ptp.network.models import Organization
from ptp.network.permissions import get_hub_for_backoffice

Download = HttpResponse | StreamingHttpResponse
TRANSITIONS = {
    "proponi": (
        services.propose_plan,
        gettext_lazy("Piano proposto: i soci non possono più modificare le voci."),
    ),
    "approva": (services.approve_plan, gettext_lazy("Piano approvato.")),
    "riporta_in_bozza": (services.reopen_plan, gettext_lazy("Piano riportato in bozza.")),
}


def _download(
    request: AuthenticatedRequest, named: dict[str, tables.Table], prefix: str
) -> Download | None:
    """The table named in ?tabella= as CSV or XLSX when ?formato= asks for it; None otherwise."""
    fmt = request.GET.get("formato")
    if fmt not in ("csv", "xlsx"):
        return None
    table = named.get(request.GET.get("tabella", ""))
    if table is None:
        raise Http404
    return table_download(fmt, f"{prefix}-{table.name}", table.title, table.header, table.rows)


def _plan_prefix(plan: OfferPlan) -> str:
    return f"piano-{plan.hub.slug}-{plan.first_year}-v{plan.version}"


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The hub's plans by period and version; the coordinator starts a plan or a new version."""
    hub = get_hub_for_backoffice(request.user, slug)
    periods = queries.hub_plan_periods(hub)
    can_manage = can_manage_plans(request.user, hub)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = PlanStartForm(request.POST or None, existing_years=[p.first_year for p in periods])
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.start_plan(actor=request.user, hub=hub, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Avviata la versione %(v)d del piano.") % {"v": plan.version}
            )
            return redirect("backoffice:plan_detail", slug=hub.slug, plan_id=plan.pk)
    context = {"hub": hub, "periods": periods, "form": form, "can_manage": can_manage}
    return render(request, "catalogue/plan_list.html", {**context, "has_demo_data": hub.is_demo})


@login_required
def plan_detail(request: AuthenticatedRequest, slug: str, plan_id: int) -> Download:
    """A version's items grouped by school year, with the actions this user may take."""
    plan = get_plan_for_backoffice(request.user, slug, plan_id)
    items = queries.plan_items(plan)
    years = analysis.seats_by_year(queries.facts_from_items(plan, items))
    named = {t.name: t for t in (tables.items_table(items), tables.seats_table(years))}
    if (response := _download(request, named, _plan_prefix(plan))) is not None:
        return response
    is_draft = plan.status == PlanStatus.DRAFT
    removable = removable_item_ids(request.user, plan.hub, items) if is_draft else set()
    by_year = [(y, [i for i in items if i.school_year == y.school_year]) for y in years]
    context = {
        "hub": plan.hub,
        "plan": plan,
        "by_year": by_year,
        "removable": removable,
        "seats": named["posti-per-anno"],
        "chart": tables.seats_chart(years),
        "can_manage": can_manage_plans(request.user, plan.hub),
        "can_add": is_draft and can_propose_items(request.user, plan.hub),
        "previous": queries.previous_version(plan),
        "has_demo_data": plan.hub.is_demo,
    }
    return render(request, "catalogue/plan_detail.html", context)


@login_required
@require_POST
def plan_transition(request: AuthenticatedRequest, slug: str, plan_id: int) -> HttpResponse:
    """Proposes, approves or reopens a version (the coordinator only)."""
    plan = get_plan_to_manage(request.user, slug, plan_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Azione non riconosciuta."))
    else:
        service, done = TRANSITIONS[form.cleaned_data["azione"]]
        try:
            service(actor=request.user, plan=plan)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("backoffice:plan_detail", slug=slug, plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedRequest, slug: str, plan_id: int) -> HttpResponse:
    """Adds an item to a draft: members their own programmes, the coordinator any programme."""
    plan = get_plan_to_propose_into(request.user, slug, plan_id)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("Le voci si aggiungono solo finché il piano è in bozza."))
        return redirect("backoffice:plan_detail", slug=slug, plan_id=plan.pk)
    org_ids = proposing_organization_ids(request.user, plan.hub)
    any_programme = can_manage_plans(request.user, plan.hub)
    programmes = Programme.objects.order_by("title")
    if not any_programme:
        programmes = programmes.filter(provider_links__organization_id__in=org_ids).distinct()
    form = PlanItemForm(
        request.POST or None,
        plan=plan,
        organizations=Organization.objects.filter(pk__in=org_ids).order_by("name"),
        programmes=programmes,
        any_programme=any_programme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_plan_item(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Voce aggiunta al piano."))
            return redirect("backoffice:plan_detail", slug=slug, plan_id=plan.pk)
    context = {
        "hub": plan.hub,
        "plan": plan,
        "form": form,
        "has_programmes": programmes.exists(),
        "has_demo_data": plan.hub.is_demo,
    }
    return render(request, "catalogue/plan_item_form.html", context)


@login_required
@require_POST
def item_remove(
    request: AuthenticatedRequest, slug: str, plan_id: int, item_id: int
) -> HttpResponse:
    """Removes an item from a draft (the coordinator any, member staff their own)."""
    item = get_item_to_remove(request.user, slug, plan_id, item_id)
    try:
        services.remove_plan_item(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Voce rimossa dal piano."))
    return redirect("backoffice:plan_detail", slug=slug, plan_id=plan_id)


@login_required
def plan_analysis(request: AuthenticatedRequest, slug: str, plan_id: int) -> Download:
    """Coverage of skills and occupations, overlaps, gaps against the sector and ITS pathways."""
    plan = get_plan_for_backoffice(request.user, slug, plan_id)
    facts = queries.plan_facts(plan)
    years = analysis.seats_by_year(facts)
    named = {**tables.analysis_tables(facts), "posti-per-anno": tables.seats_table(years)}
    if (response := _download(request, named, _plan_prefix(plan))) is not None:
        return response
    context = {
        "hub": plan.hub,
        "plan": plan,
        "occupations": named["copertura-figure"],
        "skills": named["copertura-competenze"],
        "overlaps_municipality": named["sovrapposizioni-comune"],
        "overlaps_province": named["sovrapposizioni-provincia"],
        "gaps": named["lacune-figure"],
        "partial_gaps": named["lacune-competenze"],
        "pathways": named["filiere-its"],
        "no_pathway": named["senza-its"],
        "seats": named["posti-per-anno"],
        "seats_chart": tables.seats_chart(years),
        "occupation_chart": tables.coverage_chart(named["copertura-figure"]),
        "has_sector_occupations": bool(facts.sector_occupation_ids),
        "has_demo_data": plan.hub.is_demo,
    }
    return render(request, "catalogue/plan_analysis.html", context)


@login_required
def plan_compare(request: AuthenticatedRequest, slug: str) -> Download:
    """What changed between two versions of the hub's plans: items, programmes, seats by year."""
    hub = get_hub_for_backoffice(request.user, slug)
    form = CompareForm(request.GET or None, hub=hub)
    context: dict[str, object] = {
        "hub": hub,
        "form": form,
        "before": None,
        "after": None,
        "has_demo_data": hub.is_demo,
    }
    if form.is_valid():
        before, after = form.cleaned_data["da"], form.cleaned_data["a"]
        old, new = queries.plan_item_facts(before), queries.plan_item_facts(after)
        result = analysis.compare_plans(old, new)
        named = tables.comparison_tables(old, new, result)
        prefix = f"confronto-{hub.slug}-{before.pk}-{after.pk}"
        if (response := _download(request, named, prefix)) is not None:
            return response
        label_before, label_after = f"v{before.version}", f"v{after.version}"
        if before.first_year != after.first_year:
            label_before, label_after = (
                f"{before.first_year} {label_before}",
                f"{after.first_year} {label_after}",
            )
        context |= {
            "before": before,
            "after": after,
            "seats": named["posti-per-anno"],
            "added": named["voci-aggiunte"],
            "removed": named["voci-rimosse"],
            "changed": named["voci-modificate"],
            "programmes_added": named["percorsi-aggiunti"],
            "programmes_removed": named["percorsi-rimossi"],
            "chart": tables.comparison_chart(result, label_before, label_after),
        }
    return render(request, "catalogue/plan_compare.html", context)
