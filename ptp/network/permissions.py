"""Who may see and change the network's back office.

Outside a user's scope the object does not exist for them (404); inside it without the right to
act, the answer is 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.network.models import Hub, Membership, NetworkAgreement, Organization


def _active_member_org_ids(hub: Hub) -> set[int]:
    return set(Membership.objects.for_hub(hub).active().values_list("organization_id", flat=True))


def is_coordinator(user: Any, hub: Hub) -> bool:
    """The user coordinates this hub."""
    return hub.pk in scopes_of(user).coordinated_hub_ids


def is_regional_officer_for(user: Any, hub: Hub) -> bool:
    """The user is a regional officer of the hub's region."""
    return hub.province.region_id in scopes_of(user).region_ids


def can_view_hub_backoffice(user: Any, hub: Hub) -> bool:
    """The hub's coordinator, the region's officer and staff of its active members see its back office."""
    scopes = scopes_of(user)
    if is_coordinator(user, hub) or is_regional_officer_for(user, hub):
        return True
    return bool(scopes.staff_organization_ids & _active_member_org_ids(hub))


def can_manage_hub(user: Any, hub: Hub) -> bool:
    """Only the hub's coordinator records members, uploads agreements and invites staff."""
    return is_coordinator(user, hub)


def can_read_hub_audit(user: Any, hub: Hub) -> bool:
    """The hub's audit log is read by its coordinator."""
    return is_coordinator(user, hub)


def can_download_agreement(user: Any, agreement: NetworkAgreement) -> bool:
    """Anyone who sees the hub's back office may download its signed agreements."""
    return can_view_hub_backoffice(user, agreement.hub)


def _coordinated_hubs_with_member(user: Any, organization: Organization) -> bool:
    hub_ids = scopes_of(user).coordinated_hub_ids
    return Membership.objects.filter(
        organization=organization, hub_id__in=hub_ids, left_on__isnull=True
    ).exists()


def _in_officer_region(user: Any, organization: Organization) -> bool:
    region_ids = scopes_of(user).region_ids
    if not region_ids:
        return False
    return (
        Organization.objects.filter(pk=organization.pk)
        .filter(
            Q(municipality__province__region_id__in=region_ids)
            | Q(memberships__hub__province__region_id__in=region_ids)
        )
        .exists()
    )


def can_view_organization_backoffice(user: Any, organization: Organization) -> bool:
    """Its staff, coordinators of hubs it belongs to, and officers of its region (where it is seated
    or has hubs) see an organization's data."""
    scopes = scopes_of(user)
    return (
        organization.pk in scopes.staff_organization_ids
        or _in_officer_region(user, organization)
        or _coordinated_hubs_with_member(user, organization)
    )


def can_edit_organization(user: Any, organization: Organization) -> bool:
    """Its own staff and the coordinators of hubs it actively belongs to edit an organization's details."""
    return organization.pk in scopes_of(user).staff_organization_ids or (
        _coordinated_hubs_with_member(user, organization)
    )


def get_hub_for_backoffice(user: Any, slug: str) -> Hub:
    """The hub if the user may see its back office; 404 otherwise (another hub does not exist for them)."""
    hub = Hub.objects.select_related("sector", "province").filter(slug=slug).first()
    if hub is None or not can_view_hub_backoffice(user, hub):
        raise Http404
    return hub


def get_hub_to_manage(user: Any, slug: str) -> Hub:
    """The hub if the user coordinates it; 404 outside their scope, 403 inside it without the right."""
    hub = get_hub_for_backoffice(user, slug)
    if not can_manage_hub(user, hub):
        raise PermissionDenied
    return hub


def get_organization_to_edit(user: Any, slug: str) -> Organization:
    """The organization if the user may edit it; 404 outside their scope, 403 when they may only see it."""
    org = Organization.objects.select_related("municipality").filter(slug=slug).first()
    if org is None or not can_view_organization_backoffice(user, org):
        raise Http404
    if not can_edit_organization(user, org):
        raise PermissionDenied
    return org
