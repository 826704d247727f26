"""How a hub's members read in Italian: "13 soggetti: 5 scuole, 4 aziende, ..."."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import ngettext

from ptp.network.models import OrganizationKind

# The categories people use when they describe a hub, in the order they use them.
CATEGORY_OF_KIND: dict[str, str] = {
    OrganizationKind.TECHNICAL_SCHOOL: "school",
    OrganizationKind.VOCATIONAL_SCHOOL: "school",
    OrganizationKind.UPPER_SECONDARY_SCHOOL: "school",
    OrganizationKind.COMPANY: "company",
    OrganizationKind.TRAINING_AGENCY: "agency",
    OrganizationKind.ITS_ACADEMY: "its",
    OrganizationKind.TRADE_ASSOCIATION: "association",
    OrganizationKind.LOCAL_AUTHORITY: "authority",
    OrganizationKind.UNIVERSITY: "university",
    OrganizationKind.OTHER: "other",
}
CATEGORY_ORDER = [
    "school",
    "company",
    "agency",
    "its",
    "association",
    "authority",
    "university",
    "other",
]


def category_label(category: str, count: int) -> str:
    """The Italian noun for a category, singular or plural by count."""
    labels = {
        "school": ngettext("scuola", "scuole", count),
        "company": ngettext("azienda", "aziende", count),
        "agency": ngettext("agenzia formativa", "agenzie formative", count),
        "its": ngettext("fondazione ITS Academy", "fondazioni ITS Academy", count),
        "association": ngettext("associazione di categoria", "associazioni di categoria", count),
        "authority": ngettext("ente locale", "enti locali", count),
        "university": ngettext("università", "università", count),
        "other": ngettext("altro soggetto", "altri soggetti", count),
    }
    return labels[category]


@dataclass(frozen=True)
class CompositionPart:
    category: str
    count: int
    label: str


@dataclass(frozen=True)
class Composition:
    total: int
    parts: tuple[CompositionPart, ...]

    def __str__(self) -> str:
        head = ngettext("%(n)d soggetto", "%(n)d soggetti", self.total) % {"n": self.total}
        if not self.parts:
            return head
        return f"{head}: " + ", ".join(f"{p.count} {p.label}" for p in self.parts)


def composition_of(kinds: Iterable[str]) -> Composition:
    """Counts organization kinds by category, in the customary order, skipping empty ones."""
    counts = Counter(CATEGORY_OF_KIND[kind] for kind in kinds)
    parts = tuple(
        CompositionPart(category=c, count=counts[c], label=category_label(c, counts[c]))
        for c in CATEGORY_ORDER
        if counts[c]
    )
    return Composition(total=sum(counts.values()), parts=parts)
