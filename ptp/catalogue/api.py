"""The catalogue's public API: the same search and facets as /offerta-formativa/."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from ptp.catalogue import queries, search
from ptp.catalogue.forms import CatalogueSearchForm
from ptp.catalogue.models import Programme

router = Router(tags=["offerta formativa"])
PAGE_SIZE = 20


class SearchParams(Schema):
    q: str = ""
    filiera: str = ""
    polo: str = ""
    provincia: str = ""
    comune: str = ""
    tipo: str = ""
    eqf: int | None = None
    competenza: int | None = None
    erogatore: str = ""
    ordina: str = "rilevanza"
    pagina: int = 1


class ProgrammeOut(Schema):
    slug: str
    code: str
    title: str
    kind: str
    eqf_level: int
    sector: str
    duration_hours: int
    providers: list[str]
    is_demo: bool


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ProgrammeOut]
    facets: dict[str, list[FacetValueOut]]


class EditionOut(Schema):
    school_year: str
    starts_on: str | None
    municipality: str
    seats: int
    enrolled: int
    status: str


class SkillLinkOut(Schema):
    uri: str
    label: str
    level: int


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    track: str
    specialisation: str
    skills: list[SkillLinkOut]
    occupations: list[str]
    editions: list[EditionOut]
    hubs: list[str]
    leads_to: list[str]


def _programme(p: Programme, providers: list[str]) -> dict:
    return {
        "slug": p.slug,
        "code": p.code,
        "title": p.title,
        "kind": p.kind,
        "eqf_level": p.eqf_level,
        "sector": p.sector.name,
        "duration_hours": p.duration_hours,
        "providers": providers,
        "is_demo": p.is_demo,
    }


@router.get("/percorsi", response=SearchOut, summary="Cerca nell'offerta formativa")
def search_programmes(request: HttpRequest, params: Query[SearchParams]) -> dict:
    form = CatalogueSearchForm({k: v for k, v in params.dict().items() if v not in (None, "")})
    filters = form.filters()
    outcome = search.run(filters)
    page = Paginator(outcome.ids, PAGE_SIZE).get_page(params.pagina)
    facets = outcome.facets
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [
            _programme(p, [link.organization.name for link in p.providers_list])  # type: ignore[attr-defined]
            for p in search.programmes(list(page.object_list))
        ],
        "facets": {
            name: [v.__dict__ for v in getattr(facets, name)]
            for name in facets.__dataclass_fields__
        },
    }


@router.get("/percorsi/{slug}", response=ProgrammeDetailOut, summary="Un percorso")
def get_programme(request: HttpRequest, slug: str) -> dict:
    profile = queries.programme_profile(slug)
    p = profile.programme
    return {
        **_programme(p, [link.organization.name for link in profile.providers]),
        "description": p.description,
        "track": p.track,
        "specialisation": p.specialisation,
        "skills": [
            {"uri": s.skill.uri, "label": s.skill.label, "level": s.level} for s in profile.skills
        ],
        "occupations": [o.label for o in profile.occupations],
        "editions": [
            {
                "school_year": e.school_year,
                "starts_on": e.starts_on.isoformat() if e.starts_on else None,
                "municipality": e.municipality.name,
                "seats": e.seats,
                "enrolled": e.enrolled,
                "status": e.status,
            }
            for e in profile.editions
        ],
        "hubs": [h.slug for h in profile.hubs],
        "leads_to": [x.slug for x in profile.leads_to],
    }
