"""Demo snapshots of past months, so the trend charts of the demo have something to show.

Each is the hub's metrics recomputed as of the last day of a past month (members in force then,
placements and reports of that school year...) from the data in the database — the demo data set,
which is itself invented — and is marked `"demo": true` and `"backfilled": true` in its metrics.
Days that already have a snapshot of the nightly run are left alone; running it twice changes
nothing. When today has no snapshot yet, today's is taken too (an ordinary one: the nightly run
replaces it)."""

import datetime as dt

from django.utils import timezone

from ptp.accounts.models import User
from ptp.observatory.hub_queries import criteria, save_ranking_method
from ptp.observatory.kpis import compute_metrics, take_snapshots
from ptp.observatory.models import HubSnapshot, RankingMethod

MONTHS = 12


def _month_ends(today: dt.date, months: int) -> list[dt.date]:
    ends = []
    first = today.replace(day=1)
    for _ in range(months):
        last = first - dt.timedelta(days=1)
        ends.append(last)
        first = last.replace(day=1)
    return sorted(ends)


def seed_demo_snapshots(today: dt.date | None = None, months: int = MONTHS) -> int:
    """Writes the demo snapshots of the last `months` month ends (and today's when missing);
    returns how many were written."""
    today = today or timezone.localdate()
    written = 0
    for day in _month_ends(today, months):
        taken = set(HubSnapshot.objects.filter(taken_on=day).values_list("hub_id", flat=True))
        rows = []
        for hub_id, metrics in compute_metrics(day).items():
            if hub_id in taken:
                continue
            metrics["demo"] = True
            metrics["backfilled"] = True
            rows.append(HubSnapshot(hub_id=hub_id, taken_on=day, metrics=metrics))
        HubSnapshot.objects.bulk_create(rows)
        written += len(rows)
    if not HubSnapshot.objects.filter(taken_on=today).exists():
        written += take_snapshots(day=today).created
    return written


def seed_demo_ranking(officer: User) -> RankingMethod:
    """A first ranking method with equal weights, saved by the demo regional officer, so the
    ranking page shows something; marked demo in its name and notes. Idempotent: once any version
    exists, the latest is returned unchanged."""
    existing = RankingMethod.objects.order_by("-version").first()
    if existing is not None:
        return existing
    return save_ranking_method(
        actor=officer,
        name="Pesi uguali (demo)",
        weights={criterion.key: 1.0 for criterion in criteria()},
        notes=(
            "Metodo dimostrativo: ogni indicatore pesa allo stesso modo. Non è un metodo adottato "
            "dalla Regione Toscana."
        ),
    )
