"""Students apply to (and rank) opportunity windows; the school validates; the host decides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptp.core.models import TimeStampedModel
from ptp.placements.models.opportunities import OpportunityWindow
from ptp.students.models import Student


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Inviata")
    VALIDATED = "validated", _("Approvata dalla scuola")
    REFUSED_BY_SCHOOL = "school_refused", _("Non approvata dalla scuola")
    ACCEPTED = "accepted", _("Accettata dall'impresa")
    DECLINED = "declined", _("Non accettata dall'impresa")
    WITHDRAWN = "withdrawn", _("Ritirata")


class Application(TimeStampedModel):
    """A student's application to one window of an opportunity, with its place in their ranking."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="applications")
    window = models.ForeignKey(
        OpportunityWindow, on_delete=models.PROTECT, related_name="applications"
    )
    rank = models.PositiveSmallIntegerField(_("preferenza"), default=1)
    motivation = models.TextField(_("motivazione"), blank=True)
    status = models.CharField(
        _("stato"),
        max_length=15,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    school_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school_decided_at = models.DateTimeField(null=True, blank=True)
    host_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    host_decided_at = models.DateTimeField(null=True, blank=True)
    # Score the host gives the applicant (used by allocation rounds; higher wins).
    host_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["student", "rank"]
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "window"],
                name="application_once_per_window",
                violation_error_message=_("Hai già una candidatura per questo periodo."),
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="application_rank_positive"),
        ]
        indexes = [
            models.Index(fields=["window", "status"]),
            models.Index(fields=["student", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.window} ({self.get_status_display()})"
