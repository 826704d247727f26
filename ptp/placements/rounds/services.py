"""Every write of a round: create it, choose its windows, open preferences, run it in the
background, publish or cancel it, re-run it after withdrawals or new seats."""

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.network.models import Hub
from ptp.placements.models import (
    AllocationRound,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RoundStatus,
    RoundWindow,
)

EDITABLE = {RoundStatus.DRAFT, RoundStatus.COLLECTING}


def _lock(round_: AllocationRound) -> AllocationRound:
    return AllocationRound.objects.select_for_update().get(pk=round_.pk)


def _audit(actor: User, round_: AllocationRound, summary: str, **changes: Any) -> None:
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=round_,
        summary=summary,
        hub_id=round_.hub_id,
        after=changes or None,
    )


def free_seats(windows: list[OpportunityWindow]) -> dict[int, int]:
    """Seats of each window not yet taken by a placement (interrupted ones free their seat), in
    one query."""
    taken = dict(
        Placement.objects.filter(window__in=windows)
        .exclude(status=PlacementStatus.INTERRUPTED)
        .values("window_id")
        .annotate(n=Count("pk"))
        .values_list("window_id", "n")
    )
    return {w.pk: max(w.seats - taken.get(w.pk, 0), 0) for w in windows}


@transaction.atomic(durable=True)
def create_round(
    *,
    actor: User,
    hub: Hub,
    title: str,
    objective: str = "stable",
    weights: tuple[int, int, int] = (60, 30, 10),
    preferences_close_on: Any = None,
) -> AllocationRound:
    """Creates a round in preparation; its lottery seed is drawn now and kept for reproducibility."""
    round_ = AllocationRound(
        hub=hub,
        title=title,
        objective=objective,
        seed=secrets.randbelow(2**31),
        weight_skills=weights[0],
        weight_distance=weights[1],
        weight_programme=weights[2],
        preferences_close_on=preferences_close_on,
        created_by=actor,
    )
    validate_model(round_, exclude=["created_by"])
    round_.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=round_,
        summary=f"Creata la tornata «{title}»",
        hub_id=hub.pk,
    )
    return round_


@transaction.atomic(durable=True)
def set_round_windows(
    *, actor: User, round_: AllocationRound, windows: dict[int, int]
) -> list[RoundWindow]:
    """Sets the windows of a round ({window id: reserved seats}); only published opportunities of
    the hub whose window has not started, with their seats still free."""
    round_ = _lock(round_)
    if round_.status not in EDITABLE:
        raise ConflictError("Le finestre si scelgono prima di avviare l'abbinamento.")
    today = timezone.localdate()
    chosen = list(
        OpportunityWindow.objects.select_for_update(of=("self",))
        .filter(
            pk__in=list(windows),
            opportunity__hub=round_.hub,
            opportunity__status=OpportunityStatus.PUBLISHED,
            starts_on__gt=today,
        )
        .select_related("opportunity")
    )
    if len(chosen) != len(windows):
        raise InvalidInputError(
            "Alcuni periodi non sono disponibili: opportunità non pubblicate, già iniziate o di un altro polo."
        )
    round_.round_windows.all().delete()
    free_by_window = free_seats(chosen)
    rows = []
    for window in chosen:
        free = free_by_window[window.pk]
        reserved = windows[window.pk]
        if reserved > free:
            raise InvalidInputError(
                f"«{window.opportunity.title}»: {reserved} posti riservati ma solo {free} liberi.",
                field="reserved",
            )
        if free:
            rows.append(
                RoundWindow(round=round_, window=window, seats=free, reserved_seats=reserved)
            )
    RoundWindow.objects.bulk_create(rows)
    _audit(actor, round_, f"Scelti {len(rows)} periodi per la tornata", windows=sorted(windows))
    return rows


