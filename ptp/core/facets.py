"""Links of a faceted public search (catalogue, opportunities): each facet value and each active
filter becomes a link to the same search with that one parameter changed.

The template `components/search_filters.html` shows the groups built here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.functional import Promise


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet as a search counts it: index key, label, results, chosen or not."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetGroup:
    param: str
    title: str
    links: list[FacetLink]


def facet_values(
    counts: Mapping[str, Sequence[tuple[str, str, int]]], selected: Mapping[str, str]
) -> dict[str, list[FacetValue]]:
    """Each facet's (key, label, count) rows as values, the selected one marked."""
    return {
        name: [FacetValue(key, label, n, key == selected.get(name)) for key, label, n in rows]
        for name, rows in counts.items()
    }


def url_with(query: QueryDict, param: str, value: str | None) -> str:
    """The current search with one parameter set (or removed when None), back on page one."""
    dropped = {"pagina", "formato", param}
    if param == "competenza":
        dropped.add("competenza_testo")  # the picker's typed text would choose a skill again
    if param == "provincia" and value is not None:
        # The province counts leave the municipality out: a link must give its count.
        dropped.add("comune")
    # Built from pairs rather than QueryDict.copy(): a page has about a hundred such links.
    pairs = [(k, v) for k, values in query.lists() if k not in dropped for v in values]
    if value is not None:
        pairs.append((param, value))
    return f"?{urlencode(pairs)}" if pairs else "?"


def facet_groups(
    query: QueryDict,
    params: Sequence[tuple[str, str, str | Promise]],
    values: Mapping[str, Sequence[FacetValue]],
) -> list[FacetGroup]:
    """Facet values as links that toggle the value in the current search; `params` lists
    (facet name, query parameter, heading) in the order of the page."""
    return [
        FacetGroup(
            param,
            str(title),
            [
                FacetLink(
                    v.label,
                    v.count,
                    v.selected,
                    url_with(query, param, None if v.selected else v.value),
                )
                for v in values[name]
            ],
        )
        for name, param, title in params
    ]
