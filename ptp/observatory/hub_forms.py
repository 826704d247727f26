"""The regional officer's form for the ranking weights: one weight per rankable indicator."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.observatory import indicators

FIELD_PREFIX = "peso_"
MAX_WEIGHT = Decimal(1000)


class RankingWeightsForm(forms.Form):
    """Weights ≥ 0 (decimals with a comma or a point), at least one above zero, a name for the
    version and optional notes; the input is kept when a check fails."""

    name = forms.CharField(
        label=_("Nome della versione"),
        max_length=200,
        error_messages={"required": _("Dai un nome a questa versione dei pesi.")},
    )
    notes = forms.CharField(
        label=_("Note sul metodo"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Per esempio: per quale premio regionale si usa questa graduatoria."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in indicators.RANKABLE:
            direction = (
                _("più alto è meglio") if indicator.higher_is_better else _("più basso è meglio")
            )
            self.fields[FIELD_PREFIX + indicator.key] = forms.DecimalField(
                label=indicator.label,
                help_text=direction,
                min_value=Decimal(0),
                max_value=MAX_WEIGHT,
                max_digits=8,
                decimal_places=3,
                localize=True,
                required=True,
                error_messages={
                    "required": _("Indica un peso (0 per non usare l'indicatore)."),
                    "invalid": _("Scrivi un numero, per esempio 1 oppure 0,5."),
                    "min_value": _("Il peso non può essere negativo."),
                    "max_value": _("Il peso non può superare 1000."),
                    "max_decimal_places": _("Usa al massimo tre cifre decimali."),
                    "max_digits": _("Il numero è troppo lungo."),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = self.weights(cleaned)
        if len(weights) == len(indicators.RANKABLE) and not any(w > 0 for w in weights.values()):
            raise forms.ValidationError(
                _("Almeno un indicatore deve avere un peso maggiore di zero.")
            )
        return cleaned

    @staticmethod
    def weights(cleaned: dict[str, Any]) -> dict[str, float]:
        """The weights by indicator key (only the fields that passed their own checks)."""
        return {
            i.key: float(cleaned[FIELD_PREFIX + i.key])
            for i in indicators.RANKABLE
            if cleaned.get(FIELD_PREFIX + i.key) is not None
        }

    @classmethod
    def initial_from(cls, weights: dict[str, Any] | None) -> dict[str, Any]:
        """The form's initial weights: the method in force, or 1 for every indicator."""
        return {
            FIELD_PREFIX + i.key: Decimal(str((weights or {}).get(i.key, 1 if not weights else 0)))
            for i in indicators.RANKABLE
        }

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[FIELD_PREFIX + i.key] for i in indicators.RANKABLE]
