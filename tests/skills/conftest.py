"""Fixtures of the taxonomy tests: the shipped demo taxonomy, the real ESCO subset, broken copies."""

import os
import shutil
from pathlib import Path

import pytest

from ptp.skills.models import (
    IscoGroup,
    Occupation,
    OccupationSkill,
    Skill,
    SkillHierarchy,
    TaxonomyImport,
)
from ptp.skills.services import DEMO_TAXONOMY_DIR, load_demo_taxonomy

# The official ESCO v1.1.1 subset kept in the team's shared data (never copied into the repo).
ESCO_SUBSET = Path(os.environ.get("PTP_ESCO_SUBSET", "/work/shared/data/esco_v1.1.1_en/subset"))


@pytest.fixture
def esco_subset() -> Path:
    if not (ESCO_SUBSET / "skills_en.csv").is_file():
        pytest.skip(
            f"official ESCO subset not found at {ESCO_SUBSET} (shared data, not in the repository; "
            "set PTP_ESCO_SUBSET to its directory)"
        )
    return ESCO_SUBSET


@pytest.fixture
def demo_taxonomy(db):
    """The demo taxonomy shipped with the project, loaded."""
    return load_demo_taxonomy()


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the demo taxonomy's CSV files, in a folder named after a release."""
    target = tmp_path / "esco_v9.9.9_demo"
    target.mkdir()
    for csv_file in DEMO_TAXONOMY_DIR.glob("*.csv"):
        shutil.copy(csv_file, target / csv_file.name)
    return target


def table_counts() -> dict[str, int]:
    """How many rows each taxonomy table holds."""
    return {
        model.__name__: model.objects.count()
        for model in (IscoGroup, Skill, Occupation, OccupationSkill, SkillHierarchy, TaxonomyImport)
    }


def line_of(path: Path, marker: str) -> int:
    """The physical line (1-based) where ``marker`` first appears in a file."""
    text = path.read_bytes().decode("utf-8")
    return text[: text.index(marker)].count("\n") + 1


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replaces text in a file byte for byte (CRLF line ends stay as they are)."""
    text = path.read_bytes().decode("utf-8")
    assert old in text, old
    path.write_bytes(text.replace(old, new, count).encode("utf-8"))
