"""Demo training offer: Polo TNT's tourism and cultural-heritage programmes, and a few programmes
for every other demo hub. Everything here is demo (is_demo=True): names, hours, seats, editions."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from ptp.catalogue.fulltext import refresh_vectors
from ptp.catalogue.models import (
    Edition,
    EditionStatus,
    Programme,
    ProgrammeKind,
    ProviderRole,
    SectorOccupation,
)
from ptp.catalogue.services import ProgrammeData, write_edition, write_programme
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Membership, Organization, OrganizationKind
from ptp.skills.models import Occupation, Skill
from ptp.skills.queries import search_occupations, search_skills

P = ProgrammeKind


@dataclass(frozen=True)
class DemoProgramme:
    code: str
    title: str
    kind: str
    eqf: int
    hours: int
    providers: tuple[str, ...]  # organization names, lead first
    track: str = ""
    specialisation: str = ""
    description: str = ""
    skills: tuple[str, ...] = ()  # words to find skills in the loaded taxonomy
    occupations: tuple[str, ...] = ()
    leads_to: tuple[str, ...] = ()
    editions: tuple[
        tuple[str, str, int, int, str], ...
    ] = ()  # year, ISTAT code, seats, enrolled, status


TNT_PROGRAMMES = [
    DemoProgramme(
        "TNT-ITT-TUR",
        "Tecnico per il turismo",
        P.TECHNICAL,
        4,
        5280,
        ("Istituto tecnico per il turismo demo «Lunigiana»",),
        track="Turismo",
        description="Quinquennio tecnico: lingue straniere, marketing turistico, legislazione, gestione dell'impresa turistica.",
        skills=("lingue", "promozion", "prenotazion", "clienti", "marketing"),
        occupations=("agente di viaggio", "receptionist", "promotore"),
        leads_to=("TNT-ITS-RIC", "TNT-ITS-BBCC"),
        editions=(("2025/26", "045014", 25, 22, "running"), ("2026/27", "045014", 25, 0, "open")),
    ),
    DemoProgramme(
        "TNT-IP-ENO",
        "Enogastronomia e ospitalità alberghiera – Accoglienza turistica",
        P.VOCATIONAL,
        4,
        5280,
        ("Istituto professionale alberghiero demo «Riviera Apuana»",),
        track="Enogastronomia e ospitalità alberghiera",
        specialisation="Accoglienza turistica",
        description="Quinquennio professionale con laboratori di ricevimento, sala e cucina e periodi in struttura.",
        skills=("accoglien", "prenotazion", "reclam", "igien", "lingue"),
        occupations=("receptionist", "portier", "addetto al ricevimento"),
        leads_to=("TNT-ITS-RIC",),
        editions=(("2025/26", "045003", 28, 27, "running"), ("2026/27", "045003", 28, 0, "open")),
    ),
    DemoProgramme(
        "TNT-IP-CUC",
        "Enogastronomia e ospitalità alberghiera – Cucina",
        P.VOCATIONAL,
        4,
        5280,
        ("Istituto professionale alberghiero demo «Riviera Apuana»",),
        track="Enogastronomia e ospitalità alberghiera",
        specialisation="Enogastronomia",
        skills=("cucin", "igien", "aliment", "menu"),
        occupations=("cuoc", "chef"),
        leads_to=("TNT-ITS-RIC",),
        editions=(("2026/27", "045003", 26, 0, "open"),),
    ),
    DemoProgramme(
        "TNT-IEFP-RIST",
        "Operatore della ristorazione",
        P.IEFP_QUALIFICATION,
        3,
        2970,
        ("Agenzia formativa demo «Apuania Lavoro»", "Ristorante demo «Il Porto di Marina»"),
        description="Qualifica triennale con alternanza in ristoranti della costa apuana.",
        skills=("cucin", "sala", "igien", "bevand"),
        occupations=("cameri", "cuoc", "aiuto"),
        leads_to=("TNT-IEFP-SALA",),
        editions=(
            ("2025/26", "045010", 18, 16, "running"),
            ("2026/27", "045010", 18, 0, "planned"),
        ),
    ),
    DemoProgramme(
        "TNT-IEFP-SALA",
        "Tecnico dei servizi di sala e bar",
        P.IEFP_DIPLOMA,
        4,
        990,
        ("Agenzia formativa demo «Carrara Competenze»",),
        skills=("sala", "bevand", "vin", "clienti"),
        occupations=("barman", "cameri", "sommelier"),
        leads_to=("TNT-ITS-RIC",),
        editions=(("2026/27", "045003", 15, 0, "open"),),
    ),
    DemoProgramme(
        "TNT-IFTS-PROM",
        "Tecniche di promozione turistica del territorio",
        P.IFTS,
        4,
        800,
        (
            "Agenzia formativa demo «Formare in Lunigiana»",
            "Agenzia viaggi demo «Cinque Valli»",
            "Cooperativa museale demo «Castelli di Lunigiana»",
        ),
        description="Percorso congiunto di agenzia formativa, agenzia di viaggi e cooperativa museale.",
        skills=("promozion", "itinerar", "patrimonio", "social", "guid"),
        occupations=("guida", "promotore", "organizzat"),
        editions=(("2026/27", "045016", 20, 0, "open"),),
    ),
    DemoProgramme(
        "TNT-ITS-RIC",
        "Tecnico superiore per la gestione delle strutture turistico-ricettive",
        P.ITS,
        5,
        2000,
        ("Fondazione ITS Academy demo «Turismo e Ospitalità»", "Hotel demo «Marina Resort»"),
        description="Biennio ITS: revenue management, qualità dei servizi, digitalizzazione delle strutture ricettive.",
        skills=("gestion", "prenotazion", "qualita", "personale", "budget"),
        occupations=("direttor", "responsabile", "receptionist"),
        editions=(("2025/26", "045010", 25, 24, "running"), ("2026/27", "045010", 25, 0, "open")),
    ),
    DemoProgramme(
        "TNT-ITS-BBCC",
        "Tecnico superiore per la valorizzazione dei beni culturali e del turismo",
        P.ITS,
        5,
        2000,
        (
            "Fondazione ITS Academy demo «Turismo e Ospitalità»",
            "Cooperativa museale demo «Castelli di Lunigiana»",
        ),
        skills=("patrimonio", "muse", "event", "guid", "promozion"),
        occupations=("guida", "muse", "event"),
        editions=(("2026/27", "045014", 22, 0, "planned"),),
    ),
    DemoProgramme(
        "TNT-CB-ENG",
        "Accoglienza turistica in lingua inglese",
        P.SHORT_COURSE,
        3,
        60,
        ("Agenzia formativa demo «Accoglienza Toscana Nord»",),
        skills=("lingue", "accoglien", "clienti"),
        occupations=("receptionist",),
        editions=(("", "045011", 16, 9, "open"),),
    ),
    DemoProgramme(
        "TNT-MOD-SIC",
        "Sicurezza nei luoghi di lavoro del turismo (formazione generale, 4 ore)",
        P.WBL_MODULE,
        2,
        4,
        ("Agenzia formativa demo «Apuania Lavoro»",),
        description="Modulo di formazione generale sulla sicurezza richiesto prima di ogni periodo in struttura.",
        skills=("sicurezz", "igien"),
        editions=(("", "045010", 30, 12, "open"),),
    ),
]


def _find(
    model: type[Skill] | type[Occupation], words: tuple[str, ...], limit_each: int = 1
) -> list:
    """The best matches of each word or phrase in the loaded taxonomy (none when it is not loaded)."""
    search = search_skills if model is Skill else search_occupations
    ids: list[int] = []
    for word in words:
        taken = 0
        for hit in search(word, limit=limit_each + len(ids)):
            if hit.id not in ids and taken < limit_each:
                ids.append(hit.id)
                taken += 1
    by_id = model.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _edition_values(
    year: str, municipality: Municipality, seats: int, enrolled: int, status: str
) -> dict:
    starts_on = None if year else dt.date(2026, 10, 5)
    return {
        "school_year": year,
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=60) if starts_on else None,
        "municipality": municipality,
        "seats": seats,
        "enrolled": enrolled,
        "status": status,
        "application_deadline": dt.date(2026, 9, 15)
        if status in (EditionStatus.OPEN, EditionStatus.PLANNED)
        else None,
        "is_demo": True,
    }


def _write(
    spec: DemoProgramme, hub: Hub, orgs: dict[str, Organization], by_code: dict[str, Programme]
) -> Programme:
    data = ProgrammeData(
        values={
            "code": spec.code,
            "title": spec.title,
            "kind": spec.kind,
            "track": spec.track,
            "specialisation": spec.specialisation,
            "eqf_level": spec.eqf,
            "sector": hub.sector,
            "duration_hours": spec.hours,
            "description": spec.description,
            "is_published": True,
            "is_demo": True,
        },
        providers=[
            (orgs[name], ProviderRole.LEAD if i == 0 else ProviderRole.PARTNER)
            for i, name in enumerate(spec.providers)
        ],
        skills=[(skill, 2 + (i % 2)) for i, skill in enumerate(_find(Skill, spec.skills))],
        occupations=_find(Occupation, spec.occupations),
        hubs=[hub],
    )
    return write_programme(data=data, programme=by_code.get(spec.code))


def _editions(programme: Programme, rows: tuple[tuple[str, str, int, int, str], ...]) -> None:
    for year, istat, seats, enrolled, status in rows:
        municipality = Municipality.objects.get(codice_istat=istat)
        values = _edition_values(year, municipality, seats, enrolled, status)
        current = Edition.objects.filter(
            programme=programme,
            school_year=values["school_year"],
            starts_on=values["starts_on"],
            municipality=municipality,
        ).first()
        write_edition(programme=programme, values=values, edition=current)


def seed_tnt_catalogue(hub: Hub) -> list[Programme]:
    """Polo TNT's demo offer with 4+2 pathways into its ITS programmes (idempotent by code)."""
    names = {name for spec in TNT_PROGRAMMES for name in spec.providers}
    orgs = {o.name: o for o in Organization.objects.filter(name__in=names)}
    by_code = {
        p.code: p for p in Programme.objects.filter(code__in=[s.code for s in TNT_PROGRAMMES])
    }
    programmes = [_write(spec, hub, orgs, by_code) for spec in TNT_PROGRAMMES]
    by_code = {p.code: p for p in programmes}
    for spec, programme in zip(TNT_PROGRAMMES, programmes, strict=True):
        programme.leads_to.set([by_code[c] for c in spec.leads_to])
        _editions(programme, spec.editions)
    occupations = {
        o.pk: o
        for spec in TNT_PROGRAMMES
        for o in _find(Occupation, spec.occupations, limit_each=2)
    }
    for occupation in occupations.values():
        SectorOccupation.objects.get_or_create(sector=hub.sector, occupation=occupation)
    return programmes


