"""A malformed download stops the import with file, line and reason, and changes nothing."""

import pytest

from ptp.skills.esco_import import EscoFormatError, import_esco
from tests.skills.conftest import line_of, replace_in, table_counts

pytestmark = pytest.mark.django_db

DEMO = "https://rete-ptp.invalid/esco-demo/"


def _bad_header(d):
    replace_in(d / "skills_it.csv", "conceptType,conceptUri,", "conceptType,conceptURI,")
    return "skills_it.csv", 1, "manca la colonna «conceptUri»"


def _extra_field(d):
    marker = f"Occupation,{DEMO}occupation/barista,"
    replace_in(d / "occupations_it.csv", marker, marker + "campo in più,")
    return "occupations_it.csv", line_of(d / "occupations_it.csv", marker), "la riga ha 15 campi"


def _missing_field(d):
    marker = f"{DEMO}occupation/barista,essential,skill/competence,"
    replace_in(
        d / "occupationSkillRelations_it.csv", marker, f"{DEMO}occupation/barista,essential,"
    )
    path = d / "occupationSkillRelations_it.csv"
    return path.name, line_of(path, f"{DEMO}occupation/barista,essential,"), "la riga ha 3 campi"


def _unknown_skill(d):
    path = d / "occupationSkillRelations_it.csv"
    marker = f"{DEMO}skill/cocktail"
    replace_in(path, marker, f"{DEMO}skill/cocktail-inventato")
    return path.name, line_of(path, "skill/cocktail-inventato"), "competenza sconosciuta"


def _bad_relation_type(d):
    path = d / "occupationSkillRelations_it.csv"
    marker = f"{DEMO}occupation/cuoco,optional,"
    replace_in(path, marker, f"{DEMO}occupation/cuoco,facoltativa,")
    return path.name, line_of(path, "cuoco,facoltativa"), "relationType «facoltativa» sconosciuto"


def _empty_uri(d):
    path = d / "skills_en.csv"
    replace_in(path, f"KnowledgeSkillCompetence,{DEMO}skill/caffe,", "KnowledgeSkillCompetence,,")
    return path.name, line_of(path, "KnowledgeSkillCompetence,,"), "«conceptUri» è vuoto"


def _duplicate_uri(d):
    path = d / "skills_it.csv"
    line = line_of(path, f"{DEMO}skill/cocktail,")  # after the row of skill/caffe
    replace_in(path, f"{DEMO}skill/cocktail,", f"{DEMO}skill/caffe,")
    return path.name, line, "URI ripetuto"


def _unknown_skill_type(d):
    path = d / "skills_en.csv"
    marker = f"{DEMO}skill/archeologia,knowledge,"
    replace_in(path, marker, f"{DEMO}skill/archeologia,sapere,")
    return path.name, line_of(path, "skill/archeologia,sapere"), "skillType «sapere» sconosciuto"


def _unknown_isco_group(d):
    path = d / "occupations_en.csv"
    marker = f"{DEMO}occupation/barista,5132,"
    replace_in(path, marker, f"{DEMO}occupation/barista,5139,")
    return path.name, line_of(path, "barista,5139"), "gruppo ISCO 5139"


def _not_utf8(d):
    path = d / "occupations_it.csv"
    data = path.read_bytes().replace(b"cameriere di sala", "cameriere di sal\xe0".encode("latin-1"))
    path.write_bytes(data)
    return path.name, line_of_bytes(data, b"cameriere di sal\xe0"), "UTF-8"


def _unknown_broader_skill(d):
    path = d / "broaderRelationsSkillPillar_it.csv"
    marker = f"KnowledgeSkillCompetence,{DEMO}skill/pasta-fresca,KnowledgeSkillCompetence,{DEMO}skill/piatti-italiani"
    replace_in(path, marker, marker + "-x")
    return path.name, line_of(path, "piatti-italiani-x"), "competenza sconosciuta"


def _unterminated_quote(d):
    path = d / "skills_it.csv"
    text = path.read_bytes().decode("utf-8")
    path.write_bytes((text + 'KnowledgeSkillCompetence,"' + DEMO + "skill/nuova,x\r\n").encode())
    return path.name, text.count("\n") + 1, "riga CSV malformata"


def line_of_bytes(data: bytes, marker: bytes) -> int:
    return data[: data.index(marker)].count(b"\n") + 1


BREAKAGES = [
    _bad_header,
    _extra_field,
    _missing_field,
    _unknown_skill,
    _bad_relation_type,
    _empty_uri,
    _duplicate_uri,
    _unknown_skill_type,
    _unknown_isco_group,
    _not_utf8,
    _unknown_broader_skill,
    _unterminated_quote,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_malformed_file_stops_with_file_line_and_reason_and_changes_nothing(
    breakage, demo_taxonomy, demo_copy
):
    # The database already holds a taxonomy; the broken release must leave it exactly as it was.
    before = table_counts()
    file, line, reason = breakage(demo_copy)

    with pytest.raises(EscoFormatError) as error:
        import_esco(demo_copy, official=False)

    assert (error.value.file, error.value.line) == (file, line)
    assert reason in error.value.reason
    assert error.value.message.startswith(f"{file}, riga {line}: ")
    assert table_counts() == before


def test_a_change_next_to_a_malformed_row_is_not_written(demo_taxonomy, demo_copy):
    replace_in(demo_copy / "skills_it.csv", "lavorare il cioccolato", "lavorare il cacao")
    _bad_relation_type(demo_copy)
    with pytest.raises(EscoFormatError):
        import_esco(demo_copy, official=False)
    from ptp.skills.models import Skill

    assert Skill.objects.get(uri=f"{DEMO}skill/cioccolato").label_it == "lavorare il cioccolato"
