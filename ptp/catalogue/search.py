"""The public catalogue search: filters, disjunctive facet counts, sorting and pages.

Facets are disjunctive: the counts of one facet are computed with every other filter applied but
not its own, so a visitor sees how many results each alternative would give. Filtering, counting
and sorting run on an in-memory index of the published catalogue (`facet_index.py`), rebuilt in
each server process when public data change; the database answers the free-text part (Italian
stemming on PostgreSQL) and loads the 20 programmes of the page. A search therefore costs a fixed,
small number of queries whatever the filters and the size of the catalogue.
"""

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from ptp.catalogue import fulltext
from ptp.catalogue.facet_index import FacetIndex, build_facet
from ptp.catalogue.models import (
    Edition,
    EditionStatus,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
)
from ptp.core.facets import FacetValue, facet_values
from ptp.core.public_cache import public_data_version

FACET_LIMIT = 15
SORTS = ("rilevanza", "titolo", "eqf", "-eqf", "durata", "-durata")
FACETS = ("sector", "kind", "eqf", "hub", "province", "municipality", "skill", "provider")
LIMITED = {"municipality", "skill", "provider"}


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; every field maps to a query-string parameter of the page."""

    text: str = ""
    sector: str = ""
    hub: str = ""
    province: str = ""
    municipality: str = ""
    kind: str = ""
    eqf: int | None = None
    skill: int | None = None
    provider: str = ""
    sort: str = "rilevanza"

    def without(self, name: str) -> "Filters":
        """The same filters with one of them cleared."""
        empty: dict[str, object] = {name: None if name in ("eqf", "skill") else ""}
        return replace(self, **empty)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == Filters(sort=self.sort)

    def selected(self) -> dict[str, str]:
        """The facet values chosen, as index keys."""
        chosen = {name: getattr(self, name) for name in FACETS}
        return {name: str(value) for name, value in chosen.items() if value not in ("", None)}


@dataclass(frozen=True)
class Facets:
    sector: list[FacetValue] = field(default_factory=list)
    hub: list[FacetValue] = field(default_factory=list)
    province: list[FacetValue] = field(default_factory=list)
    municipality: list[FacetValue] = field(default_factory=list)
    kind: list[FacetValue] = field(default_factory=list)
    eqf: list[FacetValue] = field(default_factory=list)
    skill: list[FacetValue] = field(default_factory=list)
    provider: list[FacetValue] = field(default_factory=list)


def _through_exists(model: Any, **lookups: Any) -> Exists:
    return Exists(model.objects.filter(programme_id=OuterRef("pk"), **lookups))


def filtered(filters: Filters) -> tuple[QuerySet[Programme], bool]:
    """Published programmes matching the filters, in SQL; True when a text rank is available.
    The pages use the in-memory index; this is the same rule for other callers and for checking it."""
    qs = Programme.objects.published()
    if filters.sector:
        qs = qs.filter(sector__slug=filters.sector)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.eqf is not None:
        qs = qs.filter(eqf_level=filters.eqf)
    if filters.hub:
        qs = qs.filter(_through_exists(Programme.hubs.through, hub__slug=filters.hub))
    if filters.province:
        qs = qs.filter(_through_exists(Edition, municipality__province__slug=filters.province))
    if filters.municipality:
        qs = qs.filter(_through_exists(Edition, municipality__codice_istat=filters.municipality))
    if filters.skill is not None:
        qs = qs.filter(_through_exists(ProgrammeSkill, skill_id=filters.skill))
    if filters.provider:
        qs = qs.filter(_through_exists(ProgrammeProvider, organization__slug=filters.provider))
    return fulltext.filter_text(qs, filters.text)


_lock = threading.Lock()
_built: dict[str, Any] = {"version": None, "index": None}


def _pairs(rows: Any, positions: dict[int, int]) -> tuple[dict[str, str], list[tuple[int, str]]]:
    names: dict[str, str] = {}
    pairs: list[tuple[int, str]] = []
    for programme_id, key, label in rows:
        if programme_id in positions:
            names[str(key)] = str(label)
            pairs.append((positions[programme_id], str(key)))
    return names, pairs


def build_index() -> FacetIndex:
    """Loads the published catalogue's facets and sort keys (eight queries)."""
    rows = list(
        Programme.objects.published()
        .order_by("pk")
        .values_list(
            "pk", "sector__slug", "sector__name", "kind", "eqf_level", "title", "duration_hours"
        )
    )
    positions = {row[0]: i for i, row in enumerate(rows)}
    kind_labels = dict(ProgrammeKind.choices)
    facets = {
        "sector": build_facet({r[1]: r[2] for r in rows}, [(i, r[1]) for i, r in enumerate(rows)]),
        "kind": build_facet(
            {r[3]: str(kind_labels.get(r[3], r[3])) for r in rows},
            [(i, r[3]) for i, r in enumerate(rows)],
        ),
        "eqf": build_facet(
            {str(r[4]): str(r[4]) for r in sorted(rows, key=lambda r: r[4])},
            [(i, str(r[4])) for i, r in enumerate(rows)],
        ),
    }
    sources = {
        "hub": Programme.hubs.through.objects.values_list(
            "programme_id", "hub__slug", "hub__short_name"
        ),
        "province": Edition.objects.values_list(
            "programme_id", "municipality__province__slug", "municipality__province__name"
        ),
        "municipality": Edition.objects.values_list(
            "programme_id", "municipality__codice_istat", "municipality__name"
        ),
        "provider": ProgrammeProvider.objects.values_list(
            "programme_id", "organization__slug", "organization__name"
        ),
    }
    for name, source in sources.items():
        facets[name] = build_facet(*_pairs(source.iterator(chunk_size=10000), positions))
    skill_rows = (
        (programme_id, skill_id, label_it or label_en)
        for programme_id, skill_id, label_it, label_en in ProgrammeSkill.objects.values_list(
            "programme_id", "skill_id", "skill__label_it", "skill__label_en"
        ).iterator(chunk_size=10000)
    )
    facets["skill"] = build_facet(*_pairs(skill_rows, positions))
    titles = [r[5].casefold() for r in rows]
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    title_rank = (
        np.argsort(np.array(titles, dtype=object), kind="stable").argsort()
        if rows
        else np.zeros(0, np.int64)
    )
    eqf = np.fromiter((r[4] for r in rows), dtype=np.int64, count=len(rows))
    hours = np.fromiter((r[6] for r in rows), dtype=np.int64, count=len(rows))
    orders = {
        "titolo": np.lexsort((ids, title_rank)),
        "eqf": np.lexsort((ids, title_rank, eqf)),
        "-eqf": np.lexsort((ids, title_rank, -eqf)),
        "durata": np.lexsort((ids, title_rank, hours)),
        "-durata": np.lexsort((ids, title_rank, -hours)),
    }
    return FacetIndex(ids=ids, facets=facets, orders=orders)


