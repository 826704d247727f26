"""Demo opportunities of a tourism and cultural-heritage hub (Polo TNT): reception, kitchen,
dining room, museum guide, beach services (adults only: it involves work excluded for minors),
travel agency, farm stay. Seasonal windows in 2026 and 2027. Everything is demo (is_demo)."""

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ptp.core.errors import InvalidInputError
from ptp.network.models import Hub, Organization
from ptp.placements.hosts.demo import demo_companies, staff_member
from ptp.placements.models import Opportunity, OpportunityKind, RiskLevel
from ptp.placements.opportunities.services import (
    OpportunityData,
    WindowData,
    publish,
    write_new_opportunity,
)
from ptp.skills.models import Skill
from ptp.skills.queries import search_skills

K = OpportunityKind
D = dt.date


@dataclass(frozen=True)
class DemoOpportunity:
    host_word: str  # a word of the demo company's name
    title: str
    kind: str
    description: str
    windows: tuple[tuple[dt.date, dt.date, int, int], ...]  # start, end, seats, hours
    required: tuple[str, ...] = ()  # words to find skills in the loaded taxonomy
    developed: tuple[str, ...] = ()
    min_age: int = 16
    risk: str = RiskLevel.LOW
    excluded_work: bool = False
    show_host: bool = True
    publish: bool = True


DEMO_OPPORTUNITIES = [
    DemoOpportunity(
        "Vista Apuane",
        "Addetto/a al ricevimento – stagione estiva",
        K.PCTO,
        "Al ricevimento dell'albergo: accoglienza degli ospiti, registrazione degli arrivi, "
        "prenotazioni e informazioni turistiche, affiancati dalla responsabile di ricevimento.",
        ((D(2026, 6, 15), D(2026, 7, 31), 3, 160), (D(2027, 6, 14), D(2027, 7, 30), 3, 160)),
        required=("comunicare in inglese",),
        developed=("accogliere gli ospiti", "gestire le prenotazioni", "registrare gli arrivi"),
    ),
    DemoOpportunity(
        "Porto di Marina",
        "Aiuto cuoco/a in cucina",
        K.PCTO,
        "In brigata di cucina: preparazione di primi e piatti di pesce, conservazione degli "
        "alimenti, pulizia e sanificazione secondo il piano HACCP.",
        ((D(2026, 5, 4), D(2026, 6, 12), 2, 120), (D(2027, 5, 3), D(2027, 6, 11), 2, 120)),
        required=("igiene e sicurezza alimentare",),
        developed=("preparare la pasta fresca", "preparare piatti di pesce", "conservare gli"),
        risk=RiskLevel.MEDIUM,
    ),
    DemoOpportunity(
        "Porto di Marina",
        "Cameriere/a di sala – stagione 2027",
        K.SEASONAL_JOB,
        "Servizio ai tavoli nel ristorante sul porto, nei fine settimana di primavera e tutti i "
        "giorni d'estate; contratto stagionale.",
        ((D(2027, 4, 24), D(2027, 5, 30), 2, 90), (D(2027, 6, 1), D(2027, 9, 15), 4, 480)),
        required=("comunicare con cortesia",),
        developed=("servire ai tavoli", "prendere le comande", "abbinare vini e piatti"),
        min_age=18,
    ),
    DemoOpportunity(
        "Castelli di Lunigiana",
        "Guida museale junior",
        K.PCTO,
        "Visite guidate e laboratori didattici per le scuole nei castelli e nei musei della "
        "Lunigiana, con la cooperativa che li gestisce.",
        ((D(2026, 9, 14), D(2026, 10, 30), 2, 80), (D(2027, 4, 12), D(2027, 5, 28), 2, 80)),
        required=("storia della toscana",),
        developed=("condurre visite guidate", "condurre laboratori didattici"),
        min_age=15,
    ),
    DemoOpportunity(
        "Marina Resort",
        "Addetto/a ai servizi di spiaggia",
        K.SEASONAL_JOB,
        "Servizi dello stabilimento balneare dell'hotel: accoglienza in spiaggia, montaggio "
        "delle attrezzature, pulizia meccanica dell'arenile con mezzi a motore. Comprende "
        "lavorazioni vietate ai minori: si richiedono 18 anni compiuti.",
        ((D(2027, 6, 1), D(2027, 9, 15), 3, 480),),
        required=("primo soccorso",),
        developed=("animare attività per gli ospiti",),
        min_age=18,
        risk=RiskLevel.MEDIUM,
        excluded_work=True,
    ),
    DemoOpportunity(
        "Cinque Valli",
        "Assistente in agenzia di viaggi",
        K.INTERNSHIP,
        "Tirocinio curricolare in agenzia: preparazione di itinerari, prenotazione di servizi di "
        "viaggio, assistenza ai clienti al banco e al telefono.",
        ((D(2027, 1, 18), D(2027, 3, 12), 1, 150),),
        required=("geografia turistica",),
        developed=("progettare itinerari", "prenotare servizi di viaggio"),
        min_age=17,
        show_host=False,
    ),
    DemoOpportunity(
        "Terre di Zeri",
        "Accoglienza in agriturismo e fattoria didattica",
        K.DUAL_APPRENTICESHIP,
        "Apprendistato duale in agriturismo: accoglienza degli ospiti, cucina del territorio, "
        "attività con gli animali della fattoria didattica e uso di macchine agricole.",
        ((D(2027, 2, 1), D(2027, 7, 31), 1, 600),),
        developed=("cucina regionale toscana", "accogliere gli ospiti"),
        risk=RiskLevel.HIGH,
    ),
    DemoOpportunity(
        "Vista Apuane",
        "Addetto/a ai piani (bozza)",
        K.PCTO,
        "Riassetto delle camere e gestione della biancheria con la governante d'albergo.",
        ((D(2027, 7, 1), D(2027, 8, 31), 2, 120),),
        developed=("controllare la pulizia delle camere", "gestire la biancheria"),
        publish=False,
    ),
]


