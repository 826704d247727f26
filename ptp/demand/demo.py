"""Demo demand: skill needs of a hub's demo companies, and the shipped demo bulletin (invented
numbers, see ptp/demand/fixtures/README.md). Everything is demo (is_demo)."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ptp.accounts.models import Role, User
from ptp.demand.imports import import_labour_demand
from ptp.demand.models import DemandBulletin, Horizon, SkillNeed
from ptp.demand.services import NeedData, write_new_need
from ptp.network.models import Hub, Membership, Organization, OrganizationKind
from ptp.skills.models import Occupation, Skill
from ptp.skills.queries import search_occupations, search_skills

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bollettino_demo.csv"
DEMO_SOURCE = "Bollettino dimostrativo (numeri inventati)"


@dataclass(frozen=True)
class DemoNeed:
    host_word: str  # a word of the demo company's name
    title: str
    occupation: str  # words to find the occupation in the loaded taxonomy
    skills: tuple[str, ...]
    people: int
    horizon: str
    notes: str = ""


DEMO_NEEDS = [
    DemoNeed(
        "Vista Apuane",
        "Addetto/a al ricevimento serale",
        "receptionist notturno",
        ("presidiare il ricevimento", "comunicare in inglese", "comunicare in tedesco"),
        2,
        Horizon.SHORT,
        "Turni serali da aprile a ottobre.",
    ),
    DemoNeed(
        "Porto di Marina",
        "Cuoco/a capo partita",
        "capo cuoco",
        ("preparare piatti di pesce", "coordinare la brigata", "ideare il menù"),
        1,
        Horizon.MEDIUM,
    ),
    DemoNeed(
        "Porto di Marina",
        "Cameriere/a di sala",
        "cameriere di sala",
        ("servire ai tavoli", "abbinare vini e piatti", "comunicare in inglese"),
        3,
        Horizon.SHORT,
    ),
    DemoNeed(
        "Castelli di Lunigiana",
        "Operatore/trice museale bilingue",
        "assistente museale",
        ("accogliere i visitatori", "condurre visite guidate", "comunicare in inglese"),
        1,
        Horizon.MEDIUM,
    ),
    DemoNeed(
        "Marina Resort",
        "Governante ai piani",
        "governante d'albergo",
        ("controllare la pulizia delle camere", "pianificare i turni"),
        1,
        Horizon.SHORT,
    ),
    DemoNeed(
        "Cinque Valli",
        "Consulente di viaggio",
        "consulente di viaggio",
        ("progettare itinerari", "vendere pacchetti turistici"),
        1,
        Horizon.MEDIUM,
    ),
    DemoNeed(
        "Terre di Zeri",
        "Addetto/a alla fattoria didattica",
        "organizzatore di eventi",
        ("condurre laboratori didattici", "cucina regionale toscana"),
        1,
        Horizon.SHORT,
    ),
]


def _occupation(words: str) -> Occupation | None:
    hits = search_occupations(words, limit=1)
    return Occupation.objects.filter(pk=hits[0].id).first() if hits else None


def _skills(words: tuple[str, ...]) -> list[Skill]:
    ids = [hits[0].id for w in words if (hits := search_skills(w, limit=1))]
    return list(Skill.objects.filter(pk__in=ids))


@transaction.atomic
def seed_demo_needs(hub: Hub) -> list[SkillNeed]:
    """Records the demo companies' needs in the hub (idempotent, by company and title)."""
    companies = [
        m.organization
        for m in Membership.objects.for_hub(hub)
        .active()
        .filter(organization__kind=OrganizationKind.COMPANY, organization__is_demo=True)
        .select_related("organization__municipality")
    ]
    needs = []
    for spec in DEMO_NEEDS:
        company: Organization | None = next(
            (c for c in companies if spec.host_word in c.name), None
        )
        if company is None or company.municipality is None:
            continue
        existing = SkillNeed.objects.filter(organization=company, hub=hub, title=spec.title).first()
        if existing is not None:
            needs.append(existing)
            continue
        actor = (
            User.objects.filter(grants__organization=company, grants__role=Role.ORGANIZATION_STAFF)
            .order_by("pk")
            .first()
        )
        data = NeedData(
            title=spec.title,
            headcount=spec.people,
            horizon=spec.horizon,
            municipality=company.municipality,
            occupation=_occupation(spec.occupation),
            skills=_skills(spec.skills),
            notes=spec.notes,
        )
        needs.append(
            write_new_need(actor=actor, organization=company, hub=hub, data=data, is_demo=True)
        )
    return needs


def seed_demo_bulletin() -> DemandBulletin:
    """Loads the shipped demo bulletin once (its numbers are invented) and returns it."""
    existing = DemandBulletin.objects.filter(is_demo=True, file_name=FIXTURE.name).first()
    if existing is not None:
        return existing
    with FIXTURE.open("rb") as stream:
        report = import_labour_demand(
            actor=None, stream=stream, name=FIXTURE.name, source=DEMO_SOURCE, is_demo=True
        )
    if report.bulletin is None:  # the shipped file is checked by the tests
        raise RuntimeError("; ".join(str(e) for e in report.errors))
    return report.bulletin
