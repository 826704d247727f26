"""Who manages an opportunity: the host's staff, or the coordinator of its hub on its behalf."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ptp.demand.permissions import can_act_in_hub
from ptp.network.models import Organization
from ptp.placements.models import Opportunity


def can_edit_opportunity(user: Any, opportunity: Opportunity) -> bool:
    """The host's own staff, or the coordinator of the opportunity's hub, change, publish and
    close it."""
    return can_act_in_hub(user, opportunity.host, opportunity.hub)


def get_opportunity_of(company: Organization, pk: int) -> Opportunity:
    """One of the company's opportunities (in any status), or 404."""
    opportunity = (
        Opportunity.objects.select_related("host", "hub", "sector", "municipality__province")
        .filter(pk=pk, host=company)
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def get_opportunity_to_edit(user: Any, company: Organization, pk: int) -> Opportunity:
    """One of the company's opportunities the user may change: 404 if not the company's, 403 if
    the user may not act for it in the opportunity's hub."""
    opportunity = get_opportunity_of(company, pk)
    if not can_edit_opportunity(user, opportunity):
        raise PermissionDenied
    return opportunity
