"""What the hub pages of the observatory read: the latest snapshot of every hub, a hub's trend, the
ranking with the method in force, the open data. Each reads a fixed number of queries whatever the
number of hubs or snapshots, and returns public values only (small counts suppressed)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.public_cache import public_data_changed
from ptp.network.models import Hub
from ptp.observatory import indicators, ranking
from ptp.observatory.models import HubSnapshot, RankingMethod

TREND_MONTHS = 24


@dataclass(frozen=True)
class HubFigures:
    """A hub with the public values of one snapshot (None: no snapshot yet)."""

    hub: Hub
    taken_on: dt.date | None
    values: dict[str, float | None]
    members_by_kind: list[tuple[str, int]]
    school_year: str
    is_demo: bool

    def shown(self, key: str) -> str:
        return indicators.display(key, self.values.get(key))


def _figures(hub: Hub, snapshot: HubSnapshot | None) -> HubFigures:
    metrics: dict[str, Any] = snapshot.metrics if snapshot is not None else {}
    return HubFigures(
        hub=hub,
        taken_on=snapshot.taken_on if snapshot is not None else None,
        values=indicators.public_values(metrics),
        members_by_kind=indicators.members_by_kind(metrics),
        school_year=str(metrics.get("school_year", "")),
        is_demo=bool(metrics.get("demo")) or hub.is_demo,
    )


def latest_day() -> dt.date | None:
    """The day of the latest snapshots (the nightly run writes every hub's at once)."""
    return HubSnapshot.objects.aggregate(day=Max("taken_on"))["day"]


def all_hubs() -> list[HubFigures]:
    """Every hub with its latest snapshot's public values, by name (three queries)."""
    day = latest_day()
    snapshots: dict[int, HubSnapshot] = {}
    if day is not None:
        snapshots = {s.hub_id: s for s in HubSnapshot.objects.filter(taken_on=day)}
    hubs = Hub.objects.select_related("sector", "province").order_by("name")
    return [_figures(hub, snapshots.get(hub.pk)) for hub in hubs]


@dataclass(frozen=True)
class TrendPoint:
    taken_on: dt.date
    values: dict[str, float | None]
    members_by_kind: dict[str, int]
    is_demo: bool


@dataclass(frozen=True)
class HubTrend:
    current: HubFigures
    points: list[TrendPoint]  # one per month, oldest first
    kinds: list[str] = field(default_factory=list)  # kind labels present in any point


def hub_trend(slug: str) -> HubTrend:
    """A hub's latest figures and its monthly trend over the last TREND_MONTHS months (the last
    snapshot of each month); 404 for an unknown hub. Two queries."""
    hub = Hub.objects.select_related("sector", "province").filter(slug=slug).first()
    if hub is None:
        raise Http404
    snapshots = list(hub.snapshots.order_by("taken_on").only("taken_on", "metrics", "hub_id"))
    latest = snapshots[-1] if snapshots else None
    if latest is not None:
        since = latest.taken_on - dt.timedelta(days=31 * TREND_MONTHS)
        snapshots = [s for s in snapshots if s.taken_on > since]
    by_month: dict[tuple[int, int], HubSnapshot] = {}
    for s in snapshots:
        by_month[(s.taken_on.year, s.taken_on.month)] = s  # the last of the month wins
    points = []
    kinds: set[str] = set()
    for s in by_month.values():
        members = dict(indicators.members_by_kind(s.metrics))
        kinds.update(members)
        points.append(
            TrendPoint(
                s.taken_on,
                indicators.public_values(s.metrics),
                members,
                bool(s.metrics.get("demo")),
            )
        )
    return HubTrend(current=_figures(hub, latest), points=points, kinds=sorted(kinds))


def snapshots_of_year(hub: Hub, first_year: int) -> list[HubSnapshot]:
    """The hub's snapshots of a school year (1 September to 31 August), oldest first."""
    return list(
        hub.snapshots.filter(
            taken_on__gte=dt.date(first_year, 9, 1), taken_on__lte=dt.date(first_year + 1, 8, 31)
        ).order_by("taken_on")
    )


# --- Ranking ------------------------------------------------------------------------------------


def criteria() -> tuple[ranking.Criterion, ...]:
    """The rankable indicators with their labels in the active language."""
    return tuple(
        ranking.Criterion(i.key, str(i.label), bool(i.higher_is_better))
        for i in indicators.RANKABLE
    )


def latest_method() -> RankingMethod | None:
    """The ranking method in force: the latest version (the published one)."""
    return RankingMethod.objects.select_related("created_by").order_by("-version").first()


def method_versions() -> list[RankingMethod]:
    return list(RankingMethod.objects.select_related("created_by").order_by("-version"))


@dataclass(frozen=True)
class RankingView:
    method: RankingMethod
    rows: list[ranking.Ranked]
    method_text: list[str]
    weights: list[tuple[str, float]]
    taken_on: dt.date | None
    has_demo_data: bool


def ranking_with(method: RankingMethod, hubs: list[HubFigures] | None = None) -> RankingView:
    """The hubs ranked with the method's weights on their latest public values."""
    hubs = all_hubs() if hubs is None else hubs
    entries = [ranking.Entry(h.hub.slug, h.hub.name, h.values) for h in hubs]
    crit = criteria()
    labels = {c.key: c.label for c in crit}
    weights = {k: float(v) for k, v in method.weights.items() if k in labels}
    return RankingView(
        method=method,
        rows=ranking.rank(entries, crit, weights),
        method_text=ranking.method_text(crit, weights),
        weights=[(labels[c.key], weights.get(c.key, 0.0)) for c in crit],
        taken_on=next((h.taken_on for h in hubs if h.taken_on), None),
        has_demo_data=any(h.is_demo for h in hubs),
    )


def save_ranking_method(
    *, actor: User, name: str, weights: dict[str, float], notes: str
) -> RankingMethod:
    """Saves new weights as the next version of the ranking method; earlier versions are never
    changed, so every published ranking can still show the method it used."""
    clean = ranking.check_weights(weights, criteria())
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = RankingMethod.objects.aggregate(v=Max("version"))["v"] or 0
                method = RankingMethod(
                    version=last + 1, name=name, weights=clean, notes=notes, created_by=actor
                )
                method.full_clean()
                method.save()
                record_event(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=method,
                    summary=f"Nuova versione {method.version} della graduatoria regionale",
                    after={"weights": clean, "name": name},
                )
                public_data_changed()  # the public ranking page shows the new version
                return method
        except IntegrityError:
            continue  # another officer saved the same version meanwhile: take the next one
    raise IntegrityError("versione della graduatoria non assegnata")
