"""Which column of the school's file holds each of our fields.

Registers export different layouts, so a mapping comes from (in order of precedence) the columns
the user names explicitly, a preset layout, and automatic matching of the file's header names
(case, accents, spaces and punctuation ignored, with common synonyms).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from ptp.lib.text import fold


@dataclass(frozen=True)
class Field:
    key: str
    label: "StrOrPromise"
    required: bool = False
    help: "StrOrPromise" = ""


FIELDS: list[Field] = [
    Field("codice_fiscale", _("Codice fiscale"), required=True),
    Field("cognome", _("Cognome"), required=True),
    Field("nome", _("Nome"), required=True),
    Field(
        "data_nascita",
        _("Data di nascita"),
        help=_("GG/MM/AAAA o AAAA-MM-GG; se manca si ricava dal codice fiscale."),
    ),
    Field("classe", _("Classe"), help=_("Anno e sezione insieme (4B, 4^B, IV B) o solo l'anno.")),
    Field("anno_corso", _("Anno di corso"), help=_("Da 1 a 5, se è in una colonna a sé.")),
    Field("sezione", _("Sezione")),
    Field(
        "tipo_percorso",
        _("Tipo di percorso"),
        help=_("Professionale, tecnico, liceo o IeFP; se manca vale la tipologia della scuola."),
    ),
    Field(
        "anno_scolastico", _("Anno scolastico"), help=_("Es. 2026/27; se manca, quello in corso.")
    ),
    Field("comune_residenza", _("Comune di residenza"), help=_("Codice ISTAT o nome del comune.")),
    Field("email", _("E-mail dello studente")),
    Field("codice_percorso", _("Codice del percorso"), help=_("Codice del catalogo dell'offerta.")),
    Field("bes", _("Bisogni educativi speciali"), help=_("Sì o no.")),
    Field("svantaggio", _("Svantaggio economico"), help=_("Sì o no.")),
]
FIELD_KEYS = [f.key for f in FIELDS]
FIELD_LABELS = {f.key: f.label for f in FIELDS}
REQUIRED = [f.key for f in FIELDS if f.required]


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    description: str
    columns: dict[str, str]


# Invented layouts, shaped like what Italian school registers commonly export; none claims to be
# the format of a real product.
PRESETS: dict[str, Preset] = {
    p.key: p
    for p in [
        Preset(
            "registro-a",
            "Registro A",
            "Codice Fiscale;Cognome;Nome;Data di nascita;Classe;Sezione;Comune residenza;…",
            {
                "codice_fiscale": "Codice Fiscale",
                "cognome": "Cognome",
                "nome": "Nome",
                "data_nascita": "Data di nascita",
                "anno_corso": "Classe",
                "sezione": "Sezione",
                "comune_residenza": "Comune residenza",
                "tipo_percorso": "Indirizzo di studio",
                "email": "E-mail",
                "bes": "BES",
                "svantaggio": "Svantaggio economico",
            },
        ),
        Preset(
            "registro-b",
            "Registro B",
            "CF;COGNOME;NOME;DATA_NASCITA;CLASSE;ANNO_SCOLASTICO;COD_ISTAT_RESIDENZA;…",
            {
                "codice_fiscale": "CF",
                "cognome": "COGNOME",
                "nome": "NOME",
                "data_nascita": "DATA_NASCITA",
                "classe": "CLASSE",
                "anno_scolastico": "ANNO_SCOLASTICO",
                "comune_residenza": "COD_ISTAT_RESIDENZA",
                "email": "EMAIL_STUDENTE",
                "codice_percorso": "CODICE_PERCORSO",
                "tipo_percorso": "TIPO_PERCORSO",
                "bes": "FLAG_BES",
                "svantaggio": "FLAG_SVANTAGGIO",
            },
        ),
        Preset(
            "registro-c",
            "Registro C",
            "Alunno Cognome,Alunno Nome,Codice fiscale alunno,Nato il,Anno corso,Sez.,A.S.,…",
            {
                "cognome": "Alunno Cognome",
                "nome": "Alunno Nome",
                "codice_fiscale": "Codice fiscale alunno",
                "data_nascita": "Nato il",
                "anno_corso": "Anno corso",
                "sezione": "Sez.",
                "anno_scolastico": "A.S.",
                "comune_residenza": "Residenza - Comune",
                "tipo_percorso": "Tipo percorso",
                "email": "Email alunno",
                "bes": "Alunno BES",
            },
        ),
    ]
}

# Header names (normalized) that mean each field when no preset or explicit choice says otherwise.
SYNONYMS: dict[str, list[str]] = {
    "codice_fiscale": ["codice fiscale", "cf", "cod fiscale", "codice fiscale alunno"],
    "cognome": ["cognome", "alunno cognome", "cognome alunno", "family name"],
    "nome": ["nome", "alunno nome", "nome alunno", "given name"],
    "data_nascita": ["data nascita", "data di nascita", "nato il", "nascita", "data nasc"],
    "classe": ["classe", "classe sezione", "classe e sezione"],
    "anno_corso": ["anno corso", "anno di corso", "anno classe"],
    "sezione": ["sezione", "sez"],
    "tipo_percorso": [
        "tipo percorso",
        "tipo di percorso",
        "tipologia percorso",
        "indirizzo di studio",
    ],
    "anno_scolastico": ["anno scolastico", "as", "a s"],
    "comune_residenza": [
        "comune residenza",
        "comune di residenza",
        "residenza",
        "residenza comune",
        "cod istat residenza",
        "codice istat residenza",
    ],
    "email": ["email", "e mail", "email studente", "email alunno", "posta elettronica"],
    "codice_percorso": ["codice percorso", "cod percorso", "percorso"],
    "bes": ["bes", "flag bes", "alunno bes", "bisogni educativi speciali"],
    "svantaggio": ["svantaggio", "svantaggio economico", "flag svantaggio"],
}


def normalize_header(value: str) -> str:
    """A header as compared: folded, underscores and punctuation as spaces ("COD_ISTAT" -> "cod istat")."""
    return fold(re.sub(r"[_.\-/]+", " ", value))


class MappingError(ValueError):
    """The mapping cannot be used; the messages are Italian."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def synonym_index(synonyms: dict[str, list[str]]) -> dict[str, str]:
    """Normalized header -> field key, for `match_headers` (a field's own key matches too)."""
    return {normalize_header(s): key for key, names in synonyms.items() for s in names} | {
        normalize_header(key): key for key in synonyms
    }


