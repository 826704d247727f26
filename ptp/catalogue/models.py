"""The training offer: programmes (with providers, skills, occupations, 4+2 pathways), their
editions, and each hub's jointly planned three-year offer."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ptp.core.links import slug_url
from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization, Sector
from ptp.skills.models import Occupation, Skill

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class ProgrammeKind(models.TextChoices):
    TECHNICAL = "istruzione_tecnica", _("Istruzione tecnica")
    VOCATIONAL = "istruzione_professionale", _("Istruzione professionale")
    IEFP_QUALIFICATION = "iefp_qualifica", _("IeFP – qualifica triennale")
    IEFP_DIPLOMA = "iefp_diploma", _("IeFP – diploma quadriennale")
    IFTS = "ifts", _("IFTS")
    ITS = "its_academy", _("ITS Academy")
    SHORT_COURSE = "corso_breve", _("Corso breve o di formazione continua")
    WBL_MODULE = "modulo_scuola_lavoro", _("Modulo di formazione scuola-lavoro")


# EQF levels customarily reached by each kind (a programme may state another within the range).
EQF_RANGE: dict[str, tuple[int, int]] = {
    ProgrammeKind.TECHNICAL: (4, 4),
    ProgrammeKind.VOCATIONAL: (4, 4),
    ProgrammeKind.IEFP_QUALIFICATION: (3, 3),
    ProgrammeKind.IEFP_DIPLOMA: (4, 4),
    ProgrammeKind.IFTS: (4, 4),
    ProgrammeKind.ITS: (5, 6),
    ProgrammeKind.SHORT_COURSE: (1, 8),
    ProgrammeKind.WBL_MODULE: (1, 8),
}
UPPER_SECONDARY_KINDS = frozenset(
    {ProgrammeKind.TECHNICAL, ProgrammeKind.VOCATIONAL, ProgrammeKind.IEFP_DIPLOMA}
)


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def published(self) -> "ProgrammeQuerySet":
        return self.filter(is_published=True)

    def for_hub(self, hub: Hub) -> "ProgrammeQuerySet":
        return self.filter(hubs=hub)


class Programme(DemoFlagModel, TimeStampedModel):
    """A programme of the training offer, possibly run jointly by several providers."""

    slug = models.SlugField(unique=True, max_length=140)
    code = models.CharField(
        _("codice"), max_length=40, unique=True, help_text=_("Codice del percorso, univoco.")
    )
    title = models.CharField(_("titolo"), max_length=250)
    kind = models.CharField(_("tipologia"), max_length=30, choices=ProgrammeKind.choices)
    track = models.CharField(_("indirizzo"), max_length=150, blank=True)
    specialisation = models.CharField(_("articolazione"), max_length=150, blank=True)
    eqf_level = models.PositiveSmallIntegerField(_("livello EQF"))
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("filiera")
    )
    isced_field = models.CharField(_("campo ISCED-F"), max_length=4, blank=True)
    duration_hours = models.PositiveIntegerField(_("durata (ore)"))
    description = models.TextField(_("descrizione"), blank=True)
    is_published = models.BooleanField(_("pubblicato"), default=True)
    providers = models.ManyToManyField(
        Organization, through="ProgrammeProvider", related_name="programmes"
    )
    hubs = models.ManyToManyField(Hub, related_name="programmes", blank=True)
    skills = models.ManyToManyField(Skill, through="ProgrammeSkill", related_name="programmes")
    occupations = models.ManyToManyField(Occupation, related_name="programmes", blank=True)
    # The 4+2 vertical link: a four-year technical/vocational programme leading into an ITS one.
    leads_to = models.ManyToManyField(
        "self", symmetrical=False, related_name="comes_from", blank=True
    )
    # Folded words of title, track and description: the portable full-text fallback.
    search_text = models.TextField(editable=False, blank=True)
    # Italian full-text vector, filled and indexed (GIN) on PostgreSQL only; see catalogue/fulltext.py.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    if TYPE_CHECKING:
        editions: "RelatedManager[Edition]"
        provider_links: "RelatedManager[ProgrammeProvider]"
        skill_links: "RelatedManager[ProgrammeSkill]"

    class Meta:
        ordering = ["title"]
        verbose_name = _("percorso")
        verbose_name_plural = _("percorsi")
        constraints = [
            models.CheckConstraint(
                condition=Q(eqf_level__gte=1) & Q(eqf_level__lte=8),
                name="programme_eqf_1_8",
                violation_error_message=_("Il livello EQF va da 1 a 8."),
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0),
                name="programme_duration_positive",
                violation_error_message=_("La durata deve essere di almeno un'ora."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "kind"]),
            models.Index(fields=["is_published", "eqf_level"]),
            models.Index(fields=["is_published", "sector"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return slug_url("catalogue:programme", self.slug)


class ProviderRole(models.TextChoices):
    LEAD = "lead", _("Soggetto titolare")
    PARTNER = "partner", _("Partner")


class ProgrammeProvider(models.Model):
    """An organization providing a programme, with its role: joint programmes are first-class."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="provider_links"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programme_links"
    )
    role = models.CharField(
        _("ruolo"), max_length=10, choices=ProviderRole.choices, default=ProviderRole.LEAD
    )

    class Meta:
        verbose_name = _("soggetto erogatore")
        verbose_name_plural = _("soggetti erogatori")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organization"], name="provider_unique"),
            models.UniqueConstraint(
                fields=["programme"], condition=Q(role="lead"), name="provider_one_lead"
            ),
        ]
        indexes = [models.Index(fields=["organization", "programme"])]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("base")
    INTERMEDIATE = 2, _("intermedio")
    ADVANCED = 3, _("avanzato")


