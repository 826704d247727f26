"""Forms of the school's roster pages and of the student area."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.catalogue.models import Programme
from ptp.geo.models import Municipality
from ptp.lib.codes import InvalidCodeError
from ptp.network.forms import DateInput
from ptp.skills.models import Skill
from ptp.skills.queries import search_skills
from ptp.students.identity import check_person_code
from ptp.students.importer.cells import normalize_school_year
from ptp.students.importer.mapping import FIELDS, PRESETS
from ptp.students.models import SchoolTrack
from ptp.students.queries import RosterFilters
from ptp.students.services import SKILL_LEVELS, StudentData

TRACK_CHOICES = [("", _("Tutti i percorsi")), *SchoolTrack.choices]
YEAR_CHOICES = [("", _("Tutti gli anni")), *[(str(n), f"{n}°") for n in range(1, 6)]]


class RosterFilterForm(forms.Form):
    """The roster's search and filters; a bad value is ignored rather than failing the page."""

    q = forms.CharField(
        label=_("Cerca per nome, codice o classe (es. 4B)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    anno = forms.TypedChoiceField(
        label=_("Anno di corso"), choices=YEAR_CHOICES, coerce=int, required=False, empty_value=None
    )
    percorso = forms.ChoiceField(label=_("Tipo di percorso"), choices=TRACK_CHOICES, required=False)
    usciti = forms.BooleanField(label=_("Mostra anche gli usciti"), required=False)

    def filters(self) -> RosterFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return RosterFilters(
            text=data.get("q") or "",
            class_year=data.get("anno"),
            track=data.get("percorso") or "",
            include_left=bool(data.get("usciti")),
        )


class StudentForm(forms.Form):
    """A student's record as the school states it."""

    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=24)
    family_name = forms.CharField(label=_("Cognome"), max_length=100)
    given_name = forms.CharField(label=_("Nome"), max_length=100)
    birth_date = forms.DateField(label=_("Data di nascita"), widget=DateInput())
    track = forms.ChoiceField(label=_("Tipo di percorso"), choices=SchoolTrack.choices)
    class_year = forms.TypedChoiceField(
        label=_("Anno di corso"), choices=[(n, f"{n}°") for n in range(1, 6)], coerce=int
    )
    class_section = forms.CharField(label=_("Sezione"), max_length=10, required=False)
    school_year = forms.CharField(
        label=_("Anno scolastico"), max_length=9, help_text=_("Es. 2026/27")
    )
    programme_code = forms.CharField(
        label=_("Codice del percorso"),
        max_length=40,
        required=False,
        help_text=_("Il codice del percorso nel catalogo dell'offerta formativa (facoltativo)."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Comune di residenza"),
        queryset=Municipality.objects.select_related("province").order_by("name"),
        required=False,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    has_accommodations = forms.BooleanField(
        label=_("Bisogni educativi speciali / adattamenti"), required=False
    )
    economic_disadvantage = forms.BooleanField(label=_("Svantaggio economico"), required=False)

    def clean_codice_fiscale(self) -> str:
        try:
            return check_person_code(self.cleaned_data["codice_fiscale"])
        except InvalidCodeError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_school_year(self) -> str:
        year = normalize_school_year(self.cleaned_data["school_year"])
        if year is None:
            raise forms.ValidationError(_("Scrivi l'anno scolastico così: 2026/27."))
        return year

    def clean_programme_code(self) -> Programme | None:
        code = self.cleaned_data["programme_code"].strip()
        if not code:
            return None
        programme = Programme.objects.filter(code__iexact=code).first()
        if programme is None:
            raise forms.ValidationError(_("Nessun percorso del catalogo ha questo codice."))
        return programme

    def data_for_service(self) -> StudentData:
        data = self.cleaned_data
        return StudentData(
            codice_fiscale=data["codice_fiscale"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=data["birth_date"],
            track=data["track"],
            class_year=data["class_year"],
            class_section=data["class_section"],
            school_year=data["school_year"],
            programme=data["programme_code"],
            municipality=data["municipality"],
            email=data["email"],
            has_accommodations=data["has_accommodations"],
            economic_disadvantage=data["economic_disadvantage"],
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Elenco degli studenti (CSV o XLSX)"),
        help_text=_(
            "CSV separato da punto e virgola o da virgola, in UTF-8 o nella codifica di Windows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    preset = forms.ChoiceField(
        label=_("Formato del registro"),
        choices=[
            ("", _("Riconosci le colonne dal nome")),
            *[(p.key, f"{p.label} — {p.description}") for p in PRESETS.values()],
        ],
        required=False,
    )


class MappingForm(forms.Form):
    """For each of our fields, the column of the file that holds it (or none)."""

    school_year = forms.CharField(
        label=_("Anno scolastico"),
        max_length=9,
        required=False,
        help_text=_("Per le righe che non lo indicano; se vuoto, l'anno in corso."),
    )
    mark_missing_left = forms.BooleanField(
        label=_("Segna come usciti gli studenti della scuola che non sono nel file"),
        required=False,
    )

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— non presente nel file —")), *[(h, h) for h in header if h]]
        for field in FIELDS:
            self.fields[f"col_{field.key}"] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=False,
                help_text=field.help,
            )
        # Mapping selects first, then the two options.
        self.order_fields([f"col_{f.key}" for f in FIELDS])

    def mapping(self) -> dict[str, str]:
        return {f.key: self.cleaned_data.get(f"col_{f.key}") or "" for f in FIELDS}


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail a cui inviare l'invito"),
        help_text=_("Lo studente (o la famiglia, se minorenne) riceve un link valido 14 giorni."),
    )


class SkillForm(forms.Form):
    """Adds a skill to the student's profile: picked from the suggestions or typed."""

    level = forms.TypedChoiceField(
        label=_("Livello"),
        choices=[(n, f"{n} – {label}") for n, label in SKILL_LEVELS],
        coerce=int,
        initial=2,
    )
    competenza = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    competenza_testo = forms.CharField(
        label=_("Competenza"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"id": "skill-picker"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        skill = None
        if data.get("competenza"):
            skill = Skill.objects.filter(pk=data["competenza"], is_group=False).first()
        elif (data.get("competenza_testo") or "").strip():
            # Without the script the typed text is sent: take the best match.
            hits = search_skills(data["competenza_testo"], limit=1)
            skill = Skill.objects.filter(pk=hits[0].id).first() if hits else None
        if skill is None:
            self.add_error(
                "competenza_testo",
                _("Scegli una competenza tra i suggerimenti (scrivi almeno due lettere)."),
            )
        data["skill"] = skill
        return data
