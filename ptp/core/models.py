"""Abstract bases shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-update timestamps (UTC)."""

    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        abstract = True


class DemoFlagModel(models.Model):
    """Marks rows that are demo data rather than published facts; the UI says so."""

    is_demo = models.BooleanField(
        _("dato dimostrativo"),
        default=False,
        help_text=_("Vero per i dati inventati a scopo dimostrativo."),
    )

    class Meta:
        abstract = True
