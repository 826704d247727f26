"""Writing a checked release: compare with the database in memory, write only the differences.

New rows are bulk-created, changed rows bulk-updated, links that disappeared from the release
deleted. Concepts missing from a release are kept (other data may point to them) and counted.
A release identical to what is stored writes nothing at all, not even a TaxonomyImport row.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ptp.core.public_cache import public_data_changed
from ptp.skills.esco_import.csvfile import Progress
from ptp.skills.esco_import.reading import Release
from ptp.skills.models import (
    IscoGroup,
    Occupation,
    OccupationSkill,
    Skill,
    SkillHierarchy,
    TaxonomyImport,
)
from ptp.skills.search_index import search_columns

LABEL_FIELDS = ("label_it", "label_en", "alt_labels_it", "alt_labels_en")
CONCEPT_FIELDS = (
    *LABEL_FIELDS,
    "description_it",
    "description_en",
    "status",
    "labels_official",
    "search_text",
    "search_label_it",
    "search_label_en",
)
EXTRA_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    IscoGroup: ("code",),
    Skill: ("is_group", "code", "skill_type", "reuse_level"),
    Occupation: ("code", "isco_group_id"),
}
BATCH = 1000
DELETE_BATCH = 500


@dataclass
class Tally:
    """What happened to one kind of row."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    absent: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class Outcome:
    tallies: dict[str, Tally] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return sum(t.changes for t in self.tallies.values())


def _with_search(values: dict[str, Any], current: models.Model | None) -> dict[str, Any]:
    """The values with the search columns, computed over the labels after the import.

    Languages that are not in the release keep their stored labels, so a release in one language
    completes one loaded before in the other instead of erasing it.
    """
    merged = dict(values)
    for name in LABEL_FIELDS:
        if name not in merged:
            merged[name] = getattr(current, name) if current is not None else ""
    for name in ("description_it", "description_en"):
        merged.setdefault(name, getattr(current, name) if current is not None else "")
    merged.update(search_columns(**{name: merged[name] for name in LABEL_FIELDS}))
    return merged


def _sync_concepts(
    model: type[Any], desired: dict[str, dict[str, Any]], *, official: bool
) -> tuple[Tally, dict[str, int], set[int]]:
    """Creates and updates the concepts of one model; returns the tally, URI -> id and the ids
    of the rows it created or updated (already counted)."""
    fields = (*CONCEPT_FIELDS, *EXTRA_FIELDS[model])
    existing = {obj.uri: obj for obj in model.objects.only("id", "uri", *fields)}
    tally = Tally()
    to_create, to_update, changed_fields = [], [], set()
    for uri, raw in desired.items():
        current = existing.get(uri)
        values = _with_search({**raw, "labels_official": official}, current)
        if current is None:
            to_create.append(model(uri=uri, **values))
            continue
        diff = [name for name in fields if getattr(current, name) != values[name]]
        if diff:
            for name in diff:
                setattr(current, name, values[name])
            to_update.append(current)
            changed_fields.update(diff)
        else:
            tally.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH // 2)
    tally.created, tally.updated = len(to_create), len(to_update)
    tally.absent = sum(
        1 for uri, obj in existing.items() if uri not in desired and obj.labels_official == official
    )
    touched = {obj.pk for obj in to_update}
    if not to_create:
        return tally, {uri: obj.pk for uri, obj in existing.items()}, touched
    ids = dict(model.objects.values_list("uri", "id"))
    return tally, ids, touched | {ids[obj.uri] for obj in to_create}


