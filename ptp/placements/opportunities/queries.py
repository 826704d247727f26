"""What the opportunity pages, exports and the placements read: seats taken, a host's list, the
public and back-office profile of one opportunity."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ptp.accounts.scopes import scopes_of
from ptp.network.models import Organization
from ptp.placements.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RiskLevel,
)
from ptp.placements.models.opportunities import GENERAL_TRAINING_HOURS
from ptp.skills.models import Skill

# Placements that hold a seat of their window (an interrupted placement gives it back).
COMMITTED = [
    PlacementStatus.PLANNED,
    PlacementStatus.READY,
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
]


def seats_taken(window_ids: Iterable[int]) -> dict[int, int]:
    """Seats of each window held by a placement (one query); windows without any are absent."""
    ids = list(window_ids)
    if not ids:
        return {}
    rows = (
        Placement.objects.filter(window_id__in=ids, status__in=COMMITTED)
        .values("window_id")
        .annotate(n=Count("pk"))
    )
    return {row["window_id"]: row["n"] for row in rows}


def sees_host_names(user: Any) -> bool:
    """Anyone with a role on the platform sees every host's name; anonymous visitors (and accounts
    without a role) see it only where the host chose to publish it."""
    return not scopes_of(user).is_empty


def host_label(opportunity: Opportunity, *, names_visible: bool) -> str:
    """The host's name, or «Impresa del polo» when it is hidden from this visitor."""
    if names_visible or opportunity.show_host_publicly:
        return opportunity.host.name
    return _("Impresa del polo")


def host_opportunities(company: Organization) -> QuerySet[Opportunity]:
    """A company's opportunities in every hub and status, with window and seat totals."""
    return (
        Opportunity.objects.filter(host=company)
        .select_related("hub", "municipality")
        .annotate(window_count=Count("windows"), seat_total=Sum("windows__seats"))
        .order_by("status", "-created_at", "pk")
    )


@dataclass(frozen=True)
class WindowRow:
    window: OpportunityWindow
    taken: int

    @property
    def left(self) -> int:
        return max(self.window.seats - self.taken, 0)


@dataclass(frozen=True)
class OpportunityProfile:
    """One opportunity as its page shows it (six queries)."""

    opportunity: Opportunity
    host_label: str
    # False when the host's name is hidden from this visitor: its street address is hidden too.
    host_visible: bool
    windows: list[WindowRow]
    skills_required: list[Skill]
    skills_developed: list[Skill]
    general_training_hours: int
    specific_training_hours: int

    @property
    def upcoming(self) -> list[WindowRow]:
        today = timezone.localdate()
        return [row for row in self.windows if row.window.ends_on >= today]

    @property
    def has_demo_data(self) -> bool:
        return self.opportunity.is_demo


def _skills(opportunity: Opportunity, relation: str) -> list[Skill]:
    return list(getattr(opportunity, relation).order_by("label_it", "label_en"))


def profile_of(opportunity: Opportunity, *, names_visible: bool) -> OpportunityProfile:
    """The windows with seats left, the skills and the safety training of an opportunity."""
    windows = list(opportunity.windows.order_by("starts_on", "pk"))
    taken = seats_taken(w.pk for w in windows)
    return OpportunityProfile(
        opportunity=opportunity,
        host_label=host_label(opportunity, names_visible=names_visible),
        host_visible=names_visible or opportunity.show_host_publicly,
        windows=[WindowRow(w, taken.get(w.pk, 0)) for w in windows],
        skills_required=_skills(opportunity, "skills_required"),
        skills_developed=_skills(opportunity, "skills_developed"),
        general_training_hours=GENERAL_TRAINING_HOURS,
        specific_training_hours=opportunity.specific_training_hours,
    )


def _with_relations() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("host", "hub", "sector", "municipality__province")


def public_profile(pk: int, *, names_visible: bool) -> OpportunityProfile:
    """A published opportunity's public page; anything else does not exist for the public."""
    opportunity = _with_relations().filter(pk=pk, status=OpportunityStatus.PUBLISHED).first()
    if opportunity is None:
        raise Http404
    return profile_of(opportunity, names_visible=names_visible)


@dataclass(frozen=True)
class ResultRow:
    """One search result as its row, card or export line shows it (plain values: a page shows
    twenty and an export thousands, so no model instances are built for them)."""

    pk: int
    title: str
    kind: str
    host: str
    hub: str
    sector: str
    municipality: str
    province: str
    min_age: int
    risk: str
    is_demo: bool
    windows: list[tuple[dt.date, dt.date, int]]  # upcoming: start, end, seats

    @property
    def seats(self) -> int:
        return sum(seats for _start, _end, seats in self.windows)

    @property
    def periods(self) -> str:
        return "; ".join(
            _("dal %(start)s al %(end)s") % {"start": f"{s:%d/%m/%Y}", "end": f"{e:%d/%m/%Y}"}
            for s, e, _seats in self.windows
        )

    @property
    def facts(self) -> str:
        """Seats, minimum age and periods in one sentence (cheaper here than in the template)."""
        seats = ngettext("%(n)d posto", "%(n)d posti", self.seats) % {"n": self.seats}
        return f"{seats} · {_('dai %(n)d anni') % {'n': self.min_age}} · {self.periods}"


def result_rows(ids: list[int], *, today: dt.date, names_visible: bool) -> list[ResultRow]:
    """The rows of the given opportunities in the given order (two queries)."""
    windows: dict[int, list[tuple[dt.date, dt.date, int]]] = {}
    for opportunity_id, start, end, seats in (
        OpportunityWindow.objects.filter(opportunity_id__in=ids, ends_on__gte=today)
        .order_by("starts_on", "pk")
        .values_list("opportunity_id", "starts_on", "ends_on", "seats")
    ):
        windows.setdefault(opportunity_id, []).append((start, end, seats))
    kinds = dict(OpportunityKind.choices)
    risks = dict(RiskLevel.choices)
    found = {
        r["pk"]: ResultRow(
            pk=r["pk"],
            title=r["title"],
            kind=str(kinds.get(r["kind"], r["kind"])),
            host=r["host__name"]
            if names_visible or r["show_host_publicly"]
            else _("Impresa del polo"),
            hub=r["hub__short_name"],
            sector=r["sector__name"],
            municipality=r["municipality__name"],
            province=r["municipality__province__abbreviation"],
            min_age=r["min_age"],
            risk=str(risks.get(r["risk_level"], r["risk_level"])),
            is_demo=r["is_demo"],
            windows=windows.get(r["pk"], []),
        )
        for r in Opportunity.objects.filter(pk__in=ids).values(
            "pk",
            "title",
            "kind",
            "min_age",
            "risk_level",
            "show_host_publicly",
            "is_demo",
            "host__name",
            "hub__short_name",
            "sector__name",
            "municipality__name",
            "municipality__province__abbreviation",
        )
    }
    return [found[i] for i in ids if i in found]
