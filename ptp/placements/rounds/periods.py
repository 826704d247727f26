"""Windows that overlap in time form one period: a student is placed at most once per period.
Pure functions, no Django."""

import datetime as dt
from collections.abc import Iterable


def group_periods(windows: Iterable[tuple[int, dt.date, dt.date]]) -> dict[int, str]:
    """Maps each window id to a period label ("2027-06-08/2027-07-03"): windows whose dates overlap,
    directly or through other windows, share one period."""
    ordered = sorted(windows, key=lambda w: (w[1], w[2], w[0]))
    labels: dict[int, str] = {}
    group: list[int] = []
    start = end = None
    for window_id, starts_on, ends_on in ordered:
        if end is not None and starts_on <= end:
            group.append(window_id)
            end = max(end, ends_on)
            continue
        if group and start is not None and end is not None:
            labels.update({w: f"{start.isoformat()}/{end.isoformat()}" for w in group})
        group, start, end = [window_id], starts_on, ends_on
    if group and start is not None and end is not None:
        labels.update({w: f"{start.isoformat()}/{end.isoformat()}" for w in group})
    return labels
