"""Forms of the school's outcome pages and the public filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ptp.network.models import SCHOOL_KINDS, Hub, Membership, Organization
from ptp.outcomes.importer import FIELDS
from ptp.outcomes.models import OutcomeStatus
from ptp.outcomes.services import OutcomeData

IN_SECTOR_CHOICES = [("", _("Non noto")), ("1", _("Sì")), ("0", _("No"))]
MONTH_CHOICES = [(12, _("12 mesi")), (6, _("6 mesi"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cerca per nome o codice"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )


class OutcomeForm(forms.Form):
    """One checkpoint of one student; the employer is a company of the network or a name."""

    status = forms.ChoiceField(label=_("Situazione"), choices=OutcomeStatus.choices)
    employer = forms.ModelChoiceField(
        label=_("Datore di lavoro nella rete"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— nessuno / non nella rete —"),
        help_text=_("Le imprese dei poli della scuola."),
    )
    employer_name = forms.CharField(
        label=_("Datore di lavoro (se non è nella rete)"), max_length=200, required=False
    )
    in_sector = forms.TypedChoiceField(
        label=_("Nella filiera del percorso"),
        choices=IN_SECTOR_CHOICES,
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, employers: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer_field = self.fields["employer"]
        assert isinstance(employer_field, forms.ModelChoiceField)  # noqa: S101
        employer_field.queryset = Organization.objects.filter(pk__in=[o.pk for o in employers])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        employed = data.get("status") == OutcomeStatus.EMPLOYED
        if not employed and (data.get("employer") or data.get("employer_name")):
            self.add_error("employer", _("Il datore di lavoro si indica solo per chi è occupato."))
        if data.get("employer") and data.get("employer_name"):
            self.add_error(
                "employer_name",
                _("Scegli un soggetto della rete oppure scrivi il nome, non entrambi."),
            )
        return data

    def data_for_service(self, months: int) -> OutcomeData:
        data = self.cleaned_data
        employer = data.get("employer")
        return OutcomeData(
            months_after=months,
            status=data["status"],
            employer_id=employer.pk if employer else None,
            employer_name=data.get("employer_name") or "",
            in_sector=data.get("in_sector"),
        )


class ImportForm(forms.Form):
    """The file and, once its columns are known, which column holds each field."""

    file = forms.FileField(
        label=_("File degli esiti (CSV o XLSX)"),
        required=False,
        help_text=_(
            "CSV separato da punto e virgola o da virgola; prima riga con i nomi delle colonne."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, header: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header = header or []
        if header:
            choices = [("", _("— riconosci dal nome / assente —")), *[(h, h) for h in header if h]]
            for field in FIELDS:
                self.fields[f"col_{field.key}"] = forms.ChoiceField(
                    label=field.label, choices=choices, required=False, help_text=field.help
                )

    def mapping(self) -> dict[str, str]:
        """Only the columns the user chose; the others are recognised by name."""
        return {
            f.key: column for f in FIELDS if (column := self.cleaned_data.get(f"col_{f.key}") or "")
        }


class FilterForm(forms.Form):
    """The public page's filters; a bad value is ignored rather than failing the page."""

    polo = forms.TypedChoiceField(
        label=_("Polo"), coerce=int, required=False, empty_value=None, choices=[]
    )
    scuola = forms.TypedChoiceField(
        label=_("Scuola"), coerce=int, required=False, empty_value=None, choices=[]
    )
    mesi = forms.TypedChoiceField(
        label=_("A mesi dall'uscita"),
        coerce=int,
        choices=MONTH_CHOICES,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hubs = list(Hub.objects.order_by("short_name").values_list("pk", "short_name"))
        polo = self.fields["polo"]
        assert isinstance(polo, forms.TypedChoiceField)  # noqa: S101
        polo.choices = [("", _("Tutti i poli")), *hubs]
        school_ids = Membership.objects.active().filter(organization__kind__in=SCHOOL_KINDS)
        schools = (
            Organization.objects.filter(pk__in=school_ids.values("organization_id"))
            .order_by("name")
            .values_list("pk", "name")
        )
        scuola = self.fields["scuola"]
        assert isinstance(scuola, forms.TypedChoiceField)  # noqa: S101
        scuola.choices = [("", _("Tutte le scuole")), *schools]

    def values(self) -> tuple[int | None, int | None, int]:
        if not self.is_valid():
            return None, None, 12
        data = self.cleaned_data
        return data.get("polo"), data.get("scuola"), data.get("mesi") or 12
