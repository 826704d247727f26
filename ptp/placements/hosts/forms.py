"""Forms of the host pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.demand.forms import hub_field
from ptp.network.models import Hub, NetworkAgreement
from ptp.placements.hosts.services import HostDetails


class HostDetailsForm(forms.Form):
    seat_address = forms.CharField(
        label=_("Sede operativa dove si svolgono i percorsi"),
        max_length=200,
        help_text=_("Indirizzo completo, ad esempio «Via del Porto 12, Marina di Carrara»."),
    )
    inail_position = forms.CharField(
        label=_("Posizione assicurativa INAIL (PAT)"), max_length=30, required=False
    )
    liability_policy = forms.CharField(
        label=_("Polizza di responsabilità civile verso terzi"),
        max_length=60,
        required=False,
        help_text=_("Compagnia e numero di polizza."),
    )

    def details(self) -> HostDetails:
        return HostDetails(
            seat_address=self.cleaned_data["seat_address"],
            inail_position=self.cleaned_data["inail_position"],
            liability_policy=self.cleaned_data["liability_policy"],
        )


class HostRegistrationForm(HostDetailsForm):
    """Registration in a hub; the framework agreement may be accepted now or later."""

    def __init__(self, *args: Any, agreement: NetworkAgreement | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if agreement is not None:
            self.fields["accept"] = forms.BooleanField(
                required=False,
                label=_(
                    "Ho letto e accetto la convenzione quadro del polo (versione %(v)d), che vale "
                    "per i percorsi con tutte le scuole socie"
                )
                % {"v": agreement.version},
            )

    def accepted_version(self) -> int | None:
        if self.agreement is not None and self.cleaned_data.get("accept"):
            return self.agreement.version
        return None


class AcceptanceForm(forms.Form):
    accept = forms.BooleanField(
        label=_(
            "Ho letto e accetto la convenzione quadro del polo, che vale per i percorsi con tutte "
            "le scuole socie"
        ),
        error_messages={"required": _("Spunta la casella per accettare la convenzione quadro.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TutorInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail del tutor aziendale"),
        help_text=_("Riceverà un link personale per entrare come personale dell'impresa."),
    )

    def __init__(self, *args: Any, hubs: list[Hub], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"] = hub_field(hubs, str(_("Polo da cui parte l'invito")))
        self.order_fields(["email", "hub"])
