"""import_esco on the official v1.1.1 subset and on copies of the demo set: counts, idempotence,
merging languages, versions, warnings, the command's output."""

import io
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.core.errors import InvalidInputError
from ptp.skills.esco_import import EscoFormatError, import_esco
from ptp.skills.esco_import.layout import infer_version
from ptp.skills.models import (
    IscoGroup,
    Occupation,
    OccupationSkill,
    Skill,
    SkillHierarchy,
    TaxonomyImport,
)
from tests.skills.conftest import replace_in, table_counts

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
DEMO = "https://rete-ptp.invalid/esco-demo/"
MISSING_GROUP = "http://data.europa.eu/esco/skill/0526c9cb-c8a4-498e-8498-d0e2d14ac626"


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if WRITE.match(q["sql"])]


def test_official_subset_loads_the_counts_of_its_source(esco_subset):
    # Expected figures from SOURCE.md beside the subset.
    result = import_esco(esco_subset, version="v1.1.1")

    skills = Skill.objects.filter(is_group=False)
    assert skills.count() == 2217
    assert Skill.objects.filter(is_group=True).count() == 640
    assert skills.filter(skill_type="skill/competence").count() == 1747
    assert skills.filter(skill_type="knowledge").count() == 467
    assert skills.filter(skill_type="").count() == 3
    assert Occupation.objects.count() == 140
    assert IscoGroup.objects.count() == 619
    assert OccupationSkill.objects.count() == 5392
    assert OccupationSkill.objects.filter(relation="essential").count() == 2602
    assert OccupationSkill.objects.filter(relation="optional").count() == 2790
    # 3,944 broader rows, of which 7 name skill groups missing from skillGroups_en.csv.
    assert SkillHierarchy.objects.count() == 3944 - 7
    assert any(
        MISSING_GROUP in w and "gruppo di competenze assente dal file dei gruppi: 7 (" in w
        for w in result.warnings
    )
    assert result.rows["skills_en.csv"] == 2217
    assert result.rows["broaderRelationsSkillPillar.csv"] == 3944

    record = TaxonomyImport.objects.get()
    assert (record.version, record.languages, record.is_official) == ("v1.1.1", "en", True)
    assert record.counts["relations"]["created"] == 5392
    assert record.finished_at >= record.started_at

    head_chef = Occupation.objects.get(
        uri="http://data.europa.eu/esco/occupation/01484951-15e6-4b88-a20f-1201868d36a0"
    )
    assert head_chef.label_en == "head chef"
    assert head_chef.label == "head chef"
    assert head_chef.isco_group.code == "3434"
    assert head_chef.isco_group.parent.code == "343"
    assert head_chef.labels_official
    # Multi-value fields keep one alternative label per line; search covers them, folded.
    assert "chef de cuisine" in head_chef.alt_labels_en.splitlines()
    assert {"chef", "de", "cuisine", "executive"} <= set(head_chef.search_text.split())
    assert head_chef.search_text.split().count("chef") == 1  # each word once
    assert head_chef.search_label_en == " head chef "
    assert head_chef.code


def test_reimporting_the_same_release_writes_nothing(esco_subset):
    import_esco(esco_subset, version="v1.1.1")
    before = table_counts()

    with CaptureQueriesContext(connection) as queries:
        result = import_esco(esco_subset, version="v1.1.1")

    assert _writes(queries.captured_queries) == []
    assert not result.changed
    assert result.import_id is None
    assert result.summary()[-1] == "Nessuna modifica."
    assert result.tallies["relations"].unchanged == 5392
    assert table_counts() == before


def test_demo_reimport_writes_nothing(demo_copy):
    import_esco(demo_copy, official=False)
    with CaptureQueriesContext(connection) as queries:
        result = import_esco(demo_copy, official=False)
    assert _writes(queries.captured_queries) == []
    assert not result.changed


def test_changes_are_applied_as_differences(demo_copy):
    import_esco(demo_copy, official=False)
    cook = Occupation.objects.get(uri__endswith="/occupation/cuoco")
    relations = demo_copy / "occupationSkillRelations_it.csv"
    # One relation disappears, one changes type; one label changes.
    replace_in(
        relations, f"{DEMO}occupation/cuoco,optional,skill/competence,{DEMO}skill/dolci\r\n", ""
    )
    replace_in(
        relations,
        "occupation/cuoco,optional,skill/competence,https://rete-ptp.invalid/esco-demo/skill/piatti-pesce",
        "occupation/cuoco,essential,skill/competence,https://rete-ptp.invalid/esco-demo/skill/piatti-pesce",
    )
    replace_in(
        demo_copy / "skills_it.csv", "preparare la pasta fresca", "preparare la pasta fatta in casa"
    )

    result = import_esco(demo_copy, official=False)

    assert result.warnings == ()
    assert result.tallies["relations"].deleted == 1
    assert result.tallies["relations"].updated == 1
    assert result.tallies["skills"].updated == 1
    assert result.tallies["skills"].created == 0
    assert not cook.skill_links.filter(skill__uri__endswith="/skill/dolci").exists()
    assert cook.skill_links.get(skill__uri__endswith="/skill/piatti-pesce").relation == "essential"
    pasta = Skill.objects.get(uri__endswith="/skill/pasta-fresca")
    assert pasta.label_it == "preparare la pasta fatta in casa"
    assert " fatta in casa " in pasta.search_text
    assert TaxonomyImport.objects.count() == 2


