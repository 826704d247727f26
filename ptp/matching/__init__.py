"""Allocation engine: students to hosts, stable by deferred acceptance, with explanations.

Pure Python and NumPy, no Django. The web application builds an `Instance` (with
`Instance.build` from records), calls `allocate`, stores the placements, and uses `check`
and `explain` on the result. See docs/matching.md.
"""

from ptp.matching.allocation import Allocation, Objective, allocate
from ptp.matching.check import Violation, check
from ptp.matching.explain import explain
from ptp.matching.model import (
    DEFAULT_WINDOW,
    Host,
    Instance,
    InstanceError,
    Placement,
    Priority,
    Student,
)
from ptp.matching.summary import Summary, summarize

__all__ = [
    "DEFAULT_WINDOW",
    "Allocation",
    "Host",
    "Instance",
    "InstanceError",
    "Objective",
    "Placement",
    "Priority",
    "Student",
    "Summary",
    "Violation",
    "allocate",
    "check",
    "explain",
    "summarize",
]
