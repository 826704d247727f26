"""The public pages of the network: the directory, a hub, its partners, an organization."""

import datetime as dt
import html
import re

import pytest

from ptp.core.public_cache import public_data_changed
from ptp.network.models import Hub, Membership, MembershipRole, Organization, OrganizationKind
from ptp.network.services import transfer_lead
from tests.factories import MembershipFactory, OrganizationFactory, SectorFactory


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _hub_names(response) -> list[str]:
    return sorted(h.name for h in response.context["hubs"])


# --- The directory ---------------------------------------------------------------------------


@pytest.fixture
def two_sectors(net):
    meccanica = SectorFactory(slug="meccanica", name="Meccanica", position=5)
    Hub.objects.filter(pk=net.other_hub.pk).update(sector=meccanica)
    return meccanica


def test_directory_lists_hubs_with_lead_and_members(client, net):
    response = client.get("/poli/")

    text = _text(response)
    assert "2 poli trovati" in text
    row = next(h for h in response.context["hubs"] if h.slug == "tnt")
    assert (row.lead_name, row.active_members) == ("Istituto capofila", 3)
    assert '<a href="/soggetti/istituto-capofila/">Istituto capofila</a>' in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("settore=meccanica", ["Altro polo"]),
        ("settore=turismo-e-beni-culturali", ["Polo di prova TNT"]),
        ("provincia=pisa", ["Altro polo"]),
        ("settore=meccanica&provincia=massa-carrara", []),
        # Unknown values are ignored instead of failing the page.
        ("settore=non-esiste", ["Altro polo", "Polo di prova TNT"]),
        ("provincia=%3Cscript%3E", ["Altro polo", "Polo di prova TNT"]),
        ("settore=", ["Altro polo", "Polo di prova TNT"]),
    ],
)
def test_directory_filters(client, net, two_sectors, query, expected):
    response = client.get(f"/poli/?{query}")

    assert response.status_code == 200
    assert _hub_names(response) == expected
    assert "<script>" not in response.content.decode()
    if not expected:
        assert "Nessun polo corrisponde ai filtri scelti." in _text(response)


def test_directory_answers_htmx_with_the_results_only(client, net, two_sectors):
    response = client.get("/poli/?settore=meccanica", headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="hub-results">')
    assert "<html" not in text and "1 polo trovato" in text


# --- A hub -----------------------------------------------------------------------------------


@pytest.fixture
def composed(net):
    """Founders of the test hub: 2 schools (from net), a company, an agency, an association and an
    ITS foundation that left in 2020; the net's company joined in 2018."""
    founded = dt.date(2015, 3, 1)
    for kind, name in [
        (OrganizationKind.COMPANY, "Albergo fondatore"),
        (OrganizationKind.TRAINING_AGENCY, "Agenzia fondatrice"),
        (OrganizationKind.TRADE_ASSOCIATION, "Associazione fondatrice"),
    ]:
        MembershipFactory(
            hub=net.hub,
            organization=OrganizationFactory(kind=kind, name=name),
            joined_on=founded,
            is_founding=True,
        )
    MembershipFactory(
        hub=net.hub,
        organization=OrganizationFactory(
            kind=OrganizationKind.ITS_ACADEMY, name="Fondazione ITS uscita"
        ),
        joined_on=founded,
        left_on=dt.date(2020, 8, 31),
        is_founding=True,
    )
    return net


def test_hub_page_shows_facts_and_the_computed_composition(client, composed):
    response = client.get("/poli/tnt/")

    text = _text(response)
    assert response.status_code == 200
    assert "Turismo e beni culturali" in text and "Massa-Carrara" in text
    assert re.search(r"Costituito nel</dt>\s*<dd[^>]*>2015</dd>", text)
    assert "Istituto capofila</a>" in text and "fin dalla costituzione" in text
    # Founders: 2 schools + company + agency + association + the ITS that has left since.
    assert (
        "6 soggetti: 2 scuole, 1 azienda, 1 agenzia formativa, 1 fondazione ITS Academy, "
        "1 associazione di categoria"
    ) in text
    # Today: the ITS is gone and the 2018 company is in.
    assert (
        "6 soggetti: 2 scuole, 2 aziende, 1 agenzia formativa, 1 associazione di categoria" in text
    )


def test_hub_timeline_shows_who_joined_and_left_when(client, composed):
    timeline = {y.year: y for y in client.get("/poli/tnt/").context["profile"].timeline}

    assert sorted(timeline) == [2015, 2018, 2020]
    assert len(timeline[2015].joined) == 6
    assert [m.organization_name for m in timeline[2018].joined] == ["Impresa partner"]
    assert [m.organization_name for m in timeline[2020].left] == ["Fondazione ITS uscita"]


def test_a_lead_transfer_is_not_shown_as_leaving_and_joining(client, net, coordinator):
    transfer_lead(
        actor=coordinator, hub=net.hub, new_lead=net.school_membership, on=dt.date(2024, 9, 1)
    )

    response = client.get("/poli/tnt/")

    profile = response.context["profile"]
    assert [y.year for y in profile.timeline] == [2015, 2018]
    assert profile.lead.organization_name == "Istituto partner"
    assert "dal 2024" in _text(response)
    # The founders are still the founders.
    assert str(profile.founding) == "2 soggetti: 2 scuole"


def test_demo_banner_only_when_something_is_demo(client, net, django_capture_on_commit_callbacks):
    assert "Dati dimostrativi." in _text(client.get("/poli/tnt/"))

    Hub.objects.update(is_demo=False)
    Membership.objects.update(is_demo=False)
    Organization.objects.update(is_demo=False)
    with django_capture_on_commit_callbacks(execute=True):
        public_data_changed()  # as every service does; raw updates bypass the services
    assert "Dati dimostrativi." not in _text(client.get("/poli/tnt/"))


def test_partners_page_groups_current_members_and_lists_former_ones(client, composed):
    response = client.get("/poli/tnt/partner/")

    text = _text(response)
    headings = re.findall(r'<h2 class="h3" id="group-(\w+)">(\w[^<]*)', text)
    assert [h[0] for h in headings] == ["school", "company", "agency", "association"]
    assert "Soggetti usciti o con ruolo cambiato" in text
    assert "Fondazione ITS uscita (partner), 2015–2020" in text


@pytest.mark.parametrize(
    "url", ["/poli/non-esiste/", "/poli/non-esiste/partner/", "/soggetti/non-esiste/"]
)
def test_unknown_hub_or_organization_is_404(client, net, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Pagina non trovata" in _text(response)


# --- An organization ---------------------------------------------------------------------------


def test_organization_page_lists_current_hubs_first_with_ateco_title(client, net):
    company = net.company
    company.ateco = "55.10.00"
    company.save(update_fields=["ateco"])
    MembershipFactory(
        hub=net.other_hub,
        organization=company,
        joined_on=dt.date(2016, 1, 1),
        left_on=dt.date(2017, 6, 30),
    )

    response = client.get("/soggetti/impresa-partner/")

    text = _text(response)
    assert "55.10.00 — Servizi di alloggio di alberghi e simili" in text
    rows = response.context["profile"].memberships
    assert [(r.hub_slug, r.left_on) for r in rows] == [
        ("tnt", None),
        ("altro", dt.date(2017, 6, 30)),
    ]
    assert "2016–2017" in text and "dal 2018" in text


def test_a_lead_is_labelled_as_such_on_its_page(client, net):
    response = client.get("/soggetti/istituto-capofila/")

    assert [r.role_label for r in response.context["profile"].memberships] == [
        MembershipRole.LEAD.label
    ]
