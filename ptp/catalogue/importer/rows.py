"""Row-by-row validation of programme and edition files, with Italian messages naming the column.

All lookups (organizations, skills, hubs, municipalities...) are loaded once into dictionaries, so
validating a large file costs a handful of queries.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from ptp.catalogue.models import EditionStatus, Programme, ProgrammeKind, ProviderRole
from ptp.catalogue.services import ProgrammeData
from ptp.geo.models import Municipality
from ptp.lib.text import fold
from ptp.network.models import Hub, Organization, Sector
from ptp.skills.models import Occupation, Skill

PROGRAMME_REQUIRED = [
    "codice",
    "titolo",
    "tipologia",
    "livello_eqf",
    "filiera",
    "durata_ore",
    "erogatori",
]
PROGRAMME_COLUMNS = [
    *PROGRAMME_REQUIRED,
    "indirizzo",
    "articolazione",
    "descrizione",
    "poli",
    "competenze",
    "professioni",
    "prosegue_in",
    "pubblicato",
]
EDITION_REQUIRED = ["codice_percorso", "comune", "posti"]
EDITION_COLUMNS = [
    *EDITION_REQUIRED,
    "anno_scolastico",
    "data_inizio",
    "data_fine",
    "iscritti",
    "stato",
    "scadenza_iscrizioni",
]
LEVELS = {"1": 1, "2": 2, "3": 3, "base": 1, "intermedio": 2, "avanzato": 3}
YES = {"si", "sì", "s", "yes", "y", "1", "true", "vero", "x"}
NO = {"no", "n", "0", "false", "falso"}
STATUS = (
    {fold(str(label)): value for value, label in EditionStatus.choices}
    | {v: v for v in EditionStatus.values}
    | {"programmata": "planned", "aperta": "open", "in corso": "running", "conclusa": "closed"}
)


class InvalidCellError(ValueError):
    """One cell is wrong; carries the column name."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Lookups:
    """Everything a row may name, keyed the ways people write it."""

    organizations: dict[str, Organization]
    sectors: dict[str, Sector]
    hubs: dict[str, Hub]
    skills: dict[str, Skill]
    occupations: dict[str, Occupation]
    municipalities: dict[str, Municipality]
    programmes: dict[str, Programme]
    kinds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, *, skill_uris: set[str], occupation_uris: set[str]) -> "Lookups":
        orgs: dict[str, Organization] = {}
        for org in Organization.objects.all():
            orgs[org.slug] = org
            for code in (org.codice_meccanografico, org.partita_iva, org.codice_fiscale):
                if code:
                    orgs[code.upper()] = org
        municipalities: dict[str, Municipality] = {}
        for m in Municipality.objects.all():
            municipalities[m.codice_istat] = m
            municipalities.setdefault(fold(m.name), m)
        sectors = {s.slug: s for s in Sector.objects.all()} | {
            fold(s.name): s for s in Sector.objects.all()
        }
        kinds = {value: value for value in ProgrammeKind.values} | {
            fold(str(label)): value for value, label in ProgrammeKind.choices
        }
        return cls(
            organizations=orgs,
            sectors=sectors,
            hubs={h.slug: h for h in Hub.objects.all()},
            skills={s.uri: s for s in Skill.objects.filter(uri__in=skill_uris)},
            occupations={o.uri: o for o in Occupation.objects.filter(uri__in=occupation_uris)},
            municipalities=municipalities,
            programmes={p.code: p for p in Programme.objects.all()},
            kinds=kinds,
        )


def split_list(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]


def _int(
    values: dict[str, str],
    column: str,
    *,
    required: bool,
    minimum: int = 0,
    maximum: int | None = None,
) -> int | None:
    raw = values.get(column, "").strip()
    if not raw:
        if required:
            raise InvalidCellError(column, "valore obbligatorio mancante")
        return None
    try:
        number = int(raw)
    except ValueError as exc:
        raise InvalidCellError(column, f"«{raw}» non è un numero intero") from exc
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"tra {minimum} e {maximum}" if maximum is not None else f"almeno {minimum}"
        raise InvalidCellError(column, f"{number} non è ammesso: serve un valore {bound}")
    return number


def _date(values: dict[str, str], column: str) -> dt.date | None:
    raw = values.get(column, "").strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007  (a calendar date, no time)
        except ValueError:
            continue
    raise InvalidCellError(column, f"«{raw}» non è una data (usa GG/MM/AAAA o AAAA-MM-GG)")


def _required(values: dict[str, str], column: str) -> str:
    value = values.get(column, "").strip()
    if not value:
        raise InvalidCellError(column, "valore obbligatorio mancante")
    return value


def programme_skill_uris(values: dict[str, str]) -> list[str]:
    return [item.split("|")[0].strip() for item in split_list(values.get("competenze", ""))]


