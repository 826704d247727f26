"""The programme page /offerta-formativa/<slug>/, and the number of SQL queries of the catalogue's
pages and API, which must not grow with the data."""

import datetime as dt
import itertools
import re

import pytest

from ptp.catalogue.models import (
    Edition,
    EditionStatus,
    Proficiency,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProgrammeSkill,
    ProviderRole,
)
from ptp.network.models import Organization
from ptp.skills.models import Occupation, Skill
from tests.catalogue.catalogue_helpers import index_text, public_data_changed_now
from tests.conftest import PERSONAS
from tests.factories import (
    EditionFactory,
    OccupationFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def pathway(net):
    """A vocational programme run jointly by the school (lead) and the company, leading into an
    ITS programme and into an unpublished one."""
    vocational = ProgrammeFactory(
        title="Accoglienza turistica",
        kind=ProgrammeKind.VOCATIONAL,
        track="Enogastronomia e ospitalità alberghiera",
        specialisation="Accoglienza turistica",
        description="Reception, prenotazioni e servizi al cliente.",
        code="IP-ACC",
    )
    its = ProgrammeFactory(title="ITS ospitalità", kind=ProgrammeKind.ITS, eqf_level=5)
    hidden = ProgrammeFactory(title="ITS non pubblicato", kind=ProgrammeKind.ITS, eqf_level=5)
    Programme.objects.filter(pk=hidden.pk).update(is_published=False)
    vocational.leads_to.add(its, hidden)
    ProgrammeProviderFactory(programme=vocational, organization=net.school)
    ProgrammeProviderFactory(
        programme=vocational, organization=net.company, role=ProviderRole.PARTNER
    )
    ProgrammeSkill.objects.create(
        programme=vocational,
        skill=SkillFactory(label_it="Gestire le prenotazioni"),
        level=Proficiency.ADVANCED,
    )
    ProgrammeSkill.objects.create(
        programme=vocational,
        skill=SkillFactory(label_it="Accogliere i clienti"),
        level=Proficiency.BASIC,
    )
    vocational.occupations.add(OccupationFactory(label_it="Addetto al ricevimento"))
    vocational.hubs.add(net.hub)
    EditionFactory(
        programme=vocational,
        municipality=net.school.municipality,
        seats=24,
        enrolled=3,
        status=EditionStatus.OPEN,
        application_deadline=dt.date(2026, 1, 31),
    )
    EditionFactory(
        programme=vocational,
        municipality=net.other_org.municipality,
        school_year="",
        starts_on=dt.date(2027, 9, 15),
        ends_on=dt.date(2028, 6, 10),
        seats=18,
    )
    return vocational, its, hidden


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_a_published_programme(pathway, login_as, persona):
    vocational, _, _ = pathway

    assert login_as(persona).get(vocational.url).status_code == 200


def test_the_programme_page_shows_skills_occupations_providers_editions_and_hubs(pathway, client):
    vocational, _, _ = pathway

    page = _text(client.get(vocational.url))

    assert "<h1>Accoglienza turistica" in page
    assert "Enogastronomia e ospitalità alberghiera — Accoglienza turistica" in page
    assert "IP-ACC" in page
    # Skills with the level reached, the highest first.
    assert "<tr><td>Gestire le prenotazioni</td><td>avanzato</td></tr>" in page
    assert page.index("Gestire le prenotazioni") < page.index("Accogliere i clienti")
    assert "<li>Addetto al ricevimento</li>" in page
    # A joint programme: the lead and the partner, each with its role.
    badge = r"(<span[^>]*>demo</span>)?"
    assert re.search(rf'istituto-partner/">Istituto partner</a>{badge} — soggetto titolare', page)
    assert re.search(rf'impresa-partner/">Impresa partner</a>{badge} — partner, Massa', page)
    assert '<a href="/poli/tnt/">Polo di prova TNT</a>' in page
    assert "<td>Massa (MS)</td>" in page and "<td>3/24</td>" in page
    assert "iscrizioni entro il 31/01/2026" in page
    assert "15/09/2027–10/06/2028" in page and "<td>Pisa (PI)</td>" in page


def test_pathways_show_in_both_directions_and_only_published(pathway, client):
    vocational, its, _ = pathway

    onward = _text(client.get(vocational.url))
    backward = _text(client.get(its.url))

    assert "Dopo questo percorso si può proseguire in:" in onward
    assert f'<a href="/offerta-formativa/{its.slug}/">ITS ospitalità</a> (ITS Academy)' in onward
    assert "ITS non pubblicato" not in onward  # the unpublished target
    assert "Vi si accede anche da:" in backward
    assert f'<a href="/offerta-formativa/{vocational.slug}/">Accoglienza turistica</a>' in backward
    assert "Dopo questo percorso" not in backward


def test_a_programme_without_links_says_so(net, client):
    programme = ProgrammeFactory(title="Percorso essenziale")

    page = _text(client.get(programme.url))

    assert "Competenze non ancora indicate." in page
    assert "Nessuna edizione programmata." in page
    assert "Soggetti non indicati." in page
    assert "Percorsi collegati" not in page


def test_an_unpublished_or_unknown_programme_is_not_found(pathway, client, coordinator):
    _, _, hidden = pathway

    assert client.get(hidden.url).status_code == 404
    assert client.get("/offerta-formativa/nessun-percorso/").status_code == 404
    client.force_login(coordinator)
    assert client.get(hidden.url).status_code == 404


# --- Queries that do not grow with the data -----------------------------------------------------

_batch = itertools.count()


def grow(net, programme: Programme, n: int) -> None:
    """Adds n published programmes, each with two editions, a skill, a provider and a hub, linked
    both ways to `programme`, which also gains n skills, editions, partners and occupations."""
    batch = next(_batch)
    town = net.school.municipality
    orgs = Organization.objects.bulk_create(
        Organization(slug=f"g{batch}-{i}", name=f"Ente {batch}-{i}", municipality=town)
        for i in range(n)
    )
    skills = Skill.objects.bulk_create(
        Skill(uri=f"urn:g{batch}:{i}", label_it=f"Abilità {batch}-{i}") for i in range(n)
    )
    others = Programme.objects.bulk_create(
        Programme(
            slug=f"g{batch}-{i}",
            code=f"G{batch}-{i}",
            title=f"Percorso cresciuto {i}",
            kind=ProgrammeKind.SHORT_COURSE,
            eqf_level=1 + i % 8,
            sector=programme.sector,
            duration_hours=10 + i,
        )
        for i in range(n)
    )
    Edition.objects.bulk_create(
        Edition(programme=p, municipality=town, seats=10, school_year=f"{2026 + k}/{27 + k}")
        for p in [*others, programme]
        for k in range(2)
        for _ in ([None] * (1 if p is not programme else n))
    )
    ProgrammeSkill.objects.bulk_create(
        [ProgrammeSkill(programme=p, skill=s) for p, s in zip(others, skills, strict=True)]
        + [ProgrammeSkill(programme=programme, skill=s) for s in skills]
    )
    ProgrammeProvider.objects.bulk_create(
        [ProgrammeProvider(programme=p, organization=o) for p, o in zip(others, orgs, strict=True)]
        + [
            ProgrammeProvider(programme=programme, organization=o, role=ProviderRole.PARTNER)
            for o in orgs
        ]
    )
    Programme.hubs.through.objects.bulk_create(
        Programme.hubs.through(programme_id=p.pk, hub_id=net.hub.pk) for p in others
    )
    programme.leads_to.add(*others[: n // 2])
    programme.comes_from.add(*others[n // 2 :])
    occupations = Occupation.objects.bulk_create(
        Occupation(uri=f"urn:g{batch}:o{i}", label_it=f"Professione {batch}-{i}") for i in range(n)
    )
    programme.occupations.add(*occupations)


# The bound of every public page and API list (tests/network/test_query_counts.py) once this
# process holds the facet index; building it again after a change of public data costs six more.
PUBLIC = 10
INDEX_BUILD = 6
PAGES = [
    "/offerta-formativa/",
    "/offerta-formativa/?filiera=turismo-e-beni-culturali&ordina=-durata&pagina=2",
    "/offerta-formativa/?q=percorso&provincia=massa-carrara&comune=045010&polo=tnt",
    "/offerta-formativa/?formato=csv&tipo=corso_breve",
    "/offerta-formativa/{slug}/",
    "/api/v1/percorsi?filiera=turismo-e-beni-culturali&pagina=2",
    "/api/v1/percorsi/{slug}",
]


@pytest.mark.parametrize("url", PAGES)
def test_queries_do_not_grow_with_data(pathway, net, client, url, django_assert_max_num_queries):
    vocational, _, _ = pathway
    url = url.format(slug=vocational.slug)

    def measure() -> tuple[int, int]:
        """Queries of a first request after a change of public data, then of the next one."""
        counts = []
        for bound in (PUBLIC + INDEX_BUILD, PUBLIC):
            with django_assert_max_num_queries(bound) as captured:
                response = client.get(url)
                assert response.status_code == 200
                if response.streaming:
                    assert b"".join(response.streaming_content)
            counts.append(len(captured.captured_queries))
        return counts[0], counts[1]

    grow(net, vocational, 3)
    index_text()
    # Rows made here do not announce themselves the way services do: drop what was kept.
    public_data_changed_now()
    small = measure()

    grow(net, vocational, 45)
    index_text()
    public_data_changed_now()
    large = measure()

    assert large == small
    assert Programme.objects.published().count() == 2 + 48  # the data did grow
