"""The hours log of a placement in the back office: a week at a time, the host tutor's entry form
and confirmation, the school tutor's validation, and the CSV download of the whole log."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ptp.core.errors import DomainError
from ptp.core.exports import stream_csv
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest
from ptp.placements import permissions as perms
from ptp.placements.lifecycle_forms import HoursCorrectionForm, HoursEntryForm
from ptp.placements.models import HoursEntry, Placement, PlacementStatus
from ptp.placements.queries import hours as queries
from ptp.placements.services import hours as services


def requested_week(placement: Placement, value: str | None) -> dt.date:
    """The Monday of the week asked for (?settimana=YYYY-MM-DD), or the one to show first."""
    try:
        return queries.week_of_day(dt.date.fromisoformat(value or ""))
    except ValueError:
        return queries.default_week(placement, timezone.localdate())


def hours_csv(placement: Placement) -> StreamingHttpResponse:
    """The whole log of the placement as CSV."""
    return stream_csv(
        f"registro-presenze-{placement.pk}", queries.EXPORT_HEADER, queries.export_rows(placement)
    )


def _week_url(placement: Placement, monday: dt.date) -> str:
    url = reverse("backoffice:placement_hours", args=[placement.pk])
    return f"{url}?settimana={monday.isoformat()}"


@login_required
@require_http_methods(["GET", "POST"])
def placement_hours(request: AuthenticatedRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """The week view; the host tutor enters a day's hours here (POST)."""
    placement = perms.get_placement(request.user, pk)
    if request.GET.get("formato") == "csv":
        return hours_csv(placement)
    can_enter = perms.can_enter_hours(request.user, placement)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied
    form = HoursEntryForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.record_hours(
                actor=request.user, placement=placement, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Ore registrate."))
            return redirect(_week_url(placement, queries.week_of_day(entry.day)))
    monday = requested_week(placement, request.GET.get("settimana"))
    context = {
        "placement": placement,
        "week": queries.hours_week(placement, monday),
        "totals": queries.totals_of(placement),
        "form": form,
        "can_enter": can_enter and placement.status == PlacementStatus.ACTIVE,
        "can_confirm": can_enter,
        "can_validate": perms.can_validate_hours(request.user, placement),
    }
    return render(request, "placements/hours_log.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_hours_edit(request: AuthenticatedRequest, pk: int, entry_id: int) -> HttpResponse:
    """The host tutor corrects a day not yet validated (it then needs confirming again)."""
    placement = perms.get_placement(request.user, pk, perms.can_enter_hours)
    entry = get_object_or_404(HoursEntry, pk=entry_id, placement=placement)
    entry.placement = placement
    initial = {"hours": entry.hours, "activity": entry.activity}
    form = HoursCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_hours(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Ore corrette: vanno confermate di nuovo."))
            return redirect(_week_url(placement, queries.week_of_day(entry.day)))
    context = {"placement": placement, "entry": entry, "form": form}
    return render(request, "placements/hours_entry_form.html", context)


def _week_action(request: AuthenticatedRequest, pk: int, *, confirm: bool) -> HttpResponse:
    predicate = perms.can_enter_hours if confirm else perms.can_validate_hours
    placement = perms.get_placement(request.user, pk, predicate)
    monday = requested_week(placement, request.POST.get("settimana"))
    entry = request.POST.get("giorno")
    entry_ids = [int(entry)] if entry and entry.isdigit() else None
    service = services.confirm_hours if confirm else services.validate_hours
    try:
        count = service(
            actor=request.user, placement=placement, entry_ids=entry_ids, week_start=monday
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = _("Giorni confermati: %(n)d.") if confirm else _("Giorni convalidati: %(n)d.")
        messages.success(request, done % {"n": count})
    return redirect(_week_url(placement, monday))


@login_required
@require_POST
def placement_hours_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The host tutor confirms a day, or every unconfirmed day of the week."""
    return _week_action(request, pk, confirm=True)


@login_required
@require_POST
def placement_hours_validate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The school tutor validates a day, or every confirmed day of the week."""
    return _week_action(request, pk, confirm=False)
