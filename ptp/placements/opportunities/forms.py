"""Forms of the opportunity pages: the host's form with its windows, and the public search."""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ptp.demand.forms import MunicipalityChoiceField, hub_field
from ptp.demand.pickers import PickerForm, SkillList
from ptp.network.forms import DateInput
from ptp.network.models import Hub, Sector
from ptp.placements.models import Opportunity, OpportunityKind, RiskLevel
from ptp.placements.opportunities.rules import HIGH_RISK_MIN_AGE
from ptp.placements.opportunities.search import SORTS, Filters
from ptp.placements.opportunities.services import OpportunityData, WindowData
from ptp.skills.queries import search_skills

MAX_WINDOWS = 12


class OpportunityForm(PickerForm):
    """What a host offers: kind, place, age, safety and skills (the windows are a formset)."""

    skill_lists = (
        SkillList("skills_required", _("Competenze richieste"), "required_pick", "required_text"),
        SkillList(
            "skills_developed",
            _("Competenze che si sviluppano"),
            "developed_pick",
            "developed_text",
        ),
    )

    kind = forms.ChoiceField(label=_("Tipo"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Titolo"), max_length=200)
    description = forms.CharField(
        label=_("Descrizione"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Che cosa si fa, con chi, in quali orari; che cosa si impara."),
    )
    sector = forms.ModelChoiceField(
        label=_("Filiera"), queryset=Sector.objects.all(), empty_label=None
    )
    address = forms.CharField(label=_("Indirizzo"), max_length=200, required=False)
    min_age = forms.IntegerField(
        label=_("Età minima"),
        min_value=14,
        max_value=30,
        initial=15,
        help_text=format_lazy(
            _(
                "Almeno 18 anni con lavorazioni vietate ai minori; almeno {n} anni con rischio "
                "alto (regola della piattaforma)."
            ),
            n=HIGH_RISK_MIN_AGE,
        ),
    )
    risk_level = forms.ChoiceField(
        label=_("Classe di rischio dell'attività"),
        choices=RiskLevel.choices,
        help_text=_(
            "Secondo l'Accordo Stato-Regioni del 21/12/2011: decide le ore di formazione "
            "specifica sulla sicurezza (4, 8 o 12) oltre al modulo generale di 4 ore."
        ),
    )
    involves_minor_excluded_work = forms.BooleanField(
        label=_("Comprende lavorazioni vietate ai minori (D.Lgs. 345/1999)"), required=False
    )
    show_host_publicly = forms.BooleanField(
        label=_("Mostra il nome dell'impresa anche ai visitatori non registrati"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, hubs: list[Hub] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = MunicipalityChoiceField()
        if hubs is not None:  # creating: the opportunity belongs to one of the company's hubs
            self.fields["hub"] = hub_field(hubs, str(_("Polo")))
        self.order_fields(
            ["hub", "kind", "title", "description", "sector", "municipality", "address"]
        )

    def opportunity_data(self, windows: list[WindowData]) -> OpportunityData:
        data = self.cleaned_data
        return OpportunityData(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            sector=data["sector"],
            municipality=data["municipality"],
            address=data.get("address") or "",
            min_age=data["min_age"],
            risk_level=data["risk_level"],
            involves_minor_excluded_work=data["involves_minor_excluded_work"],
            show_host_publicly=data["show_host_publicly"],
            skills_required=list(data.get("skills_required") or []),
            skills_developed=list(data.get("skills_developed") or []),
            windows=windows,
        )


def opportunity_initial(opportunity: Opportunity) -> dict[str, Any]:
    """The form's values for an existing opportunity."""
    return {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "sector": opportunity.sector_id,
        "municipality": opportunity.municipality_id,
        "address": opportunity.address,
        "min_age": opportunity.min_age,
        "risk_level": opportunity.risk_level,
        "involves_minor_excluded_work": opportunity.involves_minor_excluded_work,
        "show_host_publicly": opportunity.show_host_publicly,
        "skills_required": [s.pk for s in opportunity.skills_required.all()],
        "skills_developed": [s.pk for s in opportunity.skills_developed.all()],
    }


class WindowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    starts_on = forms.DateField(label=_("Dal"), widget=DateInput())
    ends_on = forms.DateField(label=_("Al"), widget=DateInput())
    seats = forms.IntegerField(label=_("Posti"), min_value=1, max_value=500)
    hours = forms.IntegerField(label=_("Ore previste"), min_value=1, max_value=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fine del periodo precede l'inizio."))
        return data


WindowFormSet = forms.formset_factory(
    WindowForm, extra=1, can_delete=True, max_num=MAX_WINDOWS, validate_max=True
)
WINDOW_PREFIX = "periodi"


def window_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    return WindowFormSet(data, initial=initial, prefix=WINDOW_PREFIX)


def windows_of(formset: Any) -> list[WindowData]:
    """The windows of a valid formset, without the empty and the deleted rows."""
    return [
        WindowData(
            starts_on=f.cleaned_data["starts_on"],
            ends_on=f.cleaned_data["ends_on"],
            seats=f.cleaned_data["seats"],
            hours=f.cleaned_data["hours"],
            id=f.cleaned_data.get("id"),
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def window_initial(formset: Any) -> list[dict[str, Any]]:
    """What was typed in each window row, to draw the rows again after adding a skill."""
    fields = ("id", "starts_on", "ends_on", "seats", "hours", "DELETE")
    rows = [{name: f[name].data for name in fields} for f in formset.forms]
    return [r for r in rows if any(r[n] not in (None, "") for n in fields[:5])]


def existing_windows(opportunity: Opportunity) -> list[dict[str, Any]]:
    return [
        {
            "id": w.pk,
            "starts_on": w.starts_on,
            "ends_on": w.ends_on,
            "seats": w.seats,
            "hours": w.hours,
        }
        for w in opportunity.windows.order_by("starts_on", "pk")
    ]


# --- Public search ---------------------------------------------------------------------------

SORT_CHOICES = [
    ("data", _("Prossimo periodo")),
    ("titolo", _("Titolo (A–Z)")),
    ("recenti", _("Pubblicate di recente")),
]


class SearchForm(forms.Form):
    """Lenient: a shared URL with a stale or wrong value still shows results."""

    q = forms.CharField(label=_("Cerca"), required=False, max_length=200)
    tipo = forms.ChoiceField(choices=[("", ""), *OpportunityKind.choices], required=False)
    filiera = forms.SlugField(required=False)
    polo = forms.SlugField(required=False)
    provincia = forms.SlugField(required=False)
    comune = forms.RegexField(regex=r"^\d{6}$", required=False)
    competenza = forms.IntegerField(min_value=1, required=False)
    competenza_testo = forms.CharField(required=False, max_length=100)
    dal = forms.DateField(label=_("Dal"), required=False, widget=DateInput())
    al = forms.DateField(label=_("Al"), required=False, widget=DateInput())
    ordina = forms.ChoiceField(label=_("Ordina per"), choices=SORT_CHOICES, required=False)

    def filters(self) -> Filters:
        """The valid filters; a field with a bad value is dropped rather than failing the search."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        start, end = data.get("dal"), data.get("al")
        if start and end and end < start:
            start, end = end, start
        skill = data.get("competenza")
        if skill is None and (data.get("competenza_testo") or "").strip():
            hits = search_skills(data["competenza_testo"], limit=1)
            skill = hits[0].id if hits else None
        sort = data.get("ordina") or "data"
        return Filters(
            text=data.get("q") or "",
            kind=data.get("tipo") or "",
            sector=data.get("filiera") or "",
            hub=data.get("polo") or "",
            province=data.get("provincia") or "",
            municipality=data.get("comune") or "",
            skill=skill,
            start=start,
            end=end,
            sort=sort if sort in SORTS else "data",
        )
