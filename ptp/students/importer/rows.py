"""Checking every row of a roster, collecting every mistake with its line and column.

Lookups (municipalities, programmes) are loaded once into dictionaries and each row is checked in
plain Python, so 200,000 rows take a few seconds and a handful of queries.
"""

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ptp.catalogue.models import Programme, ProgrammeKind
from ptp.geo.models import Municipality
from ptp.lib.codes import InvalidCodeError
from ptp.lib.text import fold
from ptp.network.models import Organization, OrganizationKind
from ptp.students.identity import (
    birth_date_from_code,
    birth_date_matches,
    check_person_code,
    quick_person_code,
)
from ptp.students.importer.cells import (
    FLAG_SPELLINGS,
    NO,
    PROGRAMME_TRACK,
    ROMAN,
    SCHOOL_TRACK,
    SECTION_RE,
    TRACKS,
    YEAR_RE,
    YES,
    normalize_school_year,
    parse_class,
    parse_date,
)

NAME_MAX = 100
# The cells check() reads, in its order.
_PICKED = (
    "codice_fiscale",
    "cognome",
    "nome",
    "data_nascita",
    "classe",
    "anno_corso",
    "sezione",
    "codice_percorso",
    "tipo_percorso",
    "anno_scolastico",
    "comune_residenza",
    "email",
    "bes",
    "svantaggio",
)


class StudentValues(NamedTuple):
    """One valid row, in model terms (the order of COMPARED_FIELDS after the codice fiscale)."""

    codice_fiscale: str
    given_name: str
    family_name: str
    birth_date: dt.date
    track: str
    programme_id: int | None
    class_year: int
    class_section: str
    school_year: str
    municipality_id: int | None
    email: str
    has_accommodations: bool
    economic_disadvantage: bool


