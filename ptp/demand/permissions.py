"""Who may act for a company (its needs, its host registration, its opportunities) and who reads
the demand of a hub or imports labour-demand bulletins.

Outside a user's scope the company or hub does not exist for them (404); inside it without the
right to act, the answer is 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.demand.models import SkillNeed
from ptp.network.models import Hub, Membership, Organization, OrganizationKind
from ptp.network.permissions import (
    can_edit_organization,
    can_view_organization_backoffice,
    get_hub_for_backoffice,
    is_coordinator,
    is_regional_officer_for,
)


def is_company(organization: Organization) -> bool:
    """Only companies (kind impresa) have needs, register as hosts and offer opportunities."""
    return organization.kind == OrganizationKind.COMPANY


def can_view_company(user: Any, organization: Organization) -> bool:
    """A company's back office is seen by its staff, coordinators of hubs it belongs to and the
    officers of its region."""
    return is_company(organization) and can_view_organization_backoffice(user, organization)


def can_manage_company(user: Any, organization: Organization) -> bool:
    """Its own staff, and the coordinators of a hub it actively belongs to on its behalf, act for
    a company."""
    return is_company(organization) and can_edit_organization(user, organization)


def can_act_in_hub(user: Any, organization: Organization, hub: Hub) -> bool:
    """Within one hub, a company is represented by its own staff or by that hub's coordinator."""
    return organization.pk in scopes_of(user).staff_organization_ids or is_coordinator(user, hub)


def company_hubs(user: Any, organization: Organization) -> list[Hub]:
    """The hubs the company actively belongs to in which the user may act for it, by name."""
    hubs = Hub.objects.filter(
        pk__in=Membership.objects.filter(organization=organization, left_on__isnull=True).values(
            "hub_id"
        )
    ).order_by("name")
    return [hub for hub in hubs if can_act_in_hub(user, organization, hub)]


def get_company_to_view(user: Any, slug: str) -> Organization:
    """The company if the user sees its back office; 404 otherwise (and for non-companies)."""
    org = Organization.objects.select_related("municipality__province").filter(slug=slug).first()
    if org is None or not can_view_company(user, org):
        raise Http404
    return org


def get_company_to_manage(user: Any, slug: str) -> Organization:
    """The company if the user may act for it; 404 outside their scope, 403 when they only see it."""
    org = get_company_to_view(user, slug)
    if not can_manage_company(user, org):
        raise PermissionDenied
    return org


def get_need_to_manage(user: Any, organization: Organization, pk: int) -> SkillNeed:
    """One of the company's needs if the user acts for the company in the need's hub (else 403)."""
    need = (
        SkillNeed.objects.select_related("hub", "organization", "occupation", "municipality")
        .filter(pk=pk, organization=organization)
        .first()
    )
    if need is None:
        raise Http404
    if not can_act_in_hub(user, organization, need.hub):
        raise PermissionDenied
    return need


def can_view_hub_needs(user: Any, hub: Hub) -> bool:
    """All the needs of a hub's companies are read by its coordinator and the region's officer."""
    return is_coordinator(user, hub) or is_regional_officer_for(user, hub)


def get_hub_for_needs(user: Any, slug: str) -> Hub:
    """The hub if the user may read its companies' needs; 404 outside its back office, else 403."""
    hub = get_hub_for_backoffice(user, slug)
    if not can_view_hub_needs(user, hub):
        raise PermissionDenied
    return hub


def can_import_labour_demand(user: Any) -> bool:
    """Labour-demand bulletins are uploaded by regional officers and hub coordinators."""
    scopes = scopes_of(user)
    return bool(scopes.region_ids or scopes.coordinated_hub_ids)
