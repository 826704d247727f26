"""Round pages: the coordinator runs rounds and plans capacity; students read their result and
why; hosts see who is coming."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ptp.accounts.scopes import scopes_of
from ptp.core.errors import DomainError
from ptp.core.exports import table_download
from ptp.core.forms import add_domain_error
from ptp.core.http import AuthenticatedRequest
from ptp.network.models import Organization
from ptp.network.permissions import can_manage_hub, get_hub_for_backoffice, get_hub_to_manage
from ptp.pages.charts import bar_chart
from ptp.placements.models import AllocationRound, RoundStatus
from ptp.placements.rounds import queries, services
from ptp.placements.rounds.capacity import capacity_plan
from ptp.placements.rounds.forms import CapacityForm, RoundForm
from ptp.placements.rounds.publish import publish_round
from ptp.students.models import Student

ACTIONS = {
    "apri": services.open_preferences,
    "avvia": services.start_run,
    "annulla": services.cancel_round,
    "pubblica": publish_round,
    "ripeti": services.create_rerun,
}


def _round(request: AuthenticatedRequest, slug: str, pk: int) -> AllocationRound:
    hub = get_hub_for_backoffice(request.user, slug)
    return get_object_or_404(
        AllocationRound.objects.select_related("hub", "previous"), pk=pk, hub=hub
    )


@login_required
def round_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The hub's rounds."""
    hub = get_hub_for_backoffice(request.user, slug)
    context = {
        "hub": hub,
        "rounds": queries.hub_rounds(hub),
        "can_manage": can_manage_hub(request.user, hub),
    }
    return render(request, "rounds/round_list.html", context)


@login_required
def round_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Creates a round (coordinator)."""
    hub = get_hub_to_manage(request.user, slug)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.create_round(
                actor=request.user,
                hub=hub,
                title=data["title"],
                objective=data["objective"],
                weights=(data["weight_skills"], data["weight_distance"], data["weight_programme"]),
                preferences_close_on=data["preferences_close_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("backoffice:round_detail", slug=hub.slug, pk=round_.pk)
    return render(request, "rounds/round_form.html", {"hub": hub, "form": form})


@login_required
def round_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """A round: its windows, its state and actions, its progress, and once run its review."""
    round_ = _round(request, slug, pk)
    can_manage = can_manage_hub(request.user, round_.hub)
    review = (
        queries.round_review(round_)
        if round_.status in (RoundStatus.REVIEW, RoundStatus.PUBLISHED)
        else None
    )
    chosen = dict(round_.round_windows.values_list("window_id", "reserved_seats"))
    selectable = (
        queries.selectable_windows(round_.hub, timezone.localdate())
        if can_manage and round_.status in services.EDITABLE
        else []
    )
    context = {
        "hub": round_.hub,
        "round": round_,
        "can_manage": can_manage,
        "review": review,
        "chart": bar_chart(review.by_rank) if review else None,
        "windows": round_.round_windows.select_related("window__opportunity__host").order_by(
            "window__starts_on"
        ),
        "selectable": [(w, w.pk in chosen, chosen.get(w.pk, 0)) for w in selectable],
    }
    return render(request, "rounds/round_detail.html", context)


@login_required
def round_progress(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The progress fragment the page polls while the engine runs."""
    round_ = _round(request, slug, pk)
    return render(request, "rounds/round_progress.html", {"round": round_, "hub": round_.hub})


@login_required
@require_POST
def round_windows(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """Sets the windows of the round and their reserved seats (coordinator)."""
    round_ = _round(request, slug, pk)
    if not can_manage_hub(request.user, round_.hub):
        raise PermissionDenied
    try:
        ids = [int(x) for x in request.POST.getlist("finestra")]
        windows = {i: int(request.POST.get(f"riservati_{i}") or 0) for i in ids}
    except ValueError:
        messages.error(request, _("Valori non validi nella scelta dei periodi."))
        return redirect("backoffice:round_detail", slug=slug, pk=pk)
    try:
        services.set_round_windows(actor=request.user, round_=round_, windows=windows)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Periodi della tornata aggiornati."))
    return redirect("backoffice:round_detail", slug=slug, pk=pk)


@login_required
@require_POST
def round_action(request: AuthenticatedRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Opens, runs, cancels, publishes or repeats the round (coordinator)."""
    round_ = _round(request, slug, pk)
    if action not in ACTIONS:
        raise Http404
    if not can_manage_hub(request.user, round_.hub):
        raise PermissionDenied
    try:
        result = ACTIONS[action](actor=request.user, round_=round_)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:round_detail", slug=slug, pk=pk)
    if isinstance(result, AllocationRound) and result.pk != round_.pk:
        return redirect("backoffice:round_detail", slug=slug, pk=result.pk)
    return redirect("backoffice:round_detail", slug=slug, pk=pk)


@login_required
def capacity(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Seats the member schools need against seats offered, by school and municipality."""
    hub = get_hub_for_backoffice(request.user, slug)
    form = CapacityForm(request.GET or None)
    plan = None
    if form.is_valid():
        plan = capacity_plan(
            hub,
            starts_on=form.cleaned_data["dal"],
            ends_on=form.cleaned_data["al"],
            today=timezone.localdate(),
        )
        fmt = request.GET.get("formato")
        if fmt in ("csv", "xlsx"):
            header = ["comune", "posti necessari", "posti offerti", "posti mancanti"]
            rows = [[a.municipality, a.needed, a.offered, a.shortfall] for a in plan.areas]
            return table_download(fmt, f"capacita-{hub.slug}", "Capacità", header, rows)  # type: ignore[return-value]
    context = {
        "hub": hub,
        "form": form,
        "plan": plan,
        "chart": bar_chart([(a.municipality, a.shortfall) for a in plan.areas if a.shortfall])
        if plan
        else None,
    }
    return render(request, "rounds/capacity.html", context)


@login_required
def student_results(request: AuthenticatedRequest) -> HttpResponse:
    """A student's results in published rounds, each with its explanation."""
    student = Student.objects.filter(user=request.user).first()
    if student is None:
        raise Http404
    return render(
        request, "rounds/student_results.html", {"results": queries.student_results(student)}
    )


@login_required
def host_incoming(request: AuthenticatedRequest, org_slug: str) -> HttpResponse:
    """The students published rounds send to a host (its staff only)."""
    host = get_object_or_404(Organization, slug=org_slug)
    if host.pk not in scopes_of(request.user).staff_organization_ids:
        raise Http404
    return render(
        request,
        "rounds/host_incoming.html",
        {"host": host, "incoming": queries.incoming_students(host)},
    )
