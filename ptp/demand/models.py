"""What companies will need (skill needs), and labour-demand bulletins kept for the observatory."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.geo.models import Municipality, Province
from ptp.network.models import Hub, Organization
from ptp.skills.models import Occupation, Skill


class Horizon(models.TextChoices):
    SHORT = "12", _("entro 12 mesi")
    MEDIUM = "36", _("tra 12 e 36 mesi")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Aperto")
    FILLED = "filled", _("Soddisfatto")
    WITHDRAWN = "withdrawn", _("Ritirato")


class SkillNeedQuerySet(models.QuerySet["SkillNeed"]):
    def open(self) -> "SkillNeedQuerySet":
        return self.filter(status=NeedStatus.OPEN)


class SkillNeed(DemoFlagModel, TimeStampedModel):
    """A company's need: an occupation and skills, how many people, when, where."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="skill_needs",
        verbose_name=_("impresa"),
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="skill_needs", verbose_name=_("polo")
    )
    title = models.CharField(_("figura ricercata"), max_length=200)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("professione"),
    )
    skills = models.ManyToManyField(
        Skill, related_name="+", blank=True, verbose_name=_("competenze")
    )
    headcount = models.PositiveIntegerField(_("persone"))
    horizon = models.CharField(_("orizzonte"), max_length=2, choices=Horizon.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("comune")
    )
    notes = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SkillNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fabbisogno di competenze")
        verbose_name_plural = _("fabbisogni di competenze")
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="skillneed_headcount_positive",
                violation_error_message=_("Indica almeno una persona."),
            )
        ]
        indexes = [
            models.Index(fields=["hub", "status"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.headcount})"


class EducationLevel(models.TextChoices):
    """Education levels as labour-demand bulletins report them."""

    UNIVERSITY = "universitario", _("Livello universitario")
    ITS = "its", _("Istruzione tecnica superiore (ITS Academy)")
    SECONDARY = "secondario", _("Diploma di scuola secondaria")
    VOCATIONAL = "qualifica", _("Qualifica o diploma professionale")
    COMPULSORY = "obbligo", _("Scuola dell'obbligo")


class DemandBulletin(models.Model):
    """One imported labour-demand bulletin (e.g. a province's quarterly Excelsior tables)."""

    source = models.CharField(_("fonte"), max_length=200)
    file_name = models.CharField(_("file"), max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("bollettino della domanda di lavoro")
        verbose_name_plural = _("bollettini della domanda di lavoro")

    def __str__(self) -> str:
        return f"{self.source} ({self.file_name})"


class LabourDemand(models.Model):
    """Planned hires of an occupation group in a province and period, from a bulletin."""

    bulletin = models.ForeignKey(
        DemandBulletin, on_delete=models.CASCADE, related_name="demand_rows"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("periodo"), max_length=7, help_text=_("AAAA-MM o AAAA-Tn"))
    occupation_code = models.CharField(_("codice professione"), max_length=12)
    occupation_label = models.CharField(_("professione"), max_length=255)
    # ISCO-08 group the occupation code corresponds to: the bridge to ESCO occupations and skills.
    isco_code = models.CharField(_("gruppo ISCO"), max_length=4, blank=True)
    planned_hires = models.PositiveIntegerField(_("entrate previste"))
    hard_to_recruit_share = models.DecimalField(
        _("quota di difficile reperimento (%)"), max_digits=5, decimal_places=2
    )
    education_level = models.CharField(
        _("livello di istruzione"), max_length=15, choices=EducationLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("domanda di lavoro")
        verbose_name_plural = _("domanda di lavoro")
        constraints = [
            models.CheckConstraint(
                condition=Q(hard_to_recruit_share__gte=0) & Q(hard_to_recruit_share__lte=100),
                name="labourdemand_share_0_100",
            ),
            models.UniqueConstraint(
                fields=["bulletin", "province", "period", "occupation_code", "education_level"],
                name="labourdemand_unique_row",
            ),
        ]
        indexes = [models.Index(fields=["province", "period"]), models.Index(fields=["isco_code"])]

    def __str__(self) -> str:
        return f"{self.province} {self.period} {self.occupation_code}: {self.planned_hires}"