class ProgrammeSkill(models.Model):
    """A skill the programme teaches, with the level the learner reaches."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="programme_links")
    level = models.PositiveSmallIntegerField(
        _("livello raggiunto"), choices=Proficiency.choices, default=Proficiency.INTERMEDIATE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "skill"], name="programmeskill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=3), name="programmeskill_level"
            ),
        ]
        indexes = [models.Index(fields=["skill", "programme"])]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class EditionStatus(models.TextChoices):
    PLANNED = "planned", _("Programmata")
    OPEN = "open", _("Iscrizioni aperte")
    RUNNING = "running", _("In corso")
    CLOSED = "closed", _("Conclusa")


class Edition(DemoFlagModel, TimeStampedModel):
    """One run of a programme: where, when, how many seats and how many enrolled."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="editions")
    school_year = models.CharField(_("anno scolastico/formativo"), max_length=9, blank=True)
    starts_on = models.DateField(_("inizio"), null=True, blank=True)
    ends_on = models.DateField(_("fine"), null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="editions", verbose_name=_("comune")
    )
    seats = models.PositiveIntegerField(_("posti"))
    enrolled = models.PositiveIntegerField(_("iscritti"), default=0)
    status = models.CharField(
        _("stato"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.PLANNED
    )
    application_deadline = models.DateField(_("scadenza iscrizioni"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "school_year"]
        verbose_name = _("edizione")
        verbose_name_plural = _("edizioni")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gt=0),
                name="edition_seats_positive",
                violation_error_message=_("Un'edizione ha almeno un posto."),
            ),
            models.CheckConstraint(
                condition=Q(enrolled__lte=F("seats")),
                name="edition_enrolled_le_seats",
                violation_error_message=_("Gli iscritti non possono superare i posti."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="edition_dates_ordered",
                violation_error_message=_("La data di fine precede quella di inizio."),
            ),
            models.CheckConstraint(
                condition=Q(school_year="") | Q(school_year__regex=r"^\d{4}/\d{2}$"),
                name="edition_school_year_format",
                violation_error_message=_("L'anno scolastico si scrive come 2026/27."),
            ),
            models.CheckConstraint(
                condition=~Q(school_year="") | Q(starts_on__isnull=False),
                name="edition_has_year_or_dates",
                violation_error_message=_("Indica l'anno scolastico oppure la data di inizio."),
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["municipality", "programme"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.school_year or self.starts_on}"


class SectorOccupation(models.Model):
    """An occupation typical of a sector: what a hub's offer is checked against for gaps."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="occupation_links")
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="sector_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sector", "occupation"], name="sectoroccupation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sector}: {self.occupation}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    PROPOSED = "proposed", _("Proposto")
    APPROVED = "approved", _("Approvato")
    SUPERSEDED = "superseded", _("Sostituito")


class OfferPlan(TimeStampedModel):
    """A version of a hub's three-year offer plan; members propose, the coordinator approves."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="offer_plans")
    first_year = models.PositiveSmallIntegerField(
        _("primo anno"), help_text=_("Il piano copre tre anni scolastici a partire da questo.")
    )
    version = models.PositiveIntegerField(_("versione"))
    status = models.CharField(
        _("stato"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    notes = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    if TYPE_CHECKING:
        items: "RelatedManager[OfferPlanItem]"

    class Meta:
        ordering = ["hub", "first_year", "-version"]
        verbose_name = _("piano dell'offerta")
        verbose_name_plural = _("piani dell'offerta")
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "first_year", "version"], name="offerplan_unique_version"
            ),
            # One approved version per hub and period at a time; the previous one is superseded.
            models.UniqueConstraint(
                fields=["hub", "first_year"],
                condition=Q(status="approved"),
                name="offerplan_one_approved",
            ),
            # One open draft (or proposal) per hub and period, so members all propose into the same one.
            models.UniqueConstraint(
                fields=["hub", "first_year"],
                condition=Q(status__in=["draft", "proposed"]),
                name="offerplan_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub.short_name} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        return f"{self.first_year}/{(self.first_year + 1) % 100:02d}–{self.first_year + 2}/{(self.first_year + 3) % 100:02d}"

    @property
    def school_years(self) -> list[str]:
        return [f"{y}/{(y + 1) % 100:02d}" for y in range(self.first_year, self.first_year + 3)]


class OfferPlanItem(TimeStampedModel):
    """A programme edition a member proposes for one school year of the plan."""

    plan = models.ForeignKey(OfferPlan, on_delete=models.CASCADE, related_name="items")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="plan_items")
    proposed_by = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("proposto da"),
    )
    school_year = models.CharField(_("anno scolastico"), max_length=9)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("comune")
    )
    seats = models.PositiveIntegerField(_("posti previsti"))
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["school_year", "programme__title"]
        verbose_name = _("voce del piano")
        verbose_name_plural = _("voci del piano")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "programme", "school_year", "municipality"],
                name="offerplanitem_unique",
            ),
            models.CheckConstraint(condition=Q(seats__gt=0), name="offerplanitem_seats_positive"),
        ]
