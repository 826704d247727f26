"""Demo network: Polo TNT with its published facts, and 24 other hubs that are entirely demo.

Real (from the published description of the PTPs): the 25 hubs and their spread over the
provinces, the sectors, Polo TNT's name, sector, province, founding year, purpose, its lead
I.I.S. "E. Barsanti" of Massa since the start, Confesercenti Nord Toscana among the founders, and
the founding composition (13: 5 schools, 4 companies, 3 training agencies, 1 trade association).
Everything else — the other founders' names, later members, the other hubs — is demo and flagged.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from ptp.demo.pdf import one_page_pdf
from ptp.geo.models import Municipality, Province
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    NetworkAgreement,
    Organization,
    OrganizationKind,
    Sector,
)

K = OrganizationKind

TNT_PURPOSE = (
    "Il Polo TNT – Toscana Nord Turismo, uno dei 25 poli creati in Toscana su iniziativa della "
    "Regione, è stato costituito nella provincia di Massa-Carrara nel 2015 per lavorare nella "
    "filiera produttiva che associa turismo e beni culturali. Si pone l'obiettivo di offrire agli "
    "studenti più ampie e specifiche opportunità di apprendimento, in modo da renderli più "
    "competitivi sul mercato del lavoro."
)


@dataclass(frozen=True)
class DemoOrg:
    name: str
    kind: str
    municipality: str | None  # ISTAT code
    is_demo: bool = True
    ateco: str = ""


# Polo TNT's founders: the two named in the seed are real; the other names are invented.
TNT_LEAD = DemoOrg('I.I.S. "E. Barsanti"', K.UPPER_SECONDARY_SCHOOL, "045010", is_demo=False)
TNT_FOUNDERS = [
    DemoOrg(
        "Istituto professionale alberghiero demo «Riviera Apuana»", K.VOCATIONAL_SCHOOL, "045003"
    ),
    DemoOrg("Istituto tecnico per il turismo demo «Lunigiana»", K.TECHNICAL_SCHOOL, "045014"),
    DemoOrg(
        "Istituto professionale demo «Servizi commerciali Aulla»", K.VOCATIONAL_SCHOOL, "045001"
    ),
    DemoOrg("Istituto tecnico demo «Beni culturali Fivizzano»", K.TECHNICAL_SCHOOL, "045007"),
    DemoOrg("Albergo demo «Vista Apuane»", K.COMPANY, "045010", ateco="55.10.00"),
    DemoOrg("Ristorante demo «Il Porto di Marina»", K.COMPANY, "045003", ateco="56.11.11"),
    DemoOrg("Agenzia viaggi demo «Cinque Valli»", K.COMPANY, "045014", ateco="79.11.00"),
    DemoOrg(
        "Cooperativa museale demo «Castelli di Lunigiana»", K.COMPANY, "045007", ateco="91.21.00"
    ),
    DemoOrg("Agenzia formativa demo «Apuania Lavoro»", K.TRAINING_AGENCY, "045010"),
    DemoOrg("Agenzia formativa demo «Formare in Lunigiana»", K.TRAINING_AGENCY, "045016"),
    DemoOrg("Agenzia formativa demo «Carrara Competenze»", K.TRAINING_AGENCY, "045003"),
    DemoOrg("Confesercenti Nord Toscana", K.TRADE_ASSOCIATION, None, is_demo=False),
]
# Later members (demo): (organization, joined year, left year or None).
TNT_LATER: list[tuple[DemoOrg, int, int | None]] = [
    (
        DemoOrg("Fondazione ITS Academy demo «Turismo e Ospitalità»", K.ITS_ACADEMY, "045010"),
        2017,
        None,
    ),
    (
        DemoOrg("Stabilimento balneare demo «Bagno Aurora»", K.COMPANY, "045011", ateco="93.29.20"),
        2018,
        2022,
    ),
    (DemoOrg("Hotel demo «Marina Resort»", K.COMPANY, "045003", ateco="55.10.00"), 2019, None),
    (
        DemoOrg("Agriturismo demo «Le Terre di Zeri»", K.COMPANY, "045017", ateco="55.20.51"),
        2021,
        None,
    ),
    (
        DemoOrg("Agenzia formativa demo «Accoglienza Toscana Nord»", K.TRAINING_AGENCY, "045011"),
        2023,
        None,
    ),
]

# Demo hubs by province (with Polo TNT, the 25 hubs as publicly reported when they were founded).
DEMO_HUB_SECTORS: dict[str, list[str]] = {
    "pisa": ["meccanica", "nautica", "sanita", "agribusiness"],
    "livorno": ["nautica", "energia", "turismo-e-beni-culturali", "meccanica"],
    "firenze": ["meccanica", "sanita", "turismo-e-beni-culturali", "agribusiness"],
    "arezzo": ["meccanica", "agribusiness", "energia"],
    "prato": ["meccanica", "energia"],
    "siena": ["agribusiness", "sanita"],
    "pistoia": ["agribusiness", "meccanica"],
    "lucca": ["nautica", "turismo-e-beni-culturali"],
    "grosseto": ["agribusiness"],
}
SECTOR_ATECO = {
    "meccanica": "28.99.99",
    "nautica": "30.12.00",
    "sanita": "86.10.00",
    "agribusiness": "10.89.09",
    "energia": "35.12.00",
    "turismo-e-beni-culturali": "55.10.00",
}


def _organization(spec: DemoOrg, municipalities: dict[str, Municipality]) -> Organization:
    org, _ = Organization.objects.update_or_create(
        slug=slugify(spec.name)[:120],
        defaults={
            "name": spec.name,
            "kind": spec.kind,
            "municipality": municipalities[spec.municipality] if spec.municipality else None,
            "ateco": spec.ateco,
            "is_demo": spec.is_demo,
        },
    )
    return org


def _membership(
    hub: Hub,
    org: Organization,
    *,
    joined: dt.date,
    left: dt.date | None = None,
    role: str = MembershipRole.PARTNER,
    founding: bool = False,
    is_demo: bool = True,
) -> None:
    Membership.objects.update_or_create(
        hub=hub,
        organization=org,
        joined_on=joined,
        defaults={"role": role, "left_on": left, "is_founding": founding, "is_demo": is_demo},
    )


def seed_tnt(municipalities: dict[str, Municipality]) -> Hub:
    """Polo TNT with its real facts and demo member names."""
    hub, _ = Hub.objects.update_or_create(
        slug="tnt",
        defaults={
            "name": "Polo TNT – Toscana Nord Turismo",
            "short_name": "Polo TNT",
            "sector": Sector.objects.get(slug="turismo-e-beni-culturali"),
            "province": Province.objects.get(abbreviation="MS"),
            "founded_year": 2015,
            "purpose": TNT_PURPOSE,
            "is_demo": False,
        },
    )
    # The exact founding day is not published: the first day of the founding year stands for it.
    founded = dt.date(2015, 1, 1)
    lead = _organization(TNT_LEAD, municipalities)
    _membership(hub, lead, joined=founded, role=MembershipRole.LEAD, founding=True, is_demo=False)
    for spec in TNT_FOUNDERS:
        _membership(
            hub,
            _organization(spec, municipalities),
            joined=founded,
            founding=True,
            is_demo=spec.is_demo,
        )
    for spec, joined_year, left_year in TNT_LATER:
        _membership(
            hub,
            _organization(spec, municipalities),
            joined=dt.date(joined_year, 9, 1),
            left=dt.date(left_year, 8, 31) if left_year else None,
        )
    if not hub.agreements.exists():
        pdf = one_page_pdf(
            "Accordo di rete - Polo TNT", "Documento dimostrativo: non e' l'accordo reale del polo."
        )
        agreement = NetworkAgreement(
            hub=hub,
            version=1,
            title="Accordo di rete (documento dimostrativo)",
            signed_on=dt.date(2015, 6, 1),
            sha256=hashlib.sha256(pdf).hexdigest(),
            size_bytes=len(pdf),
            is_demo=True,
        )
        agreement.document.save("v1.pdf", ContentFile(pdf), save=False)
        agreement.save()
    return hub


def seed_demo_hubs(municipalities: dict[str, Municipality]) -> list[Hub]:
    """The other 24 hubs, entirely demo, with a plausible member mix for their sector."""
    rng = random.Random(2015)
    by_province: dict[str, list[Municipality]] = {}
    for m in municipalities.values():
        by_province.setdefault(m.province.slug, []).append(m)
    hubs = []
    for province_slug, sector_slugs in DEMO_HUB_SECTORS.items():
        province = Province.objects.get(slug=province_slug)
        towns = sorted(by_province[province_slug], key=lambda m: m.codice_istat)
        for n, sector_slug in enumerate(sector_slugs, start=1):
            sector = Sector.objects.get(slug=sector_slug)
            name = f"Polo {sector.name} {province.name} (demo)"
            hub, _ = Hub.objects.update_or_create(
                slug=slugify(f"{sector.name}-{province.name}"),
                defaults={
                    "name": name,
                    "short_name": f"PTP {sector.name} {province.abbreviation}",
                    "sector": sector,
                    "province": province,
                    "founded_year": 2015 if n % 2 else 2016,
                    "purpose": f"Polo dimostrativo della filiera {sector.name.lower()} in provincia di {province.name}.",
                    "is_demo": True,
                },
            )
            founded = dt.date(hub.founded_year, 1, 1)
            members = [
                (K.UPPER_SECONDARY_SCHOOL, "Istituto d'istruzione superiore demo"),
                *[(K.TECHNICAL_SCHOOL, "Istituto tecnico demo")] * rng.randint(1, 2),
                *[(K.VOCATIONAL_SCHOOL, "Istituto professionale demo")] * rng.randint(1, 2),
                *[(K.COMPANY, "Impresa demo")] * rng.randint(3, 5),
                *[(K.TRAINING_AGENCY, "Agenzia formativa demo")] * rng.randint(1, 2),
            ]
            used: set[str] = set()
            for i, (kind, label) in enumerate(members):
                town = towns[(i * 7 + n) % len(towns)]
                org_name = f"{label} {sector.name} – {town.name}"
                if org_name in used:
                    org_name = f"{org_name} ({i + 1})"
                used.add(org_name)
                spec = DemoOrg(
                    org_name,
                    kind,
                    town.codice_istat,
                    ateco=SECTOR_ATECO[sector_slug] if kind == K.COMPANY else "",
                )
                _membership(
                    hub,
                    _organization(spec, municipalities),
                    joined=founded if i < 6 else dt.date(hub.founded_year + 1 + i % 5, 9, 1),
                    role=MembershipRole.LEAD if i == 0 else MembershipRole.PARTNER,
                    founding=i < 6,
                )
            hubs.append(hub)
    return hubs


@transaction.atomic
def seed_network() -> list[Hub]:
    """Creates or refreshes the 25 hubs (idempotent: keyed on slugs and joining dates)."""
    municipalities = {m.codice_istat: m for m in Municipality.objects.select_related("province")}
    if not municipalities:
        raise RuntimeError("Reference data missing: run manage.py load_reference_data first.")
    return [seed_tnt(municipalities), *seed_demo_hubs(municipalities)]
