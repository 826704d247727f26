"""What a user's role grants cover; loaded once per request and cached on the user object."""

from dataclasses import dataclass, field
from typing import Any

from ptp.accounts.models import Role, RoleGrant

_CACHE_ATTR = "_ptp_scopes"


@dataclass(frozen=True)
class Scopes:
    """The ids a user's active grants cover, by role."""

    region_ids: frozenset[int] = field(default_factory=frozenset)
    coordinated_hub_ids: frozenset[int] = field(default_factory=frozenset)
    staff_organization_ids: frozenset[int] = field(default_factory=frozenset)
    student_organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            self.region_ids
            or self.coordinated_hub_ids
            or self.staff_organization_ids
            or self.student_organization_ids
        )


EMPTY = Scopes()


def scopes_of(user: Any) -> Scopes:
    """The scopes of the user's active grants (empty for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    regions: set[int] = set()
    hubs: set[int] = set()
    staff: set[int] = set()
    students: set[int] = set()
    grants = RoleGrant.objects.active().filter(user=user)
    for role, region_id, hub_id, org_id in grants.values_list(
        "role", "region_id", "hub_id", "organization_id"
    ):
        if role == Role.REGIONAL_OFFICER:
            regions.add(region_id)
        elif role == Role.HUB_COORDINATOR:
            hubs.add(hub_id)
        elif role == Role.ORGANIZATION_STAFF:
            staff.add(org_id)
        elif role == Role.STUDENT:
            students.add(org_id)
    scopes = Scopes(
        region_ids=frozenset(regions),
        coordinated_hub_ids=frozenset(hubs),
        staff_organization_ids=frozenset(staff),
        student_organization_ids=frozenset(students),
    )
    setattr(user, _CACHE_ATTR, scopes)
    return scopes


def forget_scopes(user: Any) -> None:
    """Drops the cached scopes after the user's grants change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
