"""Region-scale synthetic opportunities for benchmarks, reproducible by seed.

The synthetic companies ("sint-" organizations of kind impresa) are registered as hosts of the
synthetic hubs they belong to, with the framework agreement marked accepted (synthetic hubs have
no agreement document), and offer opportunities with 1–3 windows of 1–6 seats. Everything is demo.
Call after ptp.demo.region.generate_network; delete_synthetic_opportunities() before deleting the
synthetic network (opportunities protect their hosts).
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from ptp.geo.models import Municipality
from ptp.lib.text import search_document
from ptp.network.models import Membership, OrganizationKind
from ptp.placements.models import (
    HostEnrollment,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    RiskLevel,
)
from ptp.skills.models import Skill

PREFIX = "sint-"
TOPICS = {
    "sanita": ["assistenza", "reparto", "riabilitazione", "ottica", "laboratorio", "accoglienza"],
    "energia": ["impianti", "fotovoltaico", "manutenzione", "cantiere", "reti", "quadri"],
    "agribusiness": ["vendemmia", "cantina", "frantoio", "allevamento", "serra", "caseificio"],
    "turismo-e-beni-culturali": ["ricevimento", "cucina", "sala", "museo", "spiaggia", "agenzia"],
    "meccanica": ["officina", "montaggio", "collaudo", "saldatura", "robotica", "magazzino"],
    "nautica": ["cantiere", "motori", "allestimento", "carpenteria", "porto", "rimessaggio"],
}
KINDS = [
    (OpportunityKind.PCTO, 55),
    (OpportunityKind.INTERNSHIP, 15),
    (OpportunityKind.DUAL_APPRENTICESHIP, 10),
    (OpportunityKind.SEASONAL_JOB, 12),
    (OpportunityKind.JOB, 8),
]
STATUSES = [
    (OpportunityStatus.PUBLISHED, 85),
    (OpportunityStatus.DRAFT, 10),
    (OpportunityStatus.CLOSED, 5),
]
RISKS = [(RiskLevel.LOW, 60), (RiskLevel.MEDIUM, 30), (RiskLevel.HIGH, 10)]


def delete_synthetic_opportunities() -> None:
    """Removes the synthetic opportunities (with their windows) and host registrations."""
    Opportunity.objects.filter(host__slug__startswith=PREFIX).delete()
    HostEnrollment.objects.filter(organization__slug__startswith=PREFIX).delete()


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@transaction.atomic
def generate_opportunities(*, count: int, seed: int) -> int:
    """Creates `count` opportunities of synthetic companies in synthetic hubs; returns how many."""
    rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not a secret)
    memberships = list(
        Membership.objects.filter(
            hub__slug__startswith=PREFIX,
            organization__slug__startswith=PREFIX,
            organization__kind=OrganizationKind.COMPANY,
            left_on__isnull=True,
        )
        .select_related("hub__sector", "organization")
        .order_by("hub__slug", "organization__slug")
    )
    if not memberships:
        raise RuntimeError("Generate the synthetic network first (generate_region).")
    now = timezone.now()
    enrolled = set(
        HostEnrollment.objects.filter(organization__slug__startswith=PREFIX).values_list(
            "hub_id", "organization_id"
        )
    )
    HostEnrollment.objects.bulk_create(
        [
            HostEnrollment(
                hub=m.hub,
                organization=m.organization,
                seat_address="Sede sintetica",
                framework_accepted_at=now,
                is_demo=True,
            )
            for m in memberships
            if (m.hub_id, m.organization_id) not in enrolled
        ],
        batch_size=2000,
    )
    municipalities = list(Municipality.objects.values_list("pk", flat=True).order_by("pk"))
    skills = list(Skill.objects.filter(is_group=False).values_list("pk", flat=True).order_by("pk"))
    rows = []
    for i in range(count):
        m = memberships[rng.randrange(len(memberships))]
        words = rng.sample(TOPICS.get(m.hub.sector.slug, ["attività", "servizi", "ufficio"]), 3)
        title = f"{words[0].capitalize()} e {words[1]} {i:05d}"
        description = (
            f"Opportunità sintetica: {words[0]}, {words[1]} e {words[2]} nella filiera "
            f"{m.hub.sector.name}."
        )
        risk = _pick(rng, RISKS)
        excluded = rng.random() < 0.05
        min_age = 18 if excluded else rng.randint(16 if risk == RiskLevel.HIGH else 14, 18)
        status = _pick(rng, STATUSES)
        rows.append(
            Opportunity(
                host=m.organization,
                hub=m.hub,
                sector=m.hub.sector,
                kind=_pick(rng, KINDS),
                title=title,
                description=description,
                municipality_id=m.organization.municipality_id or rng.choice(municipalities),
                min_age=min_age,
                risk_level=risk,
                involves_minor_excluded_work=excluded,
                status=status,
                published_at=now if status != OpportunityStatus.DRAFT else None,
                show_host_publicly=rng.random() < 0.8,
                search_text=search_document(title, description),
                is_demo=True,
            )
        )
    created = Opportunity.objects.bulk_create(rows, batch_size=2000)
    windows, required, developed = [], [], []
    for opportunity in created:
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        for _ in range(rng.randint(1, 3)):
            length = rng.randint(14, 90)
            windows.append(
                OpportunityWindow(
                    opportunity=opportunity,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=length),
                    seats=rng.randint(1, 6),
                    hours=rng.randint(40, 400),
                )
            )
            start += dt.timedelta(days=length + rng.randint(30, 240))
        if skills:
            for skill_id in rng.sample(skills, min(len(skills), rng.randint(1, 3))):
                required.append((opportunity.pk, skill_id))
            for skill_id in rng.sample(skills, min(len(skills), rng.randint(1, 4))):
                developed.append((opportunity.pk, skill_id))
    OpportunityWindow.objects.bulk_create(windows, batch_size=5000)
    for relation, pairs in (
        (Opportunity.skills_required, required),
        (Opportunity.skills_developed, developed),
    ):
        through: Any = relation.through
        through.objects.bulk_create(
            [through(opportunity_id=o, skill_id=s) for o, s in pairs], batch_size=5000
        )
    return len(created)
