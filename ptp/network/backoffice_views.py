"""The coordinator's back office: members, agreements, invitations and the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ptp.accounts.forms import InvitationForm
from ptp.accounts.scopes import scopes_of
from ptp.accounts.services import invite_staff
from ptp.audit.queries import hub_audit_log
from ptp.core.errors import DomainError
from ptp.core.exports import stream_csv
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest, paginate
from ptp.network import queries, services
from ptp.network.forms import (
    AgreementForm,
    AuditFilterForm,
    JoiningForm,
    LeavingForm,
    NewMemberForm,
    OrganizationForm,
    TransferLeadForm,
)
from ptp.network.models import SCHOOL_KINDS, Hub, Membership, MembershipRole, Organization
from ptp.network.permissions import (
    can_download_agreement,
    can_manage_hub,
    can_read_hub_audit,
    get_hub_for_backoffice,
    get_hub_to_manage,
    get_organization_to_edit,
)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The hubs and organizations the user works on."""
    scopes = scopes_of(request.user)
    hub_ids = set(scopes.coordinated_hub_ids)
    if scopes.region_ids:
        hub_ids |= set(
            Hub.objects.filter(province__region_id__in=scopes.region_ids).values_list(
                "pk", flat=True
            )
        )
    organizations = (
        Organization.objects.filter(pk__in=scopes.staff_organization_ids)
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active().select_related("hub"),
                to_attr="active_memberships",
            )
        )
    )
    context = {
        "hubs": queries.hubs_with_memberships(sorted(hub_ids)),
        "coordinated": scopes.coordinated_hub_ids,
        "organizations": organizations,
        "is_regional_officer": bool(scopes.region_ids),
        "is_student": bool(scopes.student_organization_ids),
        "school_ids": {org.pk for org in organizations if org.kind in SCHOOL_KINDS},
        "has_no_role": scopes.is_empty,
    }
    return render(request, "backoffice/home.html", context)


@login_required
def hub_overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A hub's members today and before, its agreements and pending invitations."""
    hub = get_hub_for_backoffice(request.user, slug)
    profile = queries.hub_profile(slug)
    context = {
        "hub": hub,
        "profile": profile,
        "agreements": queries.hub_agreements(hub),
        "can_manage": can_manage_hub(request.user, hub),
        "can_read_audit": can_read_hub_audit(request.user, hub),
        "pending_invitations": hub.invitations.filter(accepted_at__isnull=True).select_related(
            "organization"
        )
        if can_manage_hub(request.user, hub)
        else [],
    }
    return render(request, "backoffice/hub_overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Records an existing organization joining the hub."""
    hub = get_hub_to_manage(request.user, slug)
    form = JoiningForm(request.POST or None, organizations=queries.organizations_joinable(hub))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_joining(actor=request.user, hub=hub, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Adesione registrata."))
            return redirect("backoffice:hub", slug=hub.slug)
    return render(request, "backoffice/membership_form.html", {"hub": hub, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Registers a new organization and records it joining the hub, in one step."""
    hub = get_hub_to_manage(request.user, slug)
    form = NewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_new_member(
                actor=request.user,
                hub=hub,
                values=form.values(),
                role=form.cleaned_data["role"],
                joined_on=form.cleaned_data["joined_on"],
                is_founding=form.cleaned_data["is_founding"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Soggetto registrato e aggiunto al polo."))
            return redirect("backoffice:hub", slug=hub.slug)
    return render(request, "backoffice/organization_create.html", {"hub": hub, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_leave(request: AuthenticatedRequest, slug: str, membership_id: int) -> HttpResponse:
    """Records a member leaving: the membership closes and stays in the history."""
    hub = get_hub_to_manage(request.user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("organization"), pk=membership_id, hub=hub
    )
    form = LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_leaving(actor=request.user, membership=membership, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Uscita registrata: l'adesione resta nello storico."))
            return redirect("backoffice:hub", slug=hub.slug)
    return render(
        request,
        "backoffice/membership_leave.html",
        {"hub": hub, "membership": membership, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_transfer(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Hands the lead role to another active member."""
    hub = get_hub_to_manage(request.user, slug)
    partners = (
        Membership.objects.for_hub(hub)
        .active()
        .filter(role=MembershipRole.PARTNER)
        .select_related("organization")
        .order_by("organization__name")
    )
    form = TransferLeadForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_lead(actor=request.user, hub=hub, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Passaggio di capofila registrato."))
            return redirect("backoffice:hub", slug=hub.slug)
    return render(request, "backoffice/lead_transfer.html", {"hub": hub, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_upload(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Uploads a new version of the network agreement (PDF only, size-limited)."""
    hub = get_hub_to_manage(request.user, slug)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.upload_agreement(actor=request.user, hub=hub, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Caricata la versione %(v)d dell'accordo di rete.") % {"v": agreement.version},
            )
            return redirect("backoffice:hub", slug=hub.slug)
    return render(request, "backoffice/agreement_form.html", {"hub": hub, "form": form})


@login_required
def agreement_download(request: AuthenticatedRequest, slug: str, version: int) -> FileResponse:
    """Serves a signed agreement to those who see the hub's back office."""
    hub = get_hub_for_backoffice(request.user, slug)
    agreement = get_object_or_404(hub.agreements, version=version)
    if not can_download_agreement(request.user, agreement):
        raise PermissionDenied
    if not agreement.document:
        raise Http404
    return FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=f"accordo-di-rete-{hub.slug}-v{agreement.version}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Invites a member organization's staff (or a co-coordinator) by e-mail."""
    hub = get_hub_to_manage(request.user, slug)
    form = InvitationForm(
        request.POST or None, organizations=queries.active_member_organizations(hub)
    )
    if request.method == "POST" and form.is_valid():
        try:
            invite_staff(
                actor=request.user,
                hub=hub,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Invito inviato a %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("backoffice:hub", slug=hub.slug)
    return render(request, "backoffice/invitation_form.html", {"hub": hub, "form": form})


@login_required
def audit_log(request: AuthenticatedRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    """The hub's audit log, filterable and exportable as CSV."""
    hub = get_hub_for_backoffice(request.user, slug)
    if not can_read_hub_audit(request.user, hub):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    action = object_type = ""
    if form.is_valid():
        action, object_type = form.cleaned_data["azione"], form.cleaned_data["oggetto"]
    events = hub_audit_log(hub_id=hub.pk, action=action, object_type=object_type)
    if request.GET.get("formato") == "csv":
        rows = (
            (
                e.at.isoformat(),
                e.actor_label,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.object_label,
                e.summary,
                e.before,
                e.after,
            )
            for e in events.iterator()
        )
        header = [
            "quando",
            "utente",
            "azione",
            "tipo",
            "id",
            "oggetto",
            "descrizione",
            "prima",
            "dopo",
        ]
        return stream_csv(f"registro-{hub.slug}", header, rows)
    page = paginate(request, events)
    return render(request, "backoffice/audit_log.html", {"hub": hub, "form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Edits an organization's details (its staff or the coordinator of a hub it belongs to)."""
    organization = get_organization_to_edit(request.user, slug)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                actor=request.user, organization=organization, values=form.values()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Dati del soggetto aggiornati."))
            return redirect("backoffice:home")
    return render(
        request, "backoffice/organization_edit.html", {"organization": organization, "form": form}
    )
