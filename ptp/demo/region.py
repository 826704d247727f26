"""A region-scale synthetic data set for benchmarks, reproducible by seed.

Every row is demo (is_demo=True) and carries the "sint-" slug prefix, so it can be told apart from
the demo data set and replaced as a whole.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from ptp.geo.models import Municipality, Province
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Sector,
)

PREFIX = "sint-"
K = OrganizationKind
# Rough mix of a Tuscan hub's members: schools, many companies, agencies, a few others.
KIND_WEIGHTS = [
    (K.TECHNICAL_SCHOOL, 10),
    (K.VOCATIONAL_SCHOOL, 10),
    (K.UPPER_SECONDARY_SCHOOL, 6),
    (K.COMPANY, 50),
    (K.TRAINING_AGENCY, 14),
    (K.ITS_ACADEMY, 3),
    (K.TRADE_ASSOCIATION, 3),
    (K.LOCAL_AUTHORITY, 2),
    (K.UNIVERSITY, 1),
    (K.OTHER, 1),
]
SCHOOL = {K.TECHNICAL_SCHOOL, K.VOCATIONAL_SCHOOL, K.UPPER_SECONDARY_SCHOOL}


@dataclass(frozen=True)
class RegionSize:
    hubs: int = 25
    organizations: int = 1000
    memberships: int = 3000


@dataclass(frozen=True)
class RegionCounts:
    hubs: int
    organizations: int
    memberships: int


def synthetic_exists() -> bool:
    """True when a synthetic data set is already loaded."""
    return Hub.objects.filter(slug__startswith=PREFIX).exists()


@transaction.atomic
def delete_synthetic() -> None:
    """Removes the synthetic rows (and only them): memberships, then organizations, then hubs."""
    Membership.objects.filter(hub__slug__startswith=PREFIX).delete()
    Organization.objects.filter(slug__startswith=PREFIX).delete()
    Hub.objects.filter(slug__startswith=PREFIX).delete()


@transaction.atomic
def generate_network(*, size: RegionSize, seed: int) -> RegionCounts:
    """Creates hubs, organizations and memberships; the same seed gives the same data."""
    rng = random.Random(seed)
    sectors = list(Sector.objects.order_by("position"))
    provinces = list(Province.objects.order_by("codice_istat"))
    municipalities = list(Municipality.objects.order_by("codice_istat"))
    if not (sectors and provinces and municipalities):
        raise RuntimeError("Reference data missing: run manage.py load_reference_data first.")
    hubs = Hub.objects.bulk_create(
        Hub(
            slug=f"{PREFIX}polo-{i:03d}",
            name=f"Polo sintetico {i:03d}",
            short_name=f"Sint. {i:03d}",
            sector=sectors[i % len(sectors)],
            province=provinces[i % len(provinces)],
            founded_year=2015 + i % 3,
            purpose="Polo sintetico per le misure di prestazione.",
            is_demo=True,
        )
        for i in range(size.hubs)
    )
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    orgs = Organization.objects.bulk_create(
        (
            Organization(
                slug=f"{PREFIX}soggetto-{i:06d}",
                name=f"Soggetto sintetico {i:06d}",
                kind=rng.choices(kinds, weights)[0],
                municipality=rng.choice(municipalities),
                is_demo=True,
            )
            for i in range(size.organizations)
        ),
        batch_size=1000,
    )
    schools = [o for o in orgs if o.kind in SCHOOL] or orgs
    per_hub = [size.memberships // size.hubs] * size.hubs
    for i in range(size.memberships % size.hubs):
        per_hub[i] += 1
    memberships: list[Membership] = []
    for hub, count in zip(hubs, per_hub, strict=True):
        count = min(count, len(orgs))
        lead = rng.choice(schools)
        others = rng.sample([o for o in orgs if o.pk != lead.pk], count - 1)
        founded = dt.date(hub.founded_year, 1, 1)
        memberships.append(
            Membership(
                hub=hub,
                organization=lead,
                role=MembershipRole.LEAD,
                joined_on=founded,
                is_founding=True,
                is_demo=True,
            )
        )
        for n, org in enumerate(others):
            joined = founded if n < 12 else dt.date(hub.founded_year + 1 + rng.randrange(9), 9, 1)
            # About one member in ten has left since: its membership stays as history.
            left = (
                dt.date(joined.year + 1 + rng.randrange(3), 8, 31) if rng.random() < 0.1 else None
            )
            memberships.append(
                Membership(
                    hub=hub,
                    organization=org,
                    joined_on=joined,
                    left_on=left,
                    is_founding=n < 12,
                    is_demo=True,
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return RegionCounts(hubs=len(hubs), organizations=len(orgs), memberships=len(memberships))
