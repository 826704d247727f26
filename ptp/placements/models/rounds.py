"""Allocation rounds: a hub allocates a whole period's seats at once, fairly and explainably."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ptp.core.models import TimeStampedModel
from ptp.network.models import Hub
from ptp.placements.models.opportunities import OpportunityWindow
from ptp.students.models import Student

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("In preparazione")
    COLLECTING = "collecting", _("Raccolta delle preferenze")
    RUNNING = "running", _("Abbinamento in corso")
    REVIEW = "review", _("Da verificare")
    PUBLISHED = "published", _("Pubblicata")
    CANCELLED = "cancelled", _("Annullata")


class RoundObjective(models.TextChoices):
    STABLE = "stable", _("Stabile ed equa (accettazione differita)")
    MAX_PLACED = "max-placed", _("Più studenti collocati")


class AllocationRound(TimeStampedModel):
    """A round allocates the seats of the chosen opportunity windows among the students who
    applied to them, in one run of the allocation engine (ptp.matching)."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="allocation_rounds")
    title = models.CharField(_("titolo"), max_length=200)
    status = models.CharField(
        _("stato"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    objective = models.CharField(
        _("obiettivo"), max_length=12, choices=RoundObjective.choices, default=RoundObjective.STABLE
    )
    # The lottery that breaks ties between equal scores; kept so the run can be reproduced.
    seed = models.PositiveIntegerField(_("seme della lotteria"))
    # Scoring rule used when a host has not scored an applicant itself (weights add up to 100).
    weight_skills = models.PositiveSmallIntegerField(_("peso delle competenze"), default=60)
    weight_distance = models.PositiveSmallIntegerField(_("peso della vicinanza"), default=30)
    weight_programme = models.PositiveSmallIntegerField(_("peso del percorso di studi"), default=10)
    preferences_close_on = models.DateField(_("chiusura delle preferenze"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ran_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A re-run keeps every student of the previous run at least as well placed.
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reruns"
    )

    if TYPE_CHECKING:
        round_windows: "RelatedManager[RoundWindow]"
        assignments: "RelatedManager[RoundAssignment]"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tornata di abbinamento")
        verbose_name_plural = _("tornate di abbinamento")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_skills__lte=100)
                & Q(weight_distance__lte=100)
                & Q(weight_programme__lte=100),
                name="round_weights_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoundWindow(models.Model):
    """An opportunity window in a round, with the seats it offers and those reserved for students
    with economic disadvantage or accommodations (released to everyone when not used)."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="round_windows"
    )
    window = models.ForeignKey(
        OpportunityWindow, on_delete=models.PROTECT, related_name="round_links"
    )
    seats = models.PositiveIntegerField(_("posti nella tornata"))
    reserved_seats = models.PositiveIntegerField(_("posti riservati"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "window"], name="roundwindow_unique"),
            models.CheckConstraint(
                condition=Q(reserved_seats__lte=F("seats")),
                name="roundwindow_reserved_within_seats",
                violation_error_message=_("I posti riservati non possono superare i posti."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.window} ({self.seats})"


class RoundAssignment(models.Model):
    """The outcome of a round for one student in one period: where, which choice, and why."""

    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="round_assignments")
    period = models.CharField(max_length=40)
    window = models.ForeignKey(
        OpportunityWindow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round_assignments",
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.PositiveSmallIntegerField(default=0)
    in_group = models.BooleanField(default=False)
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "student", "period"], name="roundassignment_unique"
            ),
        ]
        indexes = [models.Index(fields=["round", "window"])]

    def __str__(self) -> str:
        return f"{self.round}: {self.student} → {self.window or '—'}"
