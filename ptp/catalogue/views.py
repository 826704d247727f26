"""The public catalogue: faceted search with exports, and a page per programme."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ptp.catalogue import queries, search
from ptp.catalogue.forms import CatalogueSearchForm
from ptp.core.exports import table_download
from ptp.core.http import paginate
from ptp.core.public_cache import public_page

PAGE_SIZE = 20
EXPORT_LIMIT = 50_000
# Facet name in search.Facets, query parameter, heading.
FACET_PARAMS = [
    ("sector", "filiera", _("Filiera")),
    ("kind", "tipo", _("Tipologia")),
    ("eqf", "eqf", _("Livello EQF")),
    ("hub", "polo", _("Polo")),
    ("province", "provincia", _("Provincia")),
    ("municipality", "comune", _("Comune")),
    ("skill", "competenza", _("Competenza")),
    ("provider", "erogatore", _("Soggetto erogatore")),
]


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetGroup:
    param: str
    title: str
    links: list[FacetLink]


def _url_with(query: QueryDict, param: str, value: str | None) -> str:
    """The current search with one parameter set (or removed when None), back on page one."""
    changed = query.copy()
    dropped = ["pagina", param]
    if param == "competenza":
        dropped.append("competenza_testo")  # the picker's typed text would choose a skill again
    if param == "provincia" and value is not None:
        # The province counts leave the municipality out (search.run): a link must give its count.
        dropped.append("comune")
    for name in dropped:
        changed.pop(name, None)
    if value is not None:
        changed[param] = value
    return f"?{changed.urlencode()}" if changed else "?"


def facet_groups(query: QueryDict, facets: search.Facets) -> list[FacetGroup]:
    """Facet values as links that toggle the value in the current search."""
    return [
        FacetGroup(
            param=param,
            title=str(title),
            links=[
                FacetLink(
                    v.label,
                    v.count,
                    v.selected,
                    _url_with(query, param, None if v.selected else v.value),
                )
                for v in getattr(facets, name)
            ],
        )
        for name, param, title in FACET_PARAMS
    ]


@public_page
def catalogue(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Searches the training offer by sector, hub, place, kind, EQF level, skill, provider and text."""
    form = CatalogueSearchForm(request.GET or None)
    filters = form.filters()
    outcome = search.run(filters)
    fmt = request.GET.get("formato")
    if fmt in ("csv", "xlsx"):
        rows = queries.export_rows(outcome.ids[:EXPORT_LIMIT])
        return table_download(
            fmt, "offerta-formativa", "Offerta formativa", queries.EXPORT_HEADER, rows
        )
    page = paginate(request, outcome.ids, per_page=PAGE_SIZE)
    page.object_list = search.programmes(list(page.object_list))
    context = {
        "form": form,
        "filters": filters,
        "facet_groups": facet_groups(request.GET, outcome.facets),
        "page": page,
        "chips": [
            (chip, _url_with(request.GET, chip.param, None))
            for chip in queries.active_filter_labels(filters)
        ],
        "export_csv": _url_with(request.GET, "formato", "csv"),
        "export_xlsx": _url_with(request.GET, "formato", "xlsx"),
    }
    template = (
        "catalogue/catalogue.html#results"
        if getattr(request, "htmx", False)
        else "catalogue/catalogue.html"
    )
    return render(request, template, context)


@public_page
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme: skills with level, occupations, providers, editions, hubs and pathways."""
    profile = queries.programme_profile(slug)
    return render(
        request,
        "catalogue/programme_detail.html",
        {"profile": profile, "programme": profile.programme},
    )
