"""Forms of the public filters and of the coordinator's back office."""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ptp.geo.models import Municipality, Province
from ptp.lib.ateco import validate_ateco
from ptp.lib.codes import (
    InvalidCodeError,
    validate_codice_fiscale,
    validate_codice_meccanografico,
    validate_partita_iva,
)
from ptp.network.models import (
    SCHOOL_KINDS,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Sector,
)


class HubFilterForm(forms.Form):
    """The hub directory's filters; unknown values are ignored rather than failing the page."""

    settore = forms.ModelChoiceField(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Filiera"),
        empty_label=_("Tutte le filiere"),
    )
    provincia = forms.ModelChoiceField(
        queryset=Province.objects.filter(hubs__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        label=_("Provincia"),
        empty_label=_("Tutte le province"),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _code_field(validator: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(validator(value))
    except InvalidCodeError as exc:
        raise forms.ValidationError(str(exc)) from exc


# People paste codes with spaces, dots or an "IT" prefix; the clean_* methods normalise them to
# the length the model stores, so the form accepts a little more than the column holds.
TYPED_CODE_MAX_LENGTH = 24
CODE_FIELDS = ("codice_fiscale", "partita_iva", "codice_meccanografico", "ateco")


class OrganizationForm(forms.ModelForm):
    """An organization's details with its legal codes validated and normalised."""

    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.select_related("province").order_by("name"),
        label=_("Comune"),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "codice_fiscale",
            "partita_iva",
            "codice_meccanografico",
            "ateco",
            "municipality",
            "address",
            "email",
            "pec",
            "phone",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CODE_FIELDS:
            field = self.fields[name]
            field.max_length = TYPED_CODE_MAX_LENGTH  # type: ignore[attr-defined]
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs["maxlength"] = str(TYPED_CODE_MAX_LENGTH)

    def _not_taken(self, field: str, value: str, message: str) -> str:
        # Says which organization holds the code, instead of the unique constraint's technical text.
        if not value:
            return value
        other = Organization.objects.exclude(pk=self.instance.pk).filter(**{field: value}).first()
        if other is not None:
            raise forms.ValidationError(message % {"name": other.name})
        return value

    def clean_codice_fiscale(self) -> str:
        return _code_field(validate_codice_fiscale, self.cleaned_data["codice_fiscale"])

    def clean_partita_iva(self) -> str:
        value = _code_field(validate_partita_iva, self.cleaned_data["partita_iva"])
        return self._not_taken(
            "partita_iva", value, gettext("Questa partita IVA è già registrata per %(name)s.")
        )

    def clean_codice_meccanografico(self) -> str:
        value = _code_field(
            validate_codice_meccanografico, self.cleaned_data["codice_meccanografico"]
        )
        return self._not_taken(
            "codice_meccanografico",
            value,
            gettext("Questo codice meccanografico è già registrato per %(name)s."),
        )

    def clean_ateco(self) -> str:
        return _code_field(validate_ateco, self.cleaned_data["ateco"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        # A code that was typed but refused already has its own error; "serve il codice" would mislead.
        if (
            kind in SCHOOL_KINDS
            and not data.get("codice_meccanografico")
            and not self.has_error("codice_meccanografico")
        ):
            self.add_error(
                "codice_meccanografico",
                _("Per una scuola statale o paritaria serve il codice meccanografico."),
            )
        if (
            kind == OrganizationKind.COMPANY
            and not data.get("partita_iva")
            and not self.has_error("partita_iva")
        ):
            self.add_error("partita_iva", _("Per un'impresa serve la partita IVA."))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NewMemberForm(OrganizationForm):
    """A new organization and its joining in one step."""

    role = forms.ChoiceField(
        choices=MembershipRole.choices, initial=MembershipRole.PARTNER, label=_("Ruolo")
    )
    joined_on = forms.DateField(label=_("Data di adesione"), widget=DateInput())
    is_founding = forms.BooleanField(label=_("Socio fondatore"), required=False)


class JoiningForm(forms.Form):
    """An existing organization joins the hub."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Soggetto"))
    role = forms.ChoiceField(
        choices=MembershipRole.choices, initial=MembershipRole.PARTNER, label=_("Ruolo")
    )
    joined_on = forms.DateField(label=_("Data di adesione"), widget=DateInput())
    is_founding = forms.BooleanField(label=_("Socio fondatore"), required=False)
    notes = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["joined_on"].initial = timezone.localdate()


class LeavingForm(forms.Form):
    left_on = forms.DateField(label=_("Data di uscita"), widget=DateInput())
    notes = forms.CharField(
        label=_("Motivo (facoltativo)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


class TransferLeadForm(forms.Form):
    new_lead = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("Nuovo capofila"))
    on = forms.DateField(label=_("Dal giorno"), widget=DateInput())

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_lead"].queryset = partners  # type: ignore[attr-defined]
        self.fields["new_lead"].label_from_instance = lambda m: m.organization.name  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=200, initial=_("Accordo di rete"))
    signed_on = forms.DateField(label=_("Data di sottoscrizione"), widget=DateInput())
    document = forms.FileField(
        label=_("Documento firmato (PDF)"),
        help_text=_("Solo PDF, al massimo 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    notes = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AuditFilterForm(forms.Form):
    azione = forms.ChoiceField(required=False, label=_("Azione"))
    oggetto = forms.ChoiceField(required=False, label=_("Tipo di oggetto"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from ptp.audit.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["azione"].choices = [("", _("Tutte")), *AuditAction.choices]  # type: ignore[attr-defined]
        self.fields["oggetto"].choices = [  # type: ignore[attr-defined]
            ("", _("Tutti")),
            ("network.membership", _("Adesioni")),
            ("network.organization", _("Soggetti")),
            ("network.networkagreement", _("Accordi di rete")),
            ("accounts.invitation", _("Inviti")),
            ("accounts.rolegrant", _("Ruoli")),
        ]
