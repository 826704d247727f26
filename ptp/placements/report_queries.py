"""What the report, evaluation, feedback and certificate pages read; each a fixed number of queries."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ptp.accounts.scopes import scopes_of
from ptp.audit.models import AuditEvent
from ptp.placements.models import (
    DocumentKind,
    Evaluation,
    FeedbackStatus,
    HoursEntry,
    Placement,
    PlacementDocument,
    PlacementStatus,
    Report,
    ReportStatus,
    StudentFeedback,
    TrainingPlan,
)
from ptp.placements.report_access import FEEDBACK_STATUSES, reports_visible_to
from ptp.placements.services.evaluation import EVALUABLE_STATUSES
from ptp.placements.services.feedback import MIN_SHOWN
from ptp.skills.models import Skill
from ptp.students.models import Student


def _count(queryset: QuerySet[Any], by: str = "placement") -> Coalesce:
    """A correlated COUNT(*) of `queryset` (filtered on OuterRef, grouped by the column `by`), 0
    when empty; several on one row do not multiply each other as joined Counts would."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _has_certificate() -> Exists:
    return Exists(
        PlacementDocument.objects.filter(placement=OuterRef("pk"), kind=DocumentKind.CERTIFICATE)
    )


def _plan_skill_count() -> Coalesce:
    through = TrainingPlan.skills.through.objects.filter(trainingplan__placement=OuterRef("pk"))
    return _count(through, by="trainingplan")


# --- The student's desk -------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentPlacementRow:
    placement: Placement
    feedback: StudentFeedback | None
    feedback_allowed: bool
    has_certificate: bool


@dataclass(frozen=True)
class StudentDesk:
    student: Student
    placements: list[StudentPlacementRow]
    reports: list[Report]


def student_desk(student: Student) -> StudentDesk:
    """The student's placements (with feedback and certificate state) and reports: 2 queries."""
    placements = (
        Placement.objects.filter(student=student)
        .select_related("host", "hub", "feedback")
        .annotate(has_certificate=_has_certificate())
        .order_by("-starts_on", "pk")
    )
    rows = [
        StudentPlacementRow(
            placement=placement,
            feedback=getattr(placement, "feedback", None),
            feedback_allowed=placement.status in FEEDBACK_STATUSES,
            has_certificate=bool(placement.has_certificate),
        )
        for placement in placements
    ]
    reports = list(
        Report.objects.filter(placement__student=student)
        .select_related("placement__host")
        .order_by("-created_at", "-pk")
    )
    return StudentDesk(student=student, placements=rows, reports=reports)


# --- Reports in the back office -----------------------------------------------------------------


