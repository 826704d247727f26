"""The observatory's hub pages: all hubs side by side, a hub's indicators over time with its yearly
report, the regional ranking (weights edited by the regional officer) and the open data.

Every page shows aggregates only, with counts of people under 5 suppressed; none reads a student's
name or code (tests/observatory/test_hub_pages.py proves it on rendered pages)."""

import html

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.accounts.scopes import scopes_of
from ptp.core.exports import XLSX_TYPE
from ptp.core.public_cache import cached_for_public_data, public_page
from ptp.lib import pdf
from ptp.lib.spreadsheets import xlsx_bytes
from ptp.observatory import hub_queries, indicators, open_data
from ptp.observatory.hub_charts import stacked_chart
from ptp.observatory.hub_forms import RankingWeightsForm
from ptp.pages.charts import bar_chart


def can_edit_ranking(user: object) -> bool:
    """Only a regional officer sets the weights of the regional ranking."""
    return bool(scopes_of(user).region_ids)


def _compare_header() -> list[str]:
    return [
        _("Polo"),
        _("Filiera"),
        _("Provincia"),
        _("Data"),
        *[str(indicators.BY_KEY[k].label) for k in indicators.COMPARE_KEYS],
    ]


def _compare_download(fmt: str, hubs: list[hub_queries.HubFigures]) -> HttpResponse:
    """The side-by-side table as CSV or XLSX (same columns), built once per change of data."""

    def build() -> bytes:
        rows = [
            [
                h.hub.name,
                h.hub.sector.name,
                h.hub.province.name,
                h.taken_on.isoformat() if h.taken_on else "",
                *(open_data.cell(h.values.get(k)) for k in indicators.COMPARE_KEYS),
            ]
            for h in hubs
        ]
        if fmt == "xlsx":
            return xlsx_bytes(_("Poli"), _compare_header(), rows)
        return ("\ufeff" + open_data.to_csv(_compare_header(), rows)).encode()

    content: bytes = cached_for_public_data(f"hub-compare:{get_language()}:{fmt}", build)
    response = HttpResponse(content, content_type=XLSX_TYPE if fmt == "xlsx" else "text/csv")
    response["Content-Disposition"] = f'attachment; filename="indicatori-dei-poli.{fmt}"'
    return response


@public_page
def hub_list(request: HttpRequest) -> HttpResponseBase:
    """Every hub side by side on its latest snapshot, with a chart of one indicator and downloads."""
    hubs = hub_queries.all_hubs()
    fmt = request.GET.get("formato")
    if fmt in ("csv", "xlsx"):
        return _compare_download(fmt, hubs)
    key = request.GET.get("indicatore", "wbl_rate")
    if key not in indicators.COMPARE_KEYS:
        key = "wbl_rate"
    unit = indicators.BY_KEY[key].unit
    scale = 100.0 if unit in ("rate", "index") else 1.0
    plotted = [(h.hub.short_name, h.values.get(key)) for h in hubs]
    chart = bar_chart(
        [(label, round(v * scale, 2)) for label, v in plotted if v is not None], label_width=190
    )
    context = {
        "hubs": hubs,
        "keys": [(k, indicators.BY_KEY[k].label) for k in indicators.COMPARE_KEYS],
        # The cells of each row joined here: 14 columns × every hub is most of the page's nodes.
        "rows": [(h, _cells(h)) for h in hubs],
        "chart": chart,
        "chart_key": key,
        "chart_label": indicators.BY_KEY[key].label,
        "chart_is_rate": unit == "rate",
        "chart_is_points": unit == "index",
        "taken_on": next((h.taken_on for h in hubs if h.taken_on), None),
        "has_demo_data": any(h.is_demo for h in hubs),
        "suppressed_label": indicators.SUPPRESSED_LABEL,
    }
    return render(request, "observatory/hubs/hub_list.html", context)


@public_page
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A hub's indicators on its latest snapshot and their monthly trend."""
    trend = hub_queries.hub_trend(slug)
    rows = [(p.taken_on.strftime("%m/%Y"), p.members_by_kind) for p in trend.points]
    trend_keys = ("members_total", "students_in_wbl", "hours_rate", "companies_hosting")
    context = {
        "trend": trend,
        "hub": trend.current.hub,
        "figures": [(i.label, trend.current.shown(i.key)) for i in indicators.INDICATORS],
        "members_chart": stacked_chart(rows, trend.kinds),
        "trend_header": [indicators.BY_KEY[k].label for k in trend_keys],
        "trend_rows": [
            (p, [indicators.display(k, p.values.get(k)) for k in trend_keys])
            for p in reversed(trend.points)
        ],
        "kind_rows": [
            (p, [p.members_by_kind.get(kind, 0) for kind in trend.kinds])
            for p in reversed(trend.points)
        ],
        "report_years": _report_years(trend),
        "has_demo_data": trend.current.is_demo or any(p.is_demo for p in trend.points),
        "suppressed_label": indicators.SUPPRESSED_LABEL,
    }
    return render(request, "observatory/hubs/hub_detail.html", context)


