"""The observatory's nightly run: the gap cells, then every hub's snapshot, for one day.

Order matters: a hub's snapshot carries the gap index of its sector and province, read from the
cells computed just before. Both steps replace what the same day already had, so running the night
twice (by hand after a failure, or cron and a task both) leaves one set of figures per day.
"""

import datetime as dt
import time
from dataclasses import dataclass

from ptp.observatory import open_data
from ptp.observatory.cells import compute_gap_cells
from ptp.observatory.kpis import take_snapshots


@dataclass(frozen=True)
class NightlyResult:
    day: dt.date
    gap_cells: int
    snapshots: int
    gap_seconds: float
    snapshot_seconds: float
    open_data_seconds: float

    @property
    def seconds(self) -> float:
        return self.gap_seconds + self.snapshot_seconds + self.open_data_seconds


def run_nightly(day: dt.date) -> NightlyResult:
    """Computes the day's gap cells and hub snapshots (idempotent for the same day), timed; then
    builds the open-data files for the new figures."""
    started = time.perf_counter()
    cells = compute_gap_cells(day)
    middle = time.perf_counter()
    snapshots = take_snapshots(day=day)
    ended = time.perf_counter()
    open_data.warm_cache()  # after the commits above moved the public-data version
    warmed = time.perf_counter()
    return NightlyResult(
        day=day,
        gap_cells=cells,
        snapshots=snapshots.created,
        gap_seconds=round(middle - started, 3),
        snapshot_seconds=round(ended - middle, 3),
        open_data_seconds=round(warmed - ended, 3),
    )
