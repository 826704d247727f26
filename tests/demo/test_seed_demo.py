"""`manage.py seed_demo`: the 25 Tuscan hubs, Polo TNT's published facts, and demo flags on
everything that is not a published fact.

Seeding takes about a second, so the module seeds once (after load_reference_data) inside a
transaction that is rolled back at the end; each test runs in a savepoint inside it.
"""

import html
import io
import re
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings

from ptp.accounts.models import RoleGrant, User
from ptp.network.models import Hub, Membership, NetworkAgreement, Organization, Sector
from ptp.observatory.models import GapCell, HubSnapshot, RankingMethod

REAL_ORGANIZATIONS = {'I.I.S. "E. Barsanti"', "Confesercenti Nord Toscana"}
# A person's codice fiscale: 6 letters, year, month letter, day, place, check letter; digits may
# be replaced by letters (omocodia). Hubs, organizations and accounts must contain none.
PERSON_CF = re.compile(
    r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    fast = override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        call_command("load_reference_data", stdout=io.StringIO())
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue(), media
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seed_output, db, settings):
    output, media = seed_output
    settings.MEDIA_ROOT = media  # where the demo agreement's PDF was stored
    return output


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Hub, Organization, Membership, NetworkAgreement, Sector, User, RoleGrant)
    }


def test_25_hubs_spread_over_the_provinces(seeded):
    by_province = Counter(Hub.objects.values_list("province__name", flat=True))

    assert Hub.objects.count() == 25
    assert by_province == {
        "Pisa": 4,
        "Livorno": 4,
        "Firenze": 4,
        "Arezzo": 3,
        "Prato": 2,
        "Siena": 2,
        "Pistoia": 2,
        "Lucca": 2,
        "Grosseto": 1,
        "Massa-Carrara": 1,
    }
    assert "Poli: 25." in seeded


def test_the_six_sectors_exist(seeded):
    assert list(Sector.objects.values_list("name", flat=True)) == [
        "Sanità",
        "Energia",
        "Agribusiness",
        "Turismo e beni culturali",
        "Meccanica",
        "Nautica",
    ]


def test_polo_tnt_page_shows_the_published_facts(seeded, client):
    response = client.get("/poli/tnt/")

    # The page as read: tags dropped, blanks collapsed.
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())
    assert response.status_code == 200
    assert "Polo TNT – Toscana Nord Turismo" in text
    assert "Turismo e beni culturali" in text and "Massa-Carrara" in text
    assert "Costituito nel 2015" in text
    assert 'Capofila I.I.S. "E. Barsanti" (Massa), fin dalla costituzione' in text
    assert (
        "13 soggetti: 5 scuole, 4 aziende, 3 agenzie formative, 1 associazione di categoria" in text
    )
    assert "Dati dimostrativi." in text  # the demo banner


def test_polo_tnt_has_later_members_and_a_timeline(seeded, client):
    profile = client.get("/poli/tnt/").context["profile"]

    years = {y.year: y for y in profile.timeline}
    assert min(years) == 2015 and len(years[2015].joined) == 13
    later = [m for y in profile.timeline if y.year > 2015 for m in y.joined]
    assert later and all(m.is_demo for m in later)
    assert any(y.left for y in profile.timeline)  # someone has also left since
    assert profile.lead.organization_name == 'I.I.S. "E. Barsanti"' and profile.lead.is_founding
    # Today's composition counts today's members: the founders plus who joined, minus who left.
    left = [m for y in profile.timeline for m in y.left]
    assert profile.current.total == len(profile.current_members) == 13 + len(later) - len(left)


def test_everything_that_is_not_a_published_fact_is_demo(seeded):
    assert set(Hub.objects.filter(is_demo=False).values_list("slug", flat=True)) == {"tnt"}
    assert (
        set(Organization.objects.filter(is_demo=False).values_list("name", flat=True))
        == REAL_ORGANIZATIONS
    )
    real_memberships = Membership.objects.filter(is_demo=False).select_related(
        "organization", "hub"
    )
    assert {(m.hub.slug, m.organization.name) for m in real_memberships} == {
        ("tnt", name) for name in REAL_ORGANIZATIONS
    }
    assert not NetworkAgreement.objects.filter(is_demo=False).exists()
    assert User.objects.exclude(email__endswith="@demo.rete-ptp.invalid").count() == 0


def test_seeded_hubs_keep_the_membership_invariants(seeded):
    for hub in Hub.objects.all():
        memberships = Membership.objects.for_hub(hub)
        assert memberships.active().leads().count() == 1, hub.slug
        assert all(m.joined_on.year == hub.founded_year for m in memberships.founding()), hub.slug
        assert all(m.joined_on.year >= hub.founded_year for m in memberships), hub.slug


def test_no_demo_data_looks_like_a_persons_codice_fiscale(seeded):
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("ptp."):
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for values in model.objects.values_list(*text_fields) if text_fields else []:
            found += [v for v in values if isinstance(v, str) and PERSON_CF.search(v)]

    assert found == []
    assert not Organization.objects.exclude(codice_fiscale="").exists()


def test_running_it_twice_leaves_the_same_counts(seeded):
    before = _counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == before


def test_demo_accounts_can_work_on_polo_tnt(seeded, client):
    coordinator = User.objects.get(email="coordinatore.tnt@demo.rete-ptp.invalid")
    client.force_login(coordinator)

    assert client.get("/gestione/poli/tnt/capofila/").status_code == 200
    download = client.get("/gestione/poli/tnt/accordi/1/documento/")
    assert download.status_code == 200
    # Reading to the end closes the file; close() would also close the database connection.
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_observatory_has_figures_right_after_seeding(seeded, client):
    tnt = Hub.objects.get(slug="tnt")
    assert GapCell.objects.filter(province=tnt.province).exists()
    assert HubSnapshot.objects.filter(hub=tnt).count() >= 12  # a year of month ends, and today
    method = RankingMethod.objects.get()
    assert "demo" in method.name and method.created_by.email.startswith("regione@")
    page = client.get("/osservatorio/graduatoria/").content.decode()
    assert "Pesi uguali (demo)" in page and tnt.name in page
