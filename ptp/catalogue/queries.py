"""What the catalogue pages, exports and the API read."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ptp.catalogue.models import (
    Edition,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
)
from ptp.catalogue.search import Filters, programmes
from ptp.geo.models import Municipality, Province
from ptp.network.models import Hub, Organization, Sector
from ptp.skills.models import Skill

EXPORT_HEADER = [
    "codice",
    "titolo",
    "tipologia",
    "indirizzo",
    "articolazione",
    "livello_eqf",
    "filiera",
    "durata_ore",
    "erogatori",
    "prossime_edizioni",
    "dato_dimostrativo",
]


def export_rows(ids: list[int], *, chunk: int = 1000) -> Iterator[list[Any]]:
    """One row per programme, in the search's order, with its providers and upcoming editions;
    read a thousand at a time so a large export never holds the whole catalogue in memory."""
    kinds = dict(ProgrammeKind.choices)
    for start in range(0, len(ids), chunk):
        for p in programmes(ids[start : start + chunk]):
            providers = "; ".join(link.organization.name for link in p.providers_list)  # type: ignore[attr-defined]
            editions = "; ".join(
                f"{e.school_year or e.starts_on} {e.municipality.name}"
                for e in p.upcoming_editions  # type: ignore[attr-defined]
            )
            yield [
                p.code,
                p.title,
                str(kinds.get(p.kind, p.kind)),
                p.track,
                p.specialisation,
                p.eqf_level,
                p.sector.name,
                p.duration_hours,
                providers,
                editions,
                "sì" if p.is_demo else "no",
            ]


@dataclass(frozen=True)
class Chip:
    """An active filter shown above the results, with the parameter that removes it."""

    param: str
    label: str


def active_filter_labels(filters: Filters) -> list[Chip]:
    """Readable labels of the active filters (one small query per filter that names a row)."""
    chips: list[Chip] = []
    if filters.text:
        chips.append(Chip("q", f"«{filters.text}»"))
    lookups: list[tuple[str, Any, Any, str]] = [
        ("filiera", filters.sector, Sector.objects.filter(slug=filters.sector), "name"),
        ("polo", filters.hub, Hub.objects.filter(slug=filters.hub), "short_name"),
        ("provincia", filters.province, Province.objects.filter(slug=filters.province), "name"),
        (
            "comune",
            filters.municipality,
            Municipality.objects.filter(codice_istat=filters.municipality),
            "name",
        ),
        ("erogatore", filters.provider, Organization.objects.filter(slug=filters.provider), "name"),
    ]
    for param, value, queryset, attr in lookups:
        if value:
            label = queryset.values_list(attr, flat=True).first()
            chips.append(Chip(param, label or str(value)))
    if filters.kind:
        chips.append(Chip("tipo", str(dict(ProgrammeKind.choices).get(filters.kind, filters.kind))))
    if filters.eqf is not None:
        chips.append(Chip("eqf", f"EQF {filters.eqf}"))
    if filters.skill is not None:
        skill = Skill.objects.filter(pk=filters.skill).first()
        chips.append(Chip("competenza", skill.label if skill else str(filters.skill)))
    return chips


@dataclass(frozen=True)
class ProgrammeProfile:
    programme: Programme
    providers: list[ProgrammeProvider]
    skills: list[ProgrammeSkill]
    occupations: list[Any]
    editions: list[Edition]
    hubs: list[Hub]
    leads_to: list[Programme]
    comes_from: list[Programme]
    has_demo_data: bool


def programme_profile(slug: str) -> ProgrammeProfile:
    """A published programme with everything its page shows, in a fixed number of queries."""
    programme = get_object_or_404(Programme.objects.published().select_related("sector"), slug=slug)
    providers = list(
        programme.provider_links.select_related("organization__municipality").order_by(
            "role", "organization__name"
        )
    )
    skills = list(
        programme.skill_links.select_related("skill").order_by(
            "-level", "skill__label_it", "skill__label_en"
        )
    )
    editions = list(
        programme.editions.select_related("municipality__province").order_by(
            "starts_on", "school_year"
        )
    )
    pathways = Programme.objects.published().select_related("sector")
    return ProgrammeProfile(
        programme=programme,
        providers=providers,
        skills=skills,
        occupations=list(
            programme.occupations.select_related("isco_group").order_by("label_it", "label_en")
        ),
        editions=editions,
        hubs=list(programme.hubs.select_related("province").order_by("name")),
        leads_to=list(pathways.filter(comes_from=programme)),
        comes_from=list(pathways.filter(leads_to=programme)),
        has_demo_data=programme.is_demo or any(e.is_demo for e in editions),
    )


def programmes_by_ids(ids: Iterable[int]) -> QuerySet[Programme]:
    """Programmes with sector and providers, for lists built elsewhere (plans, drill-downs)."""
    providers = ProgrammeProvider.objects.select_related("organization")
    return (
        Programme.objects.filter(pk__in=list(ids))
        .select_related("sector")
        .prefetch_related(Prefetch("provider_links", queryset=providers, to_attr="providers_list"))
    )


IMPORT_PROGRAMME_HEADER = [
    "codice",
    "titolo",
    "tipologia",
    "indirizzo",
    "articolazione",
    "livello_eqf",
    "filiera",
    "durata_ore",
    "descrizione",
    "erogatori",
    "poli",
    "competenze",
    "professioni",
    "prosegue_in",
    "pubblicato",
]
IMPORT_EDITION_HEADER = [
    "codice_percorso",
    "anno_scolastico",
    "data_inizio",
    "data_fine",
    "comune",
    "posti",
    "iscritti",
    "stato",
    "scadenza_iscrizioni",
]
_LEVEL_WORDS = {1: "base", 2: "intermedio", 3: "avanzato"}
_STATUS_WORDS = {
    "planned": "programmata",
    "open": "aperta",
    "running": "in corso",
    "closed": "conclusa",
}


def _provider_ref(org: Organization) -> str:
    return org.codice_meccanografico or org.partita_iva or org.slug


def hub_programmes(hub: Hub) -> QuerySet[Programme]:
    """The hub's programmes (published or not) for its back office, with providers."""
    providers = ProgrammeProvider.objects.select_related("organization").order_by(
        "role", "organization__name"
    )
    return (
        Programme.objects.filter(hubs=hub)
        .select_related("sector")
        .prefetch_related(Prefetch("provider_links", queryset=providers, to_attr="providers_list"))
        .order_by("title", "pk")
    )


