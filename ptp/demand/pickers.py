"""Choosing skills and an occupation in a back-office form with the autocomplete (combobox.js).

The autocomplete submits the form as soon as a suggestion is chosen; without script, the person
types and presses «Aggiungi». Either way the server resolves the choice (the id the widget filled
in, or the best match for the typed text), adds it to the list shown as ticked boxes and renders
the form again, unsaved, with everything typed kept. Only the «Salva» button (action=save) saves,
and only when no choice is pending, so a typed-but-not-added skill is never lost silently.
Used by the skill-need form and by the opportunity form.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ptp.skills.models import Occupation, Skill
from ptp.skills.queries import search_occupations, search_skills

SAVE = "save"


@dataclass(frozen=True)
class SkillList:
    """A list of chosen skills (ticked boxes) with its autocomplete: the typed text and the id."""

    field: str
    label: str | Promise
    pick: str
    text: str


@dataclass(frozen=True)
class OccupationChoice:
    """One chosen occupation: the id (hidden) and the autocomplete's text."""

    field: str = "occupation"
    text: str = "occupation_text"


@dataclass(frozen=True)
class PickerFields:
    """What a template needs to draw one skill list."""

    spec: SkillList
    chosen: forms.BoundField
    pick: forms.BoundField
    text: forms.BoundField


def _ids(values: Iterable[Any]) -> list[int]:
    ids: list[int] = []
    for value in values:
        raw = getattr(value, "pk", value)
        if str(raw).isdigit() and int(raw) not in ids:
            ids.append(int(raw))
    return ids


class SkillMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PickerForm(forms.Form):
    """A form with skill lists and at most one occupation chosen through the autocomplete."""

    skill_lists: tuple[SkillList, ...] = ()
    occupation_choice: OccupationChoice | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in self.skill_lists:
            # Only the skills already chosen are offered as boxes: unticking one removes it.
            self.fields[spec.field] = SkillMultipleChoiceField(
                queryset=Skill.objects.filter(pk__in=self._chosen(spec.field)).order_by(
                    "label_it", "label_en"
                ),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=spec.label,
            )
            self.fields[spec.pick] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            self.fields[spec.text] = forms.CharField(
                required=False,
                max_length=200,
                label=gettext_lazy("Aggiungi una competenza"),
                help_text=gettext_lazy(
                    "Scrivi almeno due lettere e scegli dai suggerimenti, oppure premi «Aggiungi»."
                ),
            )
        if self.occupation_choice is not None:
            choice = self.occupation_choice
            self.fields[choice.field] = forms.ModelChoiceField(
                queryset=Occupation.objects.all(), required=False, widget=forms.HiddenInput
            )
            self.fields[choice.text] = forms.CharField(
                required=False,
                max_length=200,
                label=gettext_lazy("Professione (classificazione ESCO)"),
                help_text=gettext_lazy(
                    "Scrivi almeno due lettere e scegli dai suggerimenti, oppure premi «Scegli»."
                ),
            )

    def _chosen(self, name: str) -> list[int]:
        if self.is_bound:
            key = self.add_prefix(name)
            getlist = getattr(self.data, "getlist", None)
            return _ids(getlist(key) if getlist else self.data.get(key) or [])
        return _ids(self.initial.get(name) or [])

    def picker_fields(self) -> list[PickerFields]:
        return [
            PickerFields(spec, self[spec.field], self[spec.pick], self[spec.text])
            for spec in self.skill_lists
        ]

    def occupation_fields(self) -> tuple[forms.BoundField, forms.BoundField] | None:
        choice = self.occupation_choice
        return None if choice is None else (self[choice.field], self[choice.text])

    def _raw(self, name: str) -> Any:
        return self[name].data

    def pending_picks(self) -> bool:
        """True when a skill or occupation was chosen or typed but not yet added to the form."""
        if not self.is_bound:
            return False
        for spec in self.skill_lists:
            if str(self._raw(spec.pick) or "").strip() or str(self._raw(spec.text) or "").strip():
                return True
        choice = self.occupation_choice
        if choice is not None:
            has_id = bool(str(self._raw(choice.field) or "").strip())
            has_text = bool(str(self._raw(choice.text) or "").strip())
            return has_id != has_text
        return False

    def wants_refresh(self) -> bool:
        """The submission adds a choice (or asks to save with a choice pending): render again."""
        return self.data.get("action") != SAVE or self.pending_picks()

    def refreshed(self) -> tuple[dict[str, Any], list[str]]:
        """Initial values for the form drawn again with the pending choices resolved, and notes
        for the choices that found nothing."""
        values = {name: self._raw(name) for name in self.fields}
        notes: list[str] = []
        for spec in self.skill_lists:
            ids = [str(i) for i in _ids(values.get(spec.field) or [])]
            skill = _resolve_skill(values.get(spec.pick), values.get(spec.text) or "")
            if skill is not None and str(skill.pk) not in ids:
                ids.append(str(skill.pk))
            elif skill is None and (values.get(spec.text) or "").strip():
                notes.append(
                    _("Nessuna competenza corrisponde a «%(text)s».") % {"text": values[spec.text]}
                )
            values.update({spec.field: ids, spec.pick: None, spec.text: ""})
        choice = self.occupation_choice
        if choice is not None:
            text = (values.get(choice.text) or "").strip()
            current = values.get(choice.field)
            if not text:
                values[choice.field] = None
            elif not str(current or "").strip():
                occupation = _resolve_occupation(text)
                if occupation is None:
                    notes.append(
                        _("Nessuna professione corrisponde a «%(text)s».") % {"text": text}
                    )
                    values.update({choice.field: None, choice.text: ""})
                else:
                    values.update({choice.field: occupation.pk, choice.text: occupation.label})
        if self.data.get("action") == SAVE:
            notes.append(_("Abbiamo aggiunto le scelte in sospeso: controlla e premi «Salva»."))
        return values, notes


def _resolve_skill(pick: Any, text: str) -> Skill | None:
    if str(pick or "").isdigit():
        found = Skill.objects.filter(pk=int(pick)).first()
        if found is not None:
            return found
    hits = search_skills(text, limit=1) if text.strip() else []
    return Skill.objects.filter(pk=hits[0].id).first() if hits else None


def _resolve_occupation(text: str) -> Occupation | None:
    hits = search_occupations(text, limit=1)
    return Occupation.objects.filter(pk=hits[0].id).first() if hits else None
