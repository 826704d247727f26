"""The skills-gap pages' filters; unknown values are ignored rather than failing the page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.geo.models import Province
from ptp.network.models import Hub, Sector


class GapFilterForm(forms.Form):
    anno = forms.TypedChoiceField(label=_("Anno"), coerce=int, required=False)
    settore = forms.ModelChoiceField(
        queryset=Sector.objects.order_by("position", "name"),
        to_field_name="slug",
        required=False,
        label=_("Filiera"),
        empty_label=_("Tutte le filiere"),
    )
    provincia = forms.ModelChoiceField(
        queryset=Province.objects.filter(hubs__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Provincia"),
        empty_label=_("Tutte le province"),
    )
    polo = forms.ModelChoiceField(
        queryset=Hub.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Polo"),
        empty_label=_("Tutti i poli"),
    )

    def __init__(self, *args: Any, years: list[int], default_year: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["anno"].initial = default_year
        self.default_year = default_year

    def value(self, name: str) -> Any:
        """The cleaned value of one filter, or its default when it was missing or invalid."""
        cleaned: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            cleaned = self.cleaned_data
        value = cleaned.get(name)
        if name == "anno" and not value:
            return self.default_year
        return value or None


def filter_options(years: list[int]) -> dict[str, list[tuple[Any, str]]]:
    """The filters' choices as (value, label) pairs, one small query each: the page draws its own
    selects (rendering four ModelChoiceField widgets took longer than the rest of the page)."""
    return {
        "years": [(y, str(y)) for y in years],
        "sectors": list(Sector.objects.order_by("position", "name").values_list("slug", "name")),
        "provinces": list(
            Province.objects.filter(hubs__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "hubs": list(Hub.objects.order_by("name").values_list("slug", "name")),
    }
