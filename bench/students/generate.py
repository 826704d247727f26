"""A reproducible roster file of invented students (Registro B layout, ';'-separated, UTF-8).

Every codice fiscale uses the unassigned place code Z999 (and its omocodia variants), so no row
can be a real person.
"""

import datetime as dt
import random
from pathlib import Path

from ptp.students.demo import FAMILY, GIVEN_FEMALE, GIVEN_MALE
from ptp.students.identity import make_codice_fiscale

HEADER = [
    "CF",
    "COGNOME",
    "NOME",
    "DATA_NASCITA",
    "CLASSE",
    "ANNO_SCOLASTICO",
    "COD_ISTAT_RESIDENZA",
    "EMAIL_STUDENTE",
    "FLAG_BES",
    "FLAG_SVANTAGGIO",
    "TIPO_PERCORSO",
]
PLACES = ["Z999", "Z99V", "Z9V9", "Z9VV", "ZV99", "ZV9V", "ZVV9", "ZVVV"]


def roster_rows(
    count: int, *, seed: int, municipalities: list[str], school_year: str = "2026/27"
) -> list[list[str]]:
    """`count` rows with distinct codici fiscali; the same seed gives the same file."""
    rng = random.Random(seed)
    start = int(school_year[:4])
    seen: set[str] = set()
    rows = []
    while len(rows) < count:
        female = rng.random() < 0.5
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        family = rng.choice(FAMILY) + rng.choice(["", "i", "ini", "etti", "oni", "ucci"])
        year = rng.randint(1, 5)
        birth = dt.date(start - 13 - year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        code = make_codice_fiscale(
            family_name=family,
            given_name=given,
            birth_date=birth,
            female=female,
            place=rng.choice(PLACES),
        )
        if code in seen:
            continue
        seen.add(code)
        rows.append(
            [
                code,
                family.upper(),
                given.upper(),
                birth.strftime("%d/%m/%Y"),
                f"{year}{rng.choice('ABCDEF')}",
                school_year,
                rng.choice(municipalities),
                f"studente{len(rows)}@scuola.invalid" if rng.random() < 0.3 else "",
                "S" if rng.random() < 0.05 else "N",
                "S" if rng.random() < 0.12 else "N",
                rng.choice(["Istituto tecnico", "Istituto professionale", "IeFP"]),
            ]
        )
    return rows


def write_roster(path: Path, rows: list[list[str]]) -> None:
    """Writes the rows under the Registro B header."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(HEADER) + "\r\n")
        for row in rows:
            handle.write(";".join(row) + "\r\n")
