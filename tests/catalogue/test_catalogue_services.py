"""Writes to the catalogue (services.save_programme, write_programme, write_edition): the rules a
programme and an edition must meet, the search text kept in step, the audit and the cache."""

import datetime as dt
import re

import pytest

from ptp.audit.models import AuditAction, AuditEvent
from ptp.catalogue import search
from ptp.catalogue.models import EQF_RANGE, Edition, Programme, ProgrammeKind, ProviderRole
from ptp.catalogue.services import (
    ProgrammeData,
    check_programme_data,
    save_programme,
    unique_programme_slug,
    write_edition,
    write_programme,
)
from ptp.core.errors import InvalidInputError
from ptp.core.public_cache import public_data_version
from tests.factories import ProgrammeFactory, SkillFactory

LEAD, PARTNER = ProviderRole.LEAD, ProviderRole.PARTNER


def _data(net, **values) -> ProgrammeData:
    return ProgrammeData(
        values={
            "code": "IP-ACC",
            "title": "Accoglienza turistica",
            "kind": ProgrammeKind.VOCATIONAL,
            "track": "Enogastronomia e ospitalità alberghiera",
            "eqf_level": 4,
            "sector": net.hub.sector,
            "duration_hours": 5280,
            "description": "Città d'arte, reception e prenotazioni.",
            **values,
        },
        providers=[(net.school, LEAD), (net.company, PARTNER)],
    )


def test_saving_a_programme_writes_its_links_search_text_and_audit(
    net, coordinator, django_capture_on_commit_callbacks
):
    skill = SkillFactory()
    data = _data(net)
    data.skills = [(skill, 3)]
    data.hubs = [net.hub]
    version = public_data_version()

    with django_capture_on_commit_callbacks(execute=True):
        programme = save_programme(actor=coordinator, data=data, hub=net.hub)

    assert programme.slug == "accoglienza-turistica-ip-acc"
    assert sorted(programme.provider_links.values_list("organization__slug", "role")) == [
        ("impresa-partner", PARTNER),
        ("istituto-partner", LEAD),
    ]
    assert list(programme.skill_links.values_list("skill", "level")) == [(skill.pk, 3)]
    assert list(programme.hubs.all()) == [net.hub]
    assert programme.search_text.startswith(" accoglienza turistica enogastronomia e ospitalita ")
    assert " citta d arte " in programme.search_text
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.hub) == (AuditAction.CREATE, coordinator, net.hub)
    assert event.summary == "Inserito il percorso IP-ACC"
    # The public data moved on: the search sees the programme without being told.
    assert public_data_version() != version
    assert search.run(search.Filters(text="citta")).ids == [programme.pk]


def test_updating_a_programme_replaces_its_links_and_keeps_its_address(
    net, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        programme = save_programme(actor=coordinator, data=_data(net))
    changed = _data(net, title="Accoglienza e congressi")
    changed.providers = [(net.company, LEAD)]

    with django_capture_on_commit_callbacks(execute=True):
        save_programme(actor=coordinator, data=changed, programme=programme)

    programme.refresh_from_db()
    assert (programme.title, programme.slug) == (
        "Accoglienza e congressi",
        "accoglienza-turistica-ip-acc",
    )
    assert list(programme.provider_links.values_list("organization__slug", "role")) == [
        ("impresa-partner", LEAD)
    ]
    assert programme.search_text.startswith(" accoglienza e congressi ")
    assert AuditEvent.objects.latest("pk").action == AuditAction.UPDATE


@pytest.mark.parametrize(
    ("providers", "message"),
    [
        ([], "Indica almeno un soggetto erogatore."),
        ([("school", PARTNER)], "Un percorso ha un solo soggetto titolare."),
        ([("school", LEAD), ("company", LEAD)], "Un percorso ha un solo soggetto titolare."),
        (
            [("school", LEAD), ("school", PARTNER)],
            "Lo stesso soggetto è indicato due volte tra gli erogatori.",
        ),
    ],
)
def test_a_programme_has_exactly_one_lead_and_no_provider_twice(
    net, coordinator, providers, message
):
    data = _data(net)
    data.providers = [(getattr(net, name), role) for name, role in providers]

    with pytest.raises(InvalidInputError, match=re.escape(message)) as refused:
        save_programme(actor=coordinator, data=data)

    assert refused.value.field == "providers"
    assert not Programme.objects.exists() and not AuditEvent.objects.exists()


def test_a_skill_is_taught_once(net, coordinator):
    skill = SkillFactory()
    data = _data(net)
    data.skills = [(skill, 1), (skill, 3)]

    with pytest.raises(InvalidInputError, match=r"La stessa competenza è indicata due volte\."):
        save_programme(actor=coordinator, data=data)
    assert not Programme.objects.exists()


@pytest.mark.parametrize("kind", list(EQF_RANGE))
def test_the_eqf_level_fits_the_kind(net, kind):
    low, high = EQF_RANGE[kind]

    for level in (low, high):
        check_programme_data(_data(net, kind=kind, eqf_level=level))
    for level in (low - 1, high + 1):
        if 1 <= level <= 8:
            with pytest.raises(InvalidInputError) as refused:
                check_programme_data(_data(net, kind=kind, eqf_level=level))
            assert refused.value.field == "eqf_level"
            assert refused.value.message == (
                f"Il livello EQF {level} non è coerente con la tipologia "
                f"(atteso tra {low} e {high})."
            )


def test_an_its_programme_at_eqf_3_is_refused_before_anything_is_written(net, coordinator):
    data = _data(net, kind=ProgrammeKind.ITS, eqf_level=3)

    with pytest.raises(InvalidInputError, match=r"atteso tra 5 e 6"):
        save_programme(actor=coordinator, data=data)
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"duration_hours": 0}, None, "La durata deve essere di almeno un'ora."),
        ({"kind": ProgrammeKind.SHORT_COURSE, "eqf_level": 9}, "eqf_level", "coerente"),
        ({"title": ""}, "title", "Questo campo non può essere vuoto."),
    ],
)
def test_programme_fields_are_checked_with_italian_messages(
    net, coordinator, values, field, message
):
    with pytest.raises(InvalidInputError) as refused:
        save_programme(actor=coordinator, data=_data(net, **values))

    assert refused.value.field == field
    assert message in refused.value.message
    assert not Programme.objects.exists()


