"""Background work of the observatory (django.tasks; run by `manage.py db_worker`)."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from ptp.observatory.nightly import run_nightly


@task()
def observatory_nightly(day: str | None = None) -> dict[str, object]:
    """Recomputes the gap cells and every hub's snapshot for the day (ISO date; today in
    Europe/Rome when omitted). Idempotent for the same day."""
    when = dt.date.fromisoformat(day) if day else timezone.localdate()
    result = run_nightly(when)
    return {
        "day": result.day.isoformat(),
        "gap_cells": result.gap_cells,
        "snapshots": result.snapshots,
        "seconds": round(result.seconds, 3),
    }
