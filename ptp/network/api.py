"""The network's public API: the same queries as the public pages."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from ptp.network import queries
from ptp.network.composition import Composition

router = Router(tags=["rete"])


class SectorOut(Schema):
    slug: str
    name: str
    hubs: int


class HubOut(Schema):
    slug: str
    name: str
    sector: str
    province: str
    founded_year: int
    lead: str | None
    active_members: int
    is_demo: bool


class MemberOut(Schema):
    organization: str
    organization_slug: str
    kind: str
    role: str
    joined_on: dt.date
    left_on: dt.date | None
    is_founding: bool
    is_demo: bool


class CompositionOut(Schema):
    total: int
    text: str
    by_category: dict[str, int]


class HubDetailOut(HubOut):
    purpose: str
    founding: CompositionOut
    current: CompositionOut
    members: list[MemberOut]


def _composition(c: Composition) -> CompositionOut:
    return CompositionOut(
        total=c.total, text=str(c), by_category={p.category: p.count for p in c.parts}
    )


def _member(r: queries.MemberRow) -> MemberOut:
    return MemberOut(
        organization=r.organization_name,
        organization_slug=r.organization_slug,
        kind=r.kind,
        role=r.role,
        joined_on=r.joined_on,
        left_on=r.left_on,
        is_founding=r.is_founding,
        is_demo=r.is_demo,
    )


@router.get("/filiere", response=list[SectorOut], summary="Filiere con il numero di poli")
def list_sectors(request: HttpRequest) -> list[SectorOut]:
    return [
        SectorOut(slug=s.slug, name=s.label, hubs=s.count)
        for s in queries.sectors_with_hub_counts()
    ]


@router.get("/poli", response=list[HubOut], summary="Poli tecnico professionali")
def list_hubs(request: HttpRequest, filiera: str = "", provincia: str = "") -> list[HubOut]:
    rows = queries.hub_directory(sector_slug=filiera, province_slug=provincia)
    return [
        HubOut(
            slug=h.slug,
            name=h.name,
            sector=h.sector,
            province=h.province,
            founded_year=h.founded_year,
            lead=h.lead_name,
            active_members=h.active_members,
            is_demo=h.is_demo,
        )
        for h in rows
    ]


@router.get("/poli/{slug}", response=HubDetailOut, summary="Un polo con i suoi soggetti")
def get_hub(request: HttpRequest, slug: str) -> HubDetailOut:
    p = queries.hub_profile(slug)
    return HubDetailOut(
        slug=p.hub.slug,
        name=p.hub.name,
        sector=p.hub.sector.name,
        province=p.hub.province.name,
        founded_year=p.hub.founded_year,
        lead=p.lead.organization_name if p.lead else None,
        active_members=len(p.current_members),
        is_demo=p.hub.is_demo,
        purpose=p.hub.purpose,
        founding=_composition(p.founding),
        current=_composition(p.current),
        members=[_member(r) for r in (*p.current_members, *p.former_members)],
    )
