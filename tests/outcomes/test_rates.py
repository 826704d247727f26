import pytest

from ptp.outcomes.models import OutcomeStatus
from ptp.outcomes.rates import (
    Hosting,
    Tally,
    hosting_counts,
    hub_outcome_rates,
    outcome_tables,
    rates_of,
    roll_up,
    tallies_by,
)
from ptp.placements.models import PlacementStatus
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory
from tests.outcomes.conftest import finished, hosted, outcome

S = OutcomeStatus


def test_rates_over_known_outcomes():
    # 10 recorded: 2 unknown, so n = 8; 4 employed (3 in sector), 1 ITS, 1 university, 2 NEET.
    rates = rates_of(
        Tally(
            recorded=10, employed=4, employed_in_sector=3, its=1, university=1, neither=2, unknown=2
        )
    )
    assert rates.n == 8 and not rates.suppressed
    assert rates.employment == 50.0
    assert rates.further_study == 25.0
    assert rates.in_sector == 37.5
    assert rates.neet == 25.0
    assert rates.unknown == 20.0


def test_four_known_outcomes_are_suppressed_five_are_shown():
    four = rates_of(Tally(recorded=6, employed=3, its=1, unknown=2))
    assert four.n == 4 and four.suppressed
    assert (four.employment, four.further_study, four.neet, four.unknown) == (None,) * 4
    five = rates_of(Tally(recorded=6, employed=3, its=1, training=1, unknown=1))
    assert five.n == 5 and not five.suppressed
    assert (five.employment, five.further_study, five.unknown) == (60.0, 40.0, 16.7)


def test_hosting_suppression():
    assert (
        Hosting(
            1,
            "x",
            4,
            2,
            1,
        ).host_rate
        is None
    )
    shown = Hosting(1, "x", 5, 2, 1)
    assert (shown.hub_company_rate, shown.host_rate) == (40.0, 20.0)


def test_roll_up_adds_schools_to_every_hub_they_belong_to():
    by_school = {(1, 12): Tally(recorded=3, employed=1), (2, 12): Tally(recorded=2, its=2)}
    hubs = roll_up(by_school, {10: {1, 2}, 20: {2}})
    assert hubs[(10, 12)] == Tally(recorded=5, employed=1, its=2)
    assert hubs[(20, 12)] == Tally(recorded=2, its=2)


@pytest.mark.django_db
def test_tables_per_member_hub_and_programme(net, django_assert_max_num_queries):
    programme = ProgrammeFactory(code="TUR01", title="Accoglienza turistica")
    statuses = [S.EMPLOYED, S.EMPLOYED, S.ITS, S.NEITHER, S.UNKNOWN, S.UNIVERSITY]
    for n, status in enumerate(statuses):
        student = finished(net.school, n, programme=programme)
        outcome(student, 12, status, in_sector=True if status == S.EMPLOYED else None)
    # The lead school: four known outcomes, suppressed on its own but counted in the hub.
    for n, status in enumerate([S.EMPLOYED, S.EMPLOYED, S.TRAINING, S.NEITHER], start=20):
        outcome(finished(net.lead_school, n), 12, status)
    with django_assert_max_num_queries(8):
        tables = outcome_tables(months=12)
    members = {r.label: r.rates for r in tables.members}
    partner = members["Istituto partner"]
    assert (partner.n, partner.recorded, partner.employment, partner.further_study) == (
        5,
        6,
        40.0,
        40.0,
    )
    assert partner.in_sector == 40.0 and partner.neet == 20.0 and partner.unknown == 16.7
    assert members["Istituto capofila"].suppressed and members["Istituto capofila"].n == 4
    hubs = {r.key: r.rates for r in tables.hubs}
    assert hubs[net.hub.pk].n == 9 and hubs[net.hub.pk].employment == round(400 / 9, 1)
    assert hubs[net.other_hub.pk].suppressed and hubs[net.other_hub.pk].n == 0
    programmes = {r.label: r.rates for r in tables.programmes}
    assert programmes["TUR01 – Accoglienza turistica"].n == 5
    assert programmes["Percorso non indicato"].n == 4
    # Suppressed rows come last.
    assert tables.members[-1].rates.suppressed
    six = outcome_tables(months=6)
    assert all(r.rates.n == 0 for r in six.hubs)