def import_layout_rows(hub: Hub) -> tuple[list[list[Any]], list[list[Any]]]:
    """The hub's programmes and editions in the import layout, so an export can be edited and
    imported back (docs/catalogue-import.md)."""
    programmes = list(
        hub_programmes(hub).prefetch_related(
            "hubs", "occupations", "leads_to", "skill_links__skill"
        )
    )
    programme_rows = [
        [
            p.code,
            p.title,
            p.kind,
            p.track,
            p.specialisation,
            p.eqf_level,
            p.sector.slug,
            p.duration_hours,
            p.description,
            "; ".join(_provider_ref(link.organization) for link in p.providers_list),  # type: ignore[attr-defined]
            "; ".join(h.slug for h in p.hubs.all()),
            "; ".join(f"{s.skill.uri}|{_LEVEL_WORDS[s.level]}" for s in p.skill_links.all()),
            "; ".join(o.uri for o in p.occupations.all()),
            "; ".join(t.code for t in p.leads_to.all()),
            "sì" if p.is_published else "no",
        ]
        for p in programmes
    ]
    editions = Edition.objects.filter(programme__in=programmes).select_related(
        "programme", "municipality"
    )
    edition_rows = [
        [
            e.programme.code,
            e.school_year,
            e.starts_on.isoformat() if e.starts_on else "",
            e.ends_on.isoformat() if e.ends_on else "",
            e.municipality.codice_istat,
            e.seats,
            e.enrolled,
            _STATUS_WORDS.get(e.status, e.status),
            e.application_deadline.isoformat() if e.application_deadline else "",
        ]
        for e in editions.order_by("programme__code", "school_year", "starts_on")
    ]
    return programme_rows, edition_rows
