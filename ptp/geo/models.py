"""Regions, provinces and municipalities with their ISTAT codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An Italian region (NUTS 2), identified by its two-digit ISTAT code."""

    codice_istat = models.CharField(_("codice ISTAT"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=100)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province or metropolitan city (NUTS 3), with its three-digit ISTAT code and abbreviation."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    codice_istat = models.CharField(_("codice ISTAT"), max_length=3, unique=True)
    name = models.CharField(_("nome"), max_length=100)
    abbreviation = models.CharField(_("sigla"), max_length=2, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincia")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (comune) with its six-digit ISTAT code and cadastral code."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    codice_istat = models.CharField(_("codice ISTAT"), max_length=6, unique=True)
    codice_catastale = models.CharField(_("codice catastale"), max_length=4, unique=True)
    name = models.CharField(_("nome"), max_length=100, db_index=True)
    latitude = models.DecimalField(_("latitudine"), max_digits=8, decimal_places=5, null=True)
    longitude = models.DecimalField(_("longitudine"), max_digits=8, decimal_places=5, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")

    def __str__(self) -> str:
        return f"{self.name} ({self.province.abbreviation})"
