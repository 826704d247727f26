"""An in-memory facet index of the published catalogue: filtering, disjunctive facet counts and
sorting over boolean masks (NumPy), so a search costs the same whatever the filters.

Pure Python + NumPy, no Django: `search.py` builds it from the database (once per version of the
public data, per server process) and asks it questions. Each facet is a set of distinct
(programme, value) pairs; a programme matches a facet value when it has such a pair.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]
Positions = npt.NDArray[np.int64]


@dataclass(frozen=True)
class FacetData:
    """One facet: its values (key and label) and the distinct (programme position, value) pairs."""

    keys: list[str]
    labels: list[str]
    programme: Positions
    value: Positions

    def __post_init__(self) -> None:
        if len(self.programme) != len(self.value):
            raise ValueError("programme and value arrays must have the same length")


@dataclass
class FacetIndex:
    """Programmes by position 0..n-1 (ids ascending), their facets and their sort orders."""

    ids: npt.NDArray[np.int64]
    facets: dict[str, FacetData]
    orders: dict[str, Positions]
    _key_index: dict[str, dict[str, int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._key_index = {
            name: {k: i for i, k in enumerate(f.keys)} for name, f in self.facets.items()
        }

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions_of(self, ids: Sequence[int]) -> Positions:
        """Positions of the given programme ids (ids not in the index are dropped), in their order."""
        wanted = np.asarray(ids, dtype=np.int64)
        found = np.searchsorted(self.ids, wanted)
        found = np.clip(found, 0, max(self.size - 1, 0))
        keep = (
            (self.size > 0) & (self.ids[found] == wanted)
            if self.size
            else np.zeros(len(wanted), bool)
        )
        return found[keep]

    def value_mask(self, facet: str, key: str) -> Mask:
        """Programmes having the value; an unknown value matches nothing."""
        mask = np.zeros(self.size, dtype=bool)
        index = self._key_index[facet].get(key)
        if index is not None:
            data = self.facets[facet]
            mask[data.programme[data.value == index]] = True
        return mask

    def match(
        self, selected: dict[str, str], *, text: Positions | None = None, skip: str = ""
    ) -> Mask:
        """Programmes matching every selected facet value (but `skip`) and, when given, the text."""
        mask = np.ones(self.size, dtype=bool)
        for facet, key in selected.items():
            if facet != skip:
                mask &= self.value_mask(facet, key)
        if text is not None:
            only = np.zeros(self.size, dtype=bool)
            only[text] = True
            mask &= only
        return mask

    def counts(
        self, facet: str, base: Mask, *, limit: int | None = None
    ) -> list[tuple[str, str, int]]:
        """(key, label, programmes) for the facet's values among `base`, most first, then by label."""
        data = self.facets[facet]
        hits = np.bincount(data.value[base[data.programme]], minlength=len(data.keys))
        present = np.flatnonzero(hits)
        rows = sorted(
            ((data.keys[i], data.labels[i], int(hits[i])) for i in present),
            key=lambda r: (-r[2], r[1]),
        )
        return rows[:limit] if limit else rows

    def disjunctive_counts(
        self,
        facets: Sequence[str],
        selected: dict[str, str],
        *,
        text: Positions | None,
        everything: Mask,
        limited: Collection[str] = (),
        limit: int | None = None,
    ) -> dict[str, list[tuple[str, str, int]]]:
        """Each facet's `counts` with every selected value applied but its own, so a visitor sees
        what each alternative would give; `everything` is the match of all of them. The province
        also leaves the municipality out: choosing a municipality does not hide the other provinces.
        Facets in `limited` keep their first `limit` values."""
        result = {}
        for facet in facets:
            skip = {facet, "municipality"} if facet == "province" else {facet}
            if skip & selected.keys():
                kept = {k: v for k, v in selected.items() if k not in skip}
                base = self.match(kept, text=text)
            else:
                base = everything
            result[facet] = self.counts(facet, base, limit=limit if facet in limited else None)
        return result

    def ordered(self, mask: Mask, sort: str, *, text_order: Positions | None = None) -> Positions:
        """Matching positions in the requested order (text relevance when given and asked for)."""
        if sort == "rilevanza" and text_order is not None:
            return text_order[mask[text_order]]
        order = self.orders.get(sort, self.orders["titolo"])
        return order[mask[order]]


def build_facet(keys_by_value: dict[str, str], pairs: Sequence[tuple[int, str]]) -> FacetData:
    """A facet from {key: label} and (programme position, key) pairs; duplicates are merged."""
    keys = list(keys_by_value)
    index = {k: i for i, k in enumerate(keys)}
    unique = sorted({(p, index[k]) for p, k in pairs if k in index})
    programme = np.fromiter((p for p, _ in unique), dtype=np.int64, count=len(unique))
    value = np.fromiter((v for _, v in unique), dtype=np.int64, count=len(unique))
    return FacetData(
        keys=keys, labels=[keys_by_value[k] for k in keys], programme=programme, value=value
    )
