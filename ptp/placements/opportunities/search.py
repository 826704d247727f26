"""The public search of opportunities: filters, disjunctive facet counts, a period, free text.

Only published opportunities with a window not yet ended are searchable. Like the catalogue
(ptp/catalogue/search.py), filtering, counting and sorting run on an in-memory index of what is
searchable (the catalogue's NumPy FacetIndex, plus the windows' dates and the folded text),
rebuilt in each server process when public data change or the day changes; the database then
loads only the page of results. A search costs the same few queries whatever the filters.

Facets are disjunctive: the counts of one facet are computed with every other filter applied but
not its own. A period (`dal`, `al`) keeps the opportunities with a window overlapping it.
"""

import bisect
import datetime as dt
import threading
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ptp.catalogue.facet_index import FacetIndex, build_facet
from ptp.core.facets import FacetValue, facet_values
from ptp.core.public_cache import public_data_version
from ptp.lib.text import fold
from ptp.placements.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
)

FACET_LIMIT = 15
FACETS = ("kind", "sector", "hub", "province", "municipality", "skill")
LIMITED = {"municipality", "skill"}
SORTS = ("data", "titolo", "recenti")
_FAR = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; every field maps to a query-string parameter of the page."""

    text: str = ""
    kind: str = ""
    sector: str = ""
    hub: str = ""
    province: str = ""
    municipality: str = ""
    skill: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "data"

    def selected(self) -> dict[str, str]:
        """The facet values chosen, as index keys."""
        chosen = {name: getattr(self, name) for name in FACETS}
        return {name: str(value) for name, value in chosen.items() if value not in ("", None)}

    def without(self, name: str) -> "Filters":
        empty: dict[str, Any] = {name: None if name in ("skill", "start", "end") else ""}
        return replace(self, **empty)


@dataclass(frozen=True)
class WordIndex:
    """The folded words of the searchable texts, sorted, each with the positions having it: a
    word typed by the visitor matches every indexed word it begins (as " word" does in the text)."""

    words: list[str]
    positions: list[npt.NDArray[np.int64]]

    @classmethod
    def build(cls, texts: list[str]) -> "WordIndex":
        postings: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            for word in set(text.split()):
                postings.setdefault(word, []).append(position)
        words = sorted(postings)
        return cls(words, [np.array(postings[w], dtype=np.int64) for w in words])

    def mask(self, prefix: str, size: int) -> npt.NDArray[np.bool_]:
        """Positions with a word beginning with the prefix."""
        found = np.zeros(size, dtype=bool)
        start = bisect.bisect_left(self.words, prefix)
        end = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo=start)
        for k in range(start, end):
            found[self.positions[k]] = True
        return found


@dataclass
class OpportunityIndex:
    """The searchable opportunities by position (ids ascending), their facets, windows and text."""

    facets: FacetIndex
    words: WordIndex
    window_position: npt.NDArray[np.int64]
    window_start: npt.NDArray[np.int64]  # proleptic ordinals of the dates
    window_end: npt.NDArray[np.int64]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, facet: str, key: str) -> str | None:
        return self.labels.get(facet, {}).get(key)


def _searchable(today: dt.date) -> Any:
    open_window = OpportunityWindow.objects.filter(opportunity=OuterRef("pk"), ends_on__gte=today)
    return Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).filter(
        Exists(open_window)
    )


def _skill_pairs(relation: Any, positions: dict[int, int]) -> list[tuple[int, str, str]]:
    rows = relation.through.objects.filter(
        opportunity__status=OpportunityStatus.PUBLISHED
    ).values_list("opportunity_id", "skill_id", "skill__label_it", "skill__label_en")
    return [
        (positions[o], str(s), it or en)
        for o, s, it, en in rows.iterator(chunk_size=10000)
        if o in positions
    ]


def build_index(today: dt.date) -> OpportunityIndex:
    """Loads what is searchable today (four queries)."""
    rows = list(
        _searchable(today)
        .order_by("pk")
        .values_list(
            "pk",
            "kind",
            "sector__slug",
            "sector__name",
            "hub__slug",
            "hub__short_name",
            "municipality__province__slug",
            "municipality__province__name",
            "municipality__codice_istat",
            "municipality__name",
            "title",
            "published_at",
            "search_text",
        )
    )
    positions = {row[0]: i for i, row in enumerate(rows)}
    kinds = {value: str(label) for value, label in OpportunityKind.choices}
    columns = {"kind": 1, "sector": 2, "hub": 4, "province": 6, "municipality": 8}
    labels: dict[str, dict[str, str]] = {}
    facets = {}
    for name, col in columns.items():
        names = {r[col]: kinds.get(r[col], r[col]) if name == "kind" else r[col + 1] for r in rows}
        labels[name] = names
        facets[name] = build_facet(names, [(i, r[col]) for i, r in enumerate(rows)])
    skill_pairs = _skill_pairs(Opportunity.skills_required, positions) + _skill_pairs(
        Opportunity.skills_developed, positions
    )
    labels["skill"] = {key: label for _, key, label in skill_pairs}
    facets["skill"] = build_facet(labels["skill"], [(p, key) for p, key, _ in skill_pairs])
    windows = [
        (positions[o], start.toordinal(), end.toordinal())
        for o, start, end in OpportunityWindow.objects.filter(
            opportunity__status=OpportunityStatus.PUBLISHED, ends_on__gte=today
        ).values_list("opportunity_id", "starts_on", "ends_on")
        if o in positions
    ]
    window_position = np.fromiter((w[0] for w in windows), np.int64, len(windows))
    window_start = np.fromiter((w[1] for w in windows), np.int64, len(windows))
    window_end = np.fromiter((w[2] for w in windows), np.int64, len(windows))
    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    next_start = np.full(len(rows), _FAR, dtype=np.int64)
    np.minimum.at(next_start, window_position, window_start)
    title_rank = np.argsort(
        np.array([r[10].casefold() for r in rows], dtype=object), kind="stable"
    ).argsort()
    published = np.fromiter(
        (-(r[11].timestamp() if r[11] else 0.0) for r in rows), np.float64, len(rows)
    )
    orders = {
        "data": np.lexsort((ids, title_rank, next_start)),
        "titolo": np.lexsort((ids, title_rank)),
        "recenti": np.lexsort((ids, published)),
    }
    return OpportunityIndex(
        facets=FacetIndex(ids=ids, facets=facets, orders=orders),
        words=WordIndex.build([r[12] or "" for r in rows]),
        window_position=window_position,
        window_start=window_start,
        window_end=window_end,
        labels=labels,
    )


_lock = threading.Lock()
_built: dict[str, Any] = {"key": None, "index": None}


def current_index() -> OpportunityIndex:
    """This process's index, rebuilt when public data have changed or the day has changed."""
    today = timezone.localdate()
    key = (public_data_version(), today)
    with _lock:
        if _built["key"] != key or _built["index"] is None:
            _built["index"] = build_index(today)
            _built["key"] = key
        return _built["index"]


