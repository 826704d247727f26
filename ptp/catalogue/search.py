"""The public catalogue search: filters, facet counts computed in the database, sorting, pages.

Facets are disjunctive: the counts of one facet are computed with every other filter applied but
not its own, so a visitor sees how many results each alternative would give. The number of queries
is fixed whatever the size of the catalogue.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from ptp.catalogue import fulltext
from ptp.catalogue.models import (
    Edition,
    EditionStatus,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
)

FACET_LIMIT = 15
SORTS = {
    "rilevanza": None,
    "titolo": ("title", "pk"),
    "eqf": ("eqf_level", "title", "pk"),
    "-eqf": ("-eqf_level", "title", "pk"),
    "durata": ("duration_hours", "title", "pk"),
    "-durata": ("-duration_hours", "title", "pk"),
}


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


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


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
    """Published programmes matching the filters; True when a text rank is available."""
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


def _ids(filters: Filters) -> QuerySet[Programme, Any]:
    qs, _ = filtered(filters)
    return qs.values("pk")


def _values(
    rows: Any, key: str, label: str, selected: Any, *, limit: int | None = None
) -> list[FacetValue]:
    rows = rows.annotate(n=Count("pk")).order_by("-n", label)
    if limit:
        rows = rows[:limit]
    return [
        FacetValue(
            value=str(r[key]),
            label=str(r[label]),
            count=r["n"],
            selected=str(r[key]) == str(selected),
        )
        for r in rows
    ]


def _grouped(
    model: Any, filters: Filters, key: str, label: str | Any, selected: Any, *, limit: int | None
) -> list[FacetValue]:
    # A label may be an expression (e.g. the skill label with its English fallback).
    annotations = {} if isinstance(label, str) else {"facet_label": label}
    label_name = label if isinstance(label, str) else "facet_label"
    rows = (
        model.objects.filter(programme_id__in=_ids(filters))
        .annotate(**annotations)
        .values(key, label_name)
        .annotate(n=Count("programme_id", distinct=True))
        .order_by("-n", label_name)
    )
    if limit:
        rows = rows[:limit]
    return [
        FacetValue(
            value=str(r[key]),
            label=str(r[label_name]),
            count=r["n"],
            selected=str(r[key]) == str(selected),
        )
        for r in rows
    ]


def facets(filters: Filters) -> Facets:
    """Counts for every facet value, each facet computed without its own filter (8 queries)."""
    sector_qs, _ = filtered(filters.without("sector"))
    kind_qs, _ = filtered(filters.without("kind"))
    eqf_qs, _ = filtered(filters.without("eqf"))
    kind_labels = dict(ProgrammeKind.choices)
    return Facets(
        sector=_values(
            sector_qs.values("sector__slug", "sector__name"),
            "sector__slug",
            "sector__name",
            filters.sector,
        ),
        kind=[
            replace(v, label=str(kind_labels.get(v.value, v.value)))
            for v in _values(kind_qs.values("kind"), "kind", "kind", filters.kind)
        ],
        eqf=sorted(
            _values(eqf_qs.values("eqf_level"), "eqf_level", "eqf_level", filters.eqf),
            key=lambda v: int(v.value),
        ),
        hub=_grouped(
            Programme.hubs.through,
            filters.without("hub"),
            "hub__slug",
            "hub__short_name",
            filters.hub,
            limit=None,
        ),
        province=_grouped(
            Edition,
            filters.without("province").without("municipality"),
            "municipality__province__slug",
            "municipality__province__name",
            filters.province,
            limit=None,
        ),
        municipality=_grouped(
            Edition,
            filters.without("municipality"),
            "municipality__codice_istat",
            "municipality__name",
            filters.municipality,
            limit=FACET_LIMIT,
        ),
        skill=_grouped(
            ProgrammeSkill,
            filters.without("skill"),
            "skill_id",
            Coalesce(NullIf(F("skill__label_it"), Value("")), F("skill__label_en")),
            filters.skill,
            limit=FACET_LIMIT,
        ),
        provider=_grouped(
            ProgrammeProvider,
            filters.without("provider"),
            "organization__slug",
            "organization__name",
            filters.provider,
            limit=FACET_LIMIT,
        ),
    )


def results(filters: Filters) -> QuerySet[Programme]:
    """The sorted result set with what a result card shows, loaded in a fixed number of queries."""
    qs, ranked = filtered(filters)
    order = SORTS.get(filters.sort)
    if order is None:
        order = ("-rank", "title", "pk") if ranked else ("title", "pk")
    upcoming = (
        Edition.objects.exclude(status=EditionStatus.CLOSED)
        .select_related("municipality")
        .order_by("starts_on", "school_year")
    )
    providers = ProgrammeProvider.objects.select_related("organization").order_by(
        "role", "organization__name"
    )
    return (
        qs.select_related("sector")
        .order_by(*order)
        .prefetch_related(
            Prefetch("editions", queryset=upcoming, to_attr="upcoming_editions"),
            Prefetch("provider_links", queryset=providers, to_attr="providers_list"),
        )
    )
