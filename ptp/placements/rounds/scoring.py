"""How a host ranks applicants when it has not scored them itself: skills fit, distance and
programme, weighted by the round's rule. Pure functions, no Django."""

import math
from dataclasses import dataclass

# Beyond this distance a placement counts as far (proximity 0); a typical commuting range.
FAR_KM = 50.0


@dataclass(frozen=True)
class ApplicantFacts:
    """What the score looks at, for one (student, opportunity) pair."""

    student_skills: frozenset[int]
    required_skills: frozenset[int]
    student_place: tuple[float, float] | None
    host_place: tuple[float, float] | None
    same_sector: bool
    host_score: float | None = None


@dataclass(frozen=True)
class Weights:
    skills: int
    distance: int
    programme: int


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def skills_fit(student: frozenset[int], required: frozenset[int]) -> float:
    """Share of the required skills the student has (1 when nothing is required)."""
    if not required:
        return 1.0
    return len(student & required) / len(required)


def proximity(student: tuple[float, float] | None, host: tuple[float, float] | None) -> float:
    """1 next door, 0 at FAR_KM or beyond; 0.5 when a place is unknown (neither helps nor hurts much)."""
    if student is None or host is None:
        return 0.5
    return max(0.0, 1.0 - distance_km(student, host) / FAR_KM)


def score(facts: ApplicantFacts, weights: Weights) -> float:
    """The host's own score when given, else the weighted rule on a 0–100 scale, rounded to one
    decimal: equal scores are real ties, broken by the round's lottery."""
    if facts.host_score is not None:
        return float(facts.host_score)
    total = weights.skills + weights.distance + weights.programme
    if total == 0:
        return 0.0
    value = (
        (
            weights.skills * skills_fit(facts.student_skills, facts.required_skills)
            + weights.distance * proximity(facts.student_place, facts.host_place)
            + weights.programme * (1.0 if facts.same_sector else 0.0)
        )
        * 100
        / total
    )
    return round(value, 1)
