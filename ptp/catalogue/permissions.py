"""Who may see and change a hub's offer plan.

Everyone who sees the hub's back office (its coordinator, the region's officer, staff of its
active members) sees its plans and their analysis. The coordinator starts plans and moves them
through their states; member staff add items for their own organization and remove them while
the plan is a draft. Outside the hub's back office a plan does not exist (404); inside it without
the right, the answer is 403. Whether the plan's state allows the change is the services' call.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.catalogue.models import OfferPlan, OfferPlanItem
from ptp.network.models import Hub, Membership
from ptp.network.permissions import get_hub_for_backoffice, is_coordinator


def can_manage_plans(user: Any, hub: Hub) -> bool:
    """Only the hub's coordinator starts plans and proposes, approves or reopens them."""
    return is_coordinator(user, hub)


def proposing_organization_ids(user: Any, hub: Hub) -> frozenset[int]:
    """The organizations on whose behalf the user adds plan items: every active member for the
    coordinator, their own active member organizations for member staff."""
    active = Membership.objects.for_hub(hub).active().values_list("organization_id", flat=True)
    if is_coordinator(user, hub):
        return frozenset(active)
    staff = scopes_of(user).staff_organization_ids
    if not staff:
        return frozenset()
    return frozenset(active.filter(organization_id__in=staff))


def can_propose_items(user: Any, hub: Hub) -> bool:
    """The coordinator and staff of the hub's active members add items to its plans."""
    return bool(proposing_organization_ids(user, hub))


def removable_item_ids(user: Any, hub: Hub, items: Iterable[OfferPlanItem]) -> set[int]:
    """The items the user may remove: all of them for the coordinator, those proposed by their own
    active member organization for member staff."""
    if is_coordinator(user, hub):
        return {item.pk for item in items}
    own = proposing_organization_ids(user, hub)
    return {item.pk for item in items if item.proposed_by_id in own}


def can_remove_item(user: Any, item: OfferPlanItem) -> bool:
    """The coordinator removes any item; member staff only the items their organization proposed."""
    return bool(removable_item_ids(user, item.plan.hub, [item]))


def get_plan_for_backoffice(user: Any, slug: str, plan_id: int) -> OfferPlan:
    """A plan of a hub whose back office the user sees; 404 otherwise."""
    hub = get_hub_for_backoffice(user, slug)
    plan = OfferPlan.objects.filter(hub=hub, pk=plan_id).first()
    if plan is None:
        raise Http404
    plan.hub = hub  # already loaded, with its sector and province
    return plan


def get_plan_to_manage(user: Any, slug: str, plan_id: int) -> OfferPlan:
    """A plan whose state the user may change (the coordinator); 403 for the others who see it."""
    plan = get_plan_for_backoffice(user, slug, plan_id)
    if not can_manage_plans(user, plan.hub):
        raise PermissionDenied
    return plan


def get_plan_to_propose_into(user: Any, slug: str, plan_id: int) -> OfferPlan:
    """A plan the user may add items to (coordinator, member staff); 403 for the regional officer."""
    plan = get_plan_for_backoffice(user, slug, plan_id)
    if not can_propose_items(user, plan.hub):
        raise PermissionDenied
    return plan


def get_item_to_remove(user: Any, slug: str, plan_id: int, item_id: int) -> OfferPlanItem:
    """An item the user may remove; 404 outside the plan, 403 for another member's item."""
    plan = get_plan_for_backoffice(user, slug, plan_id)
    item = (
        OfferPlanItem.objects.select_related("programme", "proposed_by", "municipality")
        .filter(plan=plan, pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    item.plan = plan
    if not can_remove_item(user, item):
        raise PermissionDenied
    return item
