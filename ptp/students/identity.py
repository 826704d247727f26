"""A student's identifiers: the person's codice fiscale (checked against the birth date it encodes)
and the random pseudonymous code used wherever personal data are not needed."""

import base64
import datetime as dt
import re
import secrets

from ptp.lib.codes import InvalidCodeError, validate_codice_fiscale

# Digits of the year and day may be replaced by letters when two people would share a code
# (omocodia); the month is a letter.
_DIGITS = {c: n for n, c in enumerate("0123456789")} | {c: n for n, c in enumerate("LMNPQRSTUV")}
_MONTHS = {c: n for n, c in enumerate("ABCDEHLMPRST", start=1)}
_ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22]
_ODD_VALUES += [25, 24, 23]
# Characters in odd positions: digits weigh as the first ten letters.
_ODD = dict(zip("0123456789", _ODD_VALUES, strict=False)) | dict(
    zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _ODD_VALUES, strict=True)
)
_EVEN = {c: n for n, c in enumerate("0123456789")} | {
    c: n for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
_VOWELS = frozenset("AEIOU")
# Crockford's base32: 32 symbols without I, L, O and U, so no code has look-alike characters.
PSEUDONYM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FROM_BASE32 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", PSEUDONYM_ALPHABET.encode())
PSEUDONYM_PREFIX = "S-"
PSEUDONYM_LENGTH = 8


def check_person_code(value: str) -> str:
    """The normalized codice fiscale of a person: 16 characters with a valid check character
    (the 11-digit codes of companies and bodies are refused)."""
    code = validate_codice_fiscale(value)
    if len(code) != 16:
        raise InvalidCodeError(
            f"«{value}» è il codice fiscale di un ente o di un'impresa: serve quello della "
            "persona (16 caratteri)."
        )
    return code


_PERSON_CODE_RE = re.compile(
    r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
)


def quick_person_code(value: str) -> str | None:
    """The code when it is plainly a valid personal codice fiscale (16 upper-case characters, the
    right check character and a real birth date), else None. Imports call it first and leave
    everything else, including every refusal and its message, to check_person_code; it accepts
    nothing python-stdnum would refuse."""
    if len(value) != 16 or not _PERSON_CODE_RE.fullmatch(value):
        return None
    if check_character(value[:15]) != value[15]:
        return None
    year, month, day = encoded_birth(value)
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        return None
    return value


def encoded_birth(code: str) -> tuple[int, int, int]:
    """(two-digit year, month, day) encoded in a valid personal codice fiscale."""
    year = _DIGITS[code[6]] * 10 + _DIGITS[code[7]]
    day = (_DIGITS[code[9]] * 10 + _DIGITS[code[10]]) % 40
    return year, _MONTHS[code[8]], day


def birth_date_matches(code: str, birth_date: dt.date) -> bool:
    """True when the date is the one the codice fiscale encodes (year modulo 100, month, day)."""
    return encoded_birth(code) == (birth_date.year % 100, birth_date.month, birth_date.day)


def birth_date_from_code(code: str, *, today: dt.date) -> dt.date:
    """The birth date a codice fiscale encodes, placing the year in the century that makes the
    person no older than 99 today."""
    year, month, day = encoded_birth(code)
    full_year = (today.year // 100) * 100 + year
    if full_year > today.year:
        full_year -= 100
    return dt.date(full_year, month, day)


def new_pseudonyms(count: int) -> list[str]:
    """Random pseudonymous codes such as S-7H3K9Q2M (40 random bits each); uniqueness against
    existing students is checked by callers and enforced by the database."""
    encoded = base64.b32encode(secrets.token_bytes(5 * count)).translate(_FROM_BASE32).decode()
    return [
        PSEUDONYM_PREFIX + encoded[i : i + PSEUDONYM_LENGTH]
        for i in range(0, len(encoded), PSEUDONYM_LENGTH)
    ]


def new_pseudonym() -> str:
    """One random pseudonymous code (see new_pseudonyms)."""
    return new_pseudonyms(1)[0]


# --- Building codes for invented people (demo data and tests only) ------------------------------


def _consonants(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalpha() and c not in _VOWELS)


def _vowels(text: str) -> str:
    return "".join(c for c in text.upper() if c in _VOWELS)


def _family_part(family_name: str) -> str:
    return (_consonants(family_name) + _vowels(family_name) + "XXX")[:3]


def _given_part(given_name: str) -> str:
    consonants = _consonants(given_name)
    if len(consonants) > 3:
        return consonants[0] + consonants[2] + consonants[3]
    return (consonants + _vowels(given_name) + "XXX")[:3]


def check_character(first15: str) -> str:
    """The check character of the first 15 characters of a personal codice fiscale."""
    # Positions count from 1, so the odd ones are at even indexes.
    total = sum(map(_ODD.__getitem__, first15[0::2])) + sum(map(_EVEN.__getitem__, first15[1::2]))
    return chr(ord("A") + total % 26)


def make_codice_fiscale(
    *, family_name: str, given_name: str, birth_date: dt.date, female: bool, place: str = "Z999"
) -> str:
    """A well-formed codice fiscale for an invented person. The default place code Z999 is not
    assigned to any country or municipality, so the result cannot be a real person's code."""
    months = "ABCDEHLMPRST"
    day = birth_date.day + (40 if female else 0)
    first15 = (
        f"{_family_part(family_name)}{_given_part(given_name)}"
        f"{birth_date.year % 100:02d}{months[birth_date.month - 1]}{day:02d}{place}"
    )
    return first15 + check_character(first15)
