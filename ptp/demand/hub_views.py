"""The demand side for coordinators and regional officers: a hub's needs, labour-demand bulletins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.core.exports import stream_csv
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.demand import queries
from ptp.demand.forms import BulletinImportForm, NeedFilterForm
from ptp.demand.imports import import_labour_demand
from ptp.demand.permissions import can_import_labour_demand, get_hub_for_needs

NEEDS_HEADER = [
    "impresa",
    "figura",
    "professione",
    "competenze",
    "persone",
    "orizzonte",
    "comune",
    "stato",
    "registrato_il",
    "dato_dimostrativo",
]


@login_required
def hub_needs(request: AuthenticatedRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """Every need of the hub's companies, with totals of the open ones; exportable as CSV."""
    hub = get_hub_for_needs(request.user, slug)
    filters = NeedFilterForm(request.GET or None)
    needs = queries.hub_needs(
        hub, status=filters.value("stato"), horizon=filters.value("orizzonte")
    )
    if request.GET.get("formato") == "csv":
        rows = (
            [
                n.organization.name,
                n.title,
                n.occupation.label if n.occupation else "",
                "; ".join(s.label for s in n.skill_list),  # type: ignore[attr-defined]
                n.headcount,
                n.get_horizon_display(),
                n.municipality.name,
                n.get_status_display(),
                n.created_at.date().isoformat(),
                "sì" if n.is_demo else "no",
            ]
            for n in needs
        )
        return stream_csv(f"fabbisogni-{hub.slug}", NEEDS_HEADER, rows)
    context = {
        "hub": hub,
        "filters": filters,
        "totals": queries.hub_need_totals(hub),
        "page": paginate(request, needs),
    }
    return render(request, "demand/hub_needs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def labour_demand(request: AuthenticatedRequest) -> HttpResponse:
    """The imported bulletins, and the upload of a new one (checked row by row, all or nothing)."""
    if not can_import_labour_demand(request.user):
        raise PermissionDenied
    form = BulletinImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_labour_demand(
            actor=request.user,
            stream=upload,
            name=upload.name,
            source=form.cleaned_data["source"],
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.written:
            messages.success(
                request,
                _("Bollettino importato: %(rows)d righe, %(hires)d entrate previste.")
                % {"rows": report.rows, "hires": report.planned_hires},
            )
            return redirect("backoffice:labour_demand")
    context = {"form": form, "report": report, "page": paginate(request, queries.bulletins())}
    return render(request, "demand/labour_demand.html", context)
