"""The public opportunities: search with facets and exports, and a page per opportunity."""

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptp.core.exports import table_download
from ptp.core.facets import facet_groups, url_with
from ptp.core.http import paginate
from ptp.core.public_cache import public_page
from ptp.placements.opportunities import queries, search
from ptp.placements.opportunities.forms import SearchForm
from ptp.skills.models import Skill

PAGE_SIZE = 20
EXPORT_LIMIT = 50_000
# Facet name in search.FACETS, query parameter, heading.
FACET_PARAMS = [
    ("kind", "tipo", gettext_lazy("Tipo")),
    ("sector", "filiera", gettext_lazy("Filiera")),
    ("hub", "polo", gettext_lazy("Polo")),
    ("province", "provincia", gettext_lazy("Provincia")),
    ("municipality", "comune", gettext_lazy("Comune")),
    ("skill", "competenza", gettext_lazy("Competenza")),
]
EXPORT_HEADER = [
    "id",
    "titolo",
    "tipo",
    "impresa",
    "polo",
    "filiera",
    "comune",
    "provincia",
    "periodi",
    "posti",
    "eta_minima",
    "classe_di_rischio",
    "indirizzo_web",
    "dato_dimostrativo",
]


def _chips(query: QueryDict, filters: search.Filters, index: search.OpportunityIndex) -> list:
    chips = []
    if filters.text:
        chips.append((f"«{filters.text}»", url_with(query, "q", None)))
    for name, param, _title in FACET_PARAMS:
        value = getattr(filters, name)
        if value in ("", None):
            continue
        label = index.label(name, str(value))
        if label is None and name == "skill":
            skill = Skill.objects.filter(pk=value).first()
            label = skill.label if skill else None
        chips.append((label or str(value), url_with(query, param, None)))
    for date, param, text in ((filters.start, "dal", _("dal")), (filters.end, "al", _("al"))):
        if date:
            chips.append((f"{text} {date:%d/%m/%Y}", url_with(query, param, None)))
    return chips


def _export_rows(request: HttpRequest, ids: list[int], names_visible: bool) -> Iterator[list[Any]]:
    base = request.build_absolute_uri("/").rstrip("/")
    today = timezone.localdate()
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for row in queries.result_rows(chunk, today=today, names_visible=names_visible):
            yield [
                row.pk,
                row.title,
                row.kind,
                row.host,
                row.hub,
                row.sector,
                row.municipality,
                row.province,
                "; ".join(f"{s:%d/%m/%Y}–{e:%d/%m/%Y}" for s, e, _seats in row.windows),
                row.seats,
                row.min_age,
                row.risk,
                base + reverse("opportunities:detail", args=[row.pk]),
                "sì" if row.is_demo else "no",
            ]


@public_page
def opportunity_search(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Searches published opportunities by kind, sector, hub, place, period, skill and text."""
    form = SearchForm(request.GET or None)
    filters = form.filters()
    outcome = search.run(filters)
    names_visible = queries.sees_host_names(request.user)
    fmt = request.GET.get("formato")
    if fmt in ("csv", "xlsx"):
        rows = _export_rows(request, outcome.ids[:EXPORT_LIMIT], names_visible)
        return table_download(fmt, "opportunita", "Opportunità", EXPORT_HEADER, rows)
    page = paginate(request, outcome.ids, per_page=PAGE_SIZE)
    page.object_list = queries.result_rows(
        list(page.object_list), today=timezone.localdate(), names_visible=names_visible
    )
    context = {
        "form": form,
        "filters": filters,
        "facet_groups": facet_groups(request.GET, FACET_PARAMS, outcome.facets),
        "chips": _chips(request.GET, filters, outcome.index),
        "page": page,
        "export_csv": url_with(request.GET, "formato", "csv"),
        "export_xlsx": url_with(request.GET, "formato", "xlsx"),
        "has_demo_data": any(r.is_demo for r in page.object_list),
    }
    return render(request, "opportunities/search.html", context)


@public_page
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published opportunity: windows with seats left, skills, safety training, minimum age."""
    profile = queries.public_profile(pk, names_visible=queries.sees_host_names(request.user))
    return render(request, "opportunities/detail.html", {"profile": profile})
