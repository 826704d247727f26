"""A company's hosting in its back office: its hubs and registration in each, the framework
agreement, its tutors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.accounts.models import Role, User
from ptp.accounts.services import invite_staff
from ptp.core.errors import DomainError
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest
from ptp.demand.permissions import company_hubs, get_company_to_manage, get_company_to_view
from ptp.network.models import Hub, Organization
from ptp.placements.hosts import queries, services
from ptp.placements.hosts.forms import (
    AcceptanceForm,
    HostDetailsForm,
    HostRegistrationForm,
    TutorInvitationForm,
)
from ptp.placements.hosts.permissions import can_manage_host, get_hub_of_host
from ptp.placements.models import HostEnrollment


@login_required
def host_overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The company's hubs with its registration as a host in each, its tutors, what is missing."""
    company = get_company_to_view(request.user, slug)
    context = {
        "company": company,
        "overview": queries.host_overview(request.user, company),
        "can_manage": can_manage_host(request.user, company),
    }
    return render(request, "hosts/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def host_register(request: AuthenticatedRequest, slug: str, hub_slug: str) -> HttpResponse:
    """Registers the company as a host of one hub, accepting its framework agreement if wished."""
    company = get_company_to_manage(request.user, slug)
    hub = get_hub_of_host(request.user, company, hub_slug)
    agreement = services.latest_agreement(hub)
    form = HostRegistrationForm(
        request.POST or None, agreement=agreement, initial={"seat_address": company.address}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.register_host(
                actor=request.user,
                hub=hub,
                organization=company,
                details=form.details(),
                accept_agreement_version=form.accepted_version(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Registrazione come soggetto ospitante completata."))
            return redirect("backoffice:host", slug=company.slug)
    context = {
        "company": company,
        "hub": hub,
        "form": form,
        "agreement": agreement,
        "overview": queries.host_overview(request.user, company),
    }
    return render(request, "hosts/register.html", context)


def _enrollment_to_manage(
    user: User, slug: str, hub_slug: str
) -> tuple[Organization, Hub, HostEnrollment]:
    """The company the user manages, one of its hubs and its registration there (404 without)."""
    company = get_company_to_manage(user, slug)
    hub = get_hub_of_host(user, company, hub_slug)
    enrollment = queries.host_enrollment(hub, company)
    if enrollment is None:
        raise Http404
    return company, hub, enrollment


@login_required
@require_http_methods(["GET", "POST"])
def host_accept(request: AuthenticatedRequest, slug: str, hub_slug: str) -> HttpResponse:
    """Accepts the hub's framework agreement, once."""
    company, hub, enrollment = _enrollment_to_manage(request.user, slug, hub_slug)
    agreement = services.latest_agreement(hub)
    form = AcceptanceForm(
        request.POST or None, initial={"version": agreement.version if agreement else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_framework_agreement(
                actor=request.user,
                enrollment=enrollment,
                agreement_version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Convenzione quadro accettata."))
            return redirect("backoffice:host", slug=company.slug)
    context = {
        "company": company,
        "hub": hub,
        "enrollment": enrollment,
        "agreement": agreement,
        "form": form,
    }
    return render(request, "hosts/accept.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def host_edit(request: AuthenticatedRequest, slug: str, hub_slug: str) -> HttpResponse:
    """Changes the host's seat, INAIL position and liability policy in one hub."""
    company, hub, enrollment = _enrollment_to_manage(request.user, slug, hub_slug)
    initial = {
        "seat_address": enrollment.seat_address,
        "inail_position": enrollment.inail_position,
        "liability_policy": enrollment.liability_policy,
    }
    form = HostDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_host_details(
                actor=request.user, enrollment=enrollment, details=form.details()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Dati dell'ospitante aggiornati."))
            return redirect("backoffice:host", slug=company.slug)
    context = {"company": company, "hub": hub, "form": form}
    return render(request, "hosts/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tutor_invite(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Invites a company tutor by e-mail (an account of the company's staff)."""
    company = get_company_to_manage(request.user, slug)
    hubs = company_hubs(request.user, company)
    form = TutorInvitationForm(request.POST or None, hubs=hubs)
    if request.method == "POST" and hubs and form.is_valid():
        try:
            invite_staff(
                actor=request.user,
                hub=form.cleaned_data["hub"],
                email=form.cleaned_data["email"],
                role=Role.ORGANIZATION_STAFF,
                organization=company,
                base_url=request.build_absolute_uri("/"),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Invito inviato a %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("backoffice:host", slug=company.slug)
    return render(request, "hosts/tutor_invite.html", {"company": company, "form": form})
