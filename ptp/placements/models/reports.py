"""A student's report of a placement that is not formative or not safe: the school must answer
within 7 days, then it escalates to the hub coordinator; only the student closes it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ptp.core.models import TimeStampedModel
from ptp.placements.models.lifecycle import Placement

ANSWER_WITHIN = dt.timedelta(days=7)


class ReportKind(models.TextChoices):
    NOT_FORMATIVE = "not_formative", _("Il percorso non è formativo")
    NOT_SAFE = "not_safe", _("Il percorso non è sicuro")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Aperta")
    ANSWERED = "answered", _("Risposta della scuola")
    ESCALATED = "escalated", _("Inoltrata al coordinatore del polo")
    CLOSED = "closed", _("Chiusa dallo studente")


class Report(TimeStampedModel):
    """A report on a placement; every state change is audited."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("tipo"), max_length=15, choices=ReportKind.choices)
    text = models.TextField(_("descrizione"))
    status = models.CharField(
        _("stato"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    due_at = models.DateTimeField(_("risposta entro"))
    school_answer = models.TextField(_("risposta della scuola"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    coordinator_note = models.TextField(_("nota del coordinatore"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.placement}"
