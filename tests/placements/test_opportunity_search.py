"""The public search of opportunities: what is searchable, every filter and its counts, hidden
host names, exports, pages, the public cache and a bound on queries."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from ptp.placements.models import OpportunityKind, OpportunityStatus
from tests.conftest import PERSONAS
from tests.demand.builders import fresh_search, make_opportunity, make_skill
from tests.factories import (
    HubFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    SectorFactory,
    SkillFactory,
)

URL = "/opportunita/"
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC), tick=False):
        fresh_search()
        yield
    fresh_search()


def _titles(response) -> list[str]:
    return [row.title for row in response.context["page"].object_list]


def _counts(response, param: str) -> dict[str, int]:
    group = next(g for g in response.context["facet_groups"] if g.param == param)
    return {link.label: link.count for link in group.links}


@pytest.fixture
def world(net):
    """Five searchable opportunities and three that are not."""
    carrara = MunicipalityFactory(
        province=net.company.municipality.province,
        codice_istat="045003",
        codice_catastale="B832",
        name="Carrara",
    )
    pisa = net.other_org.municipality
    tourism = SectorFactory()
    museum_skill = make_skill("Condurre visite guidate")
    kitchen_skill = make_skill("Preparare la pasta fresca")
    reception = make_opportunity(
        net,
        title="Ricevimento in albergo",
        sector=tourism,
        windows=((D(2027, 6, 1), D(2027, 7, 31), 3),),
    )
    kitchen = make_opportunity(
        net,
        title="Cucina di mare",
        description="Piatti di pesce in una città d'arte.",
        kind=OpportunityKind.SEASONAL_JOB,
        municipality=carrara,
        sector=tourism,
        windows=((D(2027, 3, 1), D(2027, 3, 31), 2), (D(2027, 8, 1), D(2027, 8, 31), 4)),
    )
    kitchen.skills_developed.add(kitchen_skill)
    museum = make_opportunity(
        net,
        title="Guida al museo",
        municipality=carrara,
        show_host_publicly=False,
        sector=tourism,
        windows=((D(2026, 10, 1), D(2026, 12, 15), 2),),  # running: not ended yet
    )
    museum.skills_required.add(museum_skill)
    other_host = OrganizationFactory(name="Cantiere di Pisa", municipality=pisa)
    MembershipFactory(hub=net.other_hub, organization=other_host)
    boats = make_opportunity(
        net,
        title="Manutenzione barche",
        host=other_host,
        hub=net.other_hub,
        municipality=pisa,
        kind=OpportunityKind.INTERNSHIP,
        windows=((D(2027, 1, 10), D(2027, 2, 10), 1),),
    )
    boats.skills_developed.add(museum_skill)
    agency = make_opportunity(
        net, title="Agenzia viaggi", sector=tourism, windows=((D(2027, 2, 1), D(2027, 2, 28), 1),)
    )
    make_opportunity(net, title="Bozza segreta", status=OpportunityStatus.DRAFT)
    make_opportunity(net, title="Chiusa", status=OpportunityStatus.CLOSED)
    make_opportunity(net, title="Estate passata", windows=((D(2026, 6, 1), D(2026, 7, 31), 2),))
    fresh_search()
    return {
        "reception": reception,
        "kitchen": kitchen,
        "museum": museum,
        "boats": boats,
        "agency": agency,
        "museum_skill": museum_skill,
        "kitchen_skill": kitchen_skill,
        "carrara": carrara,
    }


def test_only_published_opportunities_with_a_window_to_come(client, world):
    response = client.get(URL)

    assert sorted(_titles(response)) == [
        "Agenzia viaggi",
        "Cucina di mare",
        "Guida al museo",
        "Manutenzione barche",
        "Ricevimento in albergo",
    ]
    # Default order: the next window first (the running one, then January, February...).
    assert _titles(response)[:3] == ["Guida al museo", "Manutenzione barche", "Agenzia viaggi"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tipo=stagionale", ["Cucina di mare"]),
        ("polo=altro", ["Manutenzione barche"]),
        ("comune=045003", ["Cucina di mare", "Guida al museo"]),
        ("provincia=pisa", ["Manutenzione barche"]),
        ("q=CITTA", ["Cucina di mare"]),  # accent- and case-insensitive, description included
        ("q=ricev+alb", ["Ricevimento in albergo"]),  # every word, as a word prefix
        ("dal=2027-08-15&al=2027-09-30", ["Cucina di mare"]),  # overlaps the second window
        ("al=2027-01-31", ["Guida al museo", "Manutenzione barche"]),
        ("dal=2027-07-31", ["Ricevimento in albergo", "Cucina di mare"]),
        ("al=2027-01-01&dal=2026-12-20", []),  # swapped dates are read in order
        (
            "ordina=titolo",
            [
                "Agenzia viaggi",
                "Cucina di mare",
                "Guida al museo",
                "Manutenzione barche",
                "Ricevimento in albergo",
            ],
        ),
    ],
)
def test_filters(client, world, query, expected):
    titles = _titles(client.get(f"{URL}?{query}"))

    if "ordina" in query:
        assert titles == expected
    else:
        assert sorted(titles) == sorted(expected)


def test_a_skill_matches_required_or_developed(client, world):
    skill = world["museum_skill"]

    assert sorted(_titles(client.get(f"{URL}?competenza={skill.pk}"))) == [
        "Guida al museo",
        "Manutenzione barche",
    ]
    typed = client.get(f"{URL}?competenza=&competenza_testo=pasta+fresca")
    assert _titles(typed) == ["Cucina di mare"]


def test_bad_values_are_ignored_not_fatal(client, world):
    response = client.get(f"{URL}?dal=ieri&tipo=astronauta&comune=12&ordina=caso&competenza=x")

    assert response.status_code == 200
    assert len(_titles(response)) == 5


def test_facets_count_without_their_own_filter(client, world):
    response = client.get(f"{URL}?tipo=tirocinio")

    assert _counts(response, "tipo") == {
        "Formazione scuola-lavoro (PCTO)": 3,
        "Lavoro stagionale": 1,
        "Tirocinio curricolare": 1,
    }
    assert _counts(response, "polo") == {"Altro": 1}
    assert _counts(response, "competenza") == {"Condurre visite guidate": 1}
    # Choosing a municipality keeps the other provinces countable.
    by_town = client.get(f"{URL}?comune=045003")
    assert _counts(by_town, "provincia") == {"Massa-Carrara": 4, "Pisa": 1}
    link = next(g for g in by_town.context["facet_groups"] if g.param == "provincia").links[1]
    assert "comune" not in link.url and "provincia=pisa" in link.url


def test_chips_name_the_active_filters(client, world):
    response = client.get(f"{URL}?polo=altro&dal=2027-01-01&q=barche")
    page = response.content.decode()

    assert [label for label, _url in response.context["chips"]] == [
        "«barche»",
        "Altro",
        "dal 01/01/2027",
    ]
    assert "Manutenzione barche" in page


def test_anonymous_visitors_do_not_see_hidden_host_names(client, world, login_as):
    anonymous = client.get(URL).content.decode()
    assert "Impresa del polo" in anonymous
    assert anonymous.count("Impresa partner") == 3  # reception, kitchen, agency

    museum = world["museum"]
    museum.address = "Via del Castello 1"
    museum.save()
    detail = client.get(f"{URL}{museum.pk}/").content.decode()
    assert "Impresa del polo" in detail and "Impresa partner" not in detail
    assert "Via del Castello" not in detail  # the address would name the host


@pytest.mark.parametrize(
    ("persona", "sees"), [("school_staff", True), ("student", True), ("outsider", False)]
)
def test_people_with_a_role_see_every_host_name(persona, sees, world, login_as):
    page = login_as(persona).get(f"{URL}{world['museum'].pk}/").content.decode()

    assert ("Impresa partner" in page) is sees


def test_exports_follow_the_search_and_hide_host_names(client, world):
    response = client.get(f"{URL}?comune=045003&formato=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()

    assert response["Content-Disposition"] == 'attachment; filename="opportunita.csv"'
    assert lines[0].startswith("id,titolo,tipo,impresa,polo")
    assert len(lines) == 3
    museum = next(line for line in lines if "Guida al museo" in line)
    assert "Impresa del polo" in museum and "/opportunita/" in museum

    xlsx = client.get(f"{URL}?formato=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 6 and rows[0][1] == "titolo"


def test_pages_of_twenty(client, net):
    for n in range(23):
        make_opportunity(net, title=f"Opportunità {n:02d}")
    fresh_search()

    first = client.get(URL)
    second = client.get(f"{URL}?pagina=2")

    assert len(_titles(first)) == 20 and len(_titles(second)) == 3
    assert "Pagina 1 di 2" in first.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reaches_the_search_and_the_pages(persona, world, login_as):
    client = login_as(persona)

    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{world['kitchen'].pk}/").status_code == 200


@pytest.mark.parametrize("title", ["Bozza segreta", "Chiusa"])
def test_unpublished_opportunities_have_no_public_page(client, world, title):
    from ptp.placements.models import Opportunity

    opportunity = Opportunity.objects.get(title=title)

    assert client.get(f"{URL}{opportunity.pk}/").status_code == 404


def test_the_page_shows_seats_left_safety_and_age(client, net, world):
    from ptp.placements.models import PlacementStatus, RiskLevel
    from tests.placements.factories import PlacementFactory

    kitchen = world["kitchen"]
    kitchen.risk_level = RiskLevel.MEDIUM
    kitchen.min_age = 17
    kitchen.save()
    august = kitchen.windows.get(starts_on=D(2027, 8, 1))
    PlacementFactory(window=august, host=net.company, hub=net.hub, status=PlacementStatus.PLANNED)
    PlacementFactory(
        window=august, host=net.company, hub=net.hub, status=PlacementStatus.INTERRUPTED
    )

    response = client.get(f"{URL}{kitchen.pk}/")
    rows = {r.window.starts_on: r.left for r in response.context["profile"].windows}
    page = response.content.decode()

    assert rows == {D(2027, 3, 1): 2, D(2027, 8, 1): 3}
    assert "modulo di 4 ore" in page
    assert "Formazione specifica: 8 ore (rischio medio" in page
    assert "17 anni" in page
    assert "Preparare la pasta fresca" in page


@pytest.mark.parametrize(
    "path", ["", "?q=mare&tipo=stagionale&dal=2027-01-01", "?comune=045003&ordina=titolo"]
)
def test_queries_do_not_grow_with_data(client, net, world, path, django_assert_max_num_queries):
    client.get(URL + path)  # builds the index once
    with django_assert_max_num_queries(6) as small:
        client.get(URL + path)
    host = OrganizationFactory(municipality=world["carrara"])
    hub = HubFactory()
    MembershipFactory(hub=hub, organization=host)
    for n in range(30):
        opportunity = make_opportunity(
            net,
            title=f"Cucina di mare {n}",
            kind=OpportunityKind.SEASONAL_JOB,
            host=host,
            hub=hub,
            municipality=world["carrara"],
            windows=((D(2027, 1, 1), D(2027, 1, 31), 1), (D(2027, 5, 1), D(2027, 5, 31), 2)),
        )
        opportunity.skills_required.add(SkillFactory())
    fresh_search()
    client.get(URL + path)
    with django_assert_max_num_queries(6) as large:
        client.get(URL + path)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_anonymous_pages_come_from_the_public_cache(
    client, world, settings, django_assert_num_queries
):
    settings.PTP_PUBLIC_PAGE_CACHE = True
    client.get(URL + "?tipo=pcto")
    client.get(f"{URL}{world['agency'].pk}/")

    with django_assert_num_queries(0):
        assert client.get(URL + "?tipo=pcto").status_code == 200
        assert client.get(f"{URL}{world['agency'].pk}/").status_code == 200


def test_page_queries_do_not_grow_with_data(client, net, world, django_assert_max_num_queries):
    from tests.placements.factories import PlacementFactory

    kitchen = world["kitchen"]
    url = f"{URL}{kitchen.pk}/"
    with django_assert_max_num_queries(7) as small:
        client.get(url)
    for n in range(8):
        window = kitchen.windows.create(
            starts_on=D(2027, 10, 1 + n), ends_on=D(2027, 10, 20), seats=3, hours=40
        )
        PlacementFactory(window=window, host=net.company, hub=net.hub)
        kitchen.skills_required.add(make_skill(f"Competenza richiesta {n}"))
        kitchen.skills_developed.add(make_skill(f"Competenza sviluppata {n}"))
    with django_assert_max_num_queries(7) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_opportunity_leaves_the_search_the_day_after_its_last_window(net, client):
    make_opportunity(net, title="Ultimo giorno", windows=((D(2026, 11, 1), D(2026, 11, 26), 1),))
    fresh_search()
    assert _titles(client.get(URL)) == ["Ultimo giorno"]

    # No service ran: only the day changed, and the index follows it.
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC), tick=False):
        assert _titles(client.get(URL)) == []
