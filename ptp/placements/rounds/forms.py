"""Forms of the round pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.placements.models import RoundObjective


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=200)
    objective = forms.ChoiceField(
        label=_("Obiettivo"),
        choices=RoundObjective.choices,
        initial=RoundObjective.STABLE,
        help_text=_(
            "«Stabile ed equa» non lascia mai uno studente fuori da un posto che gli spetterebbe per "
            "punteggio; «più studenti collocati» colloca più studenti ma può scavalcare qualche punteggio."
        ),
    )
    weight_skills = forms.IntegerField(
        label=_("Peso delle competenze (%)"), min_value=0, max_value=100, initial=60
    )
    weight_distance = forms.IntegerField(
        label=_("Peso della vicinanza (%)"), min_value=0, max_value=100, initial=30
    )
    weight_programme = forms.IntegerField(
        label=_("Peso del percorso di studi (%)"), min_value=0, max_value=100, initial=10
    )
    preferences_close_on = forms.DateField(
        label=_("Chiusura delle preferenze"), required=False, widget=DateInput()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(k) for k in ("weight_skills", "weight_distance", "weight_programme")]
        if all(w is not None for w in weights) and sum(weights) != 100:  # type: ignore[arg-type]
            self.add_error("weight_skills", _("I tre pesi devono sommare a 100."))
        return data


class CapacityForm(forms.Form):
    dal = forms.DateField(label=_("Dal"), widget=DateInput())
    al = forms.DateField(label=_("Al"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dal") and data.get("al") and data["al"] < data["dal"]:
            self.add_error("al", _("La fine del periodo precede l'inizio."))
        return data
