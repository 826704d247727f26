"""Free-text search of programmes: Italian stemming on PostgreSQL, a portable fallback elsewhere.

This is the only module that knows about PostgreSQL full-text search. On PostgreSQL the
`search_vector` column (GIN-indexed, see migration 0002) is matched with an Italian `tsquery` whose
last word is a prefix, so "alberg" finds "alberghiero". Elsewhere every word must start a word of the
folded `search_text` (accent- and case-insensitive, no stemming).
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

from ptp.lib.text import fold, search_document

CONFIG = "italian"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def programme_document(title: str, track: str, specialisation: str, description: str) -> str:
    """The portable search text of a programme."""
    return search_document(title, track, specialisation, description)


def refresh_vectors(programme_ids: Iterable[int] | None = None) -> None:
    """Recomputes the PostgreSQL vectors of the given programmes (all when None); no-op elsewhere."""
    if not uses_postgres():
        return
    from ptp.catalogue.models import Programme

    vector = (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("track", "specialisation", weight="B", config=CONFIG)
        + SearchVector("description", weight="C", config=CONFIG)
    )
    programmes = Programme.objects.all()
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=list(programme_ids))
    programmes.update(search_vector=vector)


def filter_text(queryset: QuerySet, text: str) -> tuple[QuerySet, bool]:
    """Keeps the programmes matching every word of the text; True when a rank was annotated."""
    words = fold(text).split()
    if not words:
        return queryset, False
    if uses_postgres():
        # Words come out of fold(): letters, digits and underscores only, so the raw query is safe.
        raw = " & ".join(f"{w}:*" if i == len(words) - 1 else w for i, w in enumerate(words))
        query = SearchQuery(raw, search_type="raw", config=CONFIG)
        ranked = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        return ranked, True
    for word in words:
        queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset, False
