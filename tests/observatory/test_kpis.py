"""Hub indicators on a small hand-made world: every figure worked out by hand, one snapshot per
hub and day however often the night runs, a constant number of queries as data grow."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptp.observatory import cells, kpis
from ptp.observatory.models import GapCell, GapTotal, HubSnapshot
from ptp.observatory.nightly import run_nightly
from ptp.outcomes.models import Outcome, OutcomeStatus
from tests.factories import HubFactory, MembershipFactory, OrganizationFactory, SkillFactory
from tests.observatory.kpi_world import DAY, build
from tests.placements.factories import PlacementFactory, StudentFactory


def test_metrics_of_a_hand_made_hub(net):
    build(net)
    m = kpis.compute_metrics(DAY)[net.hub.pk]
    assert m["school_year"] == "2026/27"
    assert m["members_by_kind"] == {"iis": 1, "impresa": 1, "istituto_professionale": 1}
    assert m["members_total"] == 3
    assert m["students"] == 8  # the one who left is not counted
    assert m["programmes"] == 2  # the unpublished one is not
    assert (m["editions"], m["seats"], m["enrolled"]) == (2, 45, 25)
    assert m["students_in_wbl"] == 6 and m["placements"] == 6  # planned and last year's out
    assert m["hours_planned"] == 6 * 120
    assert m["hours_delivered"] == 3 * 2 * 6.0  # validated hours only
    assert m["companies_hosting"] == 2
    assert m["host_companies_enrolled"] == 1
    assert (m["reports_opened"], m["reports_resolved"], m["reports_escalated"]) == (5, 2, 1)
    other = kpis.compute_metrics(DAY)[net.other_hub.pk]
    assert other["members_by_kind"] == {"impresa": 1}
    assert other["placements"] == 0 and other["gap_index"] is None


def test_members_follow_the_day(net):
    left = MembershipFactory(
        hub=net.hub, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2021, 1, 1)
    )
    assert kpis.compute_metrics(dt.date(2020, 6, 1))[net.hub.pk]["members_total"] == 4
    assert kpis.compute_metrics(dt.date(2021, 6, 1))[net.hub.pk]["members_total"] == 3
    assert left.organization.kind == "impresa"


def test_outcome_rates_come_from_the_outcomes_app_as_fractions(net):
    students = StudentFactory.create_batch(5, school=net.school, class_year=5)
    for i, student in enumerate(students):
        status = OutcomeStatus.EMPLOYED if i < 3 else OutcomeStatus.NEITHER
        Outcome.objects.create(
            student=student, school_id=student.school_id, months_after=12, status=status
        )
    m = kpis.compute_metrics(DAY)[net.hub.pk]
    assert m["n_12"] == 5
    assert m["employment_rate_12"] == 0.6
    assert m["n_6"] == 0 and m["employment_rate_6"] is None


def test_gap_index_equals_the_gap_function_of_the_cells(net):
    skills = SkillFactory.create_batch(3)
    day = dt.date(2027, 2, 1)
    hub = net.hub
    GapCell.objects.create(  # marks the day as computed
        computed_on=day,
        year=2026,
        sector=hub.sector,
        province=hub.province,
        hub=hub,
        skill=skills[0],
        supply=30,
        demand=10,
    )
    level = GapTotal.Level
    for skill, supply, demand in zip(skills, (30, 10, 0), (10, 10, 20), strict=True):
        GapTotal.objects.create(
            computed_on=day,
            level=level.SECTOR_PROVINCE,
            year=2026,
            sector=hub.sector,
            province=hub.province,
            skill=skill,
            supply=supply,
            demand=demand,
        )
        # Other levels and years must not count.
        GapTotal.objects.create(
            computed_on=day,
            level=level.PROVINCE,
            year=2026,
            province=hub.province,
            skill=skill,
            supply=1,
            demand=50,
        )
        GapTotal.objects.create(
            computed_on=day,
            level=level.SECTOR_PROVINCE,
            year=2025,
            sector=hub.sector,
            province=hub.province,
            skill=skill,
            supply=50,
            demand=1,
        )
    expected = cells.gap_index(hub.sector_id, hub.province_id, 2026)
    assert expected is not None
    assert kpis.compute_metrics(DAY)[hub.pk]["gap_index"] == expected
    # By hand: supply shares 3/4, 1/4, 0; demand shares 1/4, 1/4, 1/2 → ½(½ + 0 + ½) = 0.5
    assert expected == 0.5
    assert kpis.compute_metrics(DAY)[net.other_hub.pk]["gap_index"] is None


def test_snapshots_are_idempotent_for_the_same_day(net):
    build(net)
    first = kpis.take_snapshots(day=DAY)
    assert first.created == 2
    PlacementFactory(student=StudentFactory(school=net.school), hub=net.hub, host=net.company)
    again = kpis.take_snapshots(day=DAY)
    assert again.replaced == 2
    assert HubSnapshot.objects.filter(taken_on=DAY).count() == 2
    snap = HubSnapshot.objects.get(hub=net.hub, taken_on=DAY)
    assert snap.metrics["placements"] == 7  # the second run's figures
    kpis.take_snapshots(day=DAY + dt.timedelta(days=1))
    assert HubSnapshot.objects.count() == 4  # the earlier day is kept


def test_nightly_runs_gap_cells_then_snapshots(net):
    result = run_nightly(DAY)
    assert result.snapshots == 2
    assert result.gap_cells == GapCell.objects.filter(computed_on=DAY).count()
    assert result.seconds >= 0
    assert HubSnapshot.objects.filter(taken_on=DAY).count() == 2


def test_nightly_command_and_task(net):
    from django.core.management import call_command

    from ptp.observatory.tasks import observatory_nightly

    call_command("observatory_nightly", "--date", "2027-03-01")
    assert HubSnapshot.objects.filter(taken_on=DAY).count() == 2
    observatory_nightly.enqueue("2027-03-02")  # immediate backend in tests
    assert HubSnapshot.objects.filter(taken_on=dt.date(2027, 3, 2)).count() == 2


def _queries(day: dt.date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        kpis.compute_metrics(day)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_hubs_and_data(net):
    build(net)
    small = _queries(DAY)
    for _ in range(4):
        hub = HubFactory()
        school = OrganizationFactory(kind="istituto_professionale")
        MembershipFactory(hub=hub, organization=school)
        for student in StudentFactory.create_batch(3, school=school):
            PlacementFactory(student=student, hub=hub, host=net.company)
    assert _queries(DAY) == small
    assert small <= 16
