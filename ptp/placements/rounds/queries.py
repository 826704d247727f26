"""What the round pages read: the review tables, a student's results, a host's incoming students."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ptp.network.models import Hub, Organization
from ptp.placements.models import (
    AllocationRound,
    OpportunityStatus,
    OpportunityWindow,
    RoundAssignment,
    RoundStatus,
)
from ptp.students.models import Student


@dataclass(frozen=True)
class Outcome:
    label: str
    total: int
    placed: int
    first_choice: int

    @property
    def unplaced(self) -> int:
        return self.total - self.placed

    @property
    def placed_share(self) -> int:
        return round(100 * self.placed / self.total) if self.total else 0


@dataclass(frozen=True)
class Review:
    round: AllocationRound
    by_school: list[Outcome]
    by_group: list[Outcome]
    by_rank: list[tuple[str, int]]
    windows: int
    seats: int
    reserved: int


_COUNTS = {
    "total": Count("pk"),
    "placed": Count("pk", filter=Q(window__isnull=False)),
    "first_choice": Count("pk", filter=Q(rank=1)),
}


def round_review(round_: AllocationRound) -> Review:
    """Placed and unplaced by school, by group (reserved seats) and by rank obtained (five queries)."""
    assignments = RoundAssignment.objects.filter(round=round_)
    schools: Any = (
        assignments.values("student__school__name")
        .annotate(**_COUNTS)
        .order_by("student__school__name")
    )
    groups: Any = assignments.values("in_group").annotate(**_COUNTS).order_by("-in_group")
    by_school = [
        Outcome(r["student__school__name"], r["total"], r["placed"], r["first_choice"])
        for r in schools
    ]
    group_labels = {
        True: "Con diritto ai posti riservati",
        False: "Senza diritto ai posti riservati",
    }
    by_group = [
        Outcome(group_labels[r["in_group"]], r["total"], r["placed"], r["first_choice"])
        for r in groups
    ]
    ranks: dict[int, int] = {
        rank: n
        for rank, n in assignments.filter(rank__isnull=False)
        .values("rank")
        .annotate(n=Count("pk"))
        .values_list("rank", "n")
        if rank is not None
    }
    unplaced = assignments.filter(window__isnull=True).count()
    by_rank = [(f"Scelta n. {r}", ranks[r]) for r in sorted(ranks)] + [("Non collocati", unplaced)]
    totals = list(round_.round_windows.values_list("seats", "reserved_seats"))
    return Review(
        round=round_,
        by_school=by_school,
        by_group=by_group,
        by_rank=by_rank,
        windows=len(totals),
        seats=sum(s for s, _ in totals),
        reserved=sum(r for _, r in totals),
    )


def hub_rounds(hub: Hub) -> QuerySet[AllocationRound]:
    """The hub's rounds, newest first, with their window counts."""
    return (
        AllocationRound.objects.filter(hub=hub)
        .annotate(window_count=Count("round_windows"))
        .select_related("created_by")
    )


def selectable_windows(hub: Hub, today: object) -> QuerySet[OpportunityWindow]:
    """Windows of the hub's published opportunities that have not started: what a round can use."""
    return (
        OpportunityWindow.objects.filter(
            opportunity__hub=hub,
            opportunity__status=OpportunityStatus.PUBLISHED,
            starts_on__gt=today,
        )
        .select_related("opportunity__host", "opportunity__municipality")
        .order_by("starts_on", "opportunity__title")
    )


def student_results(student: Student) -> QuerySet[RoundAssignment]:
    """A student's outcomes in published rounds, with the explanation of each."""
    return (
        RoundAssignment.objects.filter(student=student, round__status=RoundStatus.PUBLISHED)
        .select_related("round", "window__opportunity__host", "window__opportunity__municipality")
        .order_by("-round__published_at", "period")
    )


def incoming_students(host: Organization) -> QuerySet[RoundAssignment]:
    """The students published rounds send to the host, by period."""
    return (
        RoundAssignment.objects.filter(
            window__opportunity__host=host, round__status=RoundStatus.PUBLISHED
        )
        .select_related("student__school", "window__opportunity", "round")
        .order_by("window__starts_on", "student__family_name")
    )
