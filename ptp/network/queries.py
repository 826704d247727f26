"""What the public pages, the back office and the API read about the network.

Each function runs a fixed number of SQL queries whatever the size of the data: lists aggregate in
the database, detail pages load one hub's memberships in a single query and group them in Python.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ptp.core.links import slug_url
from ptp.geo.models import Province
from ptp.network.composition import (
    CATEGORY_OF_KIND,
    CATEGORY_ORDER,
    Composition,
    category_label,
    composition_of,
)
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    NetworkAgreement,
    Organization,
    Sector,
)


@dataclass(frozen=True)
class HubRow:
    slug: str
    name: str
    short_name: str
    sector: str
    sector_slug: str
    province: str
    province_slug: str
    founded_year: int
    is_demo: bool
    lead_name: str | None
    lead_slug: str | None
    active_members: int

    @property
    def url(self) -> str:
        return slug_url("network:hub_detail", self.slug)

    @property
    def lead_url(self) -> str:
        return slug_url("network:organization_detail", self.lead_slug) if self.lead_slug else ""


def hub_directory(*, sector_slug: str = "", province_slug: str = "") -> list[HubRow]:
    """All hubs with their lead and number of active members, filtered by sector and province.

    Three flat queries (hubs, member counts, leads) instead of correlated subqueries: they stay
    fast on PostgreSQL and SQLite alike whatever the number of memberships.
    """
    hubs = Hub.objects.select_related("sector", "province").order_by("province__name", "name")
    if sector_slug:
        hubs = hubs.filter(sector__slug=sector_slug)
    if province_slug:
        hubs = hubs.filter(province__slug=province_slug)
    hub_list = list(hubs)
    active = Membership.objects.active().filter(hub__in=[h.pk for h in hub_list])
    counts = dict(active.values("hub_id").annotate(n=Count("pk")).values_list("hub_id", "n"))
    leads = {
        hub_id: (name, slug)
        for hub_id, name, slug in active.filter(role=MembershipRole.LEAD).values_list(
            "hub_id", "organization__name", "organization__slug"
        )
    }
    return [
        HubRow(
            slug=h.slug,
            name=h.name,
            short_name=h.short_name,
            sector=h.sector.name,
            sector_slug=h.sector.slug,
            province=h.province.name,
            province_slug=h.province.slug,
            founded_year=h.founded_year,
            is_demo=h.is_demo,
            lead_name=leads.get(h.pk, (None, None))[0],
            lead_slug=leads.get(h.pk, (None, None))[1],
            active_members=counts.get(h.pk, 0),
        )
        for h in hub_list
    ]


@dataclass(frozen=True)
class CountRow:
    slug: str
    label: str
    count: int


def sectors_with_hub_counts() -> list[CountRow]:
    """Every sector with how many hubs work in it (zero included)."""
    return [
        CountRow(slug=s.slug, label=s.name, count=s.hub_count)
        for s in Sector.objects.annotate(hub_count=Count("hubs")).order_by("position", "name")
    ]


def hubs_by_province() -> list[CountRow]:
    """Provinces that have hubs, with how many, most first."""
    rows = (
        Province.objects.annotate(hub_count=Count("hubs"))
        .filter(hub_count__gt=0)
        .order_by("-hub_count", "name")
    )
    return [CountRow(slug=p.slug, label=p.name, count=p.hub_count) for p in rows]


def filter_options() -> tuple[list[Sector], list[Province]]:
    """The sectors and the provinces that have hubs, for the hub directory's filters."""
    sectors = list(Sector.objects.all())
    provinces = list(Province.objects.filter(hubs__isnull=False).distinct().order_by("name"))
    return sectors, provinces


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    organization_slug: str
    organization_name: str
    kind: str
    kind_label: str
    municipality: str
    role: str
    role_label: str
    joined_on: dt.date
    left_on: dt.date | None
    is_founding: bool
    is_demo: bool

    @property
    def organization_url(self) -> str:
        return slug_url("network:organization_detail", self.organization_slug)


@dataclass(frozen=True)
class KindGroup:
    category: str
    label: str
    members: tuple[MemberRow, ...]


@dataclass(frozen=True)
class TimelineYear:
    year: int
    joined: tuple[MemberRow, ...]
    left: tuple[MemberRow, ...]


@dataclass(frozen=True)
class HubProfile:
    hub: Hub
    lead: MemberRow | None
    founding: Composition
    current: Composition
    current_members: tuple[MemberRow, ...]
    former_members: tuple[MemberRow, ...]
    timeline: tuple[TimelineYear, ...]
    groups: tuple[KindGroup, ...]
    latest_agreement: NetworkAgreement | None
    has_demo_data: bool


def _member_row(m: Membership) -> MemberRow:
    org = m.organization
    return MemberRow(
        membership_id=m.pk,
        organization_slug=org.slug,
        organization_name=org.name,
        kind=org.kind,
        kind_label=org.get_kind_display(),
        municipality=org.municipality.name if org.municipality else "",
        role=m.role,
        role_label=m.get_role_display(),
        joined_on=m.joined_on,
        left_on=m.left_on,
        is_founding=m.is_founding,
        is_demo=m.is_demo or org.is_demo,
    )


def _sentence_case(text: str) -> str:
    """Upper-cases the first letter only ("fondazioni ITS Academy" keeps its capitals)."""
    return text[:1].upper() + text[1:]