def test_a_code_is_used_once(net, coordinator):
    ProgrammeFactory(code="IP-ACC")

    with pytest.raises(InvalidInputError) as refused:
        save_programme(actor=coordinator, data=_data(net))

    assert (refused.value.field, refused.value.message) == (
        "code",
        "Percorso con questo Codice esiste già.",
    )
    assert Programme.objects.count() == 1


def test_write_programme_stays_in_the_callers_transaction(net):
    # The importer writes many programmes in one transaction: no durable block here.
    from django.db import transaction

    with transaction.atomic():
        programme = write_programme(data=_data(net))

    assert Programme.objects.get().pk == programme.pk


def test_slugs_stay_unique_and_keep_the_code(net):
    ProgrammeFactory(slug="accoglienza-turistica-ab-1")
    long_title = "Tecnico superiore per la gestione delle strutture turistico-ricettive " * 3

    assert unique_programme_slug("Accoglienza turistica", "AB.1") == "accoglienza-turistica-ab1"
    assert unique_programme_slug("Accoglienza turistica", "ab-1") == "accoglienza-turistica-ab-1-2"
    slug = unique_programme_slug(long_title, "TS-42")
    assert len(slug) <= 140 and slug.endswith("-ts-42")


# --- Editions -----------------------------------------------------------------------------------


def _edition(net, **values) -> dict:
    return {
        "school_year": "2026/27",
        "municipality": net.school.municipality,
        "seats": 20,
        "enrolled": 0,
        **values,
    }


def test_writing_an_edition_announces_the_change(net, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    version = public_data_version()

    with django_capture_on_commit_callbacks(execute=True):
        edition = write_edition(programme=programme, values=_edition(net, enrolled=20))
        write_edition(programme=programme, values={"enrolled": 12}, edition=edition)

    assert Edition.objects.get().enrolled == 12
    assert public_data_version() != version


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"enrolled": 21}, "Gli iscritti non possono superare i posti."),
        ({"seats": 0}, "Un'edizione ha almeno un posto."),
        ({"school_year": "2026-27"}, "L'anno scolastico si scrive come 2026/27."),
        ({"school_year": "26/27"}, "L'anno scolastico si scrive come 2026/27."),
        (
            {"starts_on": dt.date(2026, 9, 15), "ends_on": dt.date(2026, 9, 1)},
            "La data di fine precede quella di inizio.",
        ),
        ({"school_year": ""}, "Indica l'anno scolastico oppure la data di inizio."),
    ],
)
def test_an_edition_is_refused_with_the_models_italian_message(net, values, message):
    programme = ProgrammeFactory()

    with pytest.raises(InvalidInputError) as refused:
        write_edition(programme=programme, values=_edition(net, **values))

    assert refused.value.message == message
    assert not Edition.objects.exists()
