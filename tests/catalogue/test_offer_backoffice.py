"""The hub's catalogue in the back office: who sees it, importing with mistakes, exporting and
importing back what was exported."""

import io

import pytest
from openpyxl import load_workbook

from ptp.audit.models import AuditEvent
from ptp.catalogue.models import Edition, Programme
from tests.factories import EditionFactory, ProgrammeFactory, ProgrammeProviderFactory

LIST = "/gestione/poli/tnt/offerta/"
IMPORT = "/gestione/poli/tnt/offerta/importa/"
EXPORT = "/gestione/poli/tnt/offerta/esporta/"
LOGIN = "login"

# fmt: off
MATRIX = [
    # url     anon   student school company coord other region outsider
    (LIST,   (LOGIN, 404,    200,   200,    200,  404,  200,   404)),
    (IMPORT, (LOGIN, 404,    403,   403,    200,  404,  403,   404)),
    (EXPORT, (LOGIN, 404,    200,   200,    200,  404,  200,   404)),
]
# fmt: on
PERSONAS = [
    "anonymous",
    "student",
    "school_staff",
    "company_staff",
    "coordinator",
    "other_coordinator",
    "regional_officer",
    "outsider",
]


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [(url, p, e) for url, row in MATRIX for p, e in zip(PERSONAS, row, strict=True)],
)
def test_who_reaches_the_hub_catalogue(url, persona, expected, net, login_as):
    response = login_as(persona).get(url)

    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected


def _csv(text: str, name: str) -> io.BytesIO:
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    return data


PROGRAMMES = (
    "codice;titolo;tipologia;livello_eqf;filiera;durata_ore;erogatori;prosegue_in\n"
    "IMP-1;Accoglienza turistica;istruzione_professionale;4;turismo-e-beni-culturali;5280;istituto-partner;IMP-2\n"
    "IMP-2;Gestione strutture ricettive;its_academy;5;Turismo e beni culturali;2000;istituto-partner;\n"
)
EDITIONS = "codice_percorso;anno_scolastico;comune;posti;iscritti;stato\nIMP-1;2026/27;045010;25;3;aperta\n"


def test_a_dry_run_reports_and_writes_nothing(login_as, net):
    response = login_as("coordinator").post(
        IMPORT,
        {
            "programmes": _csv(PROGRAMMES, "percorsi.csv"),
            "editions": _csv(EDITIONS, "edizioni.csv"),
            "dry_run": "on",
        },
    )

    assert response.status_code == 200
    assert (
        "Verifica superata: 2 percorsi nuovi, 0 da aggiornare, 1 edizioni."
        in response.content.decode()
    )
    assert Programme.objects.count() == 0


def test_an_import_writes_everything_and_is_audited(login_as, net, coordinator):
    response = login_as("coordinator").post(
        IMPORT,
        {
            "programmes": _csv(PROGRAMMES, "percorsi.csv"),
            "editions": _csv(EDITIONS, "edizioni.csv"),
        },
    )

    assert (response.status_code, response.url) == (302, LIST)
    first = Programme.objects.get(code="IMP-1")
    assert list(first.leads_to.values_list("code", flat=True)) == ["IMP-2"]
    assert list(first.hubs.values_list("slug", flat=True)) == ["tnt"]
    assert Edition.objects.get(programme=first).enrolled == 3
    assert AuditEvent.objects.filter(
        actor=coordinator, hub=net.hub, summary__startswith="Importati 2"
    ).exists()


def test_a_file_with_mistakes_writes_nothing_and_lists_every_bad_row(login_as, net):
    bad = (
        "codice;titolo;tipologia;livello_eqf;filiera;durata_ore;erogatori\n"
        "OK-1;Valido;istruzione_tecnica;4;meccanica-inesistente;5280;istituto-partner\n"
        "OK-2;Valido;its_academy;3;turismo-e-beni-culturali;2000;istituto-partner\n"
        "OK-3;Valido;istruzione_tecnica;4;turismo-e-beni-culturali;5280;soggetto-sconosciuto\n"
    )
    response = login_as("coordinator").post(IMPORT, {"programmes": _csv(bad, "percorsi.csv")})
    page = response.content.decode()

    assert response.status_code == 200
    assert "3 errori: nessuna riga è stata scritta." in page
    assert "«meccanica-inesistente» non è una filiera nota" in page
    assert "Il livello EQF 3 non è coerente con la tipologia (atteso tra 5 e 6)." in page
    assert "soggetto «soggetto-sconosciuto» non trovato" in page
    assert Programme.objects.count() == 0


def test_only_csv_or_xlsx_files_are_accepted(login_as, net):
    response = login_as("coordinator").post(IMPORT, {"programmes": _csv("x", "percorsi.txt")})

    assert "Si possono importare solo file .csv o .xlsx." in response.content.decode()


def test_an_export_imports_back_unchanged(login_as, net):
    programme = ProgrammeFactory(code="EXP-1", title="Percorso esportato")
    programme.hubs.add(net.hub)
    ProgrammeProviderFactory(programme=programme, organization=net.school)
    EditionFactory(programme=programme, municipality=net.school.municipality, seats=18, enrolled=4)
    client = login_as("coordinator")

    exported = client.get(EXPORT)
    workbook = load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["percorsi", "edizioni"]
    assert [c.value for c in workbook["percorsi"][2]][:2] == ["EXP-1", "Percorso esportato"]

    upload = io.BytesIO(exported.content)
    upload.name = "offerta-tnt.xlsx"
    response = client.post(IMPORT, {"programmes": upload})

    assert response.status_code == 302
    assert Programme.objects.filter(code="EXP-1").count() == 1
    assert Edition.objects.get(programme__code="EXP-1").seats == 18


def test_the_list_shows_the_hub_programmes_only(login_as, net):
    mine = ProgrammeFactory(title="Percorso del polo")
    mine.hubs.add(net.hub)
    ProgrammeFactory(title="Percorso di un altro polo").hubs.add(net.other_hub)

    page = login_as("school_staff").get(LIST).content.decode()

    assert "Percorso del polo" in page
    assert "Percorso di un altro polo" not in page
    assert "Importa percorsi" not in page
