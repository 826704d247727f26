"""The observatory's own snapshots: it reads every app and writes only these tables."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ptp.geo.models import Province
from ptp.network.models import Hub, Sector
from ptp.skills.models import Skill


class HubSnapshot(models.Model):
    """A hub's indicators on a day, computed from operational data by the nightly task."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="snapshots")
    taken_on = models.DateField(_("data"))
    metrics = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub", "-taken_on"]
        verbose_name = _("istantanea degli indicatori")
        verbose_name_plural = _("istantanee degli indicatori")
        constraints = [
            models.UniqueConstraint(fields=["hub", "taken_on"], name="hubsnapshot_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.taken_on}"


class GapCell(models.Model):
    """Supply and demand of one skill in one year, sector and province (and hub when the demand or
    supply belongs to one), as the nightly task computed them; the pages read these cells."""

    computed_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    supply = models.FloatField()
    demand = models.FloatField()

    class Meta:
        verbose_name = _("cella del divario")
        verbose_name_plural = _("celle del divario")
        indexes = [
            models.Index(fields=["computed_on", "year", "province"]),
            models.Index(fields=["computed_on", "year", "sector"]),
            models.Index(fields=["computed_on", "skill"]),
            models.Index(fields=["computed_on", "hub"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.province} {self.skill}: {self.supply}/{self.demand}"


class GapTotal(models.Model):
    """The gap cells of a day summed over hubs at the levels the pages read: the whole region, a
    province, a sector, a sector in a province (written with the cells, so pages aggregate a few
    hundred rows instead of every cell)."""

    class Level(models.IntegerChoices):
        REGION = 0, _("regione")
        PROVINCE = 1, _("provincia")
        SECTOR = 2, _("filiera")
        SECTOR_PROVINCE = 3, _("filiera nella provincia")

    computed_on = models.DateField()
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    year = models.PositiveSmallIntegerField()
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    supply = models.FloatField()
    demand = models.FloatField()

    class Meta:
        verbose_name = _("totale del divario")
        verbose_name_plural = _("totali del divario")
        indexes = [
            models.Index(fields=["computed_on", "level", "year"]),
            models.Index(fields=["computed_on", "level", "sector", "province"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} L{self.level} {self.skill_id}: {self.supply}/{self.demand}"


class RankingMethod(models.Model):
    """A version of the regional ranking's weights, as the regional officer set them; versions are
    kept so every published ranking shows the method it used."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("nome"), max_length=200)
    weights = models.JSONField(_("pesi degli indicatori"))
    notes = models.TextField(_("note sul metodo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("metodo di graduatoria")
        verbose_name_plural = _("metodi di graduatoria")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"
