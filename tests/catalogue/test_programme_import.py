"""Importing programmes and editions (importer.import_catalogue): every row checked first, then
all written or nothing; the same files imported again update the same rows. File formats and the
command are in test_programme_import_files.py, the back-office page in test_offer_backoffice.py."""

import datetime as dt

import pytest

from ptp.audit.models import AuditEvent
from ptp.catalogue import search
from ptp.catalogue.models import Edition, EditionStatus, Programme, ProviderRole
from tests.catalogue.import_helpers import (
    BAD_EDITIONS,
    BAD_PROGRAMMES,
    EXPECTED_ERRORS,
    OCCUPATION,
    OTHER_SKILL,
    PROGRAMME_HEADER,
    PROGRAMMES,
    SKILL,
    import_refs,
    run_import,
    table_counts,
)
from tests.factories import ProgrammeFactory


@pytest.fixture
def refs(net):
    return import_refs(net)


def test_a_valid_import_creates_programmes_with_their_links_and_editions(
    refs, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(actor=coordinator, hub=refs.hub)

    assert report.ok and report.written and not report.dry_run
    assert (report.programmes_created, report.programmes_updated) == (2, 0)
    assert (report.editions_created, report.editions_updated) == (3, 0)
    hotel = Programme.objects.get(code="IP-1")
    its = Programme.objects.get(code="ITS-1")
    providers = list(hotel.provider_links.values_list("organization__slug", "role"))
    assert sorted(providers) == [
        ("impresa-partner", ProviderRole.PARTNER),
        ("istituto-capofila", ProviderRole.LEAD),  # the first one named is the lead
        ("istituto-partner", ProviderRole.PARTNER),
    ]
    assert sorted(hotel.skill_links.values_list("skill__uri", "level")) == [
        (SKILL, 3),
        (OTHER_SKILL, 2),  # no level: intermedio
    ]
    assert list(hotel.occupations.values_list("uri", flat=True)) == [OCCUPATION]
    assert list(hotel.leads_to.all()) == [its]
    assert sorted(hotel.hubs.values_list("slug", flat=True)) == ["altro", "tnt"]
    assert list(its.hubs.values_list("slug", flat=True)) == ["tnt"]  # the import's hub
    assert (its.kind, its.is_published, hotel.is_published) == ("its_academy", False, True)
    editions = {
        (e.programme.code, e.school_year, e.municipality.name) for e in Edition.objects.all()
    }
    assert editions == {
        ("IP-1", "2026/27", "Massa"),
        ("IP-1", "2027/28", "Pisa"),
        ("ITS-1", "", "Massa"),
    }
    first = Edition.objects.get(programme=hotel, school_year="2026/27")
    assert (first.seats, first.enrolled, first.status) == (25, 3, EditionStatus.OPEN)
    assert Edition.objects.get(programme=its).starts_on == dt.date(2026, 10, 15)
    # Searchable at once: the search text was written and the public data announced.
    assert search.run(search.Filters(text="accoglienza")).ids == [hotel.pk]
    event = AuditEvent.objects.get()
    assert (event.actor, event.hub) == (coordinator, refs.hub)
    assert event.summary == "Importati 2 percorsi nuovi, 0 aggiornati, 3 edizioni"


def test_a_dry_run_reports_and_writes_nothing(refs, coordinator):
    before = table_counts()

    report = run_import(actor=coordinator, hub=refs.hub, dry_run=True)

    assert report.ok and report.dry_run and not report.written
    assert (report.programmes_created, report.programmes_updated, report.editions_created) == (
        2,
        0,
        3,
    )
    assert table_counts() == before


def test_importing_the_same_files_again_updates_the_same_rows(refs):
    run_import()
    slug = Programme.objects.get(code="IP-1").slug
    before = table_counts()
    renamed = [row[:] for row in PROGRAMMES]
    renamed[1][1] = "Accoglienza turistica e congressuale"

    dry = run_import(programmes=renamed, dry_run=True)
    report = run_import(programmes=renamed)

    assert (dry.programmes_created, dry.programmes_updated) == (0, 2)
    assert (report.programmes_created, report.programmes_updated) == (0, 2)
    assert (report.editions_created, report.editions_updated) == (0, 3)
    # The same rows, plus the audit entry of the second import (a dry run writes none).
    assert table_counts() == (*before[:-1], before[-1] + 1)
    hotel = Programme.objects.get(code="IP-1")
    assert (hotel.title, hotel.slug) == ("Accoglienza turistica e congressuale", slug)
    assert hotel.provider_links.get(role=ProviderRole.LEAD).organization == refs.lead_school


def test_a_pathway_may_lead_to_a_programme_already_in_the_catalogue(refs):
    existing = ProgrammeFactory(code="ITS-OLD")
    rows = [PROGRAMMES[0], [*PROGRAMMES[1][:9], "ITS-OLD", *PROGRAMMES[1][10:]]]

    report = run_import(programmes=rows, editions=None)

    assert report.ok
    assert list(Programme.objects.get(code="IP-1").leads_to.all()) == [existing]


def test_programmes_with_the_same_long_title_get_different_pages(refs):
    title = "Tecnico superiore per la gestione delle strutture turistico-ricettive " * 3
    rows = [
        PROGRAMME_HEADER,
        ["LUNGO-1", title, "corso_breve", "4", "turismo-e-beni-culturali", "40", "istituto-partner"]
        + [""] * 6,
        ["LUNGO-2", title, "corso_breve", "4", "turismo-e-beni-culturali", "40", "istituto-partner"]
        + [""] * 6,
    ]

    report = run_import(programmes=rows, editions=None)

    assert report.ok and report.written
    slugs = set(Programme.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and all(len(s) <= 140 for s in slugs)


# --- Files with mistakes ------------------------------------------------------------------------


def test_a_file_with_mistakes_writes_nothing_and_reports_every_bad_row(refs, coordinator):
    ProgrammeFactory(code="GIA-1")
    before = table_counts()

    report = run_import(BAD_PROGRAMMES, BAD_EDITIONS, actor=coordinator, hub=refs.hub)

    assert table_counts() == before
    assert not report.ok and not report.written
    found = {(e.file, e.line, e.column): e.message for e in report.errors}
    assert set(found) == set(EXPECTED_ERRORS)
    for where, message in EXPECTED_ERRORS.items():
        assert found[where].startswith(message)
    (provider,) = [e for e in report.errors if e.column == "erogatori"]
    assert str(provider).startswith(
        "percorsi.csv, riga 3, colonna «erogatori»: soggetto «ZZZZ0000» non trovato (usa codice"
    )


def test_missing_required_columns_are_all_reported(refs):
    rows = [[c for c in PROGRAMME_HEADER if c not in ("erogatori", "durata_ore")]]

    report = run_import(programmes=rows, editions=[["codice_percorso", "posti"]])

    assert {(e.file, e.line, e.column, e.message) for e in report.errors} == {
        ("percorsi.csv", 1, "durata_ore", "colonna obbligatoria mancante"),
        ("percorsi.csv", 1, "erogatori", "colonna obbligatoria mancante"),
        ("edizioni.csv", 1, "comune", "colonna obbligatoria mancante"),
    }
    assert not Programme.objects.exists()