GENERIC = [
    (P.TECHNICAL, "Tecnico – {sector}", 4, 5280, "istituto_tecnico"),
    (P.VOCATIONAL, "Professionale – {sector}", 4, 5280, "istituto_professionale"),
    (P.IEFP_QUALIFICATION, "Operatore della filiera {sector_lower}", 3, 2970, "agenzia_formativa"),
]


def seed_other_catalogues() -> int:
    """Three generic demo programmes for each other demo hub, run by its demo members."""
    count = 0
    for hub in (
        Hub.objects.filter(is_demo=True)
        .exclude(slug__startswith="sint-")
        .select_related("sector", "province")
    ):
        members = list(
            Membership.objects.for_hub(hub)
            .active()
            .select_related("organization__municipality")
            .order_by("pk")
        )
        for kind, title, eqf, hours, org_kind in GENERIC:
            provider = next(
                (m.organization for m in members if m.organization.kind == org_kind),
                next(
                    (
                        m.organization
                        for m in members
                        if m.organization.kind == OrganizationKind.UPPER_SECONDARY_SCHOOL
                    ),
                    None,
                ),
            )
            if provider is None or provider.municipality is None:
                continue
            code = f"DEMO-{hub.slug}-{kind}"[:40]
            data = ProgrammeData(
                values={
                    "code": code,
                    "title": title.format(
                        sector=hub.sector.name, sector_lower=hub.sector.name.lower()
                    ),
                    "kind": kind,
                    "eqf_level": eqf,
                    "sector": hub.sector,
                    "duration_hours": hours,
                    "description": f"Percorso dimostrativo del {hub.name}.",
                    "is_published": True,
                    "is_demo": True,
                },
                providers=[(provider, ProviderRole.LEAD)],
                hubs=[hub],
            )
            programme = write_programme(
                data=data, programme=Programme.objects.filter(code=code).first()
            )
            _editions(
                programme,
                (("2026/27", provider.municipality.codice_istat, 24, 0, EditionStatus.OPEN),),
            )
            count += 1
    return count


@transaction.atomic
def seed_catalogue() -> list[Programme]:
    """The demo catalogue; returns Polo TNT's programmes."""
    tnt = Hub.objects.select_related("sector").get(slug="tnt")
    programmes = seed_tnt_catalogue(tnt)
    seed_other_catalogues()
    refresh_vectors()
    return programmes
