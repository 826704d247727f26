"""Demo placements of Polo TNT on top of `seed_demo`, the demo students, hosts and opportunities:
the company tutor with students of two schools, one placement active with hours, one ready, one
with an incomplete safety file, applications in every state; all demo, seeding twice changes
nothing, and the pages of each persona open on them."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from ptp.accounts.models import User
from ptp.network.models import Hub
from ptp.placements.demo import COMPANY_TUTOR_EMAIL, seed_demo_placements
from ptp.placements.hosts.demo import seed_demo_hosts
from ptp.placements.models import Application, HoursEntry, Placement, PlacementStatus, SafetyFile
from ptp.placements.opportunities.demo import seed_demo_opportunities
from ptp.students.demo import DEMO_STUDENT_EMAIL, seed_demo_students, seed_student_persona

MOMENT = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)  # a Thursday


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    moment = time_machine.travel(MOMENT, tick=False)
    with django_db_blocker.unblock(), fast, moment, transaction.atomic():
        call_command("load_reference_data", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        hub = Hub.objects.get(slug="tnt")
        scuola = User.objects.get(email="scuola.tnt@demo.rete-ptp.invalid")
        school = scuola.grants.get().organization
        seed_demo_students(school)
        seed_student_persona(school, password="una-password-lunga-1")
        seed_demo_hosts(hub)
        seed_demo_opportunities(hub)
        placements = seed_demo_placements(hub)
        again = seed_demo_placements(hub)
        yield {"hub": hub, "placements": placements, "again": again, "school": school}
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db, time_machine):
    time_machine.move_to(MOMENT, tick=False)
    return seeded


def test_the_company_tutor_hosts_students_of_two_schools(demo):
    active, ready, incomplete = demo["placements"]
    tutor = User.objects.get(email=COMPANY_TUTOR_EMAIL)
    assert active.host_tutor == tutor == ready.host_tutor
    assert active.host == ready.host == incomplete.host
    assert active.school != ready.school
    assert {p.hub for p in demo["placements"]} == {demo["hub"]}
    assert all(p.is_demo and p.student.is_demo for p in demo["placements"])


def test_one_active_with_hours_one_ready_one_incomplete(demo):
    active, ready, incomplete = demo["placements"]
    assert (active.status, ready.status, incomplete.status) == (
        PlacementStatus.ACTIVE,
        PlacementStatus.READY,
        PlacementStatus.PLANNED,
    )
    assert active.student.user.email == DEMO_STUDENT_EMAIL
    log = HoursEntry.objects.filter(placement=active)
    assert log.filter(validated_at__isnull=False).exists()
    assert log.filter(confirmed_at__isnull=False, validated_at__isnull=True).exists()
    assert log.filter(confirmed_at__isnull=True).exists()
    assert max(log.values_list("day", flat=True)) < MOMENT.date()
    assert SafetyFile.objects.get(placement=ready).missing() == []
    assert SafetyFile.objects.get(placement=incomplete).missing() == [
        "formazione specifica per la classe di rischio",
        "presa visione della valutazione dei rischi",
    ]
    assert ready.application is not None and ready.window is not None


def test_applications_in_every_state(demo):
    statuses = set(
        Application.objects.filter(student__is_demo=True).values_list("status", flat=True)
    )
    assert statuses == {
        "submitted",
        "validated",
        "school_refused",
        "accepted",
        "declined",
        "withdrawn",
    }


def test_seeding_again_changes_nothing(demo):
    before = Placement.objects.filter(is_demo=True).count()

    again = seed_demo_placements(demo["hub"])

    assert [p.pk for p in demo["again"]] == [p.pk for p in demo["placements"]]
    assert [p.pk for p in again] == [p.pk for p in demo["placements"]]
    assert Placement.objects.filter(is_demo=True).count() == before


@pytest.mark.parametrize(
    ("email", "url", "text"),
    [
        (COMPANY_TUTOR_EMAIL, "/gestione/percorsi/impresa/", "Studenti ospitati"),
        (COMPANY_TUTOR_EMAIL, "/gestione/percorsi/impresa/candidature/", "Approvata dalla scuola"),
        ("scuola.tnt@demo.rete-ptp.invalid", "/gestione/percorsi/scuola/candidature/", "Inviata"),
        (DEMO_STUDENT_EMAIL, "/studente/percorsi/", "I miei percorsi"),
    ],
)
def test_the_personas_pages_open_on_the_demo(demo, client, email, url, text):
    client.force_login(User.objects.get(email=email))
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_the_company_tutor_sees_the_active_hours_log(demo, client):
    active = demo["placements"][0]
    client.force_login(User.objects.get(email=COMPANY_TUTOR_EMAIL))
    page = client.get(f"/gestione/percorsi/{active.pk}/ore/").content.decode()
    assert "Registra le ore di un giorno" in page
