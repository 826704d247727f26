"""Which files of an ESCO CSV download a directory holds, in which languages, and which release.

ESCO publishes one zip per language: concept files are named ``skills_<lang>.csv``,
``occupations_<lang>.csv`` and so on. Relation files are language-independent; v1.1.x names them
without a suffix (``occupationSkillRelations.csv``), v1.2.x with one
(``occupationSkillRelations_<lang>.csv``). Both namings are accepted.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from ptp.skills.esco_import.errors import EscoFormatError

# Languages with label columns in the database; files in other languages are noted and skipped.
LABEL_LANGUAGES = ("it", "en")
ESCO_NAMESPACE = "http://data.europa.eu/esco/"

# kind -> ESCO file stem, for the per-language concept files.
CONCEPT_STEMS = {
    "isco": "ISCOGroups",
    "skill_groups": "skillGroups",
    "skills": "skills",
    "occupations": "occupations",
}
RELATION_STEMS = {
    "relations": "occupationSkillRelations",
    "skill_broader": "broaderRelationsSkillPillar",
    "occupation_broader": "broaderRelationsOccPillar",
}
REQUIRED_CONCEPTS = ("skills", "occupations")
REQUIRED_RELATIONS = ("relations",)

_LANGUAGE_FILE = re.compile(r"^(?P<stem>[A-Za-z]+)_(?P<lang>[a-z]{2,3}(?:-[a-z]+)?)\.csv$")
_VERSION = re.compile(r"v(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """The files to read: concept files per kind and language, one file per relation kind."""

    directory: Path
    concepts: dict[str, dict[str, Path]]
    relations: dict[str, Path]
    languages: tuple[str, ...]
    ignored_languages: tuple[str, ...] = field(default=())


def find_layout(directory: Path) -> Layout:
    """The ESCO files in a directory; refuses a directory without the required files."""
    if not directory.is_dir():
        raise EscoFormatError(str(directory), None, "la cartella non esiste")
    names = {p.name: p for p in directory.iterdir() if p.is_file()}
    stems = {stem: kind for kind, stem in CONCEPT_STEMS.items()}
    concepts: dict[str, dict[str, Path]] = {kind: {} for kind in CONCEPT_STEMS}
    ignored: set[str] = set()
    for name, path in sorted(names.items()):
        match = _LANGUAGE_FILE.match(name)
        if not match or match["stem"] not in stems:
            continue
        if match["lang"] in LABEL_LANGUAGES:
            concepts[stems[match["stem"]]][match["lang"]] = path
        else:
            ignored.add(match["lang"])
    for kind in REQUIRED_CONCEPTS:
        if not concepts[kind]:
            wanted = " o ".join(f"{CONCEPT_STEMS[kind]}_{lang}.csv" for lang in LABEL_LANGUAGES)
            raise EscoFormatError(directory.name, None, f"manca il file {wanted}")
    relations: dict[str, Path] = {}
    for kind, stem in RELATION_STEMS.items():
        candidates = [f"{stem}.csv", *(f"{stem}_{lang}.csv" for lang in LABEL_LANGUAGES)]
        candidates += sorted(n for n in names if n.startswith(f"{stem}_") and n.endswith(".csv"))
        found = next((names[c] for c in candidates if c in names), None)
        if found is not None:
            relations[kind] = found
        elif kind in REQUIRED_RELATIONS:
            raise EscoFormatError(
                directory.name, None, f"manca il file {stem}.csv (o {stem}_<lingua>.csv)"
            )
    languages = tuple(
        lang for lang in LABEL_LANGUAGES if any(lang in files for files in concepts.values())
    )
    return Layout(
        directory=directory,
        concepts=concepts,
        relations=relations,
        languages=languages,
        ignored_languages=tuple(sorted(ignored)),
    )


def infer_version(directory: Path) -> str | None:
    """The release named in the directory or its parent ("esco_v1.1.1_en" gives "v1.1.1")."""
    for name in (directory.resolve().name, directory.resolve().parent.name):
        match = _VERSION.search(name)
        if match:
            return f"v{match[1]}"
    return None
