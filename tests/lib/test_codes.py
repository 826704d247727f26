"""Italian legal identifiers. Valid test codes are built here from invented parts with the official
check-digit algorithms (python-stdnum), so none belongs to a real person."""

import pytest
from stdnum import luhn
from stdnum.it import codicefiscale

from ptp.lib.ateco import ateco_title, validate_ateco
from ptp.lib.codes import (
    InvalidCodeError,
    normalize,
    validate_codice_fiscale,
    validate_codice_meccanografico,
    validate_partita_iva,
)

# A person "TST PRV" born on 1 January 1980 in Massa (F023): invented, with its check letter.
PERSON_BODY = "TSTPRV80A01F023"
PERSON_CF = PERSON_BODY + codicefiscale.calc_check_digit(PERSON_BODY)
# 7-digit number, office 001 (a valid provincial office code), Luhn check digit.
PIVA_BODY = "1234567001"
PIVA = PIVA_BODY + luhn.calc_check_digit(PIVA_BODY)


def _wrong_last(code: str, alphabet: str) -> str:
    return code[:-1] + next(c for c in alphabet if c != code[-1])


def test_normalize_strips_separators_and_upper_cases():
    assert normalize(" ms-is.006 00a ") == "MSIS00600A"


# --- Codice fiscale ---------------------------------------------------------------------------


def test_a_person_codice_fiscale_is_accepted_and_normalised():
    assert validate_codice_fiscale(PERSON_CF.lower()) == PERSON_CF
    assert validate_codice_fiscale(f" {PERSON_CF[:6]} {PERSON_CF[6:]} ") == PERSON_CF


def test_a_body_codice_fiscale_has_11_digits():
    assert validate_codice_fiscale(PIVA) == PIVA


@pytest.mark.parametrize(
    "code",
    [
        _wrong_last(PERSON_CF, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),  # wrong check letter
        PERSON_CF[:-1],  # 15 characters
        _wrong_last(PIVA, "0123456789"),  # body code with a wrong check digit
        "ABCDEF",
    ],
)
def test_invalid_codici_fiscali_are_refused_in_italian(code):
    with pytest.raises(InvalidCodeError, match=f"Il codice fiscale «{code}» non è valido"):
        validate_codice_fiscale(code)


# --- Partita IVA ------------------------------------------------------------------------------


def test_partita_iva_accepts_the_it_prefix_and_blanks():
    assert validate_partita_iva(PIVA) == PIVA
    assert validate_partita_iva(f"IT {PIVA[:5]} {PIVA[5:]}") == PIVA


@pytest.mark.parametrize(
    "code",
    [
        _wrong_last(PIVA, "0123456789"),
        PIVA[:-1],
        "00000000000",  # all zeros is not an office's number
        "1234567AB01",
    ],
)
def test_invalid_partite_iva_are_refused_in_italian(code):
    with pytest.raises(
        InvalidCodeError, match="servono 11 cifre con la cifra di controllo corretta"
    ):
        validate_partita_iva(code)


# --- Codice meccanografico -------------------------------------------------------------------


@pytest.mark.parametrize("code", ["MSIS00600A", "msis00600a", "PI TF 01000 L", "FIRH020003"])
def test_codice_meccanografico_format(code):
    assert validate_codice_meccanografico(code) == normalize(code)


def test_codice_meccanografico_must_start_with_a_province():
    with pytest.raises(InvalidCodeError, match="non inizia con la sigla di una provincia italiana"):
        validate_codice_meccanografico("ZZIS00600A")


@pytest.mark.parametrize("code", ["MSIS0060A", "MSIS00600AB", "MSIS0060!A", "1SIS00600A"])
def test_codice_meccanografico_wrong_length_or_characters(code):
    with pytest.raises(InvalidCodeError, match="servono 10 lettere o cifre, ad esempio MSIS00600A"):
        validate_codice_meccanografico(code)


# --- ATECO ------------------------------------------------------------------------------------


def test_an_existing_ateco_code_is_accepted_with_its_title():
    assert validate_ateco(" 55.10.00 ") == "55.10.00"
    assert ateco_title("55.10.00") == "Servizi di alloggio di alberghi e simili"


@pytest.mark.parametrize("code", ["99.99.99", "55.10.99", "alberghi"])
def test_an_unknown_ateco_code_is_refused(code):
    with pytest.raises(InvalidCodeError, match="non esiste nella classificazione ATECO 2025"):
        validate_ateco(code)
    assert ateco_title(code) is None