def staff_reports(user: Any, *, status: str, now: dt.datetime) -> QuerySet[Report]:
    """The reports the user may read, waiting ones first (oldest deadline first), each flagged
    `overdue` when escalated or past its deadline without an answer."""
    overdue = Q(status=ReportStatus.ESCALATED) | Q(status=ReportStatus.OPEN, due_at__lt=now)
    reports = reports_visible_to(user)
    if status:
        reports = reports.filter(status=status)
    return (
        reports.select_related(
            "placement__student", "placement__school", "placement__host", "placement__hub"
        )
        .annotate(
            overdue=Case(
                When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            waiting=Case(
                When(status__in=[ReportStatus.OPEN, ReportStatus.ESCALATED], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("waiting", "due_at", "pk")
    )


# --- Evaluation ---------------------------------------------------------------------------------


def placements_to_evaluate(user: Any) -> QuerySet[Placement]:
    """The host side's active and completed placements, with how many plan skills have a level."""
    staff = scopes_of(user).staff_organization_ids
    return (
        Placement.objects.filter(Q(host_id__in=staff) | Q(host_tutor_id=user.pk))
        .filter(status__in=EVALUABLE_STATUSES)
        .select_related("student", "school", "host")
        .annotate(
            skill_count=_plan_skill_count(),
            evaluated_count=_count(Evaluation.objects.filter(placement=OuterRef("pk"))),
            has_certificate=_has_certificate(),
        )
        .order_by("-starts_on", "pk")
    )


def plan_skills(placement: Placement) -> list[Skill]:
    """The skills of the placement's training plan, by label."""
    through = TrainingPlan.skills.through.objects.filter(trainingplan__placement=placement)
    return list(Skill.objects.filter(pk__in=through.values("skill_id")).order_by("label_it"))


def evaluation_levels(placement: Placement) -> dict[int, tuple[int, str]]:
    """The levels and remarks given so far, by skill id."""
    rows = Evaluation.objects.filter(placement=placement).values_list(
        "skill_id", "level", "comment"
    )
    return {skill_id: (level, comment) for skill_id, level, comment in rows}


# --- Feedback -----------------------------------------------------------------------------------


def feedback_queue(user: Any) -> QuerySet[StudentFeedback]:
    """Pending feedback of the user's schools' students, oldest first; never about their own host."""
    staff = scopes_of(user).staff_organization_ids
    return (
        StudentFeedback.objects.filter(
            status=FeedbackStatus.PENDING, placement__school_id__in=staff
        )
        .exclude(placement__host_id__in=staff)
        .exclude(placement__host_tutor_id=user.pk)
        .select_related("placement__student", "placement__host")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class FeedbackSummary:
    """Published opinions on one host: how many and their average (one decimal)."""

    count: int
    average: Decimal


def feedback_summaries(host_ids: Iterable[int]) -> dict[int, FeedbackSummary]:
    """Average rating and count of published feedback by host, only for hosts with at least
    MIN_SHOWN opinions (fewer could point at the students who wrote them). One query: the
    opportunity pages call it with the hosts on the page."""
    rows = (
        StudentFeedback.objects.filter(
            status=FeedbackStatus.PUBLISHED, placement__host_id__in=list(host_ids)
        )
        .values("placement__host_id")
        .annotate(n=Count("pk"), avg=Avg("rating"))
        .filter(n__gte=MIN_SHOWN)
    )
    return {
        row["placement__host_id"]: FeedbackSummary(
            count=row["n"],
            average=Decimal(str(row["avg"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        )
        for row in rows
    }


@dataclass(frozen=True)
class PublishedOpinion:
    """Feedback as the host reads it: no name, no code, no exact placement."""

    host_id: int
    rating: int
    text: str
    published_on: dt.date | None


def host_opinions(user: Any) -> list[PublishedOpinion]:
    """Published feedback on the organizations the user works for, newest first (one query)."""
    staff = scopes_of(user).staff_organization_ids
    rows = (
        StudentFeedback.objects.filter(
            status=FeedbackStatus.PUBLISHED, placement__host_id__in=staff
        )
        .order_by("-moderated_at", "-pk")
        .values_list("placement__host_id", "rating", "text", "moderated_at")
    )
    return [
        PublishedOpinion(host_id=h, rating=r, text=t, published_on=m.date() if m else None)
        for h, r, t, m in rows
    ]


def rejection_reason(feedback: StudentFeedback) -> str:
    """Why the school did not publish the feedback, from the moderation's audit entry."""
    event = (
        AuditEvent.objects.filter(
            object_type=StudentFeedback._meta.label_lower, object_id=str(feedback.pk)
        )
        .order_by("-at", "-pk")
        .values_list("after", flat=True)
        .first()
    )
    return str(event.get("reason", "")) if isinstance(event, dict) else ""


# --- Certificates -------------------------------------------------------------------------------


def school_certificate_rows(user: Any) -> QuerySet[Placement]:
    """The user's schools' completed placements with what the certificate still needs."""
    staff = scopes_of(user).staff_organization_ids
    return (
        Placement.objects.filter(school_id__in=staff, status=PlacementStatus.COMPLETED)
        .select_related("student", "host")
        .annotate(
            days=_count(HoursEntry.objects.filter(placement=OuterRef("pk"))),
            days_to_validate=_count(
                HoursEntry.objects.filter(placement=OuterRef("pk"), validated_at__isnull=True)
            ),
            skill_count=_plan_skill_count(),
            evaluated_count=_count(Evaluation.objects.filter(placement=OuterRef("pk"))),
            version=Subquery(
                PlacementDocument.objects.filter(
                    placement=OuterRef("pk"), kind=DocumentKind.CERTIFICATE
                )
                .order_by()
                .values("placement")
                .annotate(v=Max("version"))
                .values("v")
            ),
        )
        .order_by("-ends_on", "pk")
    )


def certificate_versions(placement: Placement) -> list[PlacementDocument]:
    """Every issued version of the placement's certificate, newest first."""
    return list(
        PlacementDocument.objects.filter(placement=placement, kind=DocumentKind.CERTIFICATE)
        .select_related("generated_by")
        .order_by("-version")
    )
