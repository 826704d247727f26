"""Reading and checking a whole ESCO download into memory, before anything is written.

Everything that can be wrong with the files is found here, so a malformed download stops the
import with the file, the line and the reason while the database is still untouched.

Two inconsistencies of the official v1.1.1 files are tolerated and reported as warnings rather
than errors (see docs/decisions/0003-skills-taxonomy.md): relation rows whose occupation is not
in the occupations file (67 rows in v1.1.1), and broader rows that name a skill group missing from
the skill groups file (7 group-to-group rows in v1.1.1). An unknown skill, an unknown relation
type, a wrong header or a wrong number of fields is an error.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptp.skills.esco_import.csvfile import CsvFile, Progress
from ptp.skills.esco_import.errors import EscoFormatError
from ptp.skills.esco_import.layout import CONCEPT_STEMS, ESCO_NAMESPACE, Layout
from ptp.skills.models import ReuseLevel, SkillType

CONCEPT_TYPES = {
    "isco": "ISCOGroup",
    "skill_groups": "SkillGroup",
    "skills": "KnowledgeSkillCompetence",
    "occupations": "Occupation",
}
REQUIRED_COLUMNS = {
    "isco": ("conceptType", "conceptUri", "code", "preferredLabel"),
    "skill_groups": ("conceptType", "conceptUri", "preferredLabel"),
    "skills": ("conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel"),
    "occupations": ("conceptType", "conceptUri", "iscoGroup", "preferredLabel"),
    "relations": ("occupationUri", "relationType", "skillUri"),
    "skill_broader": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "occupation_broader": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
}
SKILL_TYPES = frozenset(SkillType.values)
REUSE_LEVELS = frozenset(ReuseLevel.values)
RELATION_TYPES = ("essential", "optional")
SKILL_PILLAR_TYPES = ("KnowledgeSkillCompetence", "SkillGroup")
OCCUPATION_PILLAR_TYPES = ("Occupation", "ISCOGroup")
# Lengths of the database columns the values go to.
MAX_LENGTHS = {"uri": 255, "label": 500, "code": 30, "isco_code": 10, "status": 20}
_ISCO_CODE = re.compile(r"^\d{1,4}$")
_NEWLINES = re.compile(r"\r?\n")


@dataclass(slots=True)
class Concept:
    """A concept as the files describe it: model field values, and where it was first seen."""

    uri: str
    file: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    isco_code: str = ""


@dataclass
class Release:
    """A checked download: concepts by URI and the links between them, by URI."""

    languages: tuple[str, ...]
    ignored_languages: tuple[str, ...]
    isco: dict[str, Concept] = field(default_factory=dict)
    skills: dict[str, Concept] = field(default_factory=dict)
    occupations: dict[str, Concept] = field(default_factory=dict)
    relations: dict[tuple[str, str], str] = field(default_factory=dict)
    skill_broader: set[tuple[str, str]] = field(default_factory=set)
    occupation_broader: dict[str, str] = field(default_factory=dict)
    isco_parent: dict[str, str] = field(default_factory=dict)
    # Occupation URI -> ISCO group URI; when the download has no ISCO file, -> ISCO code instead.
    occupation_isco: dict[str, str] = field(default_factory=dict)
    has_isco_file: bool = False
    # The optional relation files the download has ("skill_broader", "occupation_broader"): links
    # of a kind whose file is absent are left as they are.
    relation_kinds: set[str] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _optional(table: CsvFile, fields: list[str], name: str) -> str:
    """The value of an optional column, empty when the file does not have it."""
    index = table.columns.get(name)
    return "" if index is None else fields[index]


def _multi(value: str) -> str:
    """A newline-separated multi-value field, trimmed, one value per line."""
    return "\n".join(v.strip() for v in _NEWLINES.split(value) if v.strip())


class _Reader:
    def __init__(self, layout: Layout, *, official: bool, progress: Progress | None) -> None:
        self.layout = layout
        self.official = official
        self.progress = progress
        self.release = Release(
            languages=layout.languages, ignored_languages=layout.ignored_languages
        )
        self.isco_by_code: dict[str, str] = {}

    def open(self, kind: str, path: Path) -> CsvFile:
        return CsvFile(path, required=REQUIRED_COLUMNS[kind], progress=self.progress)

    def checked_text(self, table: CsvFile, line: int, value: str, what: str, limit: str) -> str:
        value = value.strip()
        if len(value) > MAX_LENGTHS[limit]:
            raise table.error(
                line, f"{what} troppo lungo ({len(value)} caratteri, massimo {MAX_LENGTHS[limit]})"
            )
        return value

    def checked_uri(self, table: CsvFile, line: int, value: str, column: str) -> str:
        uri = self.checked_text(table, line, value, f"«{column}»", "uri")
        if not uri:
            raise table.error(line, f"«{column}» è vuoto")
        return uri

    # --- concept files ---------------------------------------------------------------------

    def read_concepts(self, kind: str, lang: str, path: Path) -> None:
        table = self.open(kind, path)
        col = table.columns
        target = {"isco": self.release.isco, "occupations": self.release.occupations}.get(
            kind, self.release.skills
        )
        seen: dict[str, int] = {}
        count = 0
        for line, fields in table.records():
            count += 1
            if fields[col["conceptType"]].strip() != CONCEPT_TYPES[kind]:
                raise table.error(
                    line,
                    f"tipo di concetto «{fields[col['conceptType']]}» inatteso in questo file "
                    f"(atteso «{CONCEPT_TYPES[kind]}»)",
                )
            uri = self.checked_uri(table, line, fields[col["conceptUri"]], "conceptUri")
            if self.official and not uri.startswith(ESCO_NAMESPACE):
                raise table.error(
                    line,
                    f"l'URI {uri} non è nello spazio ESCO ufficiale ({ESCO_NAMESPACE}): "
                    "per un insieme non ufficiale usare --not-official",
                )
            if uri in seen:
                raise table.error(line, f"URI ripetuto {uri} (già alla riga {seen[uri]})")
            seen[uri] = line
            concept = target.get(uri)
            if concept is None:
                concept = target[uri] = Concept(uri=uri, file=table.name, line=line)
            elif kind in ("skills", "skill_groups") and concept.values["is_group"] != (
                kind == "skill_groups"
            ):
                raise table.error(
                    line, f"{uri} è già presente in {concept.file}, riga {concept.line}"
                )
            values = concept.values
            values[f"label_{lang}"] = self.checked_text(
                table, line, fields[col["preferredLabel"]], "«preferredLabel»", "label"
            )
            values[f"alt_labels_{lang}"] = _multi(_optional(table, fields, "altLabels"))
            values[f"description_{lang}"] = _optional(table, fields, "description").strip()
            values["status"] = self.checked_text(
                table, line, _optional(table, fields, "status"), "«status»", "status"
            )
            getattr(self, f"_{kind}_fields")(table, line, fields, concept)
        self.release.rows[table.name] = count

    def _isco_fields(self, table: CsvFile, line: int, fields: list[str], concept: Concept) -> None:
        code = fields[table.columns["code"]].strip()
        if not _ISCO_CODE.match(code):
            raise table.error(line, f"codice ISCO «{code}» non valido (da 1 a 4 cifre)")
        if self.isco_by_code.setdefault(code, concept.uri) != concept.uri:
            raise table.error(line, f"codice ISCO {code} ripetuto con un altro URI")
        concept.values["code"] = code

    def _skill_groups_fields(
        self, table: CsvFile, line: int, fields: list[str], concept: Concept
    ) -> None:
        code = _optional(table, fields, "code")
        concept.values.update(
            is_group=True,
            code=self.checked_text(table, line, code, "«code»", "code"),
            skill_type="",
            reuse_level="",
        )

    def _skills_fields(
        self, table: CsvFile, line: int, fields: list[str], concept: Concept
    ) -> None:
        skill_type = fields[table.columns["skillType"]].strip()
        reuse = fields[table.columns["reuseLevel"]].strip()
        if skill_type not in SKILL_TYPES:
            raise table.error(line, f"skillType «{skill_type}» sconosciuto")
        if reuse not in REUSE_LEVELS:
            raise table.error(line, f"reuseLevel «{reuse}» sconosciuto")
        code = _optional(table, fields, "code")
        concept.values.update(
            is_group=False,
            code=self.checked_text(table, line, code, "«code»", "code"),
            skill_type=skill_type,
            reuse_level=reuse,
        )

    def _occupations_fields(
        self, table: CsvFile, line: int, fields: list[str], concept: Concept
    ) -> None:
        isco = fields[table.columns["iscoGroup"]].strip()
        if isco and not _ISCO_CODE.match(isco):
            raise table.error(line, f"iscoGroup «{isco}» non è un codice ISCO (da 1 a 4 cifre)")
        if isco and self.release.has_isco_file and isco not in self.isco_by_code:
            raise table.error(line, f"il gruppo ISCO {isco} non è nel file dei gruppi ISCO")
        concept.isco_code = isco
        code = _optional(table, fields, "code")
        concept.values["code"] = self.checked_text(table, line, code, "«code»", "code")

    # --- relation files --------------------------------------------------------------------

    def read_relations(self, path: Path) -> None:
        table = self.open("relations", path)
        col = table.columns
        relations = self.release.relations
        skills = self.release.skills
        first_line: dict[tuple[str, str], int] = {}
        missing: Counter[str] = Counter()
        count = 0
        for line, fields in table.records():
            count += 1
            occupation = self.checked_uri(
                table, line, fields[col["occupationUri"]], "occupationUri"
            )
            skill = self.checked_uri(table, line, fields[col["skillUri"]], "skillUri")
            relation = fields[col["relationType"]].strip()
            if relation not in RELATION_TYPES:
                raise table.error(
                    line, f"relationType «{relation}» sconosciuto (ammessi: essential, optional)"
                )
            concept = skills.get(skill)
            if concept is None or concept.values["is_group"]:
                raise table.error(
                    line, f"competenza sconosciuta {skill}: non è nel file delle competenze"
                )
            if occupation not in self.release.occupations:
                missing[occupation] += 1
                continue
            key = (occupation, skill)
            previous = relations.get(key)
            if previous is not None and previous != relation:
                raise table.error(
                    line, f"relazione già indicata come «{previous}» alla riga {first_line[key]}"
                )
            relations[key] = relation
            first_line.setdefault(key, line)
        self.release.rows[table.name] = count
        if missing:
            example = next(iter(missing))
            self.release.warnings.append(
                f"{table.name}: relazioni saltate perché la professione non è nel file delle "
                f"professioni: {missing.total()} (professioni mancanti: {len(missing)}, "
                f"per esempio {example})"
            )

    def read_skill_broader(self, path: Path) -> None:
        table = self.open("skill_broader", path)
        col = table.columns
        skills = self.release.skills
        skipped: Counter[str] = Counter()
        skipped_rows = 0
        count = 0
        for line, fields in table.records():
            count += 1
            pair = []
            for type_column, uri_column in (
                ("conceptType", "conceptUri"),
                ("broaderType", "broaderUri"),
            ):
                declared = fields[col[type_column]].strip()
                if declared not in SKILL_PILLAR_TYPES:
                    raise table.error(line, f"{type_column} «{declared}» sconosciuto")
                uri = self.checked_uri(table, line, fields[col[uri_column]], uri_column)
                concept = skills.get(uri)
                if concept is None and declared == "SkillGroup":
                    skipped[uri] += 1
                elif concept is None:
                    raise table.error(
                        line, f"competenza sconosciuta {uri}: non è nel file delle competenze"
                    )
                elif concept.values["is_group"] != (declared == "SkillGroup"):
                    raise table.error(
                        line,
                        f"{uri} è dichiarato «{declared}», ma nei file è "
                        + (
                            "un gruppo di competenze"
                            if concept.values["is_group"]
                            else "una competenza"
                        ),
                    )
                pair.append(uri)
            if pair[0] == pair[1]:
                raise table.error(line, "un concetto non può essere più ampio di sé stesso")
            if all(uri in skills for uri in pair):
                self.release.skill_broader.add((pair[0], pair[1]))
            else:
                skipped_rows += 1
        self.release.rows[table.name] = count
        if skipped:
            self.release.warnings.append(
                f"{table.name}: collegamenti saltati perché citano un gruppo di competenze "
                f"assente dal file dei gruppi: {skipped_rows} (gruppi mancanti: {len(skipped)}, "
                f"per esempio {next(iter(skipped))})"
            )

    def read_occupation_broader(self, path: Path) -> None:
        table = self.open("occupation_broader", path)
        col = table.columns
        occupations = self.release.occupations
        broader = self.release.occupation_broader
        first_line: dict[str, int] = {}
        skipped = 0
        count = 0
        for line, fields in table.records():
            count += 1
            types = (fields[col["conceptType"]].strip(), fields[col["broaderType"]].strip())
            for declared in types:
                if declared not in OCCUPATION_PILLAR_TYPES:
                    raise table.error(line, f"tipo di concetto «{declared}» sconosciuto")
            uri = self.checked_uri(table, line, fields[col["conceptUri"]], "conceptUri")
            parent = self.checked_uri(table, line, fields[col["broaderUri"]], "broaderUri")
            if uri == parent:
                raise table.error(line, "un concetto non può essere più ampio di sé stesso")
            # ISCO groups nest by their codes and an occupation's group is in its iscoGroup
            # column: only occupation-to-occupation rows add something.
            if types != ("Occupation", "Occupation"):
                continue
            if uri not in occupations or parent not in occupations:
                skipped += 1
                continue
            if broader.setdefault(uri, parent) != parent:
                raise table.error(
                    line, f"la professione ha già un concetto più ampio alla riga {first_line[uri]}"
                )
            first_line.setdefault(uri, line)
        self.release.rows[table.name] = count
        if skipped:
            self.release.warnings.append(
                f"{table.name}: collegamenti saltati perché la professione non è nel file delle "
                f"professioni: {skipped}"
            )

    # --- the whole download ----------------------------------------------------------------

    def read(self) -> Release:
        layout, release = self.layout, self.release
        release.has_isco_file = bool(layout.concepts["isco"])
        for kind in CONCEPT_STEMS:
            for lang, path in layout.concepts[kind].items():
                if self.progress:
                    self.progress(f"Lettura di {path.name}")
                self.read_concepts(kind, lang, path)
        for concepts in (release.isco, release.skills, release.occupations):
            for concept in concepts.values():
                if not any(concept.values.get(f"label_{lang}") for lang in release.languages):
                    raise EscoFormatError(
                        concept.file, concept.line, "manca l'etichetta preferita (preferredLabel)"
                    )
        for uri, concept in release.isco.items():
            parent = self.isco_by_code.get(concept.values["code"][:-1])
            if parent:
                release.isco_parent[uri] = parent
        for uri, concept in release.occupations.items():
            if concept.isco_code:
                release.occupation_isco[uri] = self.isco_by_code.get(
                    concept.isco_code, concept.isco_code
                )
        readers = {
            "relations": self.read_relations,
            "skill_broader": self.read_skill_broader,
            "occupation_broader": self.read_occupation_broader,
        }
        for kind, path in layout.relations.items():
            if self.progress:
                self.progress(f"Lettura di {path.name}")
            readers[kind](path)
            release.relation_kinds.add(kind)
        return release


def read_release(layout: Layout, *, official: bool, progress: Progress | None = None) -> Release:
    """Reads and checks every file of the download; raises EscoFormatError at the first fault."""
    return _Reader(layout, official=official, progress=progress).read()
