"""The observatory's skills-gap pages: the gap by skill, year and province from the stored cells,
the drill-down from a skill, and the method. Public, aggregates only."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ptp.catalogue.models import Programme
from ptp.core.exports import table_download
from ptp.core.public_cache import cached_for_public_data, public_page
from ptp.observatory import gap
from ptp.observatory import gap_queries as q
from ptp.observatory.cells import latest_cells_date
from ptp.observatory.gap_forms import GapFilterForm, filter_options
from ptp.pages.charts import BarChart, bar_chart
from ptp.skills.models import Skill

TOP = 10
FORMATS = ("csv", "xlsx")


def _chart(rows: Sequence[tuple[str, float]]) -> BarChart:
    """Bars with labels short enough for the chart (the table beside it has them whole)."""
    return bar_chart(
        [(label if len(label) <= 28 else label[:27] + "…", value) for label, value in rows],
        width=680,
        label_width=220,
    )


def _filter_data(day: dt.date) -> tuple[Any, ...]:
    years = q.cell_years(day)
    has_demo = Programme.objects.filter(is_demo=True).exists()
    return years, filter_options([y.year for y in years]), has_demo


def _filters(
    request: HttpRequest, day: dt.date
) -> tuple[dict[str, list[tuple[Any, str]]], q.Selection]:
    # The same for every visitor until public data change (the nightly run changes them).
    years, options, has_demo = cached_for_public_data(
        f"gap-filters:{day}", lambda: _filter_data(day)
    )
    default = q.default_year(years, timezone.localdate())
    form = GapFilterForm(request.GET or None, years=[y.year for y in years], default_year=default)
    selection = q.Selection(
        year=form.value("anno") or 0,
        sector=form.value("settore"),
        province=form.value("provincia"),
        hub=form.value("polo"),
        has_demo_data=has_demo,
    )
    return options, selection


def _download(
    request: HttpRequest, tables: dict[str, tuple[list[str], list[list[Any]]]], name: str
) -> HttpResponse | StreamingHttpResponse | None:
    """The table asked for with ?formato=csv|xlsx&tabella=…, or None to render the page."""
    fmt, table = request.GET.get("formato"), request.GET.get("tabella", "")
    if fmt not in FORMATS or table not in tables:
        return None
    header, rows = tables[table]
    return table_download(fmt, f"{name}-{table}", table[:31], header, rows)


def _empty(request: HttpRequest, template: str, **extra: Any) -> HttpResponse:
    return render(request, template, {"no_cells": True, "has_demo_data": False, **extra})


def _gap_header() -> list[str]:
    return [
        _("Competenza"),
        _("Offerta (persone)"),
        _("Domanda (persone)"),
        _("Divario (punti)"),
        _("Differenza (persone)"),
        _("Affidabilità"),
    ]


def _gap_rows(rows: Sequence[q.SkillGap]) -> list[list[Any]]:
    return [
        [r.label, r.supply_shown, r.demand_shown, r.gap_points, r.people_gap_shown, r.confidence]
        for r in rows
    ]


def _area_rows(rows: Sequence[q.AreaRow]) -> list[list[Any]]:
    return [[r.label, r.supply_shown, r.demand_shown, r.index_points] for r in rows]


def _overview_figures(day: dt.date, selection: q.Selection) -> tuple[Any, ...]:
    gaps = q.skill_gaps(day, selection)
    shortages = [g for g in gaps if g.gap > 0][:TOP]
    return (
        shortages,
        sorted((g for g in gaps if g.gap < 0), key=lambda g: g.gap)[:TOP],
        q.year_trend(day, selection),
        q.province_rows(day, selection),
        q.exposed_occupations(gaps),
    )


@public_page
def gap_overview(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The skills gap in the chosen year, sector, province and hub: top shortages and surpluses,
    the trend over the years, the provinces, the occupations most exposed."""
    day = latest_cells_date()
    if day is None:
        return _empty(request, "observatory/gap_overview.html")
    options, selection = _filters(request, day)
    shortages, surpluses, trend, provinces, occupations = cached_for_public_data(
        f"gap-overview:{day}:{selection.key}", lambda: _overview_figures(day, selection)
    )
    area_header = [_("Anno"), _("Offerta (persone)"), _("Domanda (persone)"), _("Indice (punti)")]
    tables = {
        "carenze": (_gap_header(), _gap_rows(shortages)),
        "eccedenze": (_gap_header(), _gap_rows(surpluses)),
        "andamento": (area_header, _area_rows(trend)),
        "province": ([_("Provincia"), *area_header[1:]], _area_rows(provinces)),
        "professioni": (
            [
                _("Professione"),
                _("Divario (punti)"),
                _("Competenze carenti"),
                _("Competenze misurate"),
                _("Competenze essenziali"),
                _("Più carente"),
            ],
            [
                [
                    o.label,
                    o.gap_points,
                    o.short_skills,
                    o.measured_skills,
                    o.essential_skills,
                    o.worst_skill,
                ]
                for o in occupations
            ],
        ),
    }
    if download := _download(request, tables, f"divario-{selection.year}"):
        return download
    current = next((t for t in trend if t.key == selection.year), None)
    context = {
        "no_cells": False,
        "options": options,
        "selection": selection,
        "day": day,
        "current": current,
        "shortages": shortages,
        "surpluses": surpluses,
        "trend": trend,
        "provinces": provinces,
        "occupations": occupations,
        "shortage_chart": _chart([(g.label, round(g.gap * 100, 1)) for g in shortages]),
        "surplus_chart": _chart([(g.label, round(-g.gap * 100, 1)) for g in surpluses]),
        "trend_chart": _chart([(t.label, round((t.index or 0) * 100, 1)) for t in trend]),
        "province_chart": _chart([(p.label, round((p.index or 0) * 100, 1)) for p in provinces]),
        "filter_query": _filter_query(request),
        "has_demo_data": selection.has_demo_data,
    }
    return render(request, "observatory/gap_overview.html", context)


