"""The daily hours log (registro presenze) of a placement.

The host tutor enters each day's hours and confirms them; the school tutor validates confirmed
hours, one week at a time or day by day. Only validated hours count towards the legal minimum
(L. 145/2018) and the three-quarters attendance rule. An entry can be corrected until it is
validated; a correction withdraws its confirmation, so the tutor confirms the new figure.

The student does not enter hours: the host tutor is the witness of attendance and has to confirm
each day anyway, so self-declared hours would add a step without adding trust. The student reads
the log and can download it.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.placements.models import HoursEntry, Placement, PlacementStatus
from ptp.placements.services import lifecycle_mail as mail
from ptp.placements.services.placements import audit, lock_placement

MAX_DAY_HOURS = Decimal(10)
ENTRY_FIELDS = ["day", "hours", "activity", "confirmed_at", "validated_at"]
# Hours done before an interruption still count, so they can still be confirmed and validated.
LOGGED_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the day's week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _hours_path(placement: Placement) -> str:
    return reverse("backoffice:placement_hours", args=[placement.pk])


def _check_day(placement: Placement, day: dt.date, today: dt.date) -> None:
    if not placement.starts_on <= day <= placement.ends_on:
        raise InvalidInputError(
            f"Il giorno deve cadere nel periodo del percorso, dal "
            f"{placement.starts_on:%d/%m/%Y} al {placement.ends_on:%d/%m/%Y}.",
            field="day",
        )
    if day > today:
        raise InvalidInputError("Non si registrano ore di giorni futuri.", field="day")


def _check_hours(hours: Decimal) -> None:
    # The database refuses these too (hours_between_0_and_10); here the message names the field.
    if not Decimal(0) < hours <= MAX_DAY_HOURS:
        raise InvalidInputError("Le ore di un giorno vanno da più di 0 a 10.", field="hours")


def _entry_audit(actor: User, entry: HoursEntry, summary: str, before: dict | None) -> None:
    record_event(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=entry,
        summary=summary,
        hub_id=entry.placement.hub_id,
        before=before,
        after=snapshot(entry, ENTRY_FIELDS),
    )


@transaction.atomic(durable=True)
def record_hours(
    *,
    actor: User,
    placement: Placement,
    day: dt.date,
    hours: Decimal,
    activity: str = "",
    today: dt.date | None = None,
) -> HoursEntry:
    """Enters one day's hours (more than 0, at most 10) of an active placement, within its dates
    and not in the future; a day is entered once and corrected afterwards."""
    today = today or timezone.localdate()
    placement = lock_placement(placement)
    if placement.status != PlacementStatus.ACTIVE:
        raise ConflictError("Le ore si registrano solo per un percorso in corso.")
    _check_day(placement, day, today)
    _check_hours(hours)
    if HoursEntry.objects.filter(placement=placement, day=day).exists():
        raise ConflictError(
            f"Le ore del {day:%d/%m/%Y} sono già registrate: correggile dal registro.",
            field="day",
        )
    entry = HoursEntry(placement=placement, day=day, hours=hours, activity=activity.strip())
    validate_model(entry, exclude=["placement"])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ConflictError("Le ore di questo giorno sono già registrate.", field="day") from exc
    _entry_audit(actor, entry, f"Registrate {entry.hours} ore il {day:%d/%m/%Y}", None)
    return entry


@transaction.atomic(durable=True)
def correct_hours(
    *, actor: User, entry: HoursEntry, hours: Decimal, activity: str = ""
) -> HoursEntry:
    """Corrects an entry not yet validated by the school; its confirmation is withdrawn."""
    placement = lock_placement(entry.placement)
    entry = HoursEntry.objects.get(pk=entry.pk, placement=placement)
    entry.placement = placement
    if entry.validated_at is not None:
        raise ConflictError("Le ore convalidate dalla scuola non si possono più correggere.")
    if placement.status not in LOGGED_STATUSES:
        raise ConflictError("Il percorso non è iniziato: non ci sono ore da correggere.")
    _check_hours(hours)
    before = snapshot(entry, ENTRY_FIELDS)
    entry.hours, entry.activity = hours, activity.strip()
    entry.confirmed_at, entry.confirmed_by = None, None
    validate_model(entry, exclude=["placement"])
    entry.save()
    _entry_audit(actor, entry, f"Corrette le ore del {entry.day:%d/%m/%Y}: {entry.hours}", before)
    return entry


def _week_entries(placement: Placement, week_start: dt.date) -> QuerySet[HoursEntry]:
    monday, sunday = week_of(week_start)
    return HoursEntry.objects.filter(placement=placement, day__range=(monday, sunday))


def _chosen(
    entries: QuerySet[HoursEntry],
    placement: Placement,
    entry_ids: Iterable[int] | None,
    week_start: dt.date | None,
) -> QuerySet[HoursEntry]:
    """The entries of the given week and with the given ids (either narrowing only when given)."""
    if week_start is not None:
        entries = entries.filter(pk__in=_week_entries(placement, week_start).values("pk"))
    if entry_ids is not None:
        entries = entries.filter(pk__in=list(entry_ids))
    return entries


def _batch_total(entries: QuerySet[HoursEntry]) -> str:
    """The hours of a batch as people write them (6, 5.5), whatever the database returns."""
    total = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return format(Decimal(total).normalize(), "f")


@transaction.atomic(durable=True)
def confirm_hours(
    *,
    actor: User,
    placement: Placement,
    entry_ids: Iterable[int] | None = None,
    week_start: dt.date | None = None,
) -> int:
    """The host tutor confirms unconfirmed entries (the given ones, or a whole week); the school
    tutor is then asked to validate them. Returns how many were confirmed."""
    placement = lock_placement(placement)
    if placement.status not in LOGGED_STATUSES:
        raise ConflictError("Il percorso non è iniziato: non ci sono ore da confermare.")
    entries = HoursEntry.objects.filter(placement=placement, confirmed_at__isnull=True)
    entries = _chosen(entries, placement, entry_ids, week_start)
    total = _batch_total(entries)
    count = entries.update(
        confirmed_at=timezone.now(), confirmed_by=actor, updated_at=timezone.now()
    )
    if count == 0:
        raise ConflictError("Non ci sono ore da confermare.")
    audit(actor, placement, f"Confermate dal tutor aziendale {total} ore (giorni: {count})")
    mail.notify(
        template="hours_confirmed",
        subject="Ore confermate dal tutor aziendale: da convalidare",
        to=mail.school_side(placement),
        context={
            "placement": placement,
            "count": count,
            "total": total,
            "link": mail.link(_hours_path(placement)),
        },
        actor=actor,
    )
    return count


@transaction.atomic(durable=True)
def validate_hours(
    *,
    actor: User,
    placement: Placement,
    entry_ids: Iterable[int] | None = None,
    week_start: dt.date | None = None,
) -> int:
    """The school tutor validates confirmed entries (the given ones, or a whole week); validated
    hours count towards the student's total and can no longer change. Returns how many."""
    placement = lock_placement(placement)
    if placement.status not in LOGGED_STATUSES:
        raise ConflictError("Il percorso non è iniziato: non ci sono ore da convalidare.")
    entries = HoursEntry.objects.filter(
        placement=placement, confirmed_at__isnull=False, validated_at__isnull=True
    )
    entries = _chosen(entries, placement, entry_ids, week_start)
    total = _batch_total(entries)
    count = entries.update(
        validated_at=timezone.now(), validated_by=actor, updated_at=timezone.now()
    )
    if count == 0:
        raise ConflictError("Non ci sono ore confermate dal tutor aziendale da convalidare.")
    audit(actor, placement, f"Convalidate dalla scuola {total} ore (giorni: {count})")
    return count