def match_headers(header: list[str], index: dict[str, str]) -> dict[str, str]:
    """Fields matched to the file's headers by name; the first matching column wins."""
    mapping: dict[str, str] = {}
    for name in header:
        key = index.get(normalize_header(name))
        if key and key not in mapping:
            mapping[key] = name
    return mapping


def column_indexes(
    header: list[str],
    mapping: dict[str, str],
    explicit: dict[str, str] | None,
    *,
    labels: "dict[str, StrOrPromise]",
    required: list[str],
) -> tuple[dict[str, int], list[str]]:
    """Column index of each field (explicit choices over `mapping`) and the problems found
    (Italian): unknown fields or headers, a column used for two fields, missing required fields.
    Shared by the importers that map a file's columns (students, outcomes)."""
    mapping = dict(mapping)
    by_norm = {normalize_header(h): i for i, h in enumerate(header)}
    problems = []
    for key, column in (explicit or {}).items():
        if key not in labels:
            problems.append(f"«{key}» non è un campo previsto.")
        elif not column:
            mapping.pop(key, None)
        elif normalize_header(column) not in by_norm:
            problems.append(f"La colonna «{column}» scelta per {labels[key]} non è nel file.")
        else:
            mapping[key] = column
    indexes = {key: by_norm[normalize_header(column)] for key, column in mapping.items()}
    used: dict[int, str] = {}
    for key, index in indexes.items():
        if index in used:
            problems.append(
                f"La colonna «{header[index]}» è scelta sia per {labels[used[index]]} "
                f"sia per {labels[key]}."
            )
        used[index] = key
    for key in required:
        if key not in indexes:
            problems.append(f"Manca la colonna per il campo obbligatorio «{labels[key]}».")
    return indexes, problems


_SYNONYM_INDEX = synonym_index(SYNONYMS | {k: [] for k in FIELD_KEYS if k not in SYNONYMS})


def auto_mapping(header: list[str]) -> dict[str, str]:
    """Our fields matched to the file's headers by name; the first matching column wins."""
    mapping = match_headers(header, _SYNONYM_INDEX)
    # "Classe" next to a "Sezione" column holds only the year.
    if "classe" in mapping and "sezione" in mapping and "anno_corso" not in mapping:
        mapping["anno_corso"] = mapping.pop("classe")
    return mapping


def preset_mapping(preset: str, header: list[str]) -> dict[str, str]:
    """The preset's columns that the file has (headers compared normalized)."""
    if preset not in PRESETS:
        raise MappingError([f"Formato «{preset}» sconosciuto: scegli tra {', '.join(PRESETS)}."])
    by_norm = {normalize_header(h): h for h in header}
    return {
        key: by_norm[normalize_header(column)]
        for key, column in PRESETS[preset].columns.items()
        if normalize_header(column) in by_norm
    }


def parse_map_options(options: list[str], keys: Sequence[str] = FIELD_KEYS) -> dict[str, str]:
    """`campo=Intestazione` pairs from the command line, for the fields named in `keys`."""
    mapping: dict[str, str] = {}
    problems = []
    for option in options:
        key, sep, column = option.partition("=")
        key = key.strip()
        if not sep or not column.strip():
            problems.append(f"«{option}»: scrivi campo=Intestazione")
        elif key not in keys:
            problems.append(f"«{key}» non è un campo: usa {', '.join(keys)}")
        else:
            mapping[key] = column.strip()
    if problems:
        raise MappingError(problems)
    return mapping


def resolve_mapping(
    header: list[str], *, preset: str = "", explicit: dict[str, str] | None = None
) -> dict[str, int]:
    """Column index of each mapped field: explicit choices over the preset over automatic
    matching. Refuses unknown headers, a column used for two fields, and missing required fields."""
    mapping = auto_mapping(header)
    if preset:
        preset_columns = preset_mapping(preset, header)
        if "anno_corso" in preset_columns:
            mapping.pop("classe", None)
        mapping.update(preset_columns)
    indexes, problems = column_indexes(
        header, mapping, explicit, labels=FIELD_LABELS, required=REQUIRED
    )
    if "classe" not in indexes and "anno_corso" not in indexes:
        problems.append("Manca la colonna della classe (o dell'anno di corso).")
    if problems:
        raise MappingError(problems)
    return indexes
