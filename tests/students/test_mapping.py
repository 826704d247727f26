"""Column mapping: presets, automatic matching by header name, explicit choices, refusals."""

import pytest

from ptp.students.importer.mapping import (
    PRESETS,
    MappingError,
    auto_mapping,
    normalize_header,
    parse_map_options,
    resolve_mapping,
)

HEADER_A = [
    "Codice Fiscale",
    "Cognome",
    "Nome",
    "Data di nascita",
    "Classe",
    "Sezione",
    "Comune residenza",
]
HEADER_B = [
    "CF",
    "COGNOME",
    "NOME",
    "DATA_NASCITA",
    "CLASSE",
    "ANNO_SCOLASTICO",
    "COD_ISTAT_RESIDENZA",
]


def test_header_names_are_compared_without_case_accents_or_punctuation():
    assert normalize_header("COD_ISTAT_RESIDENZA") == "cod istat residenza"
    assert normalize_header(" Sez. ") == "sez"
    assert normalize_header("E-mail") == "e mail"


def test_automatic_matching_of_a_layout_with_separate_year_and_section():
    mapping = auto_mapping(HEADER_A)
    assert mapping["codice_fiscale"] == "Codice Fiscale"
    assert mapping["anno_corso"] == "Classe" and mapping["sezione"] == "Sezione"
    assert "classe" not in mapping


def test_automatic_matching_of_a_layout_with_class_and_section_together():
    mapping = auto_mapping(HEADER_B)
    assert mapping["classe"] == "CLASSE"
    assert mapping["comune_residenza"] == "COD_ISTAT_RESIDENZA"


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_preset_maps_its_own_header(preset):
    header = list(PRESETS[preset].columns.values())
    columns = resolve_mapping(header, preset=preset)
    assert set(columns) == set(PRESETS[preset].columns)
    assert columns["codice_fiscale"] == header.index(PRESETS[preset].columns["codice_fiscale"])


def test_explicit_choices_win_and_an_empty_choice_drops_a_column():
    header = ["Id", "Cognome", "Nome", "Classe", "Email"]
    columns = resolve_mapping(header, explicit={"codice_fiscale": "Id", "email": ""})
    assert columns["codice_fiscale"] == 0 and "email" not in columns


def test_refusals_are_all_listed_in_italian():
    with pytest.raises(MappingError) as caught:
        resolve_mapping(["Cognome", "Nome"], explicit={"email": "Posta"})
    messages = " ".join(caught.value.messages)
    assert "«Posta»" in messages
    assert "Codice fiscale" in messages
    assert "classe" in messages


def test_one_column_cannot_serve_two_fields():
    with pytest.raises(MappingError, match="sia per"):
        resolve_mapping(HEADER_B, explicit={"sezione": "CLASSE"})


def test_unknown_preset_is_refused():
    with pytest.raises(MappingError, match="sconosciuto"):
        resolve_mapping(HEADER_B, preset="registro-z")


def test_command_line_map_options():
    assert parse_map_options(["codice_fiscale=Cod. fiscale", "classe = Classe "]) == {
        "codice_fiscale": "Cod. fiscale",
        "classe": "Classe",
    }
    with pytest.raises(MappingError):
        parse_map_options(["sesso=Sesso", "nome"])
