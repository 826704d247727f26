"""The public catalogue page /offerta-formativa/: results, facets, chips, pages, bad input, shared
URLs, downloads and the htmx fragment. The programme page is in test_programme_page.py."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from ptp.catalogue import search
from ptp.catalogue.queries import EXPORT_HEADER
from ptp.catalogue.search import Filters
from ptp.core.exports import XLSX_TYPE
from ptp.skills.models import Skill
from ptp.skills.search_index import search_columns
from tests.catalogue.catalogue_helpers import catalogue_world, index_text
from tests.conftest import PERSONAS
from tests.factories import ProgrammeFactory, ProgrammeProviderFactory

URL = "/offerta-formativa/"


def _text(response) -> str:
    return response.content.decode()


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _groups(response) -> dict[str, list]:
    return {g.param: g.links for g in response.context["facet_groups"]}


@pytest.fixture
def world(net):
    return catalogue_world(net)


def test_an_empty_catalogue_says_so(db, client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "0 percorsi trovati" in _text(response)
    assert "Nessun percorso corrisponde alla ricerca" in _text(response)
    assert "Scarica i risultati" not in _text(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_catalogue(world, login_as, persona):
    response = login_as(persona).get(URL)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 34


def test_results_come_as_cards_with_facet_counts(world, client):
    response = client.get(URL)

    page = response.context["page"]
    assert len(page.object_list) == 20
    assert "34 percorsi trovati" in _text(response)
    first = page.object_list[0]
    assert f'<a href="/offerta-formativa/{first.slug}/">{first.title}</a>' in _text(response)
    sectors = {link.label: link.count for link in _groups(response)["filiera"]}
    meccanica = sum(1 for p in world.published if p.sector.slug == "meccanica")
    assert sectors["Meccanica"] == meccanica
    assert f'Meccanica</a> <span class="text-muted">({meccanica})</span>' in _text(response)
    assert "Filtri attivi" not in _text(response)


def test_active_filters_show_as_chips_that_remove_themselves(world, client):
    response = client.get(f"{URL}?q=cucina&filiera=meccanica&comune=045010&eqf=3&ordina=titolo")

    chips = {chip.param: (chip.label, url) for chip, url in response.context["chips"]}
    assert {k: label for k, (label, _) in chips.items()} == {
        "q": "«cucina»",
        "filiera": "Meccanica",
        "comune": "Massa",
        "eqf": "EQF 3",
    }
    for param, (_, url) in chips.items():
        query = _query(url)
        assert param not in query
        assert query["ordina"] == ["titolo"]
        assert len(query) == 4  # the other three filters and the sort are kept
    assert "Filtri attivi" in _text(response)


def test_results_come_twenty_a_page(world, client):
    second = client.get(f"{URL}?pagina=2&ordina=titolo")
    too_far = client.get(f"{URL}?pagina=99&ordina=titolo")
    garbage = client.get(f"{URL}?pagina=abc")

    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 14
    expected = search.run(Filters(sort="titolo")).ids[20:]
    assert [p.pk for p in second.context["page"].object_list] == expected
    assert "Pagina 2 di 2" in _text(second)
    assert too_far.status_code == 200 and too_far.context["page"].number == 2
    assert garbage.context["page"].number == 1


BAD_VALUES = [
    "eqf=99",
    "eqf=tre",
    "competenza=abc",
    "competenza=0",
    "comune=xx",
    "tipo=unknown",
    "ordina=bogus",
    "polo=non%20uno%20slug",
    "q=" + "x" * 201,
]


@pytest.mark.parametrize("bad", BAD_VALUES)
def test_a_bad_value_is_ignored_and_the_others_still_apply(world, client, bad):
    response = client.get(f"{URL}?{bad}&filiera=meccanica")

    assert response.status_code == 200
    assert response.context["filters"] == Filters(sector="meccanica")
    assert response.context["page"].paginator.count == len(
        search.run(Filters(sector="meccanica")).ids
    )


@pytest.mark.parametrize("skill", ["987654", "99999999999999999999"])
def test_an_unknown_skill_finds_nothing_but_the_page_works(world, client, skill):
    response = client.get(f"{URL}?competenza={skill}")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert [chip.label for chip, _ in response.context["chips"]] == [skill]


def test_a_skill_typed_in_the_picker_is_chosen_and_removed_with_its_chip(world, client):
    skill = world.skills[1]
    label = "Pasticceria da forno"
    Skill.objects.filter(pk=skill.pk).update(
        label_it=label,
        **search_columns(label_it=label, label_en="", alt_labels_it="", alt_labels_en=""),
    )
    response = client.get(f"{URL}?competenza=&competenza_testo=pasticceria&filiera=meccanica")

    assert response.context["filters"].skill == skill.pk
    (chip_url,) = [url for chip, url in response.context["chips"] if chip.param == "competenza"]
    assert _query(chip_url) == {"filiera": ["meccanica"]}
    removed = client.get(f"{URL}{chip_url}")
    assert removed.context["filters"] == Filters(sector="meccanica")
    # Choosing a skill among the facet values replaces what was typed, too.
    other = next(link for link in _groups(response)["competenza"] if not link.selected)
    assert "competenza_testo" not in _query(other.url)


def test_facet_links_keep_the_search_and_go_back_to_page_one(world, client):
    response = client.get(f"{URL}?filiera=meccanica&ordina=-durata&q=cucina&pagina=2")

    groups = _groups(response)
    for param, links in groups.items():
        for link in links:
            query = _query(link.url)
            assert "pagina" not in query
            assert query["ordina"] == ["-durata"] and query["q"] == ["cucina"]
            if param != "filiera":
                assert query["filiera"] == ["meccanica"]
    chosen = [link for link in groups["filiera"] if link.selected]
    assert len(chosen) == 1 and "filiera" not in _query(chosen[0].url)


@pytest.mark.parametrize(
    "start",
    ["", "comune=045010", "comune=050008&tipo=corso_breve", "provincia=pisa&polo=tnt&eqf=3"],
)
def test_a_facet_link_gives_as_many_results_as_it_announces(world, client, start):
    response = client.get(f"{URL}?{start}")

    for param, links in _groups(response).items():
        for link in links:
            if link.selected:
                continue
            target = client.get(f"{URL}{link.url}")
            assert target.context["page"].paginator.count == link.count, (param, link)


def test_a_shared_url_gives_the_same_search(world, client):
    url = f"{URL}?q=cucina&provincia=massa-carrara&ordina=eqf&competenza={world.skills[0].pk}"
    first = client.get(url)
    again = client.get(url)

    assert first.context["filters"] == Filters(
        text="cucina", province="massa-carrara", sort="eqf", skill=world.skills[0].pk
    )
    assert [p.pk for p in again.context["page"].object_list] == [
        p.pk for p in first.context["page"].object_list
    ]
    # The search form shows the text and carries the other filters as hidden fields.
    assert 'name="q" id="id_q" class="form-control" value="cucina"' in _text(first)
    assert '<input type="hidden" name="provincia" value="massa-carrara">' in _text(first)


# --- Downloads ----------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_download_lists_the_search_in_order(world, client):
    response = client.get(f"{URL}?formato=csv&provincia=pisa&ordina=-durata&pagina=2")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="offerta-formativa.csv"'
    rows = _csv_rows(response)
    assert rows[0] == EXPORT_HEADER
    ids = search.run(Filters(province="pisa", sort="-durata")).ids
    codes = {p.pk: p.code for p in world.published}
    assert [r[0] for r in rows[1:]] == [codes[i] for i in ids]  # every page, not just one
    assert all(len(r) == len(EXPORT_HEADER) for r in rows)


def test_the_downloads_cannot_carry_formulas(net, client):
    programme = ProgrammeFactory(title='=HYPERLINK("http://example.invalid")', track="+39 turni")
    ProgrammeProviderFactory(programme=programme, organization=net.school)

    row = _csv_rows(client.get(f"{URL}?formato=csv"))[1]
    sheet = load_workbook(io.BytesIO(client.get(f"{URL}?formato=xlsx").content)).active

    assert row[1] == '\'=HYPERLINK("http://example.invalid")'
    assert row[3] == "'+39 turni"
    assert row[8] == "Istituto partner"
    assert sheet.cell(2, 2).value == row[1]


def test_the_xlsx_download_has_the_same_rows(world, client):
    csv_rows = _csv_rows(client.get(f"{URL}?formato=csv&filiera=meccanica&ordina=eqf"))
    response = client.get(f"{URL}?formato=xlsx&filiera=meccanica&ordina=eqf")

    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Offerta formativa"
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == csv_rows
    assert len(rows) == 1 + len(search.run(Filters(sector="meccanica")).ids)


# --- htmx ---------------------------------------------------------------------------------------


def test_an_htmx_request_gets_the_results_fragment_only(world, client):
    response = client.get(f"{URL}?filiera=meccanica", headers={"HX-Request": "true"})

    text = _text(response)
    assert response.status_code == 200
    assert text.lstrip().startswith('<div id="catalogue-results">')
    assert "<html" not in text and "Filtra i risultati" not in text
    assert "Meccanica" in text  # the chip


def test_text_search_on_the_page(net, client):
    hotel = ProgrammeFactory(title="Servizi alberghieri")
    ProgrammeFactory(title="Meccatronica")
    index_text()

    response = client.get(f"{URL}?q=alberg")

    assert [p.pk for p in response.context["page"].object_list] == [hotel.pk]
    assert 'value="alberg"' in _text(response)
