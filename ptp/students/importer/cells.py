"""Reading one cell of a roster: dates, classes, school years, tracks and yes/no flags, the way
Italian registers write them. Pure functions; rows.py calls them once per distinct spelling."""

import datetime as dt
import re

from ptp.catalogue.models import ProgrammeKind
from ptp.lib.text import fold
from ptp.network.models import OrganizationKind
from ptp.students.models import SchoolTrack

YES = frozenset({"si", "s", "yes", "y", "1", "true", "vero", "x"})
NO = frozenset({"no", "n", "0", "false", "falso", ""})
# The handful of spellings a file uses, looked up without folding each cell again.
FLAG_SPELLINGS = {"": False} | dict.fromkeys(
    ("S", "s", "Si", "SI", "Sì", "si", "X", "x", "1"), True
)
FLAG_SPELLINGS |= dict.fromkeys(("N", "n", "No", "NO", "no", "0"), False)
TRACKS: dict[str, str] = {fold(str(label)): value for value, label in SchoolTrack.choices} | {
    "professionale": SchoolTrack.VOCATIONAL,
    "ip": SchoolTrack.VOCATIONAL,
    "istruzione professionale": SchoolTrack.VOCATIONAL,
    "tecnico": SchoolTrack.TECHNICAL,
    "it": SchoolTrack.TECHNICAL,
    "istruzione tecnica": SchoolTrack.TECHNICAL,
    "liceo": SchoolTrack.LICEO,
    "iefp": SchoolTrack.IEFP,
    "istruzione e formazione professionale": SchoolTrack.IEFP,
}
SCHOOL_TRACK = {
    OrganizationKind.VOCATIONAL_SCHOOL: SchoolTrack.VOCATIONAL,
    OrganizationKind.TECHNICAL_SCHOOL: SchoolTrack.TECHNICAL,
}
PROGRAMME_TRACK = {
    ProgrammeKind.TECHNICAL: SchoolTrack.TECHNICAL,
    ProgrammeKind.VOCATIONAL: SchoolTrack.VOCATIONAL,
    ProgrammeKind.IEFP_QUALIFICATION: SchoolTrack.IEFP,
    ProgrammeKind.IEFP_DIPLOMA: SchoolTrack.IEFP,
}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_CLASS_RE = re.compile(r"^(I{1,3}|IV|V|[1-5])\s*[°^ª]?\s*[-/ ]?\s*([A-Z][A-Z0-9]{0,9})?$")
YEAR_RE = re.compile(r"^(I{1,3}|IV|V|\d+)\s*[°^ª]?$")
SECTION_RE = re.compile(r"^[A-Z0-9]{1,10}$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_SCHOOLYEAR_RE = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def current_school_year(today: dt.date) -> str:
    """The school year in course on a day: from 1 September to 31 August (e.g. "2026/27")."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def normalize_school_year(value: str) -> str | None:
    """ "2026/27", "2026-2027", "2026/2027" -> "2026/27"; None when it is not a school year."""
    match = _SCHOOLYEAR_RE.match(value.strip())
    if not match or int(match.group(2)[-2:]) != (int(match.group(1)) + 1) % 100:
        return None
    return f"{match.group(1)}/{match.group(2)[-2:]}"


def parse_date(value: str) -> dt.date | None:
    """A calendar date written GG/MM/AAAA (also with - or .) or AAAA-MM-GG; None otherwise."""
    match = _DMY_RE.match(value)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = _ISO_RE.match(value)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def parse_class(value: str) -> tuple[int, str] | None:
    """ "4B", "4^B", "4 B", "IV B", "4" -> (year, section); None when it is not a class."""
    match = _CLASS_RE.match(value.strip().upper())
    if not match:
        return None
    year = match.group(1)
    return ROMAN.get(year) or int(year), match.group(2) or ""
