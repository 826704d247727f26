"""Forms of the offer-plan pages: starting a version, adding an item, changing state, comparing."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ptp.catalogue.models import OfferPlan, Programme
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization


def period_label(first_year: int) -> str:
    return (
        f"{first_year}/{(first_year + 1) % 100:02d}–{first_year + 2}/{(first_year + 3) % 100:02d}"
    )


def current_school_year_start() -> int:
    """The first calendar year of the school year under way (it starts on 1 September)."""
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


class PlanStartForm(forms.Form):
    """Starts a plan for a three-year period, or the next version of an existing one."""

    first_year = forms.TypedChoiceField(coerce=int, label=_("Triennio"))
    notes = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, existing_years: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start = current_school_year_start()
        years = sorted({*range(start - 1, start + 4), *existing_years})
        field = self.fields["first_year"]
        field.choices = [(y, period_label(y)) for y in years]  # type: ignore[attr-defined]
        field.initial = start + 1


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.code})"


class PlanItemForm(forms.Form):
    """An item of the plan; the choices are limited to what the user may propose."""

    proposed_by = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Proposto da"),
        empty_label=_("Scegli il soggetto"),
    )
    programme = ProgrammeChoiceField(
        queryset=Programme.objects.none(), label=_("Percorso"), empty_label=_("Scegli il percorso")
    )
    school_year = forms.ChoiceField(label=_("Anno scolastico"))
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=_("Comune della sede"),
        empty_label=_("Scegli il comune"),
    )
    seats = forms.IntegerField(label=_("Posti previsti"), min_value=1, max_value=10_000)
    notes = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        plan: OfferPlan,
        organizations: QuerySet[Organization],
        programmes: QuerySet[Programme],
        any_programme: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.any_programme = any_programme
        fields = self.fields
        fields["proposed_by"].queryset = organizations  # type: ignore[attr-defined]
        if len(organizations) == 1:
            fields["proposed_by"].empty_label = None  # type: ignore[attr-defined]
        fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        fields["school_year"].choices = [(y, y) for y in plan.school_years]  # type: ignore[attr-defined]
        fields["municipality"].queryset = _municipalities(plan.hub)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        programme, organization = data.get("programme"), data.get("proposed_by")
        if (
            not self.any_programme
            and programme is not None
            and organization is not None
            and not programme.provider_links.filter(organization=organization).exists()
        ):
            self.add_error(
                "programme",
                _("Il percorso scelto non è tra quelli erogati da %(name)s.")
                % {"name": organization.name},
            )
        return data


def _municipalities(hub: Hub) -> QuerySet[Municipality]:
    # The hub's region: a hub plans its offer where its members are.
    return (
        Municipality.objects.filter(province__region_id=hub.province.region_id)
        .select_related("province")
        .order_by("name")
    )


class TransitionForm(forms.Form):
    ACTIONS = [
        ("proponi", _("Proponi")),
        ("approva", _("Approva")),
        ("riporta_in_bozza", _("Riporta in bozza")),
    ]
    azione = forms.ChoiceField(choices=ACTIONS)


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.period_label} v{obj.version} ({obj.get_status_display()})"


class CompareForm(forms.Form):
    """Two versions of the hub's plans to compare."""

    da = PlanChoiceField(
        queryset=OfferPlan.objects.none(),
        label=_("Dalla versione"),
        empty_label=_("Scegli una versione"),
    )
    a = PlanChoiceField(
        queryset=OfferPlan.objects.none(),
        label=_("Alla versione"),
        empty_label=_("Scegli una versione"),
    )

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = OfferPlan.objects.filter(hub=hub).order_by("-first_year", "-version")
        for name in ("da", "a"):
            self.fields[name].queryset = plans  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("da") is not None and data.get("da") == data.get("a"):
            self.add_error("a", _("Scegli due versioni diverse."))
        return data
