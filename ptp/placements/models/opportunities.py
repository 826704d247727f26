"""Opportunities a host offers: kind, seats per time window, place, skills, age and safety."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization, Sector
from ptp.skills.models import Skill

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class OpportunityKind(models.TextChoices):
    PCTO = "pcto", _("Formazione scuola-lavoro (PCTO)")
    DUAL_APPRENTICESHIP = "apprendistato", _("Apprendistato duale")
    INTERNSHIP = "tirocinio", _("Tirocinio curricolare")
    SEASONAL_JOB = "stagionale", _("Lavoro stagionale")
    JOB = "lavoro", _("Lavoro")


class RiskLevel(models.TextChoices):
    """Risk class of the host's activity (Accordo Stato-Regioni 21/12/2011 on safety training)."""

    LOW = "basso", _("Rischio basso")
    MEDIUM = "medio", _("Rischio medio")
    HIGH = "alto", _("Rischio alto")


# Hours of specific safety training by risk class (Accordo Stato-Regioni 21/12/2011), on top of
# the 4-hour general module every student completes before starting.
SPECIFIC_TRAINING_HOURS = {RiskLevel.LOW: 4, RiskLevel.MEDIUM: 8, RiskLevel.HIGH: 12}
GENERAL_TRAINING_HOURS = 4


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    PUBLISHED = "published", _("Pubblicata")
    CLOSED = "closed", _("Chiusa")


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def published(self) -> "OpportunityQuerySet":
        return self.filter(status=OpportunityStatus.PUBLISHED)


class Opportunity(DemoFlagModel, TimeStampedModel):
    """Something a host offers students: a placement, an apprenticeship, an internship or a job."""

    host = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="opportunities")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="opportunities")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("tipo"), max_length=15, choices=OpportunityKind.choices)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("comune")
    )
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    skills_required = models.ManyToManyField(
        Skill, related_name="+", blank=True, verbose_name=_("competenze richieste")
    )
    skills_developed = models.ManyToManyField(
        Skill, related_name="+", blank=True, verbose_name=_("competenze sviluppate")
    )
    min_age = models.PositiveSmallIntegerField(_("età minima"), default=15)
    risk_level = models.CharField(
        _("classe di rischio"), max_length=6, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    # Activities the rules in force exclude for minors (D.Lgs. 345/1999 annex I, as amended).
    involves_minor_excluded_work = models.BooleanField(
        _("comprende lavorazioni vietate ai minori"), default=False
    )
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # What anonymous visitors may see: a host may keep its name for logged-in schools and students.
    show_host_publicly = models.BooleanField(
        _("mostra il nome dell'impresa al pubblico"), default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = OpportunityQuerySet.as_manager()

    if TYPE_CHECKING:
        windows: "RelatedManager[OpportunityWindow]"

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("opportunità")
        verbose_name_plural = _("opportunità")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__gte=14) & Q(min_age__lte=30),
                name="opportunity_min_age_14_30",
                violation_error_message=_("L'età minima va da 14 a 30 anni."),
            ),
            # Minors may not do excluded work: such an opportunity must require adults.
            models.CheckConstraint(
                condition=Q(involves_minor_excluded_work=False) | Q(min_age__gte=18),
                name="opportunity_excluded_work_adults_only",
                violation_error_message=_(
                    "Un'opportunità con lavorazioni vietate ai minori richiede almeno 18 anni."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "hub"]),
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["host", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def specific_training_hours(self) -> int:
        return SPECIFIC_TRAINING_HOURS[RiskLevel(self.risk_level)]


class OpportunityWindow(models.Model):
    """A period in which the opportunity runs, with its own seats (tourism is seasonal)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="windows")
    starts_on = models.DateField(_("dal"))
    ends_on = models.DateField(_("al"))
    seats = models.PositiveIntegerField(_("posti"))
    hours = models.PositiveIntegerField(_("ore previste"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("periodo")
        verbose_name_plural = _("periodi")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="window_dates_ordered",
                violation_error_message=_("La fine del periodo precede l'inizio."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="window_seats_positive",
                violation_error_message=_("Un periodo ha almeno un posto."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1),
                name="window_hours_positive",
                violation_error_message=_("Indica le ore previste."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"
