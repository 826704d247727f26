"""The pure rules around allocation rounds: how hosts score applicants, how windows group into
periods, how capacity is balanced."""

import datetime as dt

import pytest

from ptp.placements.rounds.capacity import balance, lacking_hours
from ptp.placements.rounds.periods import group_periods
from ptp.placements.rounds.scoring import (
    ApplicantFacts,
    Weights,
    distance_km,
    proximity,
    score,
    skills_fit,
)

MASSA = (44.05134, 10.16240)
CARRARA = (44.07967, 10.10813)
FIRENZE = (43.7696, 11.2558)
RULE = Weights(skills=60, distance=30, programme=10)


def facts(**overrides):
    base = {
        "student_skills": frozenset({1, 2}),
        "required_skills": frozenset({1, 2, 3, 4}),
        "student_place": MASSA,
        "host_place": MASSA,
        "same_sector": True,
    }
    return ApplicantFacts(**{**base, **overrides})


def test_distance_between_massa_and_carrara_is_about_five_km():
    assert 4.0 < distance_km(MASSA, CARRARA) < 6.0
    assert distance_km(MASSA, MASSA) == 0


def test_skills_fit_is_the_share_of_required_skills():
    assert skills_fit(frozenset({1, 2}), frozenset({1, 2, 3, 4})) == 0.5
    assert skills_fit(frozenset(), frozenset()) == 1.0


def test_proximity_falls_to_zero_far_away_and_is_neutral_when_unknown():
    assert proximity(MASSA, MASSA) == 1.0
    assert proximity(MASSA, FIRENZE) == 0.0  # about 80 km
    assert proximity(None, MASSA) == 0.5


def test_score_weighs_the_three_factors():
    # 60 × 0.5 + 30 × 1 + 10 × 1 = 70 on a 0–100 scale.
    assert score(facts(), RULE) == 70.0
    assert score(facts(same_sector=False), RULE) == 60.0


def test_the_hosts_own_score_wins():
    assert score(facts(host_score=12.5), RULE) == 12.5


def test_equal_facts_give_equal_scores_so_the_lottery_decides():
    assert score(facts(), RULE) == score(facts(), RULE)


def test_no_weights_gives_zero():
    assert score(facts(), Weights(0, 0, 0)) == 0.0


D = dt.date


def test_overlapping_windows_share_a_period_even_through_a_third():
    labels = group_periods(
        [
            (1, D(2027, 6, 1), D(2027, 6, 20)),
            (2, D(2027, 6, 15), D(2027, 7, 5)),  # overlaps 1
            (3, D(2027, 7, 1), D(2027, 7, 10)),  # overlaps 2 only
            (4, D(2027, 8, 1), D(2027, 8, 20)),  # alone
        ]
    )

    assert labels[1] == labels[2] == labels[3] == "2027-06-01/2027-07-10"
    assert labels[4] == "2027-08-01/2027-08-20"


def test_touching_windows_overlap_on_the_shared_day():
    labels = group_periods(
        [(1, D(2027, 6, 1), D(2027, 6, 10)), (2, D(2027, 6, 10), D(2027, 6, 20))]
    )

    assert labels[1] == labels[2]


def test_no_windows_no_periods():
    assert group_periods([]) == {}


@pytest.mark.parametrize(
    ("done", "minimum", "lacking"),
    [(0, 150, True), (149.5, 150, True), (150, 150, False), (0, 0, False)],
)
def test_a_student_lacks_hours_below_the_minimum(done, minimum, lacking):
    from decimal import Decimal

    assert lacking_hours(Decimal(str(done)), minimum) is lacking


def test_balance_orders_by_shortfall():
    rows = balance({"Massa": 10, "Carrara": 3}, {"Massa": 4, "Carrara": 5, "Aulla": 2})

    assert [(r.municipality, r.needed, r.offered, r.shortfall) for r in rows] == [
        ("Massa", 10, 4, 6),
        ("Carrara", 3, 5, 0),
        ("Aulla", 0, 2, 0),
    ]
