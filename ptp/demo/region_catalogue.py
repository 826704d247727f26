"""Region-scale synthetic catalogue for benchmarks: programmes, providers, skills, editions.

Reproducible by seed; every row is demo and coded "SINT-…", so it can be replaced as a whole.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from ptp.catalogue.fulltext import programme_document, refresh_vectors
from ptp.catalogue.models import (
    EQF_RANGE,
    Edition,
    EditionStatus,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
    ProviderRole,
)
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization, OrganizationKind
from ptp.skills.models import Occupation, Skill

PREFIX = "SINT-"
# Words that make titles and descriptions searchable the way real ones are.
TOPICS = {
    "sanita": [
        "assistenza",
        "sanitaria",
        "ospedaliera",
        "riabilitazione",
        "ottica",
        "odontotecnica",
    ],
    "energia": ["impianti", "fotovoltaico", "efficienza", "energetica", "reti", "elettrici"],
    "agribusiness": [
        "agroalimentare",
        "viticoltura",
        "enologia",
        "olivicoltura",
        "zootecnia",
        "trasformazione",
    ],
    "turismo-e-beni-culturali": [
        "accoglienza",
        "turistica",
        "ristorazione",
        "alberghiera",
        "museale",
        "eventi",
    ],
    "meccanica": [
        "meccatronica",
        "automazione",
        "manutenzione",
        "macchine",
        "utensili",
        "robotica",
    ],
    "nautica": ["cantieristica", "navale", "diporto", "motori", "marini", "allestimento"],
}
KINDS = [
    (ProgrammeKind.TECHNICAL, 20, 5280),
    (ProgrammeKind.VOCATIONAL, 20, 5280),
    (ProgrammeKind.IEFP_QUALIFICATION, 15, 2970),
    (ProgrammeKind.IEFP_DIPLOMA, 8, 990),
    (ProgrammeKind.IFTS, 10, 800),
    (ProgrammeKind.ITS, 7, 2000),
    (ProgrammeKind.SHORT_COURSE, 15, 60),
    (ProgrammeKind.WBL_MODULE, 5, 12),
]
PROVIDER_KINDS = {
    OrganizationKind.TECHNICAL_SCHOOL,
    OrganizationKind.VOCATIONAL_SCHOOL,
    OrganizationKind.UPPER_SECONDARY_SCHOOL,
    OrganizationKind.TRAINING_AGENCY,
    OrganizationKind.ITS_ACADEMY,
}


@dataclass(frozen=True)
class CatalogueCounts:
    programmes: int
    editions: int
    skill_links: int


def delete_synthetic_catalogue() -> None:
    """Removes the synthetic programmes and everything hanging from them."""
    Programme.objects.filter(code__startswith=PREFIX).delete()


@transaction.atomic
def generate_catalogue(*, programmes: int, editions: int, seed: int) -> CatalogueCounts:
    """Creates programmes spread over the synthetic hubs, with editions across Tuscany."""
    rng = random.Random(seed)
    hubs = list(
        Hub.objects.filter(slug__startswith="sint-").select_related("sector").order_by("slug")
    )
    providers = list(
        Organization.objects.filter(slug__startswith="sint-", kind__in=PROVIDER_KINDS).order_by(
            "slug"
        )
    )
    municipalities = list(Municipality.objects.order_by("codice_istat"))
    skills = list(Skill.objects.filter(is_group=False).values_list("pk", flat=True).order_by("pk"))
    occupations = list(Occupation.objects.values_list("pk", flat=True).order_by("pk"))
    if not hubs or not providers:
        raise RuntimeError("Generate the synthetic network first (generate_region).")
    kinds = [k for k, _, _ in KINDS]
    weights = [w for _, w, _ in KINDS]
    hours = {k: h for k, _, h in KINDS}
    rows: list[Programme] = []
    for i in range(programmes):
        hub = hubs[i % len(hubs)]
        kind = rng.choices(kinds, weights)[0]
        low, high = EQF_RANGE[kind]
        words = rng.sample(TOPICS.get(hub.sector.slug, ["formazione"]), 3)
        title = f"{words[0].capitalize()} e {words[1]} {i:05d}"
        description = f"Percorso sintetico su {words[0]}, {words[1]} e {words[2]} nella filiera {hub.sector.name}."
        rows.append(
            Programme(
                slug=f"sint-percorso-{i:06d}",
                code=f"{PREFIX}{i:06d}",
                title=title,
                kind=kind,
                track=words[2].capitalize(),
                eqf_level=rng.randint(low, high),
                sector=hub.sector,
                duration_hours=hours[kind],
                description=description,
                search_text=programme_document(title, words[2], "", description),
                is_demo=True,
            )
        )
    created = Programme.objects.bulk_create(rows, batch_size=2000)
    hub_links, provider_links, skill_links, occupation_links = [], [], [], []
    hub_through = Programme.hubs.through
    occupation_through = Programme.occupations.through
    for i, programme in enumerate(created):
        hub_links.append(hub_through(programme_id=programme.pk, hub_id=hubs[i % len(hubs)].pk))
        for n, org in enumerate(rng.sample(providers, rng.choice((1, 1, 1, 2, 3)))):
            role = ProviderRole.LEAD if n == 0 else ProviderRole.PARTNER
            provider_links.append(
                ProgrammeProvider(programme=programme, organization=org, role=role)
            )
        for skill_id in rng.sample(skills, min(len(skills), rng.randint(3, 8))):
            skill_links.append(
                ProgrammeSkill(programme=programme, skill_id=skill_id, level=rng.randint(1, 3))
            )
        for occupation_id in rng.sample(occupations, min(len(occupations), rng.randint(1, 2))):
            occupation_links.append(
                occupation_through(programme_id=programme.pk, occupation_id=occupation_id)
            )
    hub_through.objects.bulk_create(hub_links, batch_size=5000)
    ProgrammeProvider.objects.bulk_create(provider_links, batch_size=5000)
    ProgrammeSkill.objects.bulk_create(skill_links, batch_size=5000)
    occupation_through.objects.bulk_create(occupation_links, batch_size=5000)
    statuses = [
        EditionStatus.PLANNED,
        EditionStatus.OPEN,
        EditionStatus.RUNNING,
        EditionStatus.CLOSED,
    ]
    edition_rows = []
    for n in range(editions):
        programme = created[n % len(created)] if n < len(created) else rng.choice(created)
        year = rng.choice((2024, 2025, 2026, 2027))
        seats = rng.randint(12, 30)
        edition_rows.append(
            Edition(
                programme=programme,
                school_year=f"{year}/{(year + 1) % 100:02d}",
                municipality=rng.choice(municipalities),
                seats=seats,
                enrolled=rng.randint(0, seats),
                status=rng.choice(statuses),
                application_deadline=dt.date(year, 6, 30),
                is_demo=True,
            )
        )
    Edition.objects.bulk_create(edition_rows, batch_size=5000)
    refresh_vectors()
    return CatalogueCounts(
        programmes=len(created), editions=len(edition_rows), skill_links=len(skill_links)
    )