def test_a_release_in_one_language_completes_the_other(demo_copy, tmp_path):
    english = tmp_path / "only_en"
    english.mkdir()
    for path in demo_copy.glob("*.csv"):
        if not path.name.endswith("_it.csv") or "Relations" in path.name:
            shutil.copy(path, english / path.name)
    import_esco(english, version="demo", official=False)
    waiter = Occupation.objects.get(uri__endswith="/occupation/cameriere")
    assert (waiter.label_it, waiter.label_en) == ("", "waiter")
    assert waiter.label == "waiter"
    assert waiter.label_lang == "en"

    import_esco(demo_copy, official=False)

    waiter.refresh_from_db()
    assert (waiter.label_it, waiter.label_en) == ("cameriere di sala", "waiter")
    assert " cameriere " in waiter.search_text
    assert " waiter " in waiter.search_text


def test_relation_files_without_language_suffix_are_read(demo_copy):
    for name in (
        "occupationSkillRelations",
        "broaderRelationsSkillPillar",
        "broaderRelationsOccPillar",
    ):
        (demo_copy / f"{name}_it.csv").rename(demo_copy / f"{name}.csv")
    result = import_esco(demo_copy, official=False)
    assert result.tallies["relations"].created == 165
    night = Occupation.objects.get(uri__endswith="/occupation/receptionist-notturno")
    assert night.broader.uri.endswith("/occupation/receptionist")


def test_files_in_other_languages_are_ignored_with_a_note(demo_copy):
    shutil.copy(demo_copy / "skills_en.csv", demo_copy / "skills_de.csv")
    result = import_esco(demo_copy, official=False)
    assert result.languages == ("it", "en")
    assert result.ignored_languages == ("de",)
    assert any("ignorati (de)" in line for line in result.summary())


def test_relations_to_an_occupation_missing_from_the_release_are_skipped_with_a_warning(demo_copy):
    with (demo_copy / "occupationSkillRelations_it.csv").open("ab") as handle:
        handle.write(
            b"https://rete-ptp.invalid/esco-demo/occupation/assente,essential,knowledge,"
            b"https://rete-ptp.invalid/esco-demo/skill/haccp\r\n"
        )
    result = import_esco(demo_copy, official=False)
    assert OccupationSkill.objects.count() == 165
    assert any("non è nel file delle professioni: 1 (" in w for w in result.warnings)


def test_version_comes_from_the_directory_name(demo_copy, tmp_path):
    assert infer_version(demo_copy) == "v9.9.9"
    assert infer_version(tmp_path / "ESCO dataset - v1.2.0 - classification - it - csv") == "v1.2.0"
    result = import_esco(demo_copy, official=False)
    assert result.version == "v9.9.9"
    assert TaxonomyImport.objects.get().version == "v9.9.9"


def test_without_a_version_the_import_asks_for_it(demo_copy, tmp_path):
    plain = tmp_path / "dati" / "tassonomia"
    shutil.copytree(demo_copy, plain)
    with pytest.raises(InvalidInputError, match="--esco-version"):
        import_esco(plain, official=False)
    assert Skill.objects.count() == 0


def test_an_official_import_refuses_uris_outside_esco(demo_copy):
    with pytest.raises(EscoFormatError) as error:
        import_esco(demo_copy)
    assert error.value.file == "ISCOGroups_en.csv"
    assert error.value.line == 2
    assert "--not-official" in error.value.message
    assert table_counts()["IscoGroup"] == 0


def test_a_missing_required_file_is_named(demo_copy):
    (demo_copy / "occupationSkillRelations_it.csv").unlink()
    with pytest.raises(EscoFormatError, match=re.escape("occupationSkillRelations.csv")):
        import_esco(demo_copy, official=False)


def test_the_command_reports_progress_and_the_outcome(demo_copy):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_esco", str(demo_copy), "--not-official", stdout=out, stderr=err)
    assert "Lettura di skills_it.csv" in err.getvalue()
    assert "skills_it.csv: 95 righe di dati lette" in err.getvalue()
    assert "ESCO v9.9.9" in out.getvalue()
    assert "NON ufficiale" in out.getvalue()
    assert "Importazione completata." in out.getvalue()

    out = io.StringIO()
    call_command("import_esco", str(demo_copy), "--not-official", stdout=out, stderr=io.StringIO())
    assert "Nessuna modifica." in out.getvalue()


def test_the_command_fails_with_file_line_and_reason(demo_copy):
    replace_in(demo_copy / "occupationSkillRelations_it.csv", ",essential,", ",indispensabile,")
    with pytest.raises(CommandError) as error:
        call_command("import_esco", str(demo_copy), "--not-official", stderr=io.StringIO())
    message = str(error.value)
    assert message.startswith(
        "occupationSkillRelations_it.csv, riga 2: relationType «indispensabile»"
    )
    assert "Il database non è stato modificato." in message
    assert error.value.returncode == 1
