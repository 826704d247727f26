"""Login, logout and accepting an invitation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.accounts.forms import AcceptInvitationForm, LoginForm
from ptp.accounts.models import User
from ptp.accounts.services import accept_invitation, invitation_from_token
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error


class PtpLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    # LoginView puts the request's host in site_name; the layout wants the product's name.
    extra_context = {"site_name": settings.PTP_SITE_NAME}


class PtpLogoutView(LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Shows an invitation and grants its role: a new account is created, an existing one must log in."""
    try:
        invitation = invitation_from_token(token)
    except DomainError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": exc.message}, status=410
        )
    user = request.user if request.user.is_authenticated else None
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = (
        None
        if account_exists
        else AcceptInvitationForm(request.POST or None, email=invitation.email)
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        if account_exists and user is None:
            return redirect(f"{_login_url()}?next={request.path}")
        try:
            accepted = accept_invitation(
                invitation=invitation,
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
            # The invitee is logged in, also when the account was just created on a browser where
            # someone else was logged in.
            if user is None or user.pk != accepted.pk:
                login(request, accepted, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Benvenuto: l'invito è stato accettato."))
            return redirect("backoffice:home")
    context = {"invitation": invitation, "form": form, "account_exists": account_exists}
    return render(request, "accounts/invitation_accept.html", context)


def _login_url() -> str:
    from django.urls import reverse

    return reverse("accounts:login")
