"""The taxonomy's public API: the same searches as the autocomplete pickers."""

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from ptp.skills import queries

router = Router(tags=["competenze"])

ESCO_ATTRIBUTION = "Questo servizio usa la classificazione ESCO della Commissione europea."


class ConceptOut(Schema):
    id: int
    uri: str
    label: str
    label_lang: str
    other_label: str
    matched_label: str = Field(
        description="L'etichetta alternativa (o nell'altra lingua) che corrisponde alla ricerca, "
        "quando l'etichetta principale non corrisponde."
    )
    labels_official: bool
    url: str


class SkillOut(ConceptOut):
    skill_type: str
    reuse_level: str
    is_group: bool


class OccupationOut(ConceptOut):
    isco_code: str


class SkillResults(Schema):
    results: list[SkillOut]
    attribution: str | None


class OccupationResults(Schema):
    results: list[OccupationOut]
    attribution: str | None


class SearchParams(Schema):
    q: str = Field("", max_length=100, description="Inizio delle parole da cercare.")
    limite: int = Field(10, ge=1, le=queries.MAX_LIMIT)
    lingua: Literal["it", "en"] = "it"


def _common(hit: queries.Hit, url_name: str) -> dict[str, Any]:
    return {
        "id": hit.id,
        "uri": hit.uri,
        "label": hit.label,
        "label_lang": hit.label_lang,
        "other_label": hit.other_label,
        "matched_label": hit.matched_label,
        "labels_official": hit.labels_official,
        "url": reverse(url_name, args=[hit.id]),
    }


def _attribution(hits: list[queries.Hit]) -> str | None:
    return _(ESCO_ATTRIBUTION) if any(h.labels_official for h in hits) else None


@router.get("/competenze", response=SkillResults, summary="Cerca competenze (autocompletamento)")
def search_skills(
    request: HttpRequest, params: Query[SearchParams], gruppi: bool = False
) -> SkillResults:
    """Competenze la cui etichetta (principale o alternativa, in italiano o in inglese) contiene
    ogni parola cercata come inizio di parola, senza badare ad accenti e maiuscole."""
    hits = queries.search_skills(
        params.q, limit=params.limite, include_groups=gruppi, lang=params.lingua
    )
    return SkillResults(
        results=[
            SkillOut(
                **_common(h, "skills:skill_detail"),
                skill_type=h.skill_type,
                reuse_level=h.reuse_level,
                is_group=h.is_group,
            )
            for h in hits
        ],
        attribution=_attribution(hits),
    )


@router.get(
    "/professioni", response=OccupationResults, summary="Cerca professioni (autocompletamento)"
)
def search_occupations(request: HttpRequest, params: Query[SearchParams]) -> OccupationResults:
    """Professioni trovate come le competenze, con il loro codice ISCO-08."""
    hits = queries.search_occupations(params.q, limit=params.limite, lang=params.lingua)
    return OccupationResults(
        results=[
            OccupationOut(**_common(h, "skills:occupation_detail"), isco_code=h.isco_code)
            for h in hits
        ],
        attribution=_attribution(hits),
    )