def _sync_parents(
    model: type[Any], column: str, wanted: dict[int, int | None], counted: set[int], tally: Tally
) -> None:
    """Points each concept in ``wanted`` to its broader concept (rows just created included, since
    their parent may have been created with them); counts rows not yet counted as updates."""
    current = dict(model.objects.values_list("id", column))
    changed = [
        model(pk=pk, **{column: parent})
        for pk, parent in wanted.items()
        if current.get(pk) != parent
    ]
    model.objects.bulk_update(changed, [column], batch_size=BATCH // 2)
    tally.updated += sum(1 for obj in changed if obj.pk not in counted)


def _delete(model: type[Any], pks: list[int]) -> None:
    for start in range(0, len(pks), DELETE_BATCH):
        model.objects.filter(pk__in=pks[start : start + DELETE_BATCH]).delete()


def _sync_links(
    model: type[Any],
    existing: Iterable[tuple[int, int, int, str]],
    wanted: dict[tuple[int, int], str],
    owners: set[int],
    make: Any,
) -> Tally:
    """Makes the links of the ``owners`` exactly ``wanted``: (owner, target) -> kind."""
    tally = Tally()
    stale: list[int] = []
    changed: list[Any] = []
    seen: set[tuple[int, int]] = set()
    for pk, owner, target, kind in existing:
        if owner not in owners:
            continue
        key = (owner, target)
        if key not in wanted:
            stale.append(pk)
            continue
        seen.add(key)
        if wanted[key] != kind:
            changed.append((pk, wanted[key]))
        else:
            tally.unchanged += 1
    new = [
        make(owner, target, kind)
        for (owner, target), kind in wanted.items()
        if (owner, target) not in seen
    ]
    model.objects.bulk_create(new, batch_size=BATCH * 5)
    if changed:
        model.objects.bulk_update(
            [model(pk=pk, relation=kind) for pk, kind in changed],
            ["relation"],
            batch_size=BATCH // 2,
        )
    _delete(model, stale)
    tally.created, tally.updated, tally.deleted = len(new), len(changed), len(stale)
    return tally


def _isco_ids_by_code(
    release: Release, isco_ids: dict[str, int], official: bool
) -> dict[str, int | None]:
    """Occupation URI -> ISCO group id, from the release's own groups or, without them, by code."""
    if release.has_isco_file:
        return {occ: isco_ids[isco] for occ, isco in release.occupation_isco.items()}
    by_code: dict[str, int] = {}
    # Prefer a group with the same official status as the release, then any.
    for code, pk, group_official in IscoGroup.objects.values_list("code", "id", "labels_official"):
        if group_official == official or code not in by_code:
            by_code[code] = pk
    return {occ: by_code.get(code) for occ, code in release.occupation_isco.items()}


def write_release(
    release: Release, *, version: str, official: bool, source: str, progress: Progress | None
) -> tuple[Outcome, TaxonomyImport | None]:
    """Writes the differences between the release and the database in one transaction."""
    started = timezone.now()
    outcome = Outcome()
    say = progress or (lambda _message: None)
    with transaction.atomic():
        public_data_changed()
        say("Scrittura dei gruppi ISCO")
        tally, isco_ids, counted = _sync_concepts(
            IscoGroup, {u: c.values for u, c in release.isco.items()}, official=official
        )
        _sync_parents(
            IscoGroup,
            "parent_id",
            {
                isco_ids[u]: isco_ids[release.isco_parent[u]] if u in release.isco_parent else None
                for u in release.isco
            },
            counted,
            tally,
        )
        outcome.tallies["isco"] = tally

        say("Scrittura delle competenze e dei gruppi di competenze")
        outcome.tallies["skills"], skill_ids, _counted = _sync_concepts(
            Skill, {u: c.values for u, c in release.skills.items()}, official=official
        )

        say("Scrittura delle professioni")
        occupation_isco = _isco_ids_by_code(release, isco_ids, official)
        desired = {
            u: {**c.values, "isco_group_id": occupation_isco.get(u)}
            for u, c in release.occupations.items()
        }
        tally, occupation_ids, counted = _sync_concepts(Occupation, desired, official=official)
        if "occupation_broader" in release.relation_kinds:
            _sync_parents(
                Occupation,
                "broader_id",
                {
                    occupation_ids[u]: occupation_ids[release.occupation_broader[u]]
                    if u in release.occupation_broader
                    else None
                    for u in release.occupations
                },
                counted,
                tally,
            )
        outcome.tallies["occupations"] = tally

        if "skill_broader" in release.relation_kinds:
            say("Scrittura della gerarchia delle competenze")
            outcome.tallies["skill_hierarchy"] = _sync_links(
                SkillHierarchy,
                (
                    (pk, n, b, "")
                    for pk, n, b in SkillHierarchy.objects.values_list(
                        "id", "narrower_id", "broader_id"
                    )
                ),
                {(skill_ids[n], skill_ids[b]): "" for n, b in release.skill_broader},
                {skill_ids[u] for u in release.skills},
                lambda n, b, _kind: SkillHierarchy(narrower_id=n, broader_id=b),
            )

        say("Scrittura delle relazioni tra professioni e competenze")
        outcome.tallies["relations"] = _sync_links(
            OccupationSkill,
            OccupationSkill.objects.values_list(
                "id", "occupation_id", "skill_id", "relation"
            ).iterator(chunk_size=20_000),
            {(occupation_ids[o], skill_ids[s]): kind for (o, s), kind in release.relations.items()},
            {occupation_ids[u] for u in release.occupations},
            lambda o, s, kind: OccupationSkill(occupation_id=o, skill_id=s, relation=kind),
        )

        record = None
        if outcome.changes:
            record = TaxonomyImport.objects.create(
                scheme="esco",
                version=version,
                languages=",".join(release.languages),
                is_official=official,
                source=source[:255],
                started_at=started,
                finished_at=timezone.now(),
                counts={
                    "rows": release.rows,
                    **{name: vars(t) for name, t in outcome.tallies.items()},
                    "warnings": release.warnings,
                },
            )
    return outcome, record
