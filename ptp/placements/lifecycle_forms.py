"""Forms of the application and placement pages (back office and student area).

Filter forms are lenient: a stale or hand-edited value is dropped rather than failing the page.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ptp.accounts.models import User
from ptp.network.forms import DateInput
from ptp.network.models import Membership, Organization
from ptp.placements.models import ApplicationStatus, HostEnrollment, PlacementStatus, RiskLevel
from ptp.placements.permissions import HOST_VISIBLE_STATUSES
from ptp.placements.queries.applications import ApplicationFilters
from ptp.placements.queries.placements import PlacementFilters
from ptp.skills.models import Skill
from ptp.skills.queries import search_skills
from ptp.students.models import Student


def _valid(form: forms.Form) -> dict[str, Any]:
    """The fields that passed validation (all of them when the form is valid)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors}


# --- Filters -------------------------------------------------------------------------------------


class SchoolApplicationFilterForm(forms.Form):
    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutti gli stati")), *ApplicationStatus.choices],
    )
    scuola = forms.TypedChoiceField(label=_("Scuola"), required=False, coerce=int, empty_value=None)
    classe = forms.TypedChoiceField(
        label=_("Anno di corso"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tutti gli anni")), *((str(n), f"{n}°") for n in range(1, 6))],
    )
    q = forms.CharField(label=_("Cerca studente o opportunità"), required=False, max_length=100)

    def __init__(self, data: Any, *, schools: list[Organization]) -> None:
        super().__init__(data)
        self.fields["scuola"].choices = [  # type: ignore[attr-defined]
            ("", _("Tutte le scuole")),
            *((str(s.pk), s.name) for s in schools),
        ]

    def filters(self) -> ApplicationFilters:
        data = _valid(self)
        return ApplicationFilters(
            status=data.get("stato") or "",
            school_id=data.get("scuola"),
            class_year=data.get("classe"),
            text=data.get("q") or "",
        )


class HostApplicationFilterForm(forms.Form):
    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[
            ("", _("Tutti gli stati")),
            *((s.value, s.label) for s in ApplicationStatus if s in HOST_VISIBLE_STATUSES),
        ],
    )
    q = forms.CharField(label=_("Cerca studente o opportunità"), required=False, max_length=100)

    def filters(self) -> ApplicationFilters:
        data = _valid(self)
        return ApplicationFilters(status=data.get("stato") or "", text=data.get("q") or "")


class PlacementFilterForm(forms.Form):
    stato = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[("", _("Tutti gli stati")), *PlacementStatus.choices],
    )
    q = forms.CharField(label=_("Cerca"), required=False, max_length=100)

    def filters(self) -> PlacementFilters:
        data = _valid(self)
        return PlacementFilters(status=data.get("stato") or "", text=data.get("q") or "")


# --- Decisions and lifecycle ---------------------------------------------------------------------


class SchoolDecisionForm(forms.Form):
    esito = forms.ChoiceField(
        label=_("Decisione"),
        choices=[("approva", _("Approva")), ("respingi", _("Non approvare"))],
    )


class HostDecisionForm(forms.Form):
    esito = forms.ChoiceField(
        label=_("Decisione"),
        choices=[("accetta", _("Accetta")), ("rifiuta", _("Non accettare"))],
    )