def current_index() -> FacetIndex:
    """This process's index, rebuilt when the public data have changed since it was built."""
    version = public_data_version()
    with _lock:
        if _built["version"] != version or _built["index"] is None:
            _built["index"] = build_index()
            _built["version"] = version
        return _built["index"]


def forget_index() -> None:
    """Drops this process's index (tests create data without going through services)."""
    with _lock:
        _built["version"] = None
        _built["index"] = None


@dataclass(frozen=True)
class SearchOutcome:
    """The ordered ids of every matching programme, and the facets."""

    ids: list[int]
    facets: Facets


def _text_positions(index: FacetIndex, text: str) -> tuple[Any, bool]:
    """Positions matching the text, most relevant first when the database ranks them (True);
    None when there is no text."""
    if not text.strip():
        return None, False
    qs, ranked = fulltext.filter_text(Programme.objects.published(), text)
    # Without a rank, relevance is the index's title order (case-insensitive), as without text.
    order = ("-rank", "title", "pk") if ranked else ("pk",)
    return index.positions_of(list(qs.order_by(*order).values_list("pk", flat=True))), ranked


def run(filters: Filters) -> SearchOutcome:
    """Matching programmes in order, with each facet counted without its own filter."""
    index = current_index()
    text, ranked = _text_positions(index, filters.text)
    selected = filters.selected()
    everything = index.match(selected, text=text)
    counts = index.disjunctive_counts(
        FACETS, selected, text=text, everything=everything, limited=LIMITED, limit=FACET_LIMIT
    )
    values = facet_values(counts, selected)
    values["eqf"].sort(key=lambda v: int(v.value))
    ordered = index.ordered(everything, filters.sort, text_order=text if ranked else None)
    return SearchOutcome(ids=index.ids[ordered].tolist(), facets=Facets(**values))


def facets(filters: Filters) -> Facets:
    """The facet counts of a search (see `run`)."""
    return run(filters).facets


def programmes(ids: list[int]) -> list[Programme]:
    """The programmes with what a result card shows, in the given order (three queries)."""
    upcoming = (
        Edition.objects.exclude(status=EditionStatus.CLOSED)
        .select_related("municipality")
        .order_by("starts_on", "school_year")
    )
    providers = ProgrammeProvider.objects.select_related("organization").order_by(
        "role", "organization__name"
    )
    found = (
        Programme.objects.filter(pk__in=ids)
        .select_related("sector")
        .prefetch_related(
            Prefetch("editions", queryset=upcoming, to_attr="upcoming_editions"),
            Prefetch("provider_links", queryset=providers, to_attr="providers_list"),
        )
        .in_bulk()
    )
    return [found[i] for i in ids if i in found]
