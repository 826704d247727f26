"""The school's outcome pages under /gestione/scuole/<slug>/esiti/: its students who finished
with their outcomes at 6 and 12 months, the form to record one, and the import. Only the school's
own staff reach them; for anyone else they do not exist (404)."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.outcomes import queries, services
from ptp.outcomes.forms import ImportForm, OutcomeForm, SearchForm
from ptp.outcomes.importer import FIELDS, import_outcomes
from ptp.outcomes.models import Outcome
from ptp.students.importer.reading import FileFormatError, read_header
from ptp.students.permissions import get_school_for_staff, get_school_student
from ptp.students.protection import seal, unseal

# Outcome files are one line per student and checkpoint: a school's are far below this.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
_SESSION_KEY = "outcomes-import"


@login_required
@require_GET
def outcome_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The school's students who left or are in their final year, with outcomes at 6 and 12 months."""
    school = get_school_for_staff(request.user, slug)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, queries.finishing_students(school, text))
    rows = []
    for student in page.object_list:
        by_months = {o.months_after: o for o in student.outcomes.all()}
        rows.append((student, [(m, by_months.get(m)) for m in queries.CHECKPOINTS]))
    context = {"school": school, "form": form, "page": page, "rows": rows}
    return render(request, "outcomes/school_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: AuthenticatedRequest, slug: str, code: str, months: int) -> HttpResponse:
    """Records or corrects one student's outcome at 6 or 12 months."""
    school = get_school_for_staff(request.user, slug)
    student = get_school_student(request.user, school, code)
    if months not in queries.CHECKPOINTS or not queries.is_finishing(student):
        raise Http404
    outcome = Outcome.objects.filter(student=student, months_after=months).first()
    initial = None
    if outcome is not None:
        initial = {
            "status": outcome.status,
            "employer": outcome.employer_id,
            "employer_name": outcome.employer_name,
            "in_sector": "" if outcome.in_sector is None else str(int(outcome.in_sector)),
        }
    form = OutcomeForm(
        request.POST or None, initial=initial, employers=queries.employer_choices(school)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                actor=request.user, student=student, data=form.data_for_service(months)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Esito a %(months)s mesi di %(code)s registrato.")
                % {"months": months, "code": student.code},
            )
            return redirect("backoffice:outcome_list", slug=school.slug)
    context = {"school": school, "student": student, "months": months, "form": form}
    return render(request, "outcomes/outcome_form.html", context)


def _stored_upload(request: AuthenticatedRequest, school_pk: int) -> tuple[str, bytes] | None:
    stored = request.session.get(_SESSION_KEY)
    if not stored or stored.get("school") != school_pk:
        return None
    return stored["name"], unseal(base64.b64decode(stored["content"]))


@login_required
@require_http_methods(["GET", "POST"])
def outcome_import(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Upload a file, choose its columns, check it (dry run: every row, errors by line), then
    import it: all rows or none. The upload waits in the session, encrypted, between the steps."""
    school = get_school_for_staff(request.user, slug)
    upload = _stored_upload(request, school.pk) if request.method == "POST" else None
    new_file = request.FILES.get("file")
    report = None
    header: list[str] = []
    problem = ""
    if new_file is not None:
        content = new_file.read(MAX_IMPORT_BYTES + 1)
        upload = (new_file.name or "esiti.csv", content)
        if len(content) > MAX_IMPORT_BYTES:
            upload = None
            problem = _("Il file supera i 5 MB: dividilo in più file.")
        else:
            request.session[_SESSION_KEY] = {
                "school": school.pk,
                "name": upload[0],
                "content": base64.b64encode(seal(content)).decode("ascii"),
            }
    if upload is not None:
        try:
            header = read_header(upload[1], upload[0])
        except FileFormatError as exc:
            problem = str(exc)
            upload = None
            request.session.pop(_SESSION_KEY, None)
    form = ImportForm(request.POST or None, request.FILES or None, header=header)
    if request.method == "POST" and upload is not None and form.is_valid():
        confirm = "importa" in request.POST and new_file is None
        report = import_outcomes(
            school=school,
            content=upload[1],
            file_name=upload[0],
            actor=request.user,
            mapping=form.mapping(),
            dry_run=not confirm,
        )
        if report.written:
            request.session.pop(_SESSION_KEY, None)
            messages.success(
                request,
                _("Importazione completata: %(c)s nuovi esiti, %(u)s aggiornati, %(n)s invariati.")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
            return redirect("backoffice:outcome_list", slug=school.slug)
    elif request.method == "POST" and upload is None:
        form.add_error("file", problem or _("Carica il file da importare."))
    context = {
        "school": school,
        "form": form,
        "fields": FIELDS,
        "report": report,
        "file_name": upload[0] if upload else "",
    }
    return render(request, "outcomes/import.html", context)