def _filter_query(request: HttpRequest) -> str:
    """The page's filters as a query string, for links to downloads and drill-downs."""
    kept = request.GET.copy()
    for key in ("formato", "tabella"):
        kept.pop(key, None)
    return kept.urlencode()


@public_page
def gap_skill(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """One skill in the chosen area: its gap year by year, the programmes and members that teach
    it, the companies that need it."""
    skill = get_object_or_404(Skill, pk=pk, is_group=False)
    day = latest_cells_date()
    if day is None:
        return _empty(request, "observatory/gap_skill.html", skill=skill)
    options, selection = _filters(request, day)
    years = cached_for_public_data(
        f"gap-skill:{day}:{skill.pk}:{selection.key}:years",
        lambda: q.skill_year_gaps(day, selection, skill.pk),
    )
    # Live operational tables, region-wide joins: computed once per change of public data.
    key = f"gap-skill:{day}:{skill.pk}:{selection.key}"
    programme_total, programmes = cached_for_public_data(
        f"{key}:programmes", lambda: q.teaching_programmes(selection, skill.pk)
    )
    members = cached_for_public_data(
        f"{key}:members", lambda: q.teaching_members(selection, skill.pk)
    )
    # Nobody in the area teaches it: who does elsewhere, members of any hub of the region.
    members_elsewhere = not members and not selection.is_whole_region
    if members_elsewhere:
        region = q.Selection(year=selection.year)
        members = cached_for_public_data(
            f"gap-skill:{day}:{skill.pk}:{region.key}:members",
            lambda: q.teaching_members(region, skill.pk),
        )
    companies = cached_for_public_data(
        f"{key}:companies", lambda: q.needing_companies(selection, skill.pk)
    )
    year_header = _gap_header()
    year_header[0] = _("Anno")
    tables = {
        "andamento": (year_header, [[y.skill_id, *_gap_rows([y])[0][1:]] for y in years]),
        "percorsi": (
            [_("Percorso"), _("Tipologia"), _("Filiera"), _("Soggetti erogatori")],
            [[p.title, p.kind, p.sector, p.providers] for p in programmes],
        ),
        "soggetti": (
            [_("Soggetto"), _("Percorsi che la insegnano")],
            [[m.name, m.count] for m in members],
        ),
        "imprese": (
            [_("Impresa"), _("Fabbisogni aperti"), _("Persone richieste")],
            [[c.name, c.count, c.people_shown] for c in companies],
        ),
    }
    if download := _download(request, tables, f"divario-competenza-{skill.pk}"):
        return download
    current = next((y for y in years if y.skill_id == selection.year), None)
    context = {
        "no_cells": False,
        "skill": skill,
        "options": options,
        "selection": selection,
        "day": day,
        "current": current,
        "years": years,
        "programme_total": programme_total,
        "programmes": programmes,
        "members": members,
        "members_elsewhere": members_elsewhere,
        "companies": companies,
        "year_chart": _chart(
            [
                bar
                for y in years
                for bar in (
                    (f"{y.skill_id} {_('domanda')}", round(y.demand)),
                    (f"{y.skill_id} {_('offerta')}", round(y.supply)),
                )
                # Counts under MIN_PEOPLE are not shown, not even as a bar.
                if bar[1] >= gap.MIN_PEOPLE
            ]
        ),
        "filter_query": _filter_query(request),
        "has_demo_data": selection.has_demo_data,
    }
    return render(request, "observatory/gap_skill.html", context)


@public_page
def method(request: HttpRequest) -> HttpResponse:
    """How the gap is measured, in plain Italian."""
    context = {
        "alpha": f"{gap.ALPHA:g}",
        "min_people": f"{gap.MIN_PEOPLE:g}",
        "high": f"{gap.HIGH_CONFIDENCE:g}",
        "medium": f"{gap.MEDIUM_CONFIDENCE:g}",
        "day": latest_cells_date(),
    }
    return render(request, "observatory/method.html", context)
