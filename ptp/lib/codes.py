"""Italian legal identifiers: codice fiscale, partita IVA, codice meccanografico.

Codice fiscale and partita IVA are validated with python-stdnum (check digits included);
the codice meccanografico has no public check-digit algorithm, so only its format is checked.
"""

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

# Vehicle-registration abbreviations of the Italian provinces (the first two letters of every
# codice meccanografico name the province of the school).
PROVINCE_ABBREVIATIONS = frozenset(
    """AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CL CN CO CR CS CT CZ
    EN FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OR
    PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE
    TN TO TP TR TS TV UD VA VB VC VE VI VR VT VV""".split()
)
_MECCANOGRAFICO_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{2}[A-Z0-9]{5}[A-Z0-9]$")


class InvalidCodeError(ValueError):
    """The code is malformed; the message is Italian and names the problem."""


def normalize(value: str) -> str:
    """Upper-cases and strips blanks, dots and dashes that people type inside codes."""
    return re.sub(r"[\s.\-]", "", value).upper()


def validate_codice_fiscale(value: str) -> str:
    """Returns the normalized codice fiscale (16 characters for people, 11 digits for bodies)."""
    code = normalize(value)
    try:
        return str(codicefiscale.validate(code))
    except StdnumError as exc:
        raise InvalidCodeError(
            f"Il codice fiscale «{value}» non è valido: controlla lunghezza e carattere di controllo."
        ) from exc


def validate_partita_iva(value: str) -> str:
    """Returns the normalized partita IVA: 11 digits with a valid check digit (an "IT" prefix is accepted)."""
    code = normalize(value)
    code = code.removeprefix("IT")
    try:
        return str(iva.validate(code))
    except StdnumError as exc:
        raise InvalidCodeError(
            f"La partita IVA «{value}» non è valida: servono 11 cifre con la cifra di controllo corretta."
        ) from exc


def validate_codice_meccanografico(value: str) -> str:
    """Returns the normalized school code: 10 characters, starting with a province abbreviation."""
    code = normalize(value)
    if not _MECCANOGRAFICO_RE.match(code):
        raise InvalidCodeError(
            f"Il codice meccanografico «{value}» non è valido: servono 10 lettere o cifre, "
            "ad esempio MSIS00600A."
        )
    if code[:2] not in PROVINCE_ABBREVIATIONS:
        raise InvalidCodeError(
            f"Il codice meccanografico «{value}» non inizia con la sigla di una provincia italiana."
        )
    return code