@pytest.mark.django_db
def test_filters_by_hub_and_school(net):
    for n in range(5):
        outcome(finished(net.school, n), 6, S.EMPLOYED)
    outsider_school = OrganizationFactory(kind="istituto_tecnico", name="Istituto di Pisa")
    MembershipFactory(hub=net.other_hub, organization=outsider_school)
    for n in range(10, 15):
        outcome(finished(outsider_school, n), 6, S.ITS)
    tables = outcome_tables(months=6, hub_id=net.hub.pk)
    assert [r.key for r in tables.hubs] == [net.hub.pk]
    assert [r.label for r in tables.members] == ["Istituto partner"]
    assert tables.programmes[0].rates.n == 5
    only = outcome_tables(months=6, school_id=outsider_school.pk)
    assert [r.label for r in only.members] == ["Istituto di Pisa"]
    assert only.programmes[0].rates.further_study == 100.0


@pytest.mark.django_db
def test_hosting_to_hiring(net):
    students = [finished(net.school, n) for n in range(7)]
    for student in students[:6]:
        hosted(student, net.company, net.hub)
    hosted(students[0], net.company, net.hub)  # a second placement counts the student once
    hosted(students[6], net.company, net.hub, status=PlacementStatus.PLANNED)  # never started
    outcome(
        students[0], 12, S.EMPLOYED, employer=net.company, with_hub_company=True, with_host=True
    )
    outcome(students[0], 6, S.EMPLOYED, employer=net.company, with_hub_company=True, with_host=True)
    outcome(
        students[1], 12, S.EMPLOYED, employer=net.company, with_hub_company=True, with_host=True
    )
    outcome(students[2], 12, S.EMPLOYED, employer=net.lead_school, with_hub_company=False)
    outcome(students[3], 12, S.ITS)
    outcome(students[4], 12, S.NEITHER)
    outcome(students[5], 12, S.UNKNOWN)  # no known outcome: not counted as hosted
    outcome(students[6], 12, S.EMPLOYED, employer=net.company, with_hub_company=True)
    assert hosting_counts()[net.hub.pk] == (5, 2, 2)
    # Unknown at 6 months but hired by the host at 12: hosted, and hired.
    late = finished(net.school, 50)
    hosted(late, net.company, net.hub)
    outcome(late, 6, S.UNKNOWN)
    outcome(late, 12, S.EMPLOYED, employer=net.company, with_hub_company=True, with_host=True)
    rates = hub_outcome_rates([net.hub.pk])[net.hub.pk]
    assert (rates.hosted, rates.hired_by_hub_company, rates.hired_by_host) == (6, 3, 3)


@pytest.mark.django_db
def test_hub_outcome_rates_for_the_snapshot(net, django_assert_max_num_queries):
    for n, status in enumerate([S.EMPLOYED, S.ITS, S.ITS, S.UNIVERSITY, S.EMPLOYED]):
        student = finished(net.school, n)
        outcome(student, 12, status)
        outcome(student, 6, S.ITS if status == S.ITS else S.UNKNOWN)
    with django_assert_max_num_queries(5):
        rates = hub_outcome_rates()
    tnt = rates[net.hub.pk]
    assert (tnt.n_12, tnt.employment_rate_12, tnt.further_study_rate_12) == (5, 40.0, 60.0)
    assert (tnt.n_6, tnt.employment_rate_6, tnt.further_study_rate_6) == (2, None, None)
    assert tnt.its_oriented == 2
    assert rates[net.other_hub.pk].n_12 == 0
    assert set(hub_outcome_rates([net.other_hub.pk])) == {net.other_hub.pk}


@pytest.mark.django_db
def test_tallies_by_school(net):
    outcome(finished(net.school, 1), 6, S.EMPLOYED, in_sector=True)
    outcome(finished(net.school, 2), 6, S.EMPLOYED, in_sector=False)
    assert tallies_by("school_id") == {
        (net.school.pk, 6): Tally(recorded=2, employed=2, employed_in_sector=1)
    }
