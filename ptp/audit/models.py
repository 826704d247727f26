"""An append-only log of who changed or read what; the database refuses updates and deletes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Creazione")
    UPDATE = "update", _("Modifica")
    READ = "read", _("Consultazione")
    EXPORT = "export", _("Esportazione")
    INVITE = "invite", _("Invito")
    GRANT = "grant", _("Assegnazione ruolo")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_hub(self, hub_id: int) -> "AuditEventQuerySet":
        return self.filter(hub_id=hub_id)


class AuditEvent(models.Model):
    """One operation: who, when, what object, and its values before and after."""

    at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("chi"),
    )
    # Kept as text so the entry still reads correctly if the account's e-mail changes.
    actor_label = models.CharField(_("utente"), max_length=254, blank=True)
    action = models.CharField(_("azione"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("tipo di oggetto"), max_length=60)
    object_id = models.CharField(_("identificativo"), max_length=64)
    object_label = models.CharField(_("oggetto"), max_length=255)
    # Scope used to decide who can read the entry (the hub's coordinator).
    hub = models.ForeignKey(
        "network.Hub", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(_("descrizione"), max_length=255)
    before = models.JSONField(_("prima"), null=True, blank=True)
    after = models.JSONField(_("dopo"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("evento del registro")
        verbose_name_plural = _("registro delle operazioni")
        indexes = [
            models.Index(fields=["hub", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.summary}"