def _skills(words: tuple[str, ...]) -> list[Skill]:
    found: list[Skill] = []
    for word in words:
        hits = search_skills(word, limit=1)
        skill = Skill.objects.filter(pk=hits[0].id).first() if hits else None
        if skill is not None and skill not in found:
            found.append(skill)
    return found


def _host(companies: list[Organization], word: str) -> Organization | None:
    return next((c for c in companies if word in c.name), None)


@transaction.atomic
def seed_demo_opportunities(hub: Hub) -> list[Opportunity]:
    """Creates (idempotently, by host and title) and publishes the hub's demo opportunities; call
    after seed_demo_hosts. An opportunity whose windows have all ended stays a draft."""
    companies = demo_companies(hub)
    today = timezone.localdate()
    created = []
    for spec in DEMO_OPPORTUNITIES:
        host = _host(companies, spec.host_word)
        if host is None:
            continue
        existing = Opportunity.objects.filter(hub=hub, host=host, title=spec.title).first()
        if existing is not None:
            created.append(existing)
            continue
        data = OpportunityData(
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            sector=hub.sector,
            municipality=host.municipality or hub.province.municipalities.order_by("pk")[0],
            address=host.address,
            min_age=spec.min_age,
            risk_level=spec.risk,
            involves_minor_excluded_work=spec.excluded_work,
            show_host_publicly=spec.show_host,
            skills_required=_skills(spec.required),
            skills_developed=_skills(spec.developed),
            windows=[WindowData(s, e, seats, hours) for s, e, seats, hours in spec.windows],
        )
        tutor = staff_member(host)
        opportunity = write_new_opportunity(
            actor=tutor, host=host, hub=hub, data=data, is_demo=True
        )
        if spec.publish:
            # Seeded after its windows ended, it stays a draft: still a valid demo.
            with contextlib.suppress(InvalidInputError):
                publish(actor=tutor, opportunity=opportunity, today=today)
        created.append(opportunity)
    return created
