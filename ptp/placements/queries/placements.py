"""What the placement pages read: lists for the school, the host and the coordinator, and one
placement with its plan, safety file, hours and documents.

List pages run a fixed number of queries: the page of placements (students, schools, hosts and
safety files joined in), then one grouped query for the hours of that page.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ptp.accounts.models import Role, RoleGrant, User
from ptp.accounts.scopes import scopes_of
from ptp.network.models import Hub
from ptp.placements.models import (
    DocumentKind,
    Opportunity,
    Placement,
    PlacementDocument,
    PlacementStatus,
    SafetyFile,
    TrainingPlan,
)
from ptp.placements.queries.hours import PlacementTotals, totals_by_placement, totals_of
from ptp.skills.models import Skill


@dataclass(frozen=True)
class PlacementFilters:
    status: str = ""
    text: str = ""


def _filtered(placements: QuerySet[Placement], filters: PlacementFilters) -> QuerySet[Placement]:
    if filters.status:
        placements = placements.filter(status=filters.status)
    for word in filters.text.split()[:5]:
        placements = placements.filter(
            Q(student__family_name__icontains=word)
            | Q(student__given_name__icontains=word)
            | Q(student__code__iexact=word)
            | Q(host__name__icontains=word)
            | Q(school__name__icontains=word)
        )
    return (
        placements.select_related("student", "school", "host", "hub")
        .only(
            "status",
            "starts_on",
            "ends_on",
            "planned_hours",
            "is_demo",
            "host_tutor",
            *(
                f"student__{name}"
                for name in ("code", "given_name", "family_name", "class_year", "class_section")
            ),
            "school__name",
            "host__name",
            "hub__short_name",
        )
        .order_by("-starts_on", "student__family_name", "pk")
    )


def placements_of_schools(
    school_ids: frozenset[int], filters: PlacementFilters
) -> QuerySet[Placement]:
    """Placements of the students of these schools (the school's staff list)."""
    return _filtered(Placement.objects.filter(school_id__in=school_ids), filters)


def placements_of_hosts(host_ids: frozenset[int], filters: PlacementFilters) -> QuerySet[Placement]:
    """Placements these hosts take, whichever member school the students come from."""
    return _filtered(Placement.objects.filter(host_id__in=host_ids), filters)


def placements_of_hub(hub_id: int, filters: PlacementFilters) -> QuerySet[Placement]:
    """Every placement of the hub (its coordinator's read-only list)."""
    return _filtered(Placement.objects.filter(hub_id=hub_id), filters)


@dataclass(frozen=True)
class PlacementRow:
    placement: Placement
    totals: PlacementTotals
    safety_missing: tuple[str, ...]

    @property
    def safety_complete(self) -> bool:
        return not self.safety_missing


def _missing(placement: Placement, safety: SafetyFile | None) -> tuple[str, ...]:
    if safety is None:
        return ("fascicolo sicurezza",)
    safety.placement = placement
    return tuple(safety.missing())


def placement_rows(placements: Any) -> list[PlacementRow]:
    """Rows of a page of placements, with hours totals and safety gaps (one query each; joining
    the safety files into the list query would make PostgreSQL scan all of them)."""
    page = list(placements)
    totals = totals_by_placement(page)
    safety = {s.placement_id: s for s in SafetyFile.objects.filter(placement__in=page)}
    return [PlacementRow(p, totals[p.pk], _missing(p, safety.get(p.pk))) for p in page]


# --- One placement -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentVersions:
    kind: str
    label: str
    versions: tuple[PlacementDocument, ...]  # newest first

    @property
    def latest(self) -> PlacementDocument | None:
        return self.versions[0] if self.versions else None


@dataclass(frozen=True)
class PlacementDetail:
    placement: Placement
    plan: TrainingPlan
    skills: tuple[Skill, ...]
    safety: SafetyFile
    safety_missing: tuple[str, ...]
    totals: PlacementTotals
    documents: tuple[DocumentVersions, ...]

    @property
    def is_open(self) -> bool:
        return self.placement.status in (
            PlacementStatus.PLANNED,
            PlacementStatus.READY,
            PlacementStatus.ACTIVE,
        )

    @property
    def can_start_now(self) -> bool:
        return (
            self.placement.status in (PlacementStatus.PLANNED, PlacementStatus.READY)
            and not self.safety_missing
        )


# The kinds generated here; the certificate has its own page (evaluation issue).
GENERATED_KINDS = (DocumentKind.AGREEMENT, DocumentKind.TRAINING_PLAN)


def placement_detail(placement: Placement) -> PlacementDetail:
    """A placement with everything its page shows (five queries)."""
    plan = TrainingPlan.objects.get(placement=placement)
    safety = SafetyFile.objects.get(placement=placement)
    safety.placement = placement
    documents = list(
        PlacementDocument.objects.filter(placement=placement, kind__in=GENERATED_KINDS).order_by(
            "kind", "-version"
        )
    )
    return PlacementDetail(
        placement=placement,
        plan=plan,
        skills=tuple(plan.skills.order_by("label_it")),
        safety=safety,
        safety_missing=tuple(safety.missing()),
        totals=totals_of(placement),
        documents=tuple(
            DocumentVersions(
                kind=kind.value,
                label=str(kind.label),
                versions=tuple(d for d in documents if d.kind == kind),
            )
            for kind in GENERATED_KINDS
        ),
    )


def staff_of(organization_id: int) -> QuerySet[User]:
    """Active staff of an organization, to choose a tutor from."""
    return User.objects.filter(
        is_active=True,
        pk__in=RoleGrant.objects.active()
        .filter(role=Role.ORGANIZATION_STAFF, organization_id=organization_id)
        .values("user_id"),
    ).order_by("full_name", "email")


def hubs_coordinated(user: Any) -> QuerySet[Hub]:
    """The hubs the user coordinates (their read-only placement lists)."""
    return Hub.objects.filter(pk__in=scopes_of(user).coordinated_hub_ids).order_by("name")


def plan_candidate_skills(placement: Placement) -> QuerySet[Skill]:
    """Skills offered in the plan form: the plan's own, and those its opportunity requires or
    develops."""
    condition = Q(pk__in=TrainingPlan.objects.filter(placement=placement).values("skills"))
    if placement.window_id is not None:
        opportunity = Opportunity.objects.filter(windows=placement.window_id)
        condition |= Q(pk__in=opportunity.values("skills_developed"))
        condition |= Q(pk__in=opportunity.values("skills_required"))
    return Skill.objects.filter(condition).order_by("label_it")
