"""A company onboards once per hub and accepts the hub's framework agreement once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ptp.core.models import DemoFlagModel, TimeStampedModel
from ptp.network.models import Hub, NetworkAgreement, Organization


class HostEnrollment(DemoFlagModel, TimeStampedModel):
    """A company registered as a host in a hub. Accepting the hub's framework agreement once covers
    placements with every member school; each placement still gets its own agreement and plan."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="host_enrollments")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="host_enrollments"
    )
    # The version of the hub's agreement accepted, when the hub has uploaded one.
    framework_agreement = models.ForeignKey(
        NetworkAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    framework_accepted_at = models.DateTimeField(
        _("convenzione quadro accettata il"), null=True, blank=True
    )
    framework_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seat_address = models.CharField(_("sede operativa"), max_length=200, blank=True)
    inail_position = models.CharField(_("posizione INAIL"), max_length=30, blank=True)
    liability_policy = models.CharField(
        _("polizza di responsabilità civile"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("soggetto ospitante")
        verbose_name_plural = _("soggetti ospitanti")
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "organization"],
                name="hostenrollment_once_per_hub",
                violation_error_message=_(
                    "L'impresa è già registrata come soggetto ospitante del polo."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.hub}"

    @property
    def has_framework_agreement(self) -> bool:
        return self.framework_accepted_at is not None
