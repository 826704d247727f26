"""The search form shared by the skill and occupation pickers and their public pages."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class ConceptSearchForm(forms.Form):
    """A search term, optionally including skill groups; ``lista`` names the listbox element."""

    q = forms.CharField(label=_("Cerca"), max_length=100, required=False, strip=True)
    gruppi = forms.BooleanField(label=_("Includi i gruppi di competenze"), required=False)
    lista = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=40,
        validators=[RegexValidator(r"^[a-z][a-z0-9-]*$", _("Identificativo non valido."))],
    )
