"""Region-scale synthetic demand for benchmarks: skill needs of the synthetic companies and a
synthetic labour-demand bulletin for every province with a synthetic hub. Reproducible by seed;
everything is demo and tied to "sint-" organizations or a "sint-" bulletin file, so it can be
replaced as a whole (generate_region --replace)."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from ptp.demand.imports.bulletins import isco_major_group
from ptp.demand.models import (
    DemandBulletin,
    EducationLevel,
    Horizon,
    LabourDemand,
    NeedStatus,
    SkillNeed,
)
from ptp.demand.services import NEED_FIELDS
from ptp.lib.bulk_rows import insert_rows
from ptp.network.models import Hub, Membership, OrganizationKind
from ptp.skills.models import Occupation, OccupationSkill, RelationType, Skill

PREFIX = "sint-"
BULLETIN_FILE = "sint-bollettino.csv"
# CP2021 unit groups a bulletin typically lists, one or more per major group.
CP2021 = [
    ("2.2.1.1", "Ingegneri meccanici"),
    ("3.1.3.1", "Tecnici meccanici"),
    ("3.2.1.1", "Professioni sanitarie infermieristiche"),
    ("3.4.1.1", "Tecnici delle attività ricettive"),
    ("4.2.2.1", "Addetti all'accoglienza nelle strutture ricettive"),
    ("5.2.2.1", "Cuochi in alberghi e ristoranti"),
    ("5.2.2.3", "Camerieri e professioni assimilate"),
    ("5.3.1.1", "Professioni qualificate nei servizi sanitari"),
    ("6.2.1.3", "Meccanici e montatori di macchinari"),
    ("6.2.4.1", "Installatori di impianti elettrici"),
    ("6.4.1.3", "Agricoltori specializzati"),
    ("6.5.1.2", "Addetti alla trasformazione alimentare"),
    ("7.2.7.1", "Conduttori di macchine per la cantieristica"),
    ("8.1.4.1", "Addetti alle pulizie nelle strutture ricettive"),
]
YEARS = (2024, 2025, 2026, 2027)
STATUSES = [NeedStatus.OPEN] * 8 + [NeedStatus.FILLED, NeedStatus.WITHDRAWN]


def delete_synthetic_skill_needs() -> None:
    """Removes the synthetic companies' needs and the synthetic bulletin (and only them)."""
    needs = SkillNeed.objects.filter(organization__slug__startswith=PREFIX)
    SkillNeed.skills.through.objects.filter(skillneed__in=needs).delete()
    needs.delete()
    DemandBulletin.objects.filter(file_name=BULLETIN_FILE).delete()


@transaction.atomic
def generate_skill_needs(count: int, seed: int) -> int:
    """Creates `count` needs of the synthetic companies in their hubs (2–5 skills each, from their
    occupation's essential skills when it has some), spread over the years, and the synthetic
    bulletin. Returns the needs created."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    links = list(
        Membership.objects.filter(
            hub__slug__startswith=PREFIX,
            organization__slug__startswith=PREFIX,
            organization__kind=OrganizationKind.COMPANY,
            left_on__isnull=True,
        )
        .exclude(organization__municipality__isnull=True)
        .values_list("organization_id", "hub_id", "organization__municipality_id")
        .order_by("pk")
    )
    if not links:
        raise RuntimeError("Generate the synthetic network first (generate_region).")
    occupations = list(Occupation.objects.values_list("pk", "label_it").order_by("pk"))
    essentials: dict[int, list[int]] = defaultdict(list)
    for occupation_id, skill_id in OccupationSkill.objects.filter(
        relation=RelationType.ESSENTIAL
    ).values_list("occupation_id", "skill_id"):
        essentials[occupation_id].append(skill_id)
    skills = list(Skill.objects.filter(is_group=False).values_list("pk", flat=True).order_by("pk"))
    if not skills:
        raise RuntimeError("Load a skills taxonomy first (seed_demo or import_esco).")
    fields = [*NEED_FIELDS, "is_demo", "created_at", "updated_at"]
    rows: list[tuple[object, ...]] = []
    wanted: dict[str, list[int]] = {}
    for i in range(count):
        organization_id, hub_id, municipality_id = links[i % len(links)]
        picked: tuple[int | None, str] = rng.choice(occupations) if occupations else (None, "")
        need_occupation, label = picked
        pool = essentials.get(need_occupation, []) if need_occupation else []
        pool = pool if len(pool) >= 2 else skills
        title = (label or "Figura sintetica")[:180] + f" {i:06d}"
        wanted[title] = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        # Publication dates spread evenly over YEARS, so the observatory has a trend.
        published = dt.datetime(YEARS[i * len(YEARS) // count], 3, 1, 9, 0, tzinfo=dt.UTC)
        rows.append(
            (
                organization_id,
                hub_id,
                title,
                need_occupation,
                rng.choice((1, 1, 2, 2, 3, 4, 5, 8)),
                rng.choice((Horizon.SHORT, Horizon.MEDIUM)).value,
                municipality_id,
                "",
                rng.choice(STATUSES).value,
                True,
                published,
                published,
            )
        )
    # Straight to the database (COPY on PostgreSQL): bulk_create would take most of a minute.
    made = insert_rows(SkillNeed, fields, rows)
    created = SkillNeed.objects.filter(organization__slug__startswith=PREFIX).values_list(
        "pk", "title"
    )
    through = SkillNeed.skills.through
    insert_rows(
        through,
        ["skillneed", "skill"],
        ((pk, skill_id) for pk, title in created for skill_id in wanted.get(title, ())),
    )
    _generate_bulletin(rng)
    return made


def _generate_bulletin(rng: random.Random) -> None:
    provinces = sorted(
        set(Hub.objects.filter(slug__startswith=PREFIX).values_list("province_id", flat=True))
    )
    bulletin = DemandBulletin.objects.create(
        source="Bollettino sintetico (numeri inventati)", file_name=BULLETIN_FILE, is_demo=True
    )
    levels = list(EducationLevel.values)
    rows = [
        LabourDemand(
            bulletin=bulletin,
            province_id=province_id,
            period=f"{year}-T{quarter}",
            occupation_code=code,
            occupation_label=label,
            isco_code=isco_major_group(code),
            planned_hires=rng.randint(5, 400),
            hard_to_recruit_share=Decimal(rng.randint(100, 7000)) / 100,
            education_level=rng.choice(levels),
        )
        for province_id in provinces
        for year in YEARS
        for quarter in range(1, 5)
        for code, label in CP2021
    ]
    LabourDemand.objects.bulk_create(rows, batch_size=5000)
    bulletin.rows = len(rows)
    bulletin.save(update_fields=["rows"])
