"""Fixtures the placement tests share."""

import pytest

from tests.placements.report_world import staff_of


@pytest.fixture
def other_school_staff(net):
    """Staff of the hub's other school: the student is not theirs."""
    return staff_of(net.lead_school, "altra.scuola@example.invalid")
