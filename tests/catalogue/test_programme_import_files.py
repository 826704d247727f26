"""Importing from CSV (either separator, with or without BOM) and XLSX files, the messages for
files that cannot be read, and `manage.py import_programmes`."""

import codecs
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ptp.catalogue.models import Edition, Programme
from tests.catalogue.import_helpers import (
    BAD_EDITIONS,
    BAD_PROGRAMMES,
    EDITION_HEADER,
    EDITIONS,
    PROGRAMME_HEADER,
    PROGRAMMES,
    csv_file,
    import_refs,
    run_import,
)


@pytest.fixture
def refs(net):
    return import_refs(net)


# --- File formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding", "first_header"),
    [(";", "utf-8", "codice"), (",", "utf-8", "codice"), (";", "utf-8-sig", " Codice")],
    ids=["semicolon", "comma", "bom-and-loose-header"],
)
def test_csv_separators_and_byte_order_mark(refs, delimiter, encoding, first_header):
    programmes = [[first_header, *PROGRAMME_HEADER[1:3], "Livello EQF", *PROGRAMME_HEADER[4:]]]
    programmes += PROGRAMMES[1:]

    programmes_file = csv_file(programmes, delimiter=delimiter, encoding=encoding)
    assert programmes_file.getvalue().startswith(codecs.BOM_UTF8) == (encoding == "utf-8-sig")

    report = run_import(
        programmes=programmes_file,
        editions=csv_file(EDITIONS, delimiter=delimiter, encoding=encoding),
    )

    assert report.ok, report.errors
    assert Programme.objects.get(code="IP-1").provider_links.count() == 3
    assert Edition.objects.count() == 3


def test_a_file_not_in_utf8_gets_a_clear_message(refs):
    report = run_import(programmes=csv_file(PROGRAMMES, encoding="cp1252"), editions=None)

    assert [str(e) for e in report.errors] == [
        "percorsi.csv: il file non è in codifica UTF-8 (salvalo come «CSV UTF-8»)."
    ]
    assert not Programme.objects.exists()


def test_a_row_with_too_many_fields_is_named(refs):
    text = "codice;titolo;tipologia\nA;B;C\nD;E;F;G\n"

    report = run_import(programmes=io.BytesIO(text.encode()), editions=None)

    assert "riga 3: 4 campi invece di 3" in report.errors[0].message


def _workbook(*sheets: tuple[str, list[list]]) -> io.BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _numbers(row: list[str]) -> list:
    return [int(v) if v.isdigit() else v for v in row]


def test_an_xlsx_workbook_with_both_sheets(refs):
    # Spreadsheets give numbers and dates rather than text; an ISTAT code or a partita IVA
    # typed as a number loses its leading zero.
    its = _numbers(PROGRAMMES[2])
    its[PROGRAMME_HEADER.index("erogatori")] = 1234567890
    programmes = [PROGRAMMES[0], _numbers(PROGRAMMES[1]), its]
    editions = [
        EDITION_HEADER,
        ["IP-1", "2026/27", None, 45010, 25, 3, "aperta"],
        ["ITS-1", None, dt.datetime(2026, 10, 15), "Massa", 22.0, None, None],  # noqa: DTZ001
    ]
    workbook = _workbook(("percorsi", programmes), ("edizioni", editions))

    report = run_import(programmes=workbook, programmes_name="offerta.xlsx", editions=None)

    assert report.ok, [str(e) for e in report.errors]
    assert (report.programmes_created, report.editions_created) == (2, 2)
    assert Edition.objects.get(programme__code="ITS-1").starts_on == dt.date(2026, 10, 15)
    assert Edition.objects.get(programme__code="IP-1").municipality.name == "Massa"
    assert Programme.objects.get(code="ITS-1").providers.get() == refs.company


def test_an_xlsx_workbook_of_programmes_with_a_csv_of_editions(refs):
    workbook = _workbook(("percorsi", PROGRAMMES))

    report = run_import(programmes=workbook, programmes_name="offerta.xlsx", editions=EDITIONS)

    assert report.ok and report.editions_created == 3
    assert Edition.objects.count() == 3