class DirectPlacementForm(forms.Form):
    """A school places one of its students with an enrolled host, without an opportunity."""

    student = forms.ModelChoiceField(queryset=Student.objects.none(), label=_("Studente"))
    enrollment = forms.ModelChoiceField(
        queryset=HostEnrollment.objects.none(),
        label=_("Soggetto ospitante"),
        help_text=_("Imprese del polo che hanno accettato la convenzione quadro."),
    )
    starts_on = forms.DateField(label=_("Inizio"), widget=DateInput())
    ends_on = forms.DateField(label=_("Fine"), widget=DateInput())
    planned_hours = forms.IntegerField(label=_("Ore previste"), min_value=1, max_value=2000)
    risk_level = forms.ChoiceField(label=_("Classe di rischio"), choices=RiskLevel.choices)
    objectives = forms.CharField(
        label=_("Obiettivi formativi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    activities = forms.CharField(
        label=_("Attività previste"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Any, *, school_ids: frozenset[int]) -> None:
        super().__init__(data)
        students = Student.objects.current().filter(school_id__in=school_ids)
        self.fields["student"].queryset = students.order_by("family_name", "given_name", "pk")  # type: ignore[attr-defined]
        self.fields["student"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.family_name} {s.given_name} — {s.class_year}{s.class_section} ({s.code})"
        )
        hubs = Membership.objects.active().filter(organization_id__in=school_ids).values("hub_id")
        self.fields["enrollment"].queryset = (  # type: ignore[attr-defined]
            HostEnrollment.objects.filter(hub_id__in=hubs, framework_accepted_at__isnull=False)
            .select_related("organization", "hub")
            .order_by("organization__name", "hub__name")
        )
        self.fields["enrollment"].label_from_instance = (  # type: ignore[attr-defined]
            lambda e: f"{e.organization.name} — {e.hub.short_name}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fine precede l'inizio."))
        return data


class TutorForm(forms.Form):
    tutor = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Tutor"))

    def __init__(
        self, data: Any, *, staff: QuerySet[User], label: str, initial: User | None
    ) -> None:
        super().__init__(data, initial={"tutor": initial.pk if initial else None})
        self.fields["tutor"].queryset = staff  # type: ignore[attr-defined]
        self.fields["tutor"].label = label
        self.fields["tutor"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"  # type: ignore[attr-defined]


class TrainingPlanForm(forms.Form):
    objectives = forms.CharField(
        label=_("Obiettivi formativi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    activities = forms.CharField(
        label=_("Attività previste"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    safety_measures = forms.CharField(
        label=_("Misure di sicurezza"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),
        label=_("Competenze attese"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_skill = forms.CharField(
        label=_("Aggiungi una competenza"),
        help_text=_("Scrivi il nome di una competenza: viene aggiunta la più pertinente."),
        required=False,
        max_length=100,
    )

    def __init__(self, data: Any, *, candidates: QuerySet[Skill], initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        self.fields["skills"].queryset = candidates  # type: ignore[attr-defined]

    def clean_add_skill(self) -> Skill | None:
        text = self.cleaned_data.get("add_skill", "").strip()
        if not text:
            return None
        hits = search_skills(text, limit=1)
        if not hits:
            raise forms.ValidationError(_("Nessuna competenza trovata per «%(t)s».") % {"t": text})
        return Skill.objects.get(pk=hits[0].id)

    def chosen_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data["skills"])
        added = self.cleaned_data.get("add_skill")
        if added is not None and added not in skills:
            skills.append(added)
        return skills


class SafetyFileForm(forms.Form):
    general_training_on = forms.DateField(
        label=_("Formazione generale (4 ore) svolta il"), required=False, widget=DateInput()
    )
    specific_training_on = forms.DateField(
        label=_("Formazione specifica svolta il"), required=False, widget=DateInput()
    )
    risk_assessment_acknowledged_on = forms.DateField(
        label=_("Presa visione della valutazione dei rischi il"), required=False, widget=DateInput()
    )
    insurance_inail = forms.CharField(label=_("Copertura INAIL"), required=False, max_length=60)
    insurance_liability = forms.CharField(
        label=_("Polizza di responsabilità civile"), required=False, max_length=60
    )


class InterruptForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo dell'interruzione"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HoursEntryForm(forms.Form):
    day = forms.DateField(label=_("Giorno"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Ore"),
        min_value=Decimal("0.25"),
        max_value=Decimal(10),
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25"}),
    )
    activity = forms.CharField(label=_("Attività svolta"), required=False, max_length=255)


class HoursCorrectionForm(forms.Form):
    hours = HoursEntryForm.base_fields["hours"]
    activity = HoursEntryForm.base_fields["activity"]


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Perché ti candidi"),
        help_text=_("Facoltativo: racconta in poche righe cosa ti interessa di questa esperienza."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OpportunitySearchForm(forms.Form):
    q = forms.CharField(label=_("Cerca"), required=False, max_length=100)
