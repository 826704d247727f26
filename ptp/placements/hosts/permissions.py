"""Who manages a company's hosting: its staff, or the coordinator of the hub on its behalf.

The rule is the demand side's (a company is represented the same way for its needs and for its
hosting); this module adds the fetch helpers of the host pages.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ptp.demand.permissions import can_act_in_hub, can_manage_company
from ptp.network.models import Hub, Membership, Organization
from ptp.placements.models import HostEnrollment


def can_manage_host(user: Any, organization: Organization) -> bool:
    """A company's own staff and the coordinators of hubs it actively belongs to manage its
    registration as a host, its tutors and its opportunities."""
    return can_manage_company(user, organization)


def can_act_as_host_in(user: Any, organization: Organization, hub: Hub) -> bool:
    """In one hub, the company's staff or that hub's coordinator register it and accept for it."""
    return can_act_in_hub(user, organization, hub)


def get_hub_of_host(user: Any, organization: Organization, hub_slug: str) -> Hub:
    """A hub the company belongs to (or is registered in) where the user acts for it: 404 for
    other hubs, 403 when the user may not act for the company there."""
    hub = Hub.objects.select_related("province").filter(slug=hub_slug).first()
    if hub is None:
        raise Http404
    related = (
        Membership.objects.filter(hub=hub, organization=organization, left_on__isnull=True).exists()
        or HostEnrollment.objects.filter(hub=hub, organization=organization).exists()
    )
    if not related:
        raise Http404
    if not can_act_as_host_in(user, organization, hub):
        raise PermissionDenied
    return hub