def test_two_lists_of_editions_or_none_where_one_is_expected_are_refused(refs):
    both = _workbook(("percorsi", PROGRAMMES), ("edizioni", EDITIONS))
    no_sheet = _workbook(("Foglio1", EDITIONS))

    twice = run_import(programmes=both, programmes_name="offerta.xlsx", editions=EDITIONS)
    missing = run_import(editions=no_sheet, editions_name="edizioni.xlsx")

    assert [e.message for e in twice.errors] == [
        "offerta.xlsx: ha già il foglio «edizioni»; non caricare anche edizioni.csv."
    ]
    assert [e.message for e in missing.errors] == ["edizioni.xlsx: manca il foglio «edizioni»."]
    assert not Programme.objects.exists() and not Edition.objects.exists()


def test_an_xlsx_workbook_errors_name_the_sheet_and_row(refs):
    workbook = _workbook(("percorsi", [PROGRAMMES[0], ["IP-9", *PROGRAMMES[1][1:6], "ZZZ"]]))

    report = run_import(programmes=workbook, programmes_name="offerta.xlsx", editions=None)

    assert [(e.file, e.line, e.column) for e in report.errors] == [
        ("offerta.xlsx [percorsi]", 2, "erogatori")
    ]


def test_an_xlsx_workbook_without_either_sheet_is_refused(refs):
    workbook = _workbook(("Foglio1", PROGRAMMES))
    garbage = io.BytesIO(b"questo non e' un file xlsx")

    report = run_import(programmes=workbook, programmes_name="offerta.xlsx", editions=None)
    unreadable = run_import(programmes=garbage, programmes_name="offerta.xlsx", editions=None)

    assert [e.message for e in report.errors] == [
        "offerta.xlsx: mancano i fogli «percorsi» ed «edizioni»."
    ]
    assert [e.message for e in unreadable.errors] == ["offerta.xlsx: non è un file XLSX leggibile."]
    assert not Programme.objects.exists()


# --- The command --------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    def write(programmes, editions) -> tuple[str, str]:
        paths = tmp_path / "percorsi.csv", tmp_path / "edizioni.csv"
        for path, rows in zip(paths, (programmes, editions), strict=True):
            path.write_bytes(csv_file(rows).getvalue())
        return str(paths[0]), str(paths[1])

    return write


def _call(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_programmes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_reports(refs, files):
    programmes, editions = files(PROGRAMMES, EDITIONS)

    dry, _ = _call(programmes, "--editions", editions, "--hub", "tnt", "--dry-run")
    assert not Programme.objects.exists()
    out, err = _call(programmes, "--editions", editions, "--hub", "tnt")

    assert (
        dry.strip()
        == "Da importare: 2 percorsi nuovi, 0 aggiornati, 3 edizioni nuove, 0 aggiornate."
    )
    assert (
        out.strip() == "Importati: 2 percorsi nuovi, 0 aggiornati, 3 edizioni nuove, 0 aggiornate."
    )
    assert err == ""
    assert Programme.objects.filter(hubs=refs.hub).count() == 2


def test_the_command_prints_every_error_and_fails(refs, files):
    programmes, editions = files(BAD_PROGRAMMES, BAD_EDITIONS)
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"7 errori: nessuna riga è stata scritta\."):
        call_command("import_programmes", programmes, "--editions", editions, stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 7
    assert (
        "percorsi.csv, riga 4, colonna «livello_eqf»: "
        "Il livello EQF 3 non è coerente con la tipologia (atteso tra 5 e 6)."
    ) in lines
    assert "edizioni.csv, riga 3, colonna «iscritti»: 25 iscritti superano i 20 posti" in lines
    assert not Programme.objects.exists()


def test_the_command_refuses_an_unknown_hub(refs, files):
    programmes, _ = files(PROGRAMMES, EDITIONS)

    with pytest.raises(CommandError, match=r"Polo «nessuno» non trovato\."):
        _call(programmes, "--hub", "nessuno")


def test_the_command_names_a_file_it_cannot_read(refs, tmp_path):
    path = tmp_path / "percorsi.csv"
    path.write_bytes(csv_file(PROGRAMMES, encoding="cp1252").getvalue())
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"1 errori"):
        call_command("import_programmes", str(path), stderr=err)

    assert err.getvalue().strip() == (
        "percorsi.csv: il file non è in codifica UTF-8 (salvalo come «CSV UTF-8»)."
    )