def _group_by_category(rows: list[MemberRow]) -> tuple[KindGroup, ...]:
    by_category: dict[str, list[MemberRow]] = defaultdict(list)
    for row in rows:
        by_category[CATEGORY_OF_KIND[row.kind]].append(row)
    return tuple(
        KindGroup(
            category=c,
            label=_sentence_case(category_label(c, 2)),
            members=tuple(sorted(by_category[c], key=lambda r: r.organization_name)),
        )
        for c in CATEGORY_ORDER
        if by_category[c]
    )


def _timeline(rows: list[MemberRow]) -> tuple[TimelineYear, ...]:
    # A lead transfer closes a membership and reopens one for the same organization on the same
    # day: that is a change of role, so it shows neither as a leaving nor as a joining.
    reopened = {(r.organization_slug, r.joined_on) for r in rows} & {
        (r.organization_slug, r.left_on) for r in rows if r.left_on is not None
    }
    joined: dict[int, list[MemberRow]] = defaultdict(list)
    left: dict[int, list[MemberRow]] = defaultdict(list)
    for row in rows:
        if (row.organization_slug, row.joined_on) not in reopened:
            joined[row.joined_on.year].append(row)
        if row.left_on is not None and (row.organization_slug, row.left_on) not in reopened:
            left[row.left_on.year].append(row)
    return tuple(
        TimelineYear(
            year=year,
            joined=tuple(sorted(joined[year], key=lambda r: r.organization_name)),
            left=tuple(sorted(left[year], key=lambda r: r.organization_name)),
        )
        for year in sorted(set(joined) | set(left))
    )


def hub_profile(slug: str) -> HubProfile:
    """A hub with its lead, founding and current composition, timeline and members by kind."""
    hub = get_object_or_404(Hub.objects.select_related("sector", "province__region"), slug=slug)
    memberships = list(
        Membership.objects.for_hub(hub)
        .select_related("organization__municipality")
        .order_by("joined_on", "organization__name")
    )
    rows = [_member_row(m) for m in memberships]
    current = [r for r in rows if r.left_on is None]
    former = [r for r in rows if r.left_on is not None]
    lead = next((r for r in current if r.role == MembershipRole.LEAD), None)
    latest_agreement = hub.agreements.order_by("-version").first()
    return HubProfile(
        hub=hub,
        lead=lead,
        founding=composition_of(r.kind for r in rows if r.is_founding),
        current=composition_of(r.kind for r in current),
        current_members=tuple(current),
        former_members=tuple(former),
        timeline=_timeline(rows),
        groups=_group_by_category(current),
        latest_agreement=latest_agreement,
        has_demo_data=hub.is_demo or any(r.is_demo for r in rows),
    )


@dataclass(frozen=True)
class OrganizationMembershipRow:
    hub_slug: str
    hub_name: str
    sector: str
    role_label: str
    joined_on: dt.date
    left_on: dt.date | None
    is_founding: bool


@dataclass(frozen=True)
class OrganizationProfile:
    organization: Organization
    memberships: tuple[OrganizationMembershipRow, ...]
    ateco_title: str | None


def organization_profile(slug: str) -> OrganizationProfile:
    """An organization with every hub it belongs or belonged to."""
    from ptp.lib.ateco import ateco_title

    org = get_object_or_404(
        Organization.objects.select_related("municipality__province"), slug=slug
    )
    memberships = (
        Membership.objects.filter(organization=org)
        .select_related("hub__sector")
        # Current memberships first on every database (PostgreSQL sorts NULLs last by default).
        .order_by(F("left_on").asc(nulls_first=True), "-joined_on")
    )
    return OrganizationProfile(
        organization=org,
        memberships=tuple(
            OrganizationMembershipRow(
                hub_slug=m.hub.slug,
                hub_name=m.hub.name,
                sector=m.hub.sector.name,
                role_label=m.get_role_display(),
                joined_on=m.joined_on,
                left_on=m.left_on,
                is_founding=m.is_founding,
            )
            for m in memberships
        ),
        ateco_title=ateco_title(org.ateco) if org.ateco else None,
    )


def hub_agreements(hub: Hub) -> QuerySet[NetworkAgreement]:
    """Every version of the hub's network agreement, newest first."""
    return hub.agreements.select_related("uploaded_by").order_by("-version")


def organizations_joinable(hub: Hub) -> QuerySet[Organization]:
    """Organizations that are not active members of the hub, for the joining form."""
    active = Membership.objects.for_hub(hub).active().values("organization_id")
    return Organization.objects.exclude(pk__in=active).select_related("municipality")


def active_member_organizations(hub: Hub) -> QuerySet[Organization]:
    """Organizations that are active members of the hub, for the invitation form."""
    return Organization.objects.active_in(hub).order_by("name")


def hubs_with_memberships(hub_ids: list[int]) -> QuerySet[Hub]:
    """Hubs by id with their active memberships prefetched, for the back-office home."""
    active = Membership.objects.active().select_related("organization")
    return (
        Hub.objects.filter(pk__in=hub_ids)
        .select_related("sector", "province")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
    )


@dataclass(frozen=True)
class NetworkTotals:
    hubs: int
    sectors: int
    organizations: int
    provinces: int


def network_totals() -> NetworkTotals:
    """Counts shown on the home page, computed from data."""
    hubs = Hub.objects.aggregate(hubs=Count("pk"), provinces=Count("province", distinct=True))
    return NetworkTotals(
        hubs=hubs["hubs"],
        provinces=hubs["provinces"],
        sectors=Sector.objects.count(),
        organizations=Organization.objects.filter(memberships__left_on__isnull=True)
        .distinct()
        .count(),
    )