def forget_index() -> None:
    """Drops this process's index (tests create rows without the services that announce it)."""
    with _lock:
        _built["key"] = None
        _built["index"] = None


def _restriction(index: OpportunityIndex, filters: Filters) -> npt.NDArray[np.int64] | None:
    """Positions allowed by the free text and the period (None when neither is asked)."""
    size = index.facets.size
    mask: npt.NDArray[np.bool_] | None = None
    words = fold(filters.text).split()
    for word in words:
        found = index.words.mask(word, size)
        mask = found if mask is None else mask & found
    if filters.start or filters.end:
        overlapping = np.ones(len(index.window_position), dtype=bool)
        if filters.start:
            overlapping &= index.window_end >= filters.start.toordinal()
        if filters.end:
            overlapping &= index.window_start <= filters.end.toordinal()
        in_period = np.zeros(size, dtype=bool)
        in_period[index.window_position[overlapping]] = True
        mask = in_period if mask is None else mask & in_period
    return None if mask is None else np.flatnonzero(mask)


@dataclass(frozen=True)
class SearchOutcome:
    ids: list[int]
    facets: dict[str, list[FacetValue]]
    index: OpportunityIndex


def run(filters: Filters) -> SearchOutcome:
    """Matching opportunities in order, with each facet counted without its own filter."""
    index = current_index()
    facet_index = index.facets
    allowed = _restriction(index, filters)
    selected = filters.selected()
    everything = facet_index.match(selected, text=allowed)
    counts = facet_index.disjunctive_counts(
        FACETS, selected, text=allowed, everything=everything, limited=LIMITED, limit=FACET_LIMIT
    )
    values = facet_values(counts, selected)
    order = facet_index.ordered(everything, filters.sort if filters.sort in SORTS else "data")
    return SearchOutcome(ids=facet_index.ids[order].tolist(), facets=values, index=index)
