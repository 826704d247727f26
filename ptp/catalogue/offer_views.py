"""The hub's catalogue in the back office: its programmes, import from CSV/XLSX, export."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ptp.catalogue import queries
from ptp.catalogue.importer import import_catalogue
from ptp.core.exports import XLSX_TYPE, stream_csv
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.lib.spreadsheets import xlsx_workbook_bytes
from ptp.network.permissions import can_manage_hub, get_hub_for_backoffice, get_hub_to_manage

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    programmes = forms.FileField(
        label=gettext_lazy("Percorsi (CSV o XLSX)"),
        help_text=gettext_lazy("Un file XLSX può contenere anche il foglio «edizioni»."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    editions = forms.FileField(
        label=gettext_lazy("Edizioni (CSV o XLSX, facoltativo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Solo verifica: controlla i file senza scrivere nulla"),
        required=False,
        initial=True,
    )

    def _check(self, name: str) -> object:
        upload = self.cleaned_data.get(name)
        if upload is None:
            return None
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Si possono importare solo file .csv o .xlsx."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Il file supera il limite di 20 MB."))
        return upload

    def clean_programmes(self) -> object:
        return self._check("programmes")

    def clean_editions(self) -> object:
        return self._check("editions")


@login_required
def offer_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The hub's programmes, with import and export for its coordinator."""
    hub = get_hub_for_backoffice(request.user, slug)
    context = {
        "hub": hub,
        "page": paginate(request, queries.hub_programmes(hub)),
        "can_manage": can_manage_hub(request.user, hub),
    }
    return render(request, "catalogue/offer_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_import(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Checks every row of the uploaded files and reports each mistake; writes all or nothing."""
    hub = get_hub_to_manage(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        programmes = form.cleaned_data["programmes"]
        editions = form.cleaned_data["editions"]
        report = import_catalogue(
            actor=request.user,
            hub=hub,
            programmes_file=programmes,
            programmes_name=programmes.name,
            editions_file=editions,
            editions_name=editions.name if editions else "",
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.written:
            messages.success(
                request,
                _(
                    "Importati %(new)d percorsi nuovi, %(changed)d aggiornati e %(editions)d edizioni."
                )
                % {
                    "new": report.programmes_created,
                    "changed": report.programmes_updated,
                    "editions": report.editions_created + report.editions_updated,
                },
            )
            return redirect("backoffice:offer_list", slug=hub.slug)
    return render(
        request, "catalogue/offer_import.html", {"hub": hub, "form": form, "report": report}
    )


@login_required
def offer_export(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The hub's programmes and editions in the import layout (XLSX with two sheets, or one CSV)."""
    hub = get_hub_for_backoffice(request.user, slug)
    programme_rows, edition_rows = queries.import_layout_rows(hub)
    if request.GET.get("formato") == "csv":
        if request.GET.get("foglio") == "edizioni":
            return stream_csv(f"edizioni-{hub.slug}", queries.IMPORT_EDITION_HEADER, edition_rows)  # type: ignore[return-value]
        return stream_csv(f"percorsi-{hub.slug}", queries.IMPORT_PROGRAMME_HEADER, programme_rows)  # type: ignore[return-value]
    content = xlsx_workbook_bytes(
        [
            ("percorsi", queries.IMPORT_PROGRAMME_HEADER, programme_rows),
            ("edizioni", queries.IMPORT_EDITION_HEADER, edition_rows),
        ]
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="offerta-{hub.slug}.xlsx"'
    return response
