"""The network: sectors (filiere), hubs (PTP), organizations, memberships and agreements."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.geo.models import Municipality, Province
from ptp.lib.codes import normalize

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Sector(models.Model):
    """A production chain (filiera) in which hubs work."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nome"), max_length=100, unique=True)
    description = models.TextField(_("descrizione"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("filiera")
        verbose_name_plural = _("filiere")

    def __str__(self) -> str:
        return self.name


class HubQuerySet(models.QuerySet["Hub"]):
    def for_sector(self, sector: Sector) -> "HubQuerySet":
        return self.filter(sector=sector)

    def for_province(self, province: Province) -> "HubQuerySet":
        return self.filter(province=province)


class Hub(DemoFlagModel, TimeStampedModel):
    """A Polo Tecnico Professionale: a formal network working in one production chain."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nome"), max_length=200, unique=True)
    short_name = models.CharField(_("nome breve"), max_length=60)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="hubs", verbose_name=_("filiera")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="hubs", verbose_name=_("provincia")
    )
    founded_year = models.PositiveSmallIntegerField(_("anno di costituzione"))
    purpose = models.TextField(_("finalità"), blank=True)
    website = models.URLField(_("sito web"), blank=True)

    objects = HubQuerySet.as_manager()

    if TYPE_CHECKING:
        memberships: "RelatedManager[Membership]"
        agreements: "RelatedManager[NetworkAgreement]"

    class Meta:
        ordering = ["name"]
        verbose_name = _("polo tecnico professionale")
        verbose_name_plural = _("poli tecnico professionali")
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__gte=2000) & Q(founded_year__lte=2100),
                name="hub_founded_year_plausible",
                violation_error_message=_("L'anno di costituzione non è plausibile."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    TECHNICAL_SCHOOL = "istituto_tecnico", _("Istituto tecnico")
    VOCATIONAL_SCHOOL = "istituto_professionale", _("Istituto professionale")
    UPPER_SECONDARY_SCHOOL = "iis", _("Istituto d'istruzione superiore")
    COMPANY = "impresa", _("Impresa")
    TRAINING_AGENCY = "agenzia_formativa", _("Agenzia formativa")
    ITS_ACADEMY = "its_academy", _("Fondazione ITS Academy")
    TRADE_ASSOCIATION = "associazione_categoria", _("Associazione di categoria")
    LOCAL_AUTHORITY = "ente_locale", _("Ente locale")
    UNIVERSITY = "universita", _("Università")
    OTHER = "altro", _("Altro")


SCHOOL_KINDS = frozenset(
    {
        OrganizationKind.TECHNICAL_SCHOOL,
        OrganizationKind.VOCATIONAL_SCHOOL,
        OrganizationKind.UPPER_SECONDARY_SCHOOL,
    }
)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def schools(self) -> "OrganizationQuerySet":
        return self.filter(kind__in=SCHOOL_KINDS)

    def by_reference(self, reference: str) -> "Organization | None":
        """The organization whose slug or codice meccanografico is `reference`, if any."""
        code = normalize(reference)
        by_code = Q(codice_meccanografico=code) if code else Q(pk__in=[])
        return self.filter(Q(slug=reference) | by_code).first()

    def active_in(self, hub: Hub, on: dt.date | None = None) -> "OrganizationQuerySet":
        """Organizations that are members of the hub on the given day (today when omitted)."""
        return self.filter(
            pk__in=Membership.objects.for_hub(hub).active(on).values("organization_id")
        )


class Organization(DemoFlagModel, TimeStampedModel):
    """A school, company, training agency, ITS Academy or other body that can join hubs."""

    slug = models.SlugField(unique=True, max_length=120)
    name = models.CharField(_("denominazione"), max_length=200)
    kind = models.CharField(_("tipologia"), max_length=30, choices=OrganizationKind.choices)
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    partita_iva = models.CharField(_("partita IVA"), max_length=11, blank=True)
    codice_meccanografico = models.CharField(_("codice meccanografico"), max_length=10, blank=True)
    ateco = models.CharField(_("codice ATECO"), max_length=8, blank=True)
    # Optional only for records whose seat is not published; the back-office forms require it.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("comune"),
    )
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=30, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    description = models.TextField(_("descrizione"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    if TYPE_CHECKING:
        memberships: "RelatedManager[Membership]"

    class Meta:
        ordering = ["name"]
        verbose_name = _("soggetto")
        verbose_name_plural = _("soggetti")
        constraints = [
            models.UniqueConstraint(
                fields=["codice_meccanografico"],
                condition=~Q(codice_meccanografico=""),
                name="organization_unique_meccanografico",
                violation_error_message=_("Un altro soggetto ha già questo codice meccanografico."),
            ),
            models.UniqueConstraint(
                fields=["partita_iva"],
                condition=~Q(partita_iva=""),
                name="organization_unique_partita_iva",
                violation_error_message=_("Un altro soggetto ha già questa partita IVA."),
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind in SCHOOL_KINDS


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Capofila")
    PARTNER = "partner", _("Partner")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_hub(self, hub: Hub) -> "MembershipQuerySet":
        return self.filter(hub=hub)

    def active(self, on: dt.date | None = None) -> "MembershipQuerySet":
        """Memberships in force on the given day: joined by then and not yet left."""
        if on is None:
            return self.filter(left_on__isnull=True)
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def founding(self) -> "MembershipQuerySet":
        return self.filter(is_founding=True)

    def leads(self) -> "MembershipQuerySet":
        return self.filter(role=MembershipRole.LEAD)


class Membership(DemoFlagModel, TimeStampedModel):
    """An organization's membership of a hub over a period; leaving closes it, nothing is deleted."""

    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("polo")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("soggetto"),
    )
    role = models.CharField(
        _("ruolo"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.PARTNER
    )
    joined_on = models.DateField(_("data di adesione"))
    left_on = models.DateField(_("data di uscita"), null=True, blank=True)
    is_founding = models.BooleanField(_("socio fondatore"), default=False)
    notes = models.TextField(_("note"), blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "organization__name"]
        verbose_name = _("adesione")
        verbose_name_plural = _("adesioni")
        constraints = [
            # One active lead per hub (the capofila).
            models.UniqueConstraint(
                fields=["hub"],
                condition=Q(role="lead", left_on__isnull=True),
                name="membership_one_active_lead_per_hub",
                violation_error_message=_("Il polo ha già un capofila attivo."),
            ),
            # An organization is an active member of a hub at most once at a time.
            models.UniqueConstraint(
                fields=["hub", "organization"],
                condition=Q(left_on__isnull=True),
                name="membership_one_active_per_organization",
                violation_error_message=_("Il soggetto è già socio attivo del polo."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_(
                    "La data di uscita non può precedere quella di adesione."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "partner"]), name="membership_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["hub", "left_on"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.hub}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


def agreement_upload_to(instance: "NetworkAgreement", filename: str) -> str:
    """Stores each agreement version under its hub with a predictable name."""
    return f"accordi/{instance.hub.slug}/accordo-di-rete-v{instance.version}.pdf"


class NetworkAgreement(DemoFlagModel, TimeStampedModel):
    """A version of the hub's network agreement (accordo di rete) with its signed PDF."""

    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("polo")
    )
    version = models.PositiveIntegerField(_("versione"))
    title = models.CharField(_("titolo"), max_length=200)
    signed_on = models.DateField(_("data di sottoscrizione"))
    document = models.FileField(_("documento firmato (PDF)"), upload_to=agreement_upload_to)
    sha256 = models.CharField(max_length=64, editable=False)
    size_bytes = models.PositiveIntegerField(editable=False)
    notes = models.TextField(_("note"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caricato da"),
    )

    class Meta:
        ordering = ["hub", "-version"]
        verbose_name = _("accordo di rete")
        verbose_name_plural = _("accordi di rete")
        constraints = [
            models.UniqueConstraint(fields=["hub", "version"], name="agreement_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
