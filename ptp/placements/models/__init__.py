"""Work-based learning: hosts, opportunities, applications and the placement lifecycle."""

from ptp.placements.models.applications import Application, ApplicationStatus
from ptp.placements.models.hosts import HostEnrollment
from ptp.placements.models.lifecycle import (
    DocumentKind,
    Evaluation,
    FeedbackStatus,
    HoursEntry,
    Placement,
    PlacementDocument,
    PlacementStatus,
    SafetyFile,
    StudentFeedback,
    TrainingPlan,
)
from ptp.placements.models.opportunities import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    RiskLevel,
)
from ptp.placements.models.reports import Report, ReportKind, ReportStatus
from ptp.placements.models.rounds import (
    AllocationRound,
    RoundAssignment,
    RoundObjective,
    RoundStatus,
    RoundWindow,
)

__all__ = [
    "AllocationRound",
    "Application",
    "ApplicationStatus",
    "DocumentKind",
    "Evaluation",
    "FeedbackStatus",
    "HostEnrollment",
    "HoursEntry",
    "Opportunity",
    "OpportunityKind",
    "OpportunityStatus",
    "OpportunityWindow",
    "Placement",
    "PlacementDocument",
    "PlacementStatus",
    "Report",
    "ReportKind",
    "ReportStatus",
    "RiskLevel",
    "RoundAssignment",
    "RoundObjective",
    "RoundStatus",
    "RoundWindow",
    "SafetyFile",
    "StudentFeedback",
    "TrainingPlan",
]
