"""What a hub's snapshot shows the public: the indicators with their Italian labels, the rates
derived from the stored counts, and the suppression of small counts of people.

Suppression (the rule of every observatory page, export and report): a count of people, or of
events about people (placements, reports), below `MIN_CELL` is not shown — zero included, so a
missing figure never tells "none" apart from "one or two" — and every figure derived from it
(hours, rates, placements per company) is not shown either. Counts of organizations, programmes
and seats are not about people and are always shown. Outcome rates arrive already suppressed by
`ptp.outcomes.rates`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ptp.network.models import OrganizationKind

MIN_CELL = 5
SUPPRESSED_LABEL = _("n < 5: non mostrato")

# Counts of people or of events about people: suppressed below MIN_CELL.
PEOPLE_COUNTS = frozenset(
    {
        "students",
        "students_in_wbl",
        "placements",
        "reports_opened",
        "reports_resolved",
        "reports_escalated",
        "n_6",
        "n_12",
        "its_oriented",
        "hosted",
        "hired_by_hub_company",
        "hired_by_host",
    }
)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    unit: str  # "count", "rate" (0–1, shown as %), "hours", "ratio", "index"
    # For the ranking: True when more is better, False when less is better, None: not rankable.
    higher_is_better: bool | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator("members_total", _("Soci del polo"), "count"),
    Indicator("students", _("Studenti delle scuole socie"), "count"),
    Indicator("programmes", _("Percorsi dell'offerta"), "count"),
    Indicator("editions", _("Edizioni nell'anno"), "count"),
    Indicator("seats", _("Posti nell'anno"), "count"),
    Indicator("enrolled", _("Iscritti nell'anno"), "count"),
    Indicator("students_in_wbl", _("Studenti in formazione scuola-lavoro"), "count"),
    Indicator("wbl_rate", _("Quota di studenti in formazione scuola-lavoro"), "rate", True),
    Indicator("placements", _("Percorsi in azienda"), "count"),
    Indicator("hours_planned", _("Ore previste (percorsi iniziati)"), "hours"),
    Indicator("hours_delivered", _("Ore svolte e validate"), "hours"),
    Indicator("hours_rate", _("Ore svolte su ore previste"), "rate", True),
    Indicator("companies_hosting", _("Imprese che ospitano studenti"), "count", True),
    Indicator("host_companies_enrolled", _("Imprese registrate come ospitanti"), "count"),
    Indicator("placements_per_company", _("Percorsi per impresa ospitante"), "ratio", True),
    Indicator("reports_opened", _("Segnalazioni aperte nell'anno"), "count"),
    Indicator("reports_resolved", _("Segnalazioni risolte"), "count"),
    Indicator("reports_resolved_rate", _("Quota di segnalazioni risolte"), "rate", True),
    Indicator("its_oriented", _("Studenti orientati agli ITS Academy"), "count"),
    Indicator("n_6", _("Diplomati seguiti a 6 mesi"), "count"),
    Indicator("employment_rate_6", _("Occupati a 6 mesi"), "rate", True),
    Indicator("further_study_rate_6", _("In formazione a 6 mesi"), "rate", True),
    Indicator("n_12", _("Diplomati seguiti a 12 mesi"), "count"),
    Indicator("employment_rate_12", _("Occupati a 12 mesi"), "rate", True),
    Indicator("further_study_rate_12", _("In formazione a 12 mesi"), "rate", True),
    Indicator("gap_index", _("Indice di divario della filiera nella provincia"), "index", False),
)
BY_KEY = {i.key: i for i in INDICATORS}
RANKABLE: tuple[Indicator, ...] = tuple(i for i in INDICATORS if i.higher_is_better is not None)
# The columns of the side-by-side table and of the open data (the rest is on each hub's page).
COMPARE_KEYS = (
    "members_total",
    "programmes",
    "seats",
    "students_in_wbl",
    "wbl_rate",
    "hours_rate",
    "companies_hosting",
    "placements_per_company",
    "reports_opened",
    "reports_resolved",
    "its_oriented",
    "employment_rate_12",
    "further_study_rate_12",
    "gap_index",
)
KIND_LABELS = dict(OrganizationKind.choices)


def _count(metrics: Mapping[str, Any], key: str) -> float | None:
    value = metrics.get(key)
    if value is None:
        return None
    if key in PEOPLE_COUNTS and value < MIN_CELL:
        return None
    return float(value)


def _div(num: float | None, den: float | None) -> float | None:
    if num is None or not den:
        return None
    return round(num / den, 4)


def public_values(metrics: Mapping[str, Any]) -> dict[str, float | None]:
    """Every indicator of the snapshot as the public may see it: None where suppressed or unknown."""
    values: dict[str, float | None] = {}
    for indicator in INDICATORS:
        if indicator.key in metrics:
            values[indicator.key] = _count(metrics, indicator.key)
    placements = values.get("placements")
    if placements is None:
        # Hours come from the placements: few placements, few students behind the hours.
        values["hours_planned"] = values["hours_delivered"] = None
    values["wbl_rate"] = _div(values.get("students_in_wbl"), values.get("students"))
    values["hours_rate"] = _div(values.get("hours_delivered"), values.get("hours_planned"))
    values["placements_per_company"] = _div(placements, values.get("companies_hosting"))
    values["reports_resolved_rate"] = _div(
        values.get("reports_resolved"), values.get("reports_opened")
    )
    return values


def display(key: str, value: float | None) -> str:
    """The value as the pages write it (Italian number format, rates as percentages)."""
    if value is None:
        return "—"
    unit = BY_KEY[key].unit
    if unit == "rate":
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if unit == "index":  # dissimilarity 0–1, shown in points 0–100 as on the gap pages
        return f"{value * 100:.1f}".replace(".", ",")
    if unit == "ratio":
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,.0f}".replace(",", ".")


def members_by_kind(metrics: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(kind label, count) of the snapshot's members, largest first."""
    by_kind = metrics.get("members_by_kind") or {}
    rows = [(str(KIND_LABELS.get(kind, kind)), int(n)) for kind, n in by_kind.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))
