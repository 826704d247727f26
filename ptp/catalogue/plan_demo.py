"""The demo offer plan of a hub: an approved version 1 for 2025/26–2027/28 and a draft version 2
with a few changes, so the plan pages, the analysis and the comparison have something to show.

Called by the demo seeding after the demo catalogue exists. Plans have no `is_demo` flag: the
hub's demo banner covers them, and their notes say so too.
"""

from collections.abc import Sequence

from django.db import transaction

from ptp.catalogue import plan_services as services
from ptp.catalogue.models import OfferPlan, OfferPlanItem, Programme, ProviderRole
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Membership, Organization

FIRST_YEAR = 2025
DEFAULT_SEATS = 20


def _proposer(programme: Programme, members: set[int]) -> Organization | None:
    # The lead provider when it belongs to the hub, otherwise the first provider that does.
    links = sorted(
        programme.provider_links.all(), key=lambda link: (link.role != ProviderRole.LEAD, link.pk)
    )
    in_hub = [link.organization for link in links if link.organization_id in members]
    candidates = in_hub or [link.organization for link in links]
    return candidates[0] if candidates else None


def _place_and_seats(
    programme: Programme, year: str, proposer: Organization
) -> tuple[Municipality | None, int]:
    editions = sorted(programme.editions.all(), key=lambda e: (e.school_year != year, e.pk))
    if editions:
        return editions[0].municipality, editions[0].seats
    return proposer.municipality, DEFAULT_SEATS


def _add(
    plan: OfferPlan,
    programme: Programme,
    proposer: Organization,
    year: str,
    municipality: Municipality,
    seats: int,
) -> OfferPlanItem:
    return services._add_item(
        actor=None,
        plan=plan,
        programme=programme,
        proposed_by=proposer,
        school_year=year,
        municipality=municipality,
        seats=seats,
    )


@transaction.atomic
def seed_demo_plan(hub: Hub, programmes: Sequence[Programme]) -> list[OfferPlan]:
    """The hub's demo plans for 2025/26–2027/28 (approved v1, draft v2), items proposed by each
    programme's providers; does nothing when the hub already has plans for that period."""
    existing = list(OfferPlan.objects.filter(hub=hub, first_year=FIRST_YEAR).order_by("version"))
    if existing:
        return existing
    members = set(
        Membership.objects.for_hub(hub).active().values_list("organization_id", flat=True)
    )
    ordered = sorted(
        Programme.objects.filter(pk__in=[p.pk for p in programmes]).prefetch_related(
            "provider_links__organization__municipality", "editions__municipality"
        ),
        key=lambda p: p.title,
    )
    v1 = services._start_plan(
        actor=None,
        hub=hub,
        first_year=FIRST_YEAR,
        notes="Piano dimostrativo: percorsi, sedi e posti sono inventati.",
    )
    placed: list[tuple[Programme, Organization, Municipality]] = []
    for programme in ordered:
        proposer = _proposer(programme, members)
        if proposer is None:
            continue
        places = [(year, *_place_and_seats(programme, year, proposer)) for year in v1.school_years]
        towns = [town for _, town, _ in places if town is not None]
        if len(towns) < len(places):
            continue  # no place to run it: left out of the demo plan
        for (year, _, seats), town in zip(places, towns, strict=True):
            _add(v1, programme, proposer, year, town, seats)
        placed.append((programme, proposer, towns[-1]))
    if not placed:
        return [v1]
    v1 = services._approve(actor=None, plan=services._propose(actor=None, plan=v1))

    v2 = services._start_plan(
        actor=None,
        hub=hub,
        first_year=FIRST_YEAR,
        notes="Bozza dimostrativa: più posti al primo percorso, un percorso in meno e una sede nuova nel 2027/28.",
    )
    last_year = v2.school_years[-1]
    items = {
        (i.programme_id, i.school_year): i
        for i in v2.items.select_related("programme", "proposed_by", "municipality")
    }
    # More seats for the first programme in the last year (an item is replaced, not edited).
    first, proposer, _ = placed[0]
    old = items[(first.pk, last_year)]
    services._remove_item(actor=None, item=old)
    _add(v2, first, proposer, last_year, old.municipality, old.seats + 4)
    if len(placed) > 1:
        # The last programme is dropped from the last year.
        services._remove_item(actor=None, item=items[(placed[-1][0].pk, last_year)])
        # The second programme opens a second site in the last year, where another one runs.
        second, proposer, home = placed[1]
        elsewhere = next((town for _, _, town in placed if town.pk != home.pk), None)
        if elsewhere is not None:
            _add(v2, second, proposer, last_year, elsewhere, DEFAULT_SEATS)
    return [v1, v2]
