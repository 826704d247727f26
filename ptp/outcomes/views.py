"""The observatory's public outcome pages: rates per hub, member school and programme with the
number of students behind each, small numbers suppressed, and hosting-to-hiring per hub.
Aggregates only: no page here reads a student's name or code."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ptp.core.exports import table_download
from ptp.core.http import paginate
from ptp.core.public_cache import cached_for_public_data, public_page
from ptp.outcomes.forms import FilterForm
from ptp.outcomes.rates import Hosting, OutcomeTables, RateRow, outcome_tables
from ptp.pages.charts import bar_chart

SUPPRESSED = "n < 5"


def _tables(request: HttpRequest) -> tuple[FilterForm, OutcomeTables]:
    form = FilterForm(request.GET or None)
    hub_id, school_id, months = form.values()

    def compute() -> OutcomeTables:
        return outcome_tables(months=months, hub_id=hub_id, school_id=school_id)

    # Shared by the page and its exports until outcomes or the network change.
    return form, cached_for_public_data(f"outcomes:tables:{months}:{hub_id}:{school_id}", compute)


@public_page
@require_GET
def outcomes_overview(request: HttpRequest) -> HttpResponse:
    """Employment and further-study rates by hub (chart and table), by member school and by
    programme, and hosting-to-hiring per hub, at 6 or 12 months."""
    form, tables = _tables(request)
    # A hub or school filter narrows the chart to the member schools.
    chart_rows = (
        tables.members if form.is_valid() and form.values()[:2] != (None, None) else tables.hubs
    )
    shown = [(r.label, r.rates.employment or 0.0) for r in chart_rows if not r.rates.suppressed]
    programmes = paginate(request, tables.programmes)
    context = {
        "form": form,
        "tables": tables,
        "chart": bar_chart(shown[:30], label_width=220),
        "chart_rows": _display(chart_rows),
        "chart_is_members": chart_rows is tables.members,
        "members": _display(tables.members),
        "programmes": programmes,
        "programme_rows": _display(list(programmes.object_list)),
        "query": request.GET.urlencode(),
    }
    return render(request, "outcomes/overview.html", context)


@dataclass(frozen=True)
class DisplayRow:
    """A table row as shown: many rows render fast when the template only prints strings."""

    label: str
    suppressed: bool
    n: int
    cells: tuple[str, ...]


def _display(rows: Sequence[RateRow]) -> list[DisplayRow]:
    return [
        DisplayRow(
            r.label,
            r.rates.suppressed,
            r.rates.n,
            tuple(
                _rate(v)
                for v in (
                    r.rates.employment,
                    r.rates.further_study,
                    r.rates.in_sector,
                    r.rates.neet,
                    r.rates.unknown,
                )
            ),
        )
        for r in rows
    ]


def _rate(value: float | None) -> str:
    return SUPPRESSED if value is None else f"{value:.1f}".replace(".", ",")


def _rate_rows(rows: Sequence[RateRow]) -> list[list[Any]]:
    return [
        [
            r.label,
            SUPPRESSED if r.rates.suppressed else r.rates.n,
            _rate(r.rates.employment),
            _rate(r.rates.further_study),
            _rate(r.rates.in_sector),
            _rate(r.rates.neet),
            _rate(r.rates.unknown),
        ]
        for r in rows
    ]


def _hosting_rows(rows: Sequence[Hosting]) -> list[list[Any]]:
    return [
        [
            h.label,
            SUPPRESSED if h.suppressed else h.hosted,
            SUPPRESSED if h.suppressed else h.hired_by_hub_company,
            _rate(h.hub_company_rate),
            SUPPRESSED if h.suppressed else h.hired_by_host,
            _rate(h.host_rate),
        ]
        for h in rows
    ]


RATE_HEADER = [
    "n (esiti noti)",
    "occupati %",
    "in formazione %",
    "occupati nella filiera %",
    "né occupati né in formazione %",
    "esito non noto %",
]
HOSTING_HEADER = [
    "polo",
    "studenti ospitati con esito noto",
    "assunti da un'impresa del polo",
    "% assunti da un'impresa del polo",
    "assunti dal soggetto ospitante",
    "% assunti dal soggetto ospitante",
]


@public_page
@require_GET
def outcomes_export(request: HttpRequest, table: str) -> HttpResponse | StreamingHttpResponse:
    """Any table of the page as CSV or XLSX, with the page's filters and the same suppression."""
    tables = _tables(request)[1]
    fmt = "xlsx" if request.GET.get("formato") == "xlsx" else "csv"
    months = tables.months
    if table == "poli":
        header, rows = [_("polo"), *RATE_HEADER], _rate_rows(tables.hubs)
    elif table == "scuole":
        header, rows = [_("scuola"), *RATE_HEADER], _rate_rows(tables.members)
    elif table == "percorsi":
        header, rows = [_("percorso"), *RATE_HEADER], _rate_rows(tables.programmes)
    elif table == "assunzioni":
        header, rows = HOSTING_HEADER, _hosting_rows(tables.hosting)
    else:
        raise Http404
    return table_download(fmt, f"esiti-{table}-{months}-mesi", f"esiti {table}", header, rows)
