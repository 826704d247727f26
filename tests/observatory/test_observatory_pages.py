"""The skills-gap pages: status, filters, exports, drill-down, empty state, query counts, and no
student ever shown."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ptp.catalogue.models import ProgrammeSkill
from ptp.observatory.cells import compute_gap_cells
from ptp.skills.models import Skill
from tests.factories import (
    EditionFactory,
    HubFactory,
    OrganizationFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)
from tests.observatory.gap_world import build, need
from tests.placements.factories import StudentFactory

DAY = dt.date(2026, 11, 20)
OVERVIEW = reverse("observatory:gap")


def area(net):
    return f"anno=2026&settore={net.hub.sector.slug}&provincia={net.hub.province.slug}"


@pytest.fixture
def world(net):
    built = build(net)
    compute_gap_cells(DAY)
    return built


def text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_empty_state_says_what_to_run(client, net):
    skill = SkillFactory()
    for url in (OVERVIEW, reverse("observatory:gap_skill", args=[skill.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "il calcolo notturno non è ancora stato eseguito" in response.content.decode()
        assert "manage.py compute_gap" in response.content.decode()


def test_overview_shows_shortages_surpluses_trend_and_provinces(client, world):
    response = client.get(f"{OVERVIEW}?{area(world.net)}")

    assert response.status_code == 200
    page = response.content.decode()
    # Tourism in Massa-Carrara 2026: C is asked for (13 people) and not taught -> a shortage;
    # B is taught to 22 and asked of 13 -> a surplus.
    shortages = page[page.index('id="shortages-title"') : page.index('id="surpluses-title"')]
    surpluses = page[page.index('id="surpluses-title"') : page.index('id="trend-title"')]
    assert world.c.label in shortages and world.c.label not in surpluses
    assert world.b.label in surpluses
    assert "Massa-Carrara" in page and "<svg" in page
    assert reverse("observatory:gap_skill", args=[world.c.pk]) in page
    assert "cuoco" in page  # the occupation most exposed to the shortages


def test_filters_narrow_the_figures(client, world):
    pisa = client.get(f"{OVERVIEW}?anno=2025&provincia={world.net.other_hub.province.slug}")
    other_hub = client.get(f"{OVERVIEW}?anno=2026&polo={world.net.other_hub.slug}")

    assert pisa.status_code == other_hub.status_code == 200
    # Pisa 2025 has supply of C only (8 people) and no demand: no shortage to show.
    assert "Nessuna carenza" in pisa.content.decode()
    assert "Nessuna carenza" in other_hub.content.decode()


def test_bad_filters_are_ignored(client, world):
    response = client.get(f"{OVERVIEW}?anno=abc&provincia=atlantide&polo=nessuno")

    assert response.status_code == 200
    assert "Anno 2026" in response.content.decode()


def test_tables_download_as_csv_and_xlsx(client, world):
    response = client.get(f"{OVERVIEW}?{area(world.net)}&tabella=carenze&formato=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0][:3] == ["Competenza", "Offerta (persone)", "Domanda (persone)"]
    assert [world.c.label, "0", "13"] == rows[1][:3]

    response = client.get(f"{OVERVIEW}?{area(world.net)}&tabella=province&formato=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Provincia"
    assert any(row[0] == "Massa-Carrara" for row in values[1:])


def test_an_unknown_table_or_format_renders_the_page(client, world):
    response = client.get(f"{OVERVIEW}?tabella=studenti&formato=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_drill_down_lists_programmes_members_and_companies(client, world):
    url = reverse("observatory:gap_skill", args=[world.a.pk])
    response = client.get(f"{url}?{area(world.net)}")

    assert response.status_code == 200
    page = response.content.decode()
    assert world.p1.title in page  # teaches A, with an edition in Massa-Carrara
    assert world.net.school.name in page  # its provider, a member of the TNT hub
    assert world.net.company.name in page  # needs 6 people with A
    export = client.get(f"{url}?{area(world.net)}&tabella=imprese&formato=csv")
    assert world.net.company.name in text(export)
    export = client.get(f"{url}?{area(world.net)}&tabella=percorsi&formato=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(row=2, column=1).value == world.p1.title


def test_when_nobody_in_the_area_teaches_a_skill_the_regions_members_are_listed(client, world):
    url = reverse("observatory:gap_skill", args=[world.c.pk])

    page = client.get(f"{url}?{area(world.net)}").content.decode()

    # C is short in Massa-Carrara; only the Pisa hub's member provides a programme teaching it.
    assert "Ecco i soggetti dei poli del resto della regione" in page
    assert world.net.other_org.name in page
    assert world.p2.title not in page  # its only edition is in Pisa


def test_drill_down_of_an_unknown_skill_or_a_group_is_404(client, world):
    group = Skill.objects.create(uri="http://data.europa.eu/esco/skill/gruppo", is_group=True)

    assert client.get(reverse("observatory:gap_skill", args=[999999])).status_code == 404
    assert client.get(reverse("observatory:gap_skill", args=[group.pk])).status_code == 404


def test_method_page_explains_the_measure(client, net):
    response = client.get(reverse("observatory:method"))

    assert response.status_code == 200
    page = response.content.decode()
    for words in ("Che cosa contiamo", "normalizziamo", "smussiamo", "Quanto fidarsi", "n &lt; 5"):
        assert words in page


def test_nav_links_every_section(client, net):
    page = client.get(reverse("observatory:method")).content.decode()

    for path in ("/osservatorio/", "/osservatorio/esiti/", "/osservatorio/poli/"):
        assert f'href="{path}"' in page
    assert 'href="/osservatorio/dati-aperti/"' in page


def _grow(world, n: int) -> None:
    """More of everything: hubs, programmes, skills, editions, needs."""
    net = world.net
    for i in range(n):
        hub = HubFactory(province=net.hub.province)
        skill = SkillFactory()
        programme = ProgrammeFactory(sector=net.hub.sector)
        programme.hubs.add(hub, net.hub)
        ProgrammeProviderFactory(programme=programme, organization=net.school)
        for taught in (skill, world.a):
            ProgrammeSkill.objects.create(programme=programme, skill=taught)
        EditionFactory(programme=programme, municipality=net.company.municipality, enrolled=15)
        company = OrganizationFactory(municipality=net.company.municipality)
        need(net, [skill, world.a], 7 + i, organization=company)


def _count(client, url: str) -> int:
    caches["public_pages"].clear()  # the drill-down's lists are kept per change of public data
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(client, world):
    skill_url = reverse("observatory:gap_skill", args=[world.a.pk])
    urls = [
        OVERVIEW,
        f"{OVERVIEW}?{area(world.net)}",
        f"{OVERVIEW}?polo={world.net.hub.slug}&tabella=carenze&formato=xlsx",
        skill_url,
        f"{skill_url}?{area(world.net)}",
        reverse("observatory:method"),
    ]
    small = [_count(client, url) for url in urls]

    _grow(world, 12)
    compute_gap_cells(DAY)

    assert [_count(client, url) for url in urls] == small
    assert max(small) <= 25


def test_no_page_shows_a_student(client, world):
    StudentFactory(
        school=world.net.school,
        given_name="Zebedeo",
        family_name="Quaglierini",
        code="ZQ0000001",
    )
    compute_gap_cells(DAY)
    skill_url = reverse("observatory:gap_skill", args=[world.a.pk])
    urls = [
        OVERVIEW,
        f"{OVERVIEW}?{area(world.net)}",
        skill_url,
        f"{skill_url}?{area(world.net)}",
        reverse("observatory:method"),
    ]
    urls += [
        f"{OVERVIEW}?{area(world.net)}&tabella={t}&formato=csv"
        for t in ("carenze", "eccedenze", "andamento", "province", "professioni")
    ]
    urls += [
        f"{skill_url}?{area(world.net)}&tabella={t}&formato=csv"
        for t in ("andamento", "percorsi", "soggetti", "imprese")
    ]

    for url in urls:
        body = text(client.get(url))
        for secret in ("Zebedeo", "Quaglierini", "ZQ0000001"):
            assert secret not in body, (url, secret)


@pytest.mark.parametrize("persona", ["coordinator", "regional_officer", "student", "outsider"])
def test_every_persona_sees_the_same_public_page(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(f"{OVERVIEW}?{area(world.net)}")

    assert response.status_code == 200
    assert world.c.label in response.content.decode()
