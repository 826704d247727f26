"""Public pages are cached for anonymous visitors and become stale as soon as public data change."""

import datetime as dt

import pytest

from ptp.catalogue.models import Programme
from ptp.network.services import record_joining
from tests.factories import OrganizationFactory, ProgrammeFactory, ProgrammeProviderFactory


@pytest.fixture
def page_cache(settings):
    settings.PTP_PUBLIC_PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "public_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
    }
    from django.core.cache import caches

    caches["public_pages"].clear()
    yield
    caches["public_pages"].clear()


def test_a_second_anonymous_visit_is_served_without_queries(
    client, net, page_cache, django_assert_num_queries
):
    first = client.get("/poli/tnt/")
    with django_assert_num_queries(0):
        second = client.get("/poli/tnt/")

    assert second.status_code == 200
    assert second.content == first.content


def test_a_change_through_a_service_shows_at_once(
    client, net, coordinator, page_cache, django_capture_on_commit_callbacks
):
    assert "Nuovo socio di prova" not in client.get("/poli/tnt/partner/").content.decode()
    newcomer = OrganizationFactory(
        name="Nuovo socio di prova", municipality=net.lead_school.municipality
    )

    with django_capture_on_commit_callbacks(execute=True):
        record_joining(
            actor=coordinator, hub=net.hub, organization=newcomer, joined_on=dt.date(2024, 9, 1)
        )

    assert "Nuovo socio di prova" in client.get("/poli/tnt/partner/").content.decode()


def test_logged_in_users_get_their_own_page(client, net, coordinator, page_cache):
    client.get("/poli/")  # cached for anonymous visitors
    client.force_login(coordinator)

    assert "Area riservata" in client.get("/poli/").content.decode()


def test_different_query_strings_are_different_pages(client, net, page_cache):
    everything = client.get("/poli/").content.decode()
    filtered = client.get("/poli/?provincia=pisa").content.decode()

    assert "Polo di prova TNT" in everything
    assert "Polo di prova TNT" not in filtered


def test_downloads_are_not_cached(client, net, page_cache):
    programme = ProgrammeFactory(title="Percorso esportato")
    ProgrammeProviderFactory(programme=programme, organization=net.school)
    assert "Percorso esportato" in client.get("/offerta-formativa/?formato=csv").getvalue().decode()

    # Changed behind the services' back, so no cached page would notice: the download must.
    Programme.objects.filter(pk=programme.pk).update(title="Percorso rinominato")

    assert (
        "Percorso rinominato" in client.get("/offerta-formativa/?formato=csv").getvalue().decode()
    )


def test_the_cache_is_off_when_disabled(
    client, net, page_cache, settings, django_assert_max_num_queries
):
    settings.PTP_PUBLIC_PAGE_CACHE = False
    client.get("/poli/")
    with django_assert_max_num_queries(10) as captured:
        client.get("/poli/")

    assert len(captured.captured_queries) > 0