def _cells(figures: hub_queries.HubFigures) -> SafeString:
    """The row's value cells as HTML, each value escaped (faster than one template node each)."""
    return mark_safe(  # noqa: S308 - every value is escaped just below
        "".join(
            f'<td class="text-end">{html.escape(figures.shown(k))}</td>'
            for k in indicators.COMPARE_KEYS
        )
    )


def _report_years(trend: hub_queries.HubTrend) -> list[tuple[int, str]]:
    years = sorted(
        {p.taken_on.year if p.taken_on.month >= 9 else p.taken_on.year - 1 for p in trend.points},
        reverse=True,
    )
    return [(y, f"{y}/{(y + 1) % 100:02d}") for y in years]


def hub_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The hub's yearly report as an accessible PDF (PDF/UA-1), kept until public data change."""
    trend = hub_queries.hub_trend(slug)
    hub = trend.current.hub
    snapshots = hub_queries.snapshots_of_year(hub, year)
    if not snapshots:
        raise Http404

    def render_report() -> bytes:
        last = snapshots[-1]
        values = indicators.public_values(last.metrics)
        by_month = {(s.taken_on.year, s.taken_on.month): s for s in snapshots}
        months = [(s.taken_on, indicators.public_values(s.metrics)) for s in by_month.values()]
        trend_keys = ("members_total", "students_in_wbl", "placements", "hours_rate")
        html = render_to_string(
            "pdf/hub_report.html",
            {
                "hub": hub,
                "year_label": f"{year}/{(year + 1) % 100:02d}",
                "taken_on": last.taken_on,
                "is_demo": hub.is_demo or bool(last.metrics.get("demo")),
                "figures": [
                    (i.label, indicators.display(i.key, values.get(i.key)))
                    for i in indicators.INDICATORS
                ],
                "members": indicators.members_by_kind(last.metrics),
                "trend_header": [indicators.BY_KEY[k].label for k in trend_keys],
                "trend_rows": [
                    (day, [indicators.display(k, v.get(k)) for k in trend_keys])
                    for day, v in months
                ],
                "generated_on": timezone.localdate(),
            },
        )
        return pdf.html_to_pdf(html)

    content: bytes = cached_for_public_data(f"hub-report:{hub.pk}:{year}", render_report)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapporto-{hub.slug}-{year}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@public_page
def ranking_page(request: HttpRequest) -> HttpResponseBase:
    """The regional ranking with the method in force (or an earlier version, ?versione=N); the
    public sees it, the regional officer also edits the weights (saving makes a new version)."""
    editor = can_edit_ranking(request.user)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not editor:
            raise PermissionDenied
        form = RankingWeightsForm(request.POST)
        if form.is_valid():
            hub_queries.save_ranking_method(
                actor=request.user,
                name=form.cleaned_data["name"],
                weights=form.weights(form.cleaned_data),
                notes=form.cleaned_data["notes"],
            )
            return redirect(reverse("observatory_region:ranking"))
    else:
        form = None
    versions = hub_queries.method_versions()
    method = versions[0] if versions else None
    wanted = request.GET.get("versione", "")
    if wanted.isdigit():
        method = next((m for m in versions if m.version == int(wanted)), None)
        if method is None:
            raise Http404
    if editor and form is None:
        form = RankingWeightsForm(
            initial=RankingWeightsForm.initial_from(versions[0].weights if versions else None)
        )
    view = hub_queries.ranking_with(method) if method is not None else None
    context = {
        "view": view,
        "versions": versions,
        "latest": versions[0] if versions else None,
        "form": form,
        "editor": editor,
        "has_demo_data": bool(view and view.has_demo_data),
        "criteria": hub_queries.criteria(),
    }
    return render(request, "observatory/hubs/ranking.html", context)


@public_page
def open_data_page(request: HttpRequest) -> HttpResponse:
    """What the open data hold, their licence and the links to the files and the catalogue."""
    return render(
        request,
        "observatory/hubs/open_data.html",
        {
            "hub_columns": open_data.HUB_COLUMNS,
            "gap_columns": open_data.GAP_COLUMNS,
            "issued": open_data.issued(),
            "has_demo_data": open_data.has_demo_data(),
            "min_cell": indicators.MIN_CELL,
        },
    )


def open_data_hubs(request: HttpRequest) -> HttpResponseBase:
    """The hubs' aggregates as CSV (small cells empty)."""
    return open_data.hubs_csv()


def open_data_gap(request: HttpRequest) -> HttpResponseBase:
    """The gap aggregates by year, sector, province and skill as CSV (small cells empty)."""
    return open_data.gap_csv()


def open_data_catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP_IT description of the open data, as JSON-LD."""
    base = request.build_absolute_uri("/")[:-1]
    return open_data.catalogue_response(base)