# Student fields an import sets, in StudentValues order (after codice_fiscale).
COMPARED_FIELDS = list(StudentValues._fields[1:])
# Fields written only when their column is in the file; otherwise a re-import leaves them alone.
OPTIONAL_SOURCES = {
    "programme_id": "codice_percorso",
    "municipality_id": "comune_residenza",
    "email": "email",
    "has_accommodations": "bes",
    "economic_disadvantage": "svantaggio",
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"riga {self.line}" + (f", colonna «{self.column}»" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Lookups:
    """What rows may name, keyed the ways people write it; loaded once per import."""

    municipalities: dict[str, int | None]  # None marks a name shared by several municipalities
    programmes: dict[str, tuple[int, str]]  # code -> (id, kind)

    @classmethod
    def load(cls) -> "Lookups":
        municipalities: dict[str, int | None] = {}
        names: dict[str, int | None] = {}
        for pk, istat, cadastral, name in Municipality.objects.values_list(
            "pk", "codice_istat", "codice_catastale", "name"
        ):
            municipalities[istat] = pk
            municipalities[cadastral.upper()] = pk
            key = fold(name)
            names[key] = None if key in names else pk
        programmes = {
            code.upper(): (pk, kind)
            for pk, code, kind in Programme.objects.values_list("pk", "code", "kind")
        }
        return cls(municipalities=names | municipalities, programmes=programmes)


class RowChecker:
    """Turns rows into StudentValues, appending every problem found to `errors`."""

    def __init__(
        self,
        *,
        school: Organization,
        header: Sequence[str],
        columns: dict[str, int],
        lookups: Lookups,
        school_year: str,
        today: dt.date,
    ) -> None:
        self.header = header
        self.columns = columns
        self.lookups = lookups
        self.school_year = school_year
        self.today = today
        self.default_track = SCHOOL_TRACK.get(OrganizationKind(school.kind))
        self.errors: list[RowError] = []
        self.first_line_of: dict[str, int] = {}
        self.width = len(header)
        self._tracks: dict[str, str | None] = {}
        # Dates, classes and school years repeat across rows: each spelling is parsed once.
        self._dates: dict[str, dt.date | None] = {}
        self._classes: dict[str, tuple[int, str] | None] = {}
        self._years: dict[str, str | None] = {}
        self._pick = operator.itemgetter(*(columns.get(key, -1) for key in _PICKED))

    def _error(self, line: int, field: str, message: str) -> None:
        index = self.columns.get(field)
        self.errors.append(RowError(line, self.header[index] if index is not None else "", message))

    def check(self, line: int, cells: list[str]) -> StudentValues | None:
        """The row's values, or None after recording each of its problems."""
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            self.errors.append(
                RowError(
                    line,
                    "",
                    f"la riga ha {len(cells)} campi invece di {self.width} "
                    "(controlla separatori e virgolette)",
                )
            )
            return None
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        before = len(self.errors)
        # One C-level pick of every mapped cell; unmapped fields read the "" appended at the end.
        (
            cf,
            family,
            given,
            birth,
            classe,
            year,
            section,
            programme,
            track,
            school_year,
            town,
            email,
            bes,
            poor,
        ) = map(str.strip, self._pick([*cells, ""]))
        code = self._code(line, cf)
        family_name = self._name(line, "cognome", family)
        given_name = self._name(line, "nome", given)
        birth_date = self._birth_date(line, birth, code)
        class_year, class_section = self._class(line, classe, year, section)
        programme_id, programme_track = self._programme(line, programme)
        track_value = self._track(line, track, programme_track)
        school_year = self._school_year(line, school_year)
        municipality_id = self._municipality(line, town)
        email = self._email(line, email)
        accommodations = self._flag(line, "bes", bes)
        disadvantage = self._flag(line, "svantaggio", poor)
        if len(self.errors) > before:
            return None
        return StudentValues(
            code,
            given_name,
            family_name,
            birth_date,  # type: ignore[arg-type]
            track_value,
            programme_id,
            class_year,
            class_section,
            school_year,
            municipality_id,
            email,
            accommodations,
            disadvantage,
        )

    def _code(self, line: int, raw: str) -> str:
        if not raw:
            self._error(line, "codice_fiscale", "codice fiscale mancante")
            return ""
        code = quick_person_code(raw)
        if code is None:
            try:
                code = check_person_code(raw)
            except InvalidCodeError as exc:
                self._error(line, "codice_fiscale", str(exc))
                return ""
        first = self.first_line_of.setdefault(code, line)
        if first != line:
            self._error(
                line, "codice_fiscale", f"codice fiscale {code} già presente alla riga {first}"
            )
        return code

    def _name(self, line: int, field: str, raw: str) -> str:
        value = " ".join(raw.split())
        if not value:
            self._error(line, field, "valore obbligatorio mancante")
        elif len(value) > NAME_MAX:
            self._error(line, field, f"al massimo {NAME_MAX} caratteri")
        return value

    def _birth_date(self, line: int, raw: str, code: str) -> dt.date | None:
        if not raw:
            return birth_date_from_code(code, today=self.today) if code else None
        if raw not in self._dates:
            self._dates[raw] = parse_date(raw)
        birth_date = self._dates[raw]
        if birth_date is None:
            self._error(line, "data_nascita", f"«{raw}» non è una data (usa GG/MM/AAAA)")
            return None
        if code and not birth_date_matches(code, birth_date):
            self._error(
                line,
                "data_nascita",
                f"la data {birth_date:%d/%m/%Y} non corrisponde a quella del codice fiscale {code}",
            )
        elif birth_date.year > self.today.year - 10 or birth_date.year < self.today.year - 99:
            self._error(
                line,
                "data_nascita",
                f"la data {birth_date:%d/%m/%Y} non è plausibile per uno studente",
            )
        return birth_date

    def _class(self, line: int, classe: str, year_raw: str, section_raw: str) -> tuple[int, str]:
        year, section = 0, ""
        if classe:
            if classe not in self._classes:
                self._classes[classe] = parse_class(classe)
            parsed = self._classes[classe]
            if parsed is None:
                self._error(
                    line,
                    "classe",
                    f"«{classe}» non è una classe: scrivi anno (da 1 a 5) e sezione, ad esempio 4B",
                )
                return 0, ""
            year, section = parsed
        elif year_raw:
            match = YEAR_RE.match(year_raw.upper())
            year = (ROMAN.get(match.group(1)) or int(match.group(1))) if match else 0
            if not 1 <= year <= 5:
                self._error(line, "anno_corso", f"«{year_raw}» non è un anno di corso (da 1 a 5)")
                return 0, ""
        else:
            field = "classe" if "classe" in self.columns else "anno_corso"
            self._error(line, field, "classe mancante")
            return 0, ""
        if section_raw:
            upper = section_raw.upper()
            if not SECTION_RE.match(upper):
                self._error(
                    line,
                    "sezione",
                    f"«{section_raw}» non è una sezione (lettere e cifre, al massimo 10)",
                )
            elif section and section != upper:
                self._error(
                    line,
                    "sezione",
                    f"la sezione «{section_raw}» non coincide con la classe «{classe}»",
                )
            section = upper
        return year, section

    def _programme(self, line: int, raw: str) -> tuple[int | None, str | None]:
        if not raw:
            return None, None
        found = self.lookups.programmes.get(raw.upper())
        if found is None:
            self._error(line, "codice_percorso", f"percorso «{raw}» non presente nel catalogo")
            return None, None
        return found[0], PROGRAMME_TRACK.get(ProgrammeKind(found[1]))

    def _track(self, line: int, raw: str, programme_track: str | None) -> str:
        if raw:
            if raw not in self._tracks:
                self._tracks[raw] = TRACKS.get(fold(raw))
            track = self._tracks[raw]
            if track is None:
                self._error(
                    line,
                    "tipo_percorso",
                    f"«{raw}» non è un tipo di percorso (professionale, tecnico, liceo, IeFP)",
                )
                return ""
            return track
        track = programme_track or self.default_track
        if track is None:
            field = "tipo_percorso" if "tipo_percorso" in self.columns else ""
            self._error(
                line,
                field,
                "indica il tipo di percorso (professionale, tecnico, liceo, IeFP): la scuola ne ha più d'uno",
            )
            return ""
        return track

    def _school_year(self, line: int, raw: str) -> str:
        if not raw:
            return self.school_year
        if raw not in self._years:
            self._years[raw] = normalize_school_year(raw)
        year = self._years[raw]
        if year is None:
            self._error(line, "anno_scolastico", f"«{raw}» non è un anno scolastico (es. 2026/27)")
            return ""
        return year

    def _municipality(self, line: int, raw: str) -> int | None:
        if not raw:
            return None
        key = raw.zfill(6) if raw.isdigit() else raw.upper()
        lookups = self.lookups.municipalities
        if key in lookups:
            found = lookups[key]
        else:
            folded = fold(raw)
            if folded in lookups and lookups[folded] is None:
                self._error(
                    line, "comune_residenza", f"più comuni si chiamano «{raw}»: usa il codice ISTAT"
                )
                return None
            found = lookups.get(folded)
        if found is None:
            self._error(
                line,
                "comune_residenza",
                f"comune «{raw}» non trovato (usa il codice ISTAT o il nome)",
            )
        return found

    def _email(self, line: int, raw: str) -> str:
        if not raw:
            return ""
        try:
            validate_email(raw)
        except ValidationError:
            self._error(line, "email", f"«{raw}» non è un indirizzo e-mail valido")
            return ""
        return raw.lower()

    def _flag(self, line: int, field: str, raw: str) -> bool:
        if raw in FLAG_SPELLINGS:
            return FLAG_SPELLINGS[raw]
        value = fold(raw)
        if value in YES:
            return True
        if value not in NO:
            self._error(line, field, f"«{raw}»: scrivi sì o no")
        return False
