"""The catalogue search form: lenient, so a shared URL with a stale value still shows results."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.catalogue.models import ProgrammeKind
from ptp.catalogue.search import SORTS, Filters
from ptp.skills.queries import search_skills

SORT_CHOICES = [
    ("rilevanza", _("Pertinenza")),
    ("titolo", _("Titolo (A–Z)")),
    ("eqf", _("Livello EQF crescente")),
    ("-eqf", _("Livello EQF decrescente")),
    ("durata", _("Durata crescente")),
    ("-durata", _("Durata decrescente")),
]


def _best_skill(text: str) -> int | None:
    """The best-matching skill for typed text, so the picker works without its script."""
    if not text.strip():
        return None
    hits = search_skills(text, limit=1)
    return hits[0].id if hits else None


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Cerca"), required=False, max_length=200)
    filiera = forms.SlugField(required=False)
    polo = forms.SlugField(required=False)
    provincia = forms.SlugField(required=False)
    comune = forms.RegexField(regex=r"^\d{6}$", required=False)
    tipo = forms.ChoiceField(choices=[("", ""), *ProgrammeKind.choices], required=False)
    eqf = forms.IntegerField(min_value=1, max_value=8, required=False)
    competenza = forms.IntegerField(min_value=1, required=False)
    # What a visitor typed in the skill picker when no suggestion was chosen (or without script).
    competenza_testo = forms.CharField(required=False, max_length=100)
    erogatore = forms.SlugField(required=False, max_length=120)
    ordina = forms.ChoiceField(label=_("Ordina per"), choices=SORT_CHOICES, required=False)

    def filters(self) -> Filters:
        """The valid filters; a field with a bad value is dropped rather than failing the search."""
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        sort = data.get("ordina") or "rilevanza"
        return Filters(
            text=data.get("q") or "",
            sector=data.get("filiera") or "",
            hub=data.get("polo") or "",
            province=data.get("provincia") or "",
            municipality=data.get("comune") or "",
            kind=data.get("tipo") or "",
            eqf=data.get("eqf"),
            skill=data.get("competenza") or _best_skill(data.get("competenza_testo") or ""),
            provider=data.get("erogatore") or "",
            sort=sort if sort in SORTS else "rilevanza",
        )
