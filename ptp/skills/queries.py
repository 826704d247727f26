"""What the pickers, the public pages and the API read about skills and occupations.

Search runs in the database on the folded ``search_*`` columns with ``LIKE '% word%'`` (one query
whatever the size of the taxonomy, the same on SQLite and PostgreSQL); pages run a fixed number
of queries and paginate the lists that can be long.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, NullIf
from django.shortcuts import get_object_or_404

from ptp.lib.text import fold
from ptp.skills.models import Occupation, OccupationSkill, RelationType, Skill, SkillHierarchy

# Words beyond this many are ignored: an autocomplete term is a few words.
MAX_WORDS = 6
MAX_LIMIT = 50
LIST_PAGE_SIZE = 50


def display_label(lang: str = "it") -> Coalesce:
    """The label shown to users: in ``lang`` when there is one, else in the other language."""
    first, second = ("label_it", "label_en") if lang == "it" else ("label_en", "label_it")
    return Coalesce(NullIf(F(first), Value("")), F(second), output_field=CharField())


def display_label_of(relation: str) -> Coalesce:
    """display_label() of a related concept."""
    return Coalesce(
        NullIf(F(f"{relation}__label_it"), Value("")),
        F(f"{relation}__label_en"),
        output_field=CharField(),
    )


def _search_words(term: str) -> list[str]:
    return fold(term).split()[:MAX_WORDS]


def _label_matches(label: str, words: Sequence[str]) -> bool:
    padded = f" {fold(label)}"
    return all(f" {w}" in padded for w in words)


@dataclass(frozen=True)
class Hit:
    """One suggestion: the label to show and, when the match was elsewhere, the label that matched."""

    id: int
    uri: str
    label: str
    label_lang: str
    other_label: str
    matched_label: str
    labels_official: bool
    skill_type: str = ""
    reuse_level: str = ""
    is_group: bool = False
    isco_code: str = ""


def _ranked(queryset: QuerySet[Any], words: list[str], lang: str) -> QuerySet[Any]:
    """Concepts whose labels have every word as a word prefix, best first.

    Rank 0: the preferred label (in ``lang``, else the other language) starts with the term;
    rank 1: every word starts a word of that label; rank 2: the match is in an alternative label
    or in the label of the other language. Then shorter labels first, then alphabetical.
    """
    for word in words:
        queryset = queryset.filter(search_text__contains=f" {word}")
    first, second = (
        ("search_label_it", "search_label_en")
        if lang == "it"
        else ("search_label_en", "search_label_it")
    )
    in_label = Q()
    for word in words:
        in_label &= Q(preferred_search__contains=f" {word}")
    return (
        queryset.annotate(
            preferred_search=Coalesce(
                NullIf(F(first), Value("", output_field=TextField())),
                F(second),
                output_field=TextField(),
            ),
            shown=display_label(lang),
        )
        .annotate(
            rank=Case(
                When(preferred_search__startswith=" " + " ".join(words), then=Value(0)),
                When(in_label, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", Length("shown"), "shown", "pk")
    )


def _matched_label(row: dict[str, Any], words: list[str], lang: str) -> str:
    """The alternative (or other-language) label that made a rank-2 row match, if one did alone."""
    other = "en" if lang == "it" else "it"
    candidates = [row[f"label_{other}"]]
    for code in (lang, other):
        candidates.extend(row[f"alt_labels_{code}"].splitlines())
    return next((c for c in candidates if c and _label_matches(c, words)), "")


def _hits(rows: list[dict[str, Any]], words: list[str], lang: str) -> list[Hit]:
    other = "en" if lang == "it" else "it"
    return [
        Hit(
            id=row["id"],
            uri=row["uri"],
            label=row["shown"],
            label_lang=lang if row[f"label_{lang}"] else other,
            other_label=row[f"label_{other}"] if row[f"label_{lang}"] else "",
            matched_label=_matched_label(row, words, lang) if row["rank"] == 2 else "",
            labels_official=row["labels_official"],
            skill_type=row.get("skill_type", ""),
            reuse_level=row.get("reuse_level", ""),
            is_group=row.get("is_group", False),
            isco_code=row.get("isco_group__code") or "",
        )
        for row in rows
    ]


_HIT_FIELDS = (
    "id",
    "uri",
    "label_it",
    "label_en",
    "alt_labels_it",
    "alt_labels_en",
    "labels_official",
    "shown",
    "rank",
)


def search_skills(
    term: str, *, limit: int = 10, include_groups: bool = False, lang: str = "it"
) -> list[Hit]:
    """Skills whose labels (preferred or alternative, Italian or English) contain every word of
    the term as a word prefix, accent- and case-insensitively; an empty term finds nothing."""
    words = _search_words(term)
    if not words:
        return []
    queryset = Skill.objects.all() if include_groups else Skill.objects.filter(is_group=False)
    rows = _ranked(queryset, words, lang).values(
        *_HIT_FIELDS, "skill_type", "reuse_level", "is_group"
    )
    return _hits(list(rows[: min(limit, MAX_LIMIT)]), words, lang)


def search_occupations(term: str, *, limit: int = 10, lang: str = "it") -> list[Hit]:
    """Occupations found like skills (see search_skills), with their ISCO code."""
    words = _search_words(term)
    if not words:
        return []
    rows = _ranked(Occupation.objects.all(), words, lang).values(*_HIT_FIELDS, "isco_group__code")
    return _hits(list(rows[: min(limit, MAX_LIMIT)]), words, lang)


# --- Pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillProfile:
    skill: Skill
    broader: Sequence[Skill]
    narrower: Page
    occupations: Page  # of OccupationSkill, essential first
    essential_count: int
    optional_count: int


def _relation_counts(queryset: QuerySet[OccupationSkill]) -> tuple[int, int]:
    counts = queryset.aggregate(
        essential=Count("pk", filter=Q(relation=RelationType.ESSENTIAL)),
        optional=Count("pk", filter=Q(relation=RelationType.OPTIONAL)),
    )
    return counts["essential"], counts["optional"]


def skill_profile(
    pk: int, *, page: str | None = None, narrower_page: str | None = None
) -> SkillProfile:
    """A skill with its broader and narrower concepts and the occupations that need it, essential
    ones first; the two long lists are paginated."""
    skill = get_object_or_404(Skill, pk=pk)
    broader = list(
        Skill.objects.filter(pk__in=SkillHierarchy.objects.filter(narrower=skill).values("broader"))
        .annotate(shown=display_label())
        .order_by("shown")
    )
    narrower = (
        Skill.objects.filter(pk__in=SkillHierarchy.objects.filter(broader=skill).values("narrower"))
        .annotate(shown=display_label())
        .order_by("-is_group", "shown", "pk")
    )
    links = OccupationSkill.objects.filter(skill=skill)
    essential, optional = _relation_counts(links)
    occupations = (
        links.select_related("occupation")
        .annotate(shown=display_label_of("occupation"))
        .order_by("relation", "shown", "pk")
    )
    return SkillProfile(
        skill=skill,
        broader=broader,
        narrower=Paginator(narrower, LIST_PAGE_SIZE).get_page(narrower_page),
        occupations=Paginator(occupations, LIST_PAGE_SIZE).get_page(page),
        essential_count=essential,
        optional_count=optional,
    )


@dataclass(frozen=True)
class OccupationProfile:
    occupation: Occupation
    narrower: Sequence[Occupation]
    skills: Page  # of OccupationSkill, essential first
    essential_count: int
    optional_count: int


def occupation_profile(pk: int, *, page: str | None = None) -> OccupationProfile:
    """An occupation with its ISCO group, broader and narrower occupations and the skills it
    needs, essential ones first, paginated."""
    occupation = get_object_or_404(
        Occupation.objects.select_related("isco_group", "broader"), pk=pk
    )
    narrower = list(
        Occupation.objects.filter(broader=occupation)
        .annotate(shown=display_label())
        .order_by("shown")
    )
    links = OccupationSkill.objects.filter(occupation=occupation)
    essential, optional = _relation_counts(links)
    skills = (
        links.select_related("skill")
        .annotate(shown=display_label_of("skill"))
        .order_by("relation", "shown", "pk")
    )
    return OccupationProfile(
        occupation=occupation,
        narrower=narrower,
        skills=Paginator(skills, LIST_PAGE_SIZE).get_page(page),
        essential_count=essential,
        optional_count=optional,
    )
