"""A public-catalogue world on top of the `net` fixture, shared by the search, page and API tests.

Programmes are made with factories, which bypass the services: `index_text()` fills the search
text (and the PostgreSQL vectors) the services would have written, and `public_data_changed_now()`
drops what the process kept (the facet index and the cached pages), as a service's commit would.
"""

from dataclasses import dataclass

from django.core.cache import caches

from ptp.catalogue import fulltext
from ptp.catalogue.models import (
    EditionStatus,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
    ProviderRole,
)
from ptp.catalogue.search import forget_index
from ptp.geo.models import Municipality
from ptp.network.models import Hub, Organization, Sector
from ptp.skills.models import Skill
from tests.factories import (
    EditionFactory,
    HubFactory,
    MunicipalityFactory,
    ProgrammeFactory,
    SectorFactory,
    SkillFactory,
)

# Repeated titles (the pk breaks ties), "cucina"/"Cucina" and "agraria"/"Zootecnia" (the title sort
# ignores case), an accented word and words for the free-text tests.
TITLES = [
    "Servizi alberghieri",
    "cucina regionale",
    "Cucina mediterranea",
    "Meccatronica",
    "agraria",
    "Zootecnia",
    "Città d'arte",
    "Manutenzione nautica",
    "Accoglienza turistica",
]
KINDS = [ProgrammeKind.TECHNICAL, ProgrammeKind.IEFP_QUALIFICATION, ProgrammeKind.SHORT_COURSE]
HOURS = [400, 800, 1000, 2000, 800]
STATUSES = [EditionStatus.PLANNED, EditionStatus.OPEN, EditionStatus.RUNNING, EditionStatus.CLOSED]


@dataclass
class CatalogueWorld:
    published: list[Programme]
    unpublished: list[Programme]
    sectors: list[Sector]
    hubs: list[Hub]
    towns: list[Municipality]  # Massa, Carrara (province MS), Pisa, Cascina (province PI)
    providers: list[Organization]
    skills: list[Skill]


def index_text(programmes=None) -> None:
    """Writes the search text (and on PostgreSQL the vector) as the services do."""
    rows = programmes if programmes is not None else Programme.objects.all()
    for p in rows:
        p.search_text = fulltext.programme_document(
            p.title, p.track, p.specialisation, p.description
        )
        Programme.objects.filter(pk=p.pk).update(search_text=p.search_text)
    fulltext.refresh_vectors([p.pk for p in rows] if programmes is not None else None)


def public_data_changed_now() -> None:
    """What a service's commit does for the pages: a fresh index and no cached page."""
    caches["public_pages"].clear()
    forget_index()


def extra_towns(net) -> list[Municipality]:
    massa = net.lead_school.municipality
    pisa = net.other_org.municipality
    carrara = MunicipalityFactory(
        province=massa.province, codice_istat="045003", codice_catastale="B832", name="Carrara"
    )
    cascina = MunicipalityFactory(
        province=pisa.province, codice_istat="050008", codice_catastale="B950", name="Cascina"
    )
    return [massa, carrara, pisa, cascina]


def catalogue_world(net, n: int = 40) -> CatalogueWorld:
    """n programmes over two sectors, three kinds (EQF 3–5), three hubs, editions in four
    municipalities of two provinces (some programmes twice in the same one), six skills and four
    providers; every seventh programme is unpublished but has the same kinds of links."""
    sectors = [net.hub.sector, SectorFactory(slug="meccanica", name="Meccanica", position=1)]
    hubs = [net.hub, net.other_hub, HubFactory(slug="terzo", short_name="Terzo polo")]
    towns = extra_towns(net)
    providers = [net.lead_school, net.school, net.company, net.other_org]
    skills = [SkillFactory(label_it=f"Competenza {c}") for c in "ABCDEF"]
    published, unpublished = [], []
    skill_links, provider_links = [], []
    for i in range(n):
        kind = KINDS[i % 3]
        eqf = {0: 4, 1: 3}.get(i % 3, 3 + (i // 3) % 3)
        programme = ProgrammeFactory(
            title=TITLES[i % len(TITLES)],
            kind=kind,
            eqf_level=eqf,
            sector=sectors[(i // 2) % 2],
            duration_hours=HOURS[i % len(HOURS)],
            track="Enogastronomia e ospitalità alberghiera" if i % 5 == 0 else "",
            description="Laboratori di cucina e di sala." if i % 4 == 1 else "",
            is_published=i % 7 != 3,
        )
        (published if programme.is_published else unpublished).append(programme)
        programme.hubs.set([hub for bit, hub in enumerate(hubs) if (i >> bit) & 1])
        for k in range(i % 4):
            # k = 0 and k = 2 fall in the same municipality: one programme, two editions there.
            EditionFactory(
                programme=programme,
                municipality=towns[(i // 4 + k * k) % 4],
                school_year=f"{2026 + k}/{27 + k}",
                status=STATUSES[(i + k) % 4],
            )
        skill_links += [
            ProgrammeSkill(programme=programme, skill=skills[(i + 2 * k) % 6], level=1 + k % 3)
            for k in range(i % 4)
        ]
        provider_links.append(ProgrammeProvider(programme=programme, organization=providers[i % 4]))
        if i % 2:
            provider_links.append(
                ProgrammeProvider(
                    programme=programme,
                    organization=providers[(i + 1) % 4],
                    role=ProviderRole.PARTNER,
                )
            )
    ProgrammeSkill.objects.bulk_create(skill_links)
    ProgrammeProvider.objects.bulk_create(provider_links)
    index_text()
    return CatalogueWorld(published, unpublished, sectors, hubs, towns, providers, skills)
