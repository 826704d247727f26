"""The shipped demo taxonomy: invented, unofficial, complete enough for the demo, up to date."""

import importlib.util

import pytest

from ptp.skills.models import (
    IscoGroup,
    Occupation,
    OccupationSkill,
    ReuseLevel,
    Skill,
    SkillType,
    TaxonomyImport,
)
from ptp.skills.services import DEMO_TAXONOMY_DIR, load_demo_taxonomy

pytestmark = pytest.mark.django_db


def test_demo_taxonomy_loads_and_says_it_is_not_official(demo_taxonomy):
    assert demo_taxonomy.changed
    assert not demo_taxonomy.official
    record = TaxonomyImport.objects.get()
    assert (record.version, record.is_official, record.languages) == ("demo-1", False, "it,en")
    for model in (Skill, Occupation, IscoGroup):
        assert not model.objects.filter(labels_official=True).exists()
        assert not model.objects.exclude(uri__startswith="https://rete-ptp.invalid/").exists()
        assert not model.objects.filter(label_it="").exists()
        assert not model.objects.filter(label_en="").exists()


def test_demo_taxonomy_covers_the_tourism_slice(demo_taxonomy):
    skills = Skill.objects.filter(is_group=False)
    assert 60 <= skills.count() <= 120
    assert 10 <= Occupation.objects.count() <= 15
    assert skills.filter(skill_type=SkillType.KNOWLEDGE).count() >= 10
    assert skills.filter(reuse_level=ReuseLevel.TRANSVERSAL).count() >= 5
    assert Skill.objects.filter(is_group=True).exists()
    assert OccupationSkill.objects.filter(relation="essential").exists()
    assert OccupationSkill.objects.filter(relation="optional").exists()
    # Every skill sits somewhere in the hierarchy, and every occupation in an ISCO group.
    assert not skills.filter(broader__isnull=True).exists()
    assert not Occupation.objects.filter(isco_group__isnull=True).exists()
    receptionist = Occupation.objects.get(uri__endswith="/occupation/receptionist")
    assert receptionist.isco_group.code == "4224"
    assert receptionist.isco_group.parent.code == "422"


def test_loading_the_demo_taxonomy_again_changes_nothing(demo_taxonomy):
    assert not load_demo_taxonomy().changed
    assert TaxonomyImport.objects.count() == 1


def test_demo_csv_files_match_their_builder():
    spec = importlib.util.spec_from_file_location("esco_demo_build", DEMO_TAXONOMY_DIR / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    expected = build.files()
    shipped = {p.name for p in DEMO_TAXONOMY_DIR.glob("*.csv")}
    assert shipped == set(expected)
    for name, content in expected.items():
        assert (DEMO_TAXONOMY_DIR / name).read_bytes() == content.encode("utf-8"), name


def test_demo_folder_says_what_it_is():
    readme = (DEMO_TAXONOMY_DIR / "README.md").read_text(encoding="utf-8")
    assert "non ufficiale" in readme
    assert "--not-official" in readme