def parse_programme(
    values: dict[str, str], lookups: Lookups, codes_in_file: set[str]
) -> ProgrammeData:
    """Turns one row into programme data or raises InvalidCellError for the first wrong cell."""
    code = _required(values, "codice")
    if len(code) > 40:
        raise InvalidCellError("codice", "al massimo 40 caratteri")
    kind_raw = _required(values, "tipologia")
    kind = lookups.kinds.get(kind_raw) or lookups.kinds.get(fold(kind_raw))
    if kind is None:
        raise InvalidCellError("tipologia", f"«{kind_raw}» non è una tipologia prevista")
    sector_raw = _required(values, "filiera")
    sector = lookups.sectors.get(slugify(sector_raw)) or lookups.sectors.get(fold(sector_raw))
    if sector is None:
        raise InvalidCellError("filiera", f"«{sector_raw}» non è una filiera nota")
    providers: list[tuple[Organization, str]] = []
    for i, ref in enumerate(split_list(_required(values, "erogatori"))):
        org = lookups.organizations.get(ref.upper()) or lookups.organizations.get(ref)
        if org is None and ref.isdigit():
            # A partita IVA held by a spreadsheet cell as a number has lost its leading zeros.
            org = lookups.organizations.get(ref.zfill(11))
        if org is None:
            raise InvalidCellError(
                "erogatori",
                f"soggetto «{ref}» non trovato (usa codice meccanografico, partita IVA o identificativo)",
            )
        providers.append((org, ProviderRole.LEAD if i == 0 else ProviderRole.PARTNER))
    skills = []
    for item in split_list(values.get("competenze", "")):
        uri, _, level_raw = item.partition("|")
        skill = lookups.skills.get(uri.strip())
        if skill is None:
            raise InvalidCellError(
                "competenze", f"competenza «{uri.strip()}» non presente nella tassonomia"
            )
        level = LEVELS.get(fold(level_raw) or "2")
        if level is None:
            raise InvalidCellError(
                "competenze", f"livello «{level_raw}» non valido (base, intermedio, avanzato)"
            )
        skills.append((skill, level))
    occupations = []
    for uri in split_list(values.get("professioni", "")):
        occupation = lookups.occupations.get(uri)
        if occupation is None:
            raise InvalidCellError(
                "professioni", f"professione «{uri}» non presente nella tassonomia"
            )
        occupations.append(occupation)
    hubs = []
    for slug in split_list(values.get("poli", "")):
        hub = lookups.hubs.get(slug)
        if hub is None:
            raise InvalidCellError("poli", f"polo «{slug}» non trovato")
        hubs.append(hub)
    for target in split_list(values.get("prosegue_in", "")):
        if target not in lookups.programmes and target not in codes_in_file:
            raise InvalidCellError(
                "prosegue_in", f"percorso «{target}» non trovato né nel catalogo né nel file"
            )
    published_raw = fold(values.get("pubblicato", "") or "si")
    if published_raw not in YES | NO:
        raise InvalidCellError("pubblicato", f"«{values.get('pubblicato')}»: scrivi sì o no")
    return ProgrammeData(
        values={
            "code": code,
            "title": _required(values, "titolo")[:250],
            "kind": kind,
            "track": values.get("indirizzo", "")[:150],
            "specialisation": values.get("articolazione", "")[:150],
            "eqf_level": _int(values, "livello_eqf", required=True, minimum=1, maximum=8),
            "sector": sector,
            "duration_hours": _int(values, "durata_ore", required=True, minimum=1),
            "description": values.get("descrizione", ""),
            "is_published": published_raw in YES,
        },
        providers=providers,
        skills=skills,
        occupations=occupations,
        hubs=hubs,
    )


def parse_edition(
    values: dict[str, str], lookups: Lookups, codes_in_file: set[str]
) -> tuple[str, dict[str, Any]]:
    """Turns one row into (programme code, edition values) or raises InvalidCellError."""
    code = _required(values, "codice_percorso")
    if code not in lookups.programmes and code not in codes_in_file:
        raise InvalidCellError(
            "codice_percorso", f"percorso «{code}» non trovato né nel catalogo né nel file"
        )
    place = _required(values, "comune")
    # A spreadsheet cell holding an ISTAT code as a number has lost its leading zeros (45010).
    istat = place.zfill(6) if place.isdigit() else place
    municipality = lookups.municipalities.get(istat) or lookups.municipalities.get(fold(place))
    if municipality is None:
        raise InvalidCellError(
            "comune", f"comune «{place}» non trovato (usa il codice ISTAT o il nome)"
        )
    school_year = values.get("anno_scolastico", "").strip()
    if school_year:
        match = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", school_year)
        if not match or int(match.group(2)[-2:]) != (int(match.group(1)) + 1) % 100:
            raise InvalidCellError(
                "anno_scolastico", f"«{school_year}» non è un anno scolastico (es. 2026/27)"
            )
        school_year = f"{match.group(1)}/{match.group(2)[-2:]}"
    starts_on, ends_on = _date(values, "data_inizio"), _date(values, "data_fine")
    if not school_year and starts_on is None:
        raise InvalidCellError(
            "anno_scolastico", "indica l'anno scolastico oppure la data di inizio"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidCellError("data_fine", "la data di fine precede quella di inizio")
    seats = _int(values, "posti", required=True, minimum=1)
    enrolled = _int(values, "iscritti", required=False) or 0
    if seats is not None and enrolled > seats:
        raise InvalidCellError("iscritti", f"{enrolled} iscritti superano i {seats} posti")
    status_raw = fold(values.get("stato", "") or "planned")
    status = STATUS.get(status_raw)
    if status is None:
        raise InvalidCellError(
            "stato",
            f"«{values.get('stato')}» non è uno stato (programmata, aperta, in corso, conclusa)",
        )
    return code, {
        "school_year": school_year,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "municipality": municipality,
        "seats": seats,
        "enrolled": enrolled,
        "status": status,
        "application_deadline": _date(values, "scadenza_iscrizioni"),
    }
