"""Codici fiscali of people, their birth dates, the fast path of imports, pseudonymous codes."""

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.it import codicefiscale

from ptp.lib.codes import InvalidCodeError
from ptp.students.identity import (
    PSEUDONYM_ALPHABET,
    birth_date_from_code,
    birth_date_matches,
    check_person_code,
    encoded_birth,
    make_codice_fiscale,
    new_pseudonyms,
    quick_person_code,
)


def test_built_codes_are_valid_and_encode_the_birth_date():
    code = make_codice_fiscale(
        family_name="Dellapina", given_name="Elettra", birth_date=dt.date(2009, 3, 7), female=True
    )
    assert codicefiscale.is_valid(code)
    assert code.endswith(code[-1]) and code[11:15] == "Z999"
    assert encoded_birth(code) == (9, 3, 7)
    assert birth_date_matches(code, dt.date(2009, 3, 7))
    assert not birth_date_matches(code, dt.date(2009, 3, 8))
    assert not birth_date_matches(code, dt.date(2008, 3, 7))


def test_omocodia_letters_are_read_as_digits():
    code = "RCCMNL83S18D969H"
    variant = code[:6] + "8P" + code[8:14] + "V"  # 3 -> P in the year
    variant = variant[:15] + codicefiscale.calc_check_digit(variant[:15])
    assert encoded_birth(variant) == (83, 11, 18)


def test_birth_date_from_code_picks_the_century_of_a_living_person():
    code = make_codice_fiscale(
        family_name="Orsucci", given_name="Ugo", birth_date=dt.date(2010, 12, 31), female=False
    )
    assert birth_date_from_code(code, today=dt.date(2026, 11, 26)) == dt.date(2010, 12, 31)
    old = "RCCMNL83S18D969H"
    assert birth_date_from_code(old, today=dt.date(2026, 11, 26)) == dt.date(1983, 11, 18)


def test_only_people_codes_are_accepted():
    assert check_person_code(" rccmnl83s18d969h ") == "RCCMNL83S18D969H"
    with pytest.raises(InvalidCodeError, match="ente o di un'impresa"):
        check_person_code("00743110157")
    with pytest.raises(InvalidCodeError, match="carattere di controllo"):
        check_person_code("RCCMNL83S18D969A")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCDEHLMPRSTXZ0123456789LMNPQRSTUV ", min_size=14, max_size=17))
def test_the_fast_path_never_accepts_what_stdnum_refuses(text):
    if quick_person_code(text) is not None:
        assert codicefiscale.is_valid(text)


def test_the_fast_path_accepts_valid_codes_and_refuses_a_bad_check_character():
    rng = random.Random(3)
    for _ in range(200):
        code = make_codice_fiscale(
            family_name=rng.choice(["Rossi", "Fo", "Zanobetti"]),
            given_name=rng.choice(["Ugo", "Alessandra", "Pio"]),
            birth_date=dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000)),
            female=rng.random() < 0.5,
        )
        assert quick_person_code(code) == code
        wrong = code[:15] + ("A" if code[15] != "A" else "B")
        assert quick_person_code(wrong) is None
    assert quick_person_code("rccmnl83s18d969h") is None  # left to the full check, which normalizes


def test_pseudonyms_are_random_unambiguous_and_well_formed():
    codes = new_pseudonyms(5000)
    assert len(set(codes)) == 5000
    for code in codes[:200]:
        assert code[:2] == "S-" and len(code) == 10
        assert set(code[2:]) <= set(PSEUDONYM_ALPHABET)
    assert not set("ILOU") & set("".join(codes))