def _transition(
    actor: User, round_: AllocationRound, allowed: set[str], target: str, summary: str
) -> AllocationRound:
    round_ = _lock(round_)
    if round_.status not in allowed:
        raise ConflictError(
            f"La tornata è «{round_.get_status_display()}»: non si può passare a «{RoundStatus(target).label}»."
        )
    before = round_.status
    round_.status = target
    round_.save(update_fields=["status", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=round_,
        summary=summary,
        hub_id=round_.hub_id,
        before={"status": before},
        after={"status": target},
    )
    return round_


@transaction.atomic(durable=True)
def open_preferences(*, actor: User, round_: AllocationRound) -> AllocationRound:
    """Opens the round to students' applications and rankings; it needs at least one window."""
    if not round_.round_windows.exists():
        raise ConflictError("Scegli almeno un periodo prima di aprire le preferenze.")
    return _transition(
        actor,
        round_,
        {RoundStatus.DRAFT},
        RoundStatus.COLLECTING,
        "Aperta la raccolta delle preferenze",
    )


@transaction.atomic(durable=True)
def start_run(*, actor: User, round_: AllocationRound) -> AllocationRound:
    """Starts the allocation in the background; the page shows its progress. Running again from
    review recomputes the same lottery (same seed) on the current applications."""
    round_ = _transition(
        actor,
        round_,
        {RoundStatus.COLLECTING, RoundStatus.REVIEW},
        RoundStatus.RUNNING,
        "Avviato l'abbinamento",
    )
    round_.progress, round_.progress_note = 0, "In coda"
    round_.save(update_fields=["progress", "progress_note"])
    from ptp.placements.rounds.tasks import run_round_task

    transaction.on_commit(lambda: run_round_task.enqueue(round_id=round_.pk))
    return round_


@transaction.atomic(durable=True)
def cancel_round(*, actor: User, round_: AllocationRound) -> AllocationRound:
    """Cancels a round that has not been published; nothing it computed is kept in force."""
    return _transition(
        actor,
        round_,
        {RoundStatus.DRAFT, RoundStatus.COLLECTING, RoundStatus.REVIEW},
        RoundStatus.CANCELLED,
        "Annullata la tornata",
    )


@transaction.atomic(durable=True)
def create_rerun(*, actor: User, round_: AllocationRound) -> AllocationRound:
    """A new round over the same windows with today's free seats, keeping every student placed by
    the published round at least as well placed (their seats are guaranteed)."""
    round_ = _lock(round_)
    if round_.status != RoundStatus.PUBLISHED:
        raise ConflictError("Si può ripetere solo una tornata pubblicata.")
    rerun = AllocationRound.objects.create(
        hub=round_.hub,
        title=f"{round_.title} (ripetizione)",
        objective=round_.objective,
        seed=round_.seed,
        weight_skills=round_.weight_skills,
        weight_distance=round_.weight_distance,
        weight_programme=round_.weight_programme,
        created_by=actor,
        previous=round_,
        status=RoundStatus.COLLECTING,
    )
    # Seats already given by the published round count again, so guaranteed students keep them.
    given = dict(
        round_.assignments.filter(window__isnull=False)
        .values("window_id")
        .annotate(n=Count("pk"))
        .values_list("window_id", "n")
    )
    previous_windows = list(round_.round_windows.select_related("window"))
    free = free_seats([rw.window for rw in previous_windows])
    seats = {
        rw.window_id: free[rw.window_id] + given.get(rw.window_id, 0) for rw in previous_windows
    }
    RoundWindow.objects.bulk_create(
        RoundWindow(
            round=rerun,
            window=rw.window,
            seats=seats[rw.window_id],
            reserved_seats=min(rw.reserved_seats, seats[rw.window_id]),
        )
        for rw in previous_windows
        if seats[rw.window_id] > 0
    )
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=rerun,
        summary=f"Ripetizione della tornata «{round_.title}»",
        hub_id=round_.hub_id,
    )
    return rerun
