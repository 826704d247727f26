"""The student area under /studente/: my data, my skills profile, and accepting the school's
invitation to open the account."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ptp.accounts.forms import AcceptInvitationForm
from ptp.accounts.models import User
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest
from ptp.students import queries, services
from ptp.students.forms import SkillForm
from ptp.students.models import Student


def _own_student(request: AuthenticatedRequest) -> Student:
    """The logged-in student's record; the area does not exist for other accounts."""
    student = queries.student_for_user(request.user)
    if student is None:
        raise Http404
    return student


@login_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """What the school has recorded about me (read-only) and my skills profile."""
    student = _own_student(request)
    context = {"student": student, "skills": queries.skill_profile(student)}
    return render(request, "students/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def skills(request: AuthenticatedRequest) -> HttpResponse:
    """My skills profile: add a skill with its level, or change the level of one I declared."""
    student = _own_student(request)
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_skill(
                actor=request.user,
                student=student,
                skill=form.cleaned_data["skill"],
                level=form.cleaned_data["level"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Competenza salvata nel tuo profilo."))
            return redirect("students:skills")
    context = {"student": student, "form": form, "skills": queries.skill_profile(student)}
    return render(request, "students/skills.html", context)


@login_required
@require_POST
def skill_remove(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    """Removes a skill I declared."""
    student = _own_student(request)
    try:
        services.remove_declared_skill(actor=request.user, student=student, link_id=link_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Competenza tolta dal profilo."))
    return redirect("students:skills")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Opens the account the school invited the student to: new accounts are created here,
    an existing one must log in first."""
    try:
        student, email = services.invitation_from_token(token)
    except DomainError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": exc.message}, status=410
        )
    user = request.user if request.user.is_authenticated else None
    account_exists = User.objects.filter(email__iexact=email).exists()
    form = None if account_exists else AcceptInvitationForm(request.POST or None, email=email)
    if request.method == "POST" and (form is None or form.is_valid()):
        if account_exists and user is None:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            accepted = services.accept_student_invitation(
                token=token,
                user=user if account_exists else None,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except DomainError as exc:
            if form is None:
                messages.error(request, exc.message)
            else:
                add_domain_error(form, exc)
        else:
            if user is None or user.pk != accepted.pk:
                login(request, accepted, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Benvenuto: il tuo account di studente è attivo."))
            return redirect("students:home")
    context: dict[str, Any] = {
        "student": student,
        "email": email,
        "form": form,
        "account_exists": account_exists,
    }
    return render(request, "students/invitation_accept.html", context)
