"""Writes to the catalogue: programmes with their providers, skills, occupations and pathways,
and their editions. Every write keeps the search text (and the PostgreSQL vector) in step."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.catalogue import fulltext
from ptp.catalogue.models import (
    EQF_RANGE,
    Edition,
    Programme,
    ProgrammeProvider,
    ProgrammeSkill,
    ProviderRole,
)
from ptp.core.errors import InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.core.validation import validate_model
from ptp.network.models import Hub, Organization
from ptp.skills.models import Occupation, Skill

PROGRAMME_FIELDS = [
    "code",
    "title",
    "kind",
    "track",
    "specialisation",
    "eqf_level",
    "sector",
    "isced_field",
    "duration_hours",
    "description",
    "is_published",
    "is_demo",
]


@dataclass
class ProgrammeData:
    """Everything that defines a programme, as forms and importers collect it."""

    values: dict[str, Any]
    providers: list[tuple[Organization, str]]
    skills: list[tuple[Skill, int]] = field(default_factory=list)
    occupations: list[Occupation] = field(default_factory=list)
    hubs: list[Hub] = field(default_factory=list)
    leads_to: list[Programme] = field(default_factory=list)


def check_programme_data(data: ProgrammeData) -> None:
    """Business rules a programme must meet beyond its fields: one lead provider, EQF in range."""
    if not data.providers:
        raise InvalidInputError("Indica almeno un soggetto erogatore.", field="providers")
    leads = [org for org, role in data.providers if role == ProviderRole.LEAD]
    if len(leads) != 1:
        raise InvalidInputError("Un percorso ha un solo soggetto titolare.", field="providers")
    orgs = [org.pk for org, _ in data.providers]
    if len(orgs) != len(set(orgs)):
        raise InvalidInputError(
            "Lo stesso soggetto è indicato due volte tra gli erogatori.", field="providers"
        )
    low, high = EQF_RANGE.get(data.values["kind"], (1, 8))
    level = data.values["eqf_level"]
    if not low <= level <= high:
        raise InvalidInputError(
            f"Il livello EQF {level} non è coerente con la tipologia (atteso tra {low} e {high}).",
            field="eqf_level",
        )
    skills = [s.pk for s, _ in data.skills]
    if len(skills) != len(set(skills)):
        raise InvalidInputError("La stessa competenza è indicata due volte.", field="skills")


def unique_programme_slug(title: str, code: str) -> str:
    """A readable, unused slug from title and code. The code's part is never cut off by a long
    title, and codes that slugify alike ("AB.1", "ab-1") get a number rather than a clash."""
    max_length = Programme._meta.get_field("slug").max_length or 140
    code_part = slugify(code)[: max_length // 2] or "percorso"
    title_part = slugify(title)[: max_length - len(code_part) - 1].strip("-")
    base = f"{title_part}-{code_part}" if title_part else code_part
    slug, number = base, 2
    while Programme.objects.filter(slug=slug).exists():
        suffix = f"-{number}"
        slug, number = base[: max_length - len(suffix)] + suffix, number + 1
    return slug


def _apply(programme: Programme, data: ProgrammeData) -> None:
    programme.search_text = fulltext.programme_document(
        programme.title, programme.track, programme.specialisation, programme.description
    )
    validate_model(programme, exclude=["slug"])
    programme.save()
    programme.provider_links.all().delete()
    ProgrammeProvider.objects.bulk_create(
        ProgrammeProvider(programme=programme, organization=org, role=role)
        for org, role in data.providers
    )
    programme.skill_links.all().delete()
    ProgrammeSkill.objects.bulk_create(
        ProgrammeSkill(programme=programme, skill=skill, level=level)
        for skill, level in data.skills
    )
    programme.occupations.set(data.occupations)
    programme.hubs.set(data.hubs)
    programme.leads_to.set(data.leads_to)
    public_data_changed()


def write_programme(*, data: ProgrammeData, programme: Programme | None = None) -> Programme:
    """Creates or updates a programme inside the caller's transaction (used by importers)."""
    check_programme_data(data)
    if programme is None:
        programme = Programme(slug=unique_programme_slug(data.values["title"], data.values["code"]))
    for key, value in data.values.items():
        setattr(programme, key, value)
    _apply(programme, data)
    return programme


@transaction.atomic(durable=True)
def save_programme(
    *, actor: User, data: ProgrammeData, programme: Programme | None = None, hub: Hub | None = None
) -> Programme:
    """Creates or updates one programme with its links; audited on the hub it is saved from."""
    created = programme is None
    programme = write_programme(data=data, programme=programme)
    fulltext.refresh_vectors([programme.pk])
    record_event(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=programme,
        summary=f"{'Inserito' if created else 'Modificato'} il percorso {programme.code}",
        hub_id=hub.pk if hub else None,
        after={k: str(getattr(programme, k)) for k in ("code", "title", "kind", "eqf_level")},
    )
    return programme


def write_edition(
    *, programme: Programme, values: dict[str, Any], edition: Edition | None = None
) -> Edition:
    """Creates or updates an edition inside the caller's transaction; enrolled never exceeds seats."""
    edition = edition or Edition(programme=programme)
    for key, value in values.items():
        setattr(edition, key, value)
    validate_model(edition, exclude=["programme"])
    edition.save()
    public_data_changed()
    return edition
