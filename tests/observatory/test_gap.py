"""The gap measure on small cases computed by hand."""

import pytest

from ptp.observatory.gap import Flow, compute_gaps, confidence, occupation_demand
from ptp.observatory.gap_queries import SkillGap, occupation_gaps


def test_nothing_gives_nothing():
    assert compute_gaps([], []) == []


def test_a_single_skill_with_only_demand_is_a_full_shortage():
    rows = compute_gaps([], [Flow("MS", 7, 20)])

    (row,) = rows
    # Demand share: (20 + 10 × 1) / (20 + 10) = 1; no supply at all: 0.
    assert (row.supply, row.demand) == (0, 20)
    assert row.demand_share == pytest.approx(1.0)
    assert row.supply_share == 0.0
    assert row.gap == pytest.approx(1.0)
    assert row.people_gap == 20
    assert row.confidence == "media"


def test_shares_are_smoothed_toward_the_region():
    supply = [Flow("MS", 1, 30), Flow("MS", 2, 10), Flow("PI", 1, 10), Flow("PI", 2, 50)]
    demand = [Flow("MS", 1, 10), Flow("MS", 2, 30), Flow("PI", 1, 30), Flow("PI", 2, 30)]

    rows = {(r.group, r.skill): r for r in compute_gaps(supply, demand)}

    # Skill 2 in MS, by hand: supply prior 60/100 = 0.6, demand prior 60/100 = 0.6.
    # supply share (10 + 10 × 0.6) / (40 + 10) = 0.32; demand share (30 + 6) / 50 = 0.72.
    ms2 = rows[("MS", 2)]
    assert ms2.supply_share == pytest.approx(0.32)
    assert ms2.demand_share == pytest.approx(0.72)
    assert ms2.gap == pytest.approx(0.40)
    # Largest shortage first.
    assert next(iter(compute_gaps(supply, demand))).gap == max(r.gap for r in rows.values())


def test_a_surplus_is_a_negative_gap():
    rows = {
        r.skill: r
        for r in compute_gaps(
            [Flow("MS", 1, 40), Flow("MS", 2, 10)], [Flow("MS", 1, 5), Flow("MS", 2, 45)]
        )
    }

    assert rows[1].gap < 0 < rows[2].gap


def test_small_cells_are_suppressed():
    rows = compute_gaps([Flow("MS", 1, 2)], [Flow("MS", 1, 2.5), Flow("MS", 2, 50)])

    assert [r.skill for r in rows] == [2]


def test_all_suppressed_gives_nothing():
    assert compute_gaps([Flow("MS", 1, 1)], [Flow("MS", 2, 1), Flow("PI", 1, 3)]) == []


def test_zero_or_negative_people_are_ignored():
    rows = compute_gaps([Flow("MS", 1, -5)], [Flow("MS", 1, 0), Flow("MS", 1, 6)])

    assert [(r.supply, r.demand) for r in rows] == [(0, 6)]


@pytest.mark.parametrize(
    ("people", "label"), [(0, "bassa"), (14.9, "bassa"), (15, "media"), (49, "media"), (50, "alta")]
)
def test_confidence_follows_the_people_behind_a_figure(people, label):
    assert confidence(people) == label


def test_hires_are_shared_among_the_occupations_of_the_group():
    # 12 hires, two occupations: 6 each; skill 3 is essential to both.
    assert occupation_demand(12, [[1, 3], [2, 3, 3]]) == {1: 6, 3: 12, 2: 6}
    assert occupation_demand(12, []) == {}
    assert occupation_demand(0, [[1]]) == {}


def test_an_occupations_gap_adds_up_its_measured_essential_skills():
    def gap(skill_id: int, demand_share: float, supply_share: float) -> SkillGap:
        return SkillGap(skill_id, f"skill {skill_id}", 10, 10, supply_share, demand_share, "alta")

    gaps = {1: gap(1, 0.30, 0.10), 2: gap(2, 0.10, 0.15), 3: gap(3, 0.05, 0.05)}
    links = [
        # occupation 10: skills 1 (+0.20) and 2 (-0.05), and 4 unmeasured -> +0.15
        (10, 1, "cuoco", 3),
        (10, 2, "cuoco", 3),
        (10, 4, "cuoco", 3),
        # occupation 20: skill 2 only -> -0.05, not listed
        (20, 2, "cameriere", 1),
        # occupation 30: skill 1 -> +0.20, first
        (30, 1, "receptionist", 2),
        # occupation 40: nothing measured
        (40, 5, "guida", 1),
    ]

    rows = occupation_gaps(links, gaps, limit=10)

    assert [(r.occupation_id, round(r.gap, 6)) for r in rows] == [(30, 0.2), (10, 0.15)]
    cook = rows[1]
    assert (cook.short_skills, cook.measured_skills, cook.essential_skills) == (1, 2, 3)
    assert cook.worst_skill == "skill 1" and cook.gap_points == "+15,0"
    assert occupation_gaps(links, gaps, limit=1)[0].occupation_id == 30
    assert occupation_gaps(links, {}, limit=10) == []
