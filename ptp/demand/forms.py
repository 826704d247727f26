"""Forms of the needs and bulletin screens."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.demand.models import Horizon, NeedStatus
from ptp.demand.pickers import OccupationChoice, PickerForm, SkillList
from ptp.demand.services import NeedData
from ptp.geo.models import Municipality
from ptp.network.models import Hub

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class MunicipalityChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Municipality.objects.select_related("province").order_by("name"),
            label=_("Comune"),
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.province.abbreviation})"


class HubChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def hub_field(hubs: list[Hub], label: str) -> HubChoiceField:
    """A choice of the given hubs, preselected when there is only one."""
    return HubChoiceField(
        queryset=Hub.objects.filter(pk__in=[h.pk for h in hubs]).order_by("name"),
        label=label,
        initial=hubs[0].pk if len(hubs) == 1 else None,
        empty_label=None if len(hubs) == 1 else "—",
    )


class NeedForm(PickerForm):
    """A company's need: figure, occupation and skills from the taxonomy, people, horizon, place."""

    skill_lists = (SkillList("skills", _("Competenze richieste"), "skill_pick", "skill_text"),)
    occupation_choice = OccupationChoice()

    title = forms.CharField(
        label=_("Figura ricercata"),
        max_length=200,
        help_text=_("Come la chiamate in azienda, ad esempio «Addetto al ricevimento serale»."),
    )
    headcount = forms.IntegerField(label=_("Persone"), min_value=1, max_value=10_000)
    horizon = forms.ChoiceField(label=_("Orizzonte"), choices=Horizon.choices)
    notes = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, hubs: list[Hub] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = MunicipalityChoiceField()
        if hubs is not None:  # creating: the need belongs to one of the company's hubs
            self.fields["hub"] = hub_field(hubs, str(_("Polo")))
        self.order_fields(["hub", "title", "headcount", "horizon", "municipality", "notes"])

    def refreshed(self) -> tuple[dict[str, Any], list[str]]:
        values, notes = super().refreshed()
        if not (values.get("title") or "").strip() and values.get("occupation_text"):
            values["title"] = values["occupation_text"]  # a sensible start, left to change
        return values, notes

    def need_data(self) -> NeedData:
        data = self.cleaned_data
        return NeedData(
            title=data["title"],
            headcount=data["headcount"],
            horizon=data["horizon"],
            municipality=data["municipality"],
            occupation=data.get("occupation"),
            skills=list(data.get("skills") or []),
            notes=data.get("notes") or "",
        )


def need_initial(need: Any) -> dict[str, Any]:
    """The form's values for an existing need."""
    return {
        "title": need.title,
        "headcount": need.headcount,
        "horizon": need.horizon,
        "municipality": need.municipality_id,
        "notes": need.notes,
        "occupation": need.occupation_id,
        "occupation_text": need.occupation.label if need.occupation else "",
        "skills": [s.pk for s in need.skills.all()],
    }


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(NeedStatus.FILLED, _("Soddisfatto")), (NeedStatus.WITHDRAWN, _("Ritirato"))]
    )


def _check_upload(upload: Any) -> Any:
    if not upload.name.lower().endswith((".csv", ".xlsx")):
        raise forms.ValidationError(_("Si possono importare solo file .csv o .xlsx."))
    if upload.size > MAX_IMPORT_BYTES:
        raise forms.ValidationError(_("Il file supera il limite di 10 MB."))
    return upload


class NeedsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fabbisogni (CSV o XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Solo verifica: controlla il file senza scrivere nulla"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, hubs: list[Hub], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"] = hub_field(hubs, str(_("Polo a cui si riferiscono i fabbisogni")))
        self.order_fields(["hub", "file", "dry_run"])

    def clean_file(self) -> Any:
        return _check_upload(self.cleaned_data["file"])


class NeedFilterForm(forms.Form):
    """Lenient filters of a needs list: a bad value is ignored."""

    stato = forms.ChoiceField(
        label=_("Stato"), choices=[("", _("Tutti")), *NeedStatus.choices], required=False
    )
    orizzonte = forms.ChoiceField(
        label=_("Orizzonte"), choices=[("", _("Tutti")), *Horizon.choices], required=False
    )

    def value(self, name: str) -> str:
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data.get(name) or "")
        return ""


class BulletinImportForm(forms.Form):
    source = forms.CharField(
        label=_("Fonte"),
        max_length=200,
        help_text=_("Ad esempio «Excelsior, provincia di Massa-Carrara, 1° trimestre 2026»."),
    )
    file = forms.FileField(
        label=_("Bollettino (CSV o XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Solo verifica: controlla il file senza scrivere nulla"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> Any:
        return _check_upload(self.cleaned_data["file"])
