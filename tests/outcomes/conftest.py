"""Students who finished at the test network's schools, and helpers for outcomes."""

import datetime as dt

import pytest

from ptp.outcomes.models import Outcome
from ptp.placements.models import PlacementStatus
from ptp.students.models import Student
from tests.placements.factories import PlacementFactory, StudentFactory, invented_codice_fiscale

BIRTH = dt.date(2007, 3, 12)


def finished(school, n: int, **kwargs) -> Student:
    """A student of the school in the final year (class 5), with the n-th invented codice fiscale."""
    kwargs.setdefault("class_year", 5)
    return StudentFactory(
        school=school,
        birth_date=BIRTH,
        codice_fiscale=invented_codice_fiscale(n, BIRTH),
        code=f"S-T{n:07d}",
        **kwargs,
    )


def outcome(student: Student, months: int, status: str, **kwargs) -> Outcome:
    """An outcome written directly (the rates read rows, whoever wrote them)."""
    return Outcome.objects.create(
        student=student,
        school_id=student.school_id,
        programme_id=student.programme_id,
        months_after=months,
        status=status,
        **kwargs,
    )


def hosted(student: Student, host, hub, status: str = PlacementStatus.COMPLETED):
    return PlacementFactory(student=student, host=host, hub=hub, status=status)


@pytest.fixture
def leaver(net) -> Student:
    """A student of net.school in the final year."""
    return finished(net.school, 1, given_name="Ottaviano", family_name="Quercetani")
