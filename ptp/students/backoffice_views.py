"""The school's roster pages under /gestione/scuole/<slug>/studenti/: list, export, record,
invitation, import. Only the school's own staff reach them; for anyone else they do not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ptp.core.errors import ConflictError, DomainError
from ptp.core.exports import table_download
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.students import import_services, queries, services
from ptp.students.forms import InviteForm, MappingForm, RosterFilterForm, StudentForm, UploadForm
from ptp.students.importer import PRESETS
from ptp.students.importer.cells import current_school_year
from ptp.students.importer.mapping import FIELDS
from ptp.students.models import ImportStatus, StudentImportJob
from ptp.students.permissions import get_school_for_staff, get_school_student


@login_required
@require_GET
def student_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The school's students, searchable by name, code or class and filtered by year and track."""
    school = get_school_for_staff(request.user, slug)
    form = RosterFilterForm(request.GET or None)
    students = queries.school_roster(school, form.filters())
    context = {
        "school": school,
        "form": form,
        "page": paginate(request, students),
        "imports": queries.recent_import_jobs(school),
    }
    return render(request, "students/roster.html", context)


@login_required
@require_GET
def student_export(
    request: AuthenticatedRequest, slug: str
) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as CSV or XLSX, without codice fiscale and without the accommodations
    and disadvantage flags; the download is logged."""
    school = get_school_for_staff(request.user, slug)
    students = queries.school_roster(school, RosterFilterForm(request.GET or None).filters())
    fmt = "xlsx" if request.GET.get("formato") == "xlsx" else "csv"
    services.record_roster_export(actor=request.user, school=school, rows=students.count(), fmt=fmt)
    return table_download(
        fmt,
        f"studenti-{school.slug}",
        "studenti",
        queries.EXPORT_HEADER,
        queries.roster_export_rows(students),
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Adds one student to the roster (for the many, there is the import)."""
    school = get_school_for_staff(request.user, slug)
    initial = {"school_year": current_school_year(timezone.localdate())}
    form = StudentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.register_student(
                actor=request.user, school=school, data=form.data_for_service()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Studente registrato con il codice %(code)s.") % {"code": student.code}
            )
            return redirect("backoffice:student_detail", slug=school.slug, code=student.code)
    return render(request, "students/student_form.html", {"school": school, "form": form})


@login_required
@require_GET
def student_detail(request: AuthenticatedRequest, slug: str, code: str) -> HttpResponse:
    """A student's record with the codice fiscale and accommodations (this reading is logged)."""
    school = get_school_for_staff(request.user, slug)
    student = get_school_student(request.user, school, code)
    details = services.reveal_personal_details(actor=request.user, student=student)
    context = {
        "school": school,
        "student": student,
        "details": details,
        "skills": queries.skill_profile(student),
    }
    return render(request, "students/student_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def student_edit(request: AuthenticatedRequest, slug: str, code: str) -> HttpResponse:
    """Corrects a student's record; showing the form reveals the codice fiscale, so it is logged."""
    school = get_school_for_staff(request.user, slug)
    student = get_school_student(request.user, school, code)
    initial = None
    if request.method == "GET":
        details = services.reveal_personal_details(actor=request.user, student=student)
        initial = {
            "codice_fiscale": details.codice_fiscale,
            "family_name": student.family_name,
            "given_name": student.given_name,
            "birth_date": student.birth_date,
            "track": student.track,
            "class_year": student.class_year,
            "class_section": student.class_section,
            "school_year": student.school_year,
            "programme_code": student.programme.code if student.programme else "",
            "municipality": student.municipality,
            "email": student.email,
            "has_accommodations": student.has_accommodations,
            "economic_disadvantage": student.economic_disadvantage,
        }
    form = StudentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_student(
                actor=request.user, student=student, data=form.data_for_service()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Dati dello studente aggiornati."))
            return redirect("backoffice:student_detail", slug=school.slug, code=student.code)
    context = {"school": school, "student": student, "form": form}
    return render(request, "students/student_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def student_invite(request: AuthenticatedRequest, slug: str, code: str) -> HttpResponse:
    """Invites the student (or their family) to open the account linked to the record."""
    school = get_school_for_staff(request.user, slug)
    student = get_school_student(request.user, school, code)
    form = InviteForm(request.POST or None, initial={"email": student.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_student(
                actor=request.user,
                student=student,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Invito inviato a %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("backoffice:student_detail", slug=school.slug, code=student.code)
    context = {"school": school, "student": student, "form": form}
    return render(request, "students/student_invite.html", context)


# --- Import -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def student_import(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Step 1: upload the file and say which register exported it."""
    school = get_school_for_staff(request.user, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_services.upload_roster(
                actor=request.user,
                school=school,
                file_name=upload.name,
                content=upload.read(import_services.MAX_IMPORT_BYTES + 1),
                preset=form.cleaned_data["preset"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("backoffice:student_import_job", slug=school.slug, job_id=job.pk)
    context = {"school": school, "form": form, "presets": PRESETS.values(), "fields": FIELDS}
    return render(request, "students/import_upload.html", context)


def _job(school_pk: int, job_id: int) -> StudentImportJob:
    return get_object_or_404(
        StudentImportJob.objects.defer("content"), pk=job_id, school_id=school_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_import_job(request: AuthenticatedRequest, slug: str, job_id: int) -> HttpResponse:
    """Step 2: choose the columns and check the file; then the progress and the report."""
    school = get_school_for_staff(request.user, slug)
    job = _job(school.pk, job_id)
    initial = {f"col_{key}": column for key, column in job.mapping.items()}
    initial |= {"school_year": job.school_year, "mark_missing_left": job.mark_missing_left}
    form = MappingForm(request.POST or None, header=job.header, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            import_services.check_roster(
                actor=request.user,
                job=job,
                mapping=form.mapping(),
                school_year=form.cleaned_data["school_year"],
                mark_missing_left=form.cleaned_data["mark_missing_left"],
            )
        except ConflictError as exc:
            messages.error(request, exc.message)  # the job moved on: its page says where it is
            return redirect("backoffice:student_import_job", slug=school.slug, job_id=job.pk)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("backoffice:student_import_job", slug=school.slug, job_id=job.pk)
    context = {"school": school, "job": job, "form": form, "statuses": ImportStatus}
    return render(request, "students/import_job.html", context)


@login_required
@require_GET
def student_import_progress(request: AuthenticatedRequest, slug: str, job_id: int) -> HttpResponse:
    """The progress fragment the job page polls every second."""
    school = get_school_for_staff(request.user, slug)
    job = _job(school.pk, job_id)
    return render(request, "students/import_job.html#progress", {"school": school, "job": job})


@login_required
@require_POST
def student_import_confirm(request: AuthenticatedRequest, slug: str, job_id: int) -> HttpResponse:
    """Step 3: import the checked file (again checked, all rows or none)."""
    school = get_school_for_staff(request.user, slug)
    job = _job(school.pk, job_id)
    try:
        import_services.confirm_roster(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:student_import_job", slug=school.slug, job_id=job.pk)
