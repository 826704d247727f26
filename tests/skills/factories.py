"""Taxonomy rows built directly (the importer is tested on its own): invented labels only."""

import itertools

from ptp.skills.models import IscoGroup, Occupation, OccupationSkill, Skill
from ptp.skills.search_index import search_columns

_serial = itertools.count(1)


def _concept_values(label_it: str, label_en: str, alt_it: str, alt_en: str, official: bool) -> dict:
    return {
        "uri": f"http://data.europa.eu/esco/test/{next(_serial)}"
        if official
        else f"https://rete-ptp.invalid/test/{next(_serial)}",
        "label_it": label_it,
        "label_en": label_en,
        "alt_labels_it": alt_it,
        "alt_labels_en": alt_en,
        "labels_official": official,
        **search_columns(
            label_it=label_it, label_en=label_en, alt_labels_it=alt_it, alt_labels_en=alt_en
        ),
    }


def make_skill(
    label_it: str = "",
    label_en: str = "",
    *,
    alt_it: str = "",
    alt_en: str = "",
    official: bool = False,
    **fields,
) -> Skill:
    return Skill.objects.create(
        **_concept_values(label_it, label_en, alt_it, alt_en, official), **fields
    )


def make_occupation(
    label_it: str = "", label_en: str = "", *, official: bool = False, **fields
) -> Occupation:
    return Occupation.objects.create(
        **_concept_values(label_it, label_en, "", "", official), **fields
    )


def make_isco(code: str, label_it: str, *, official: bool = False) -> IscoGroup:
    return IscoGroup.objects.create(code=code, **_concept_values(label_it, "", "", "", official))


def link(occupation: Occupation, skill: Skill, relation: str = "essential") -> OccupationSkill:
    return OccupationSkill.objects.create(occupation=occupation, skill=skill, relation=relation)
