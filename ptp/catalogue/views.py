"""The public catalogue: faceted search with exports, and a page per programme."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ptp.catalogue import queries, search
from ptp.catalogue.forms import CatalogueSearchForm
from ptp.core.exports import table_download
from ptp.core.facets import facet_groups, url_with
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
        "facet_groups": facet_groups(request.GET, FACET_PARAMS, vars(outcome.facets)),
        "page": page,
        "chips": [
            (chip, url_with(request.GET, chip.param, None))
            for chip in queries.active_filter_labels(filters)
        ],
        "export_csv": url_with(request.GET, "formato", "csv"),
        "export_xlsx": url_with(request.GET, "formato", "xlsx"),
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
