"""Login, invitation and acceptance forms."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ptp.accounts.models import Role
from ptp.network.models import Organization


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("E-mail o password non corretti."),
        "inactive": _("Questo account è disattivato."),
    }

    def clean_username(self) -> str:
        # Addresses are stored lower-case; people type them as they like.
        return str(self.cleaned_data["username"]).strip().lower()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail della persona da invitare"))
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=[
            (Role.ORGANIZATION_STAFF, Role.ORGANIZATION_STAFF.label),
            (Role.HUB_COORDINATOR, Role.HUB_COORDINATOR.label),
        ],
        initial=Role.ORGANIZATION_STAFF,
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Soggetto per cui lavora"),
        help_text=_("Obbligatorio per il personale di un soggetto."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.ORGANIZATION_STAFF and not data.get("organization"):
            self.add_error(
                "organization", _("Scegli il soggetto per cui lavora la persona invitata.")
            )
        return data


class AcceptInvitationForm(forms.Form):
    """Creates the account of an invited person who has none yet."""

    full_name = forms.CharField(label=_("Nome e cognome"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Almeno 12 caratteri, non solo numeri, non troppo comune."),
    )
    password2 = forms.CharField(
        label=_("Ripeti la password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Le due password non coincidono."))
        elif p1:
            from ptp.accounts.models import User

            probe = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
