"""A placement from agreement to certificate: individual agreement and training plan, safety file
(which blocks the start until complete), daily hours, evaluation, feedback and documents."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.network.models import Hub, Organization
from ptp.placements.models.applications import Application
from ptp.placements.models.opportunities import OpportunityWindow, RiskLevel
from ptp.skills.models import Skill
from ptp.students.models import Student

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Programmato")
    READY = "ready", _("Pronto a partire")
    ACTIVE = "active", _("In corso")
    COMPLETED = "completed", _("Concluso")
    INTERRUPTED = "interrupted", _("Interrotto")


class Placement(DemoFlagModel, TimeStampedModel):
    """A student hosted by an organization for a period, under the hub's framework agreement.

    Created from an accepted application, from an allocation round, or directly by the school."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="placements")
    school = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="placements_as_school"
    )
    host = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="placements_as_host"
    )
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="placements")
    window = models.ForeignKey(
        OpportunityWindow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="placement"
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    planned_hours = models.PositiveIntegerField(_("ore previste"))
    risk_level = models.CharField(
        _("classe di rischio"), max_length=6, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    school_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tutor scolastico"),
    )
    host_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tutor aziendale"),
    )
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    if TYPE_CHECKING:
        hours: "RelatedManager[HoursEntry]"
        evaluations: "RelatedManager[Evaluation]"

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("percorso scuola-lavoro")
        verbose_name_plural = _("percorsi scuola-lavoro")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="placement_dates_ordered",
                violation_error_message=_("La fine precede l'inizio."),
            ),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=1),
                name="placement_hours_positive",
                violation_error_message=_("Indica le ore previste."),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["host", "status"]),
            models.Index(fields=["window", "status"]),
            models.Index(fields=["student", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.host} ({self.starts_on:%d/%m/%Y})"


class TrainingPlan(TimeStampedModel):
    """The progetto formativo: objectives, skills with target levels, hours, period, tutors, safety."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="training_plan"
    )
    objectives = models.TextField(_("obiettivi formativi"))
    activities = models.TextField(_("attività previste"), blank=True)
    safety_measures = models.TextField(_("misure di sicurezza"), blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="+", blank=True, verbose_name=_("competenze attese")
    )

    class Meta:
        verbose_name = _("progetto formativo")
        verbose_name_plural = _("progetti formativi")

    def __str__(self) -> str:
        return f"Progetto formativo — {self.placement}"


class SafetyFile(TimeStampedModel):
    """What must be true before a student starts: general and (where needed) specific safety
    training, a named host tutor, the host's risk assessment acknowledged, insurance in place."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="safety_file"
    )
    general_training_on = models.DateField(
        _("formazione generale (4 ore) svolta il"), null=True, blank=True
    )
    specific_training_on = models.DateField(
        _("formazione specifica svolta il"), null=True, blank=True
    )
    risk_assessment_acknowledged_on = models.DateField(
        _("valutazione dei rischi presa visione il"), null=True, blank=True
    )
    insurance_inail = models.CharField(_("copertura INAIL"), max_length=60, blank=True)
    insurance_liability = models.CharField(
        _("polizza di responsabilità civile"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("fascicolo sicurezza")
        verbose_name_plural = _("fascicoli sicurezza")

    def __str__(self) -> str:
        return f"Sicurezza — {self.placement}"

    def missing(self) -> list[str]:
        """What is still missing, in Italian; empty when the file is complete."""
        gaps = []
        if self.general_training_on is None:
            gaps.append(str(_("formazione generale sulla sicurezza (4 ore)")))
        if self.specific_training_on is None:
            gaps.append(str(_("formazione specifica per la classe di rischio")))
        if self.placement.host_tutor_id is None:
            gaps.append(str(_("tutor aziendale")))
        if self.risk_assessment_acknowledged_on is None:
            gaps.append(str(_("presa visione della valutazione dei rischi")))
        if not self.insurance_inail or not self.insurance_liability:
            gaps.append(str(_("coperture assicurative (INAIL e responsabilità civile)")))
        return gaps


class HoursEntry(TimeStampedModel):
    """Hours done on one day: entered, confirmed by the host tutor, validated by the school tutor."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="hours")
    day = models.DateField(_("giorno"))
    hours = models.DecimalField(_("ore"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("attività"), max_length=255, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("ore del giorno")
        verbose_name_plural = _("registro presenze")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "day"],
                name="hours_once_per_day",
                violation_error_message=_("Le ore di questo giorno sono già registrate."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=Decimal("0")) & Q(hours__lte=Decimal("10")),
                name="hours_between_0_and_10",
                violation_error_message=_("Le ore di un giorno vanno da più di 0 a 10."),
            ),
        ]
        indexes = [models.Index(fields=["placement", "validated_at"])]

    def __str__(self) -> str:
        return f"{self.placement} {self.day}: {self.hours}"


class Evaluation(TimeStampedModel):
    """The host tutor's evaluation of one skill of the training plan."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("livello raggiunto"))
    comment = models.TextField(_("osservazioni"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("valutazione")
        verbose_name_plural = _("valutazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "skill"], name="evaluation_once_per_skill"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="evaluation_level_1_4",
                violation_error_message=_("Il livello va da 1 a 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement} — {self.skill}: {self.level}"


class FeedbackStatus(models.TextChoices):
    PENDING = "pending", _("Da moderare")
    PUBLISHED = "published", _("Approvato")
    REJECTED = "rejected", _("Non pubblicato")


class StudentFeedback(TimeStampedModel):
    """The student's feedback on the host, moderated by the school before others see it."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("valutazione complessiva"))
    text = models.TextField(_("commento"))
    status = models.CharField(
        max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinione dello studente")
        verbose_name_plural = _("opinioni degli studenti")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="feedback_rating_1_5",
                violation_error_message=_("La valutazione va da 1 a 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement}: {self.rating}/5"


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Convenzione individuale")
    TRAINING_PLAN = "plan", _("Progetto formativo")
    CERTIFICATE = "certificate", _("Certificazione delle competenze")


def document_upload_to(instance: "PlacementDocument", filename: str) -> str:
    return f"percorsi/{instance.placement_id}/{instance.kind}-v{instance.version}.pdf"


class PlacementDocument(models.Model):
    """A generated PDF of a placement (agreement, training plan, certificate), kept per version."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to=document_upload_to)
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["placement", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind", "version"], name="document_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} — {self.placement}"
