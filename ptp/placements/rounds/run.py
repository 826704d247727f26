"""Running a round: load its applications, build the engine's instance, allocate, check, explain,
store the outcome. The engine itself (ptp.matching) knows nothing of Django."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ptp import matching
from ptp.placements.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    RoundAssignment,
    RoundStatus,
    RoundWindow,
)
from ptp.placements.rounds.periods import group_periods
from ptp.placements.rounds.scoring import ApplicantFacts, Weights, score
from ptp.students.models import StudentSkill

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RoundData:
    """What the engine needs, with the labels that make its explanations readable."""

    instance: matching.Instance
    window_of_host: dict[str, int]
    period_of_window: dict[int, str]
    in_group: dict[str, bool]
    choices: dict[tuple[str, str], int]


def _period_label(key: str) -> str:
    start, end = (dt.date.fromisoformat(x) for x in key.split("/"))
    return f"dal {start:%d/%m/%Y} al {end:%d/%m/%Y}"


def _host_label(rw: RoundWindow) -> str:
    w = rw.window
    # Unique and readable: the explanations quote it to the student.
    return f"«{w.opportunity.title}» presso {w.opportunity.host.name} ({w.starts_on:%d/%m}–{w.ends_on:%d/%m}, n. {w.pk})"


def _place(municipality: object) -> tuple[float, float] | None:
    lat = getattr(municipality, "latitude", None)
    lon = getattr(municipality, "longitude", None)
    return (float(lat), float(lon)) if lat is not None and lon is not None else None


def load_round(round_: AllocationRound) -> RoundData:
    """Builds the engine's instance from the round's windows and the school-validated applications
    to them (a fixed number of queries)."""
    round_windows = list(
        round_.round_windows.select_related(
            "window__opportunity__host", "window__opportunity__municipality"
        ).order_by("window_id")
    )
    by_window = {rw.window_id: rw for rw in round_windows}
    periods = group_periods(
        (rw.window_id, rw.window.starts_on, rw.window.ends_on) for rw in round_windows
    )
    labels = {rw.window_id: _host_label(rw) for rw in round_windows}
    kept = _kept_pairs(round_, set(by_window))
    # Validated applications compete; accepted ones only where a re-run guarantees that seat.
    applications = [
        a
        for a in Application.objects.filter(
            window_id__in=by_window,
            status__in=[ApplicationStatus.VALIDATED, ApplicationStatus.ACCEPTED],
        )
        .select_related("student__municipality", "student__programme")
        .order_by("student_id", "rank", "pk")
        if a.status == ApplicationStatus.VALIDATED or (a.student_id, a.window_id) in kept
    ]
    student_ids = {a.student_id for a in applications}
    skills: dict[int, set[int]] = defaultdict(set)
    for student_id, skill_id in StudentSkill.objects.filter(student_id__in=student_ids).values_list(
        "student_id", "skill_id"
    ):
        skills[student_id].add(skill_id)
    opportunity_ids = {rw.window.opportunity_id for rw in round_windows}
    required: dict[int, set[int]] = defaultdict(set)
    through = round_windows[0].window.opportunity.skills_required.through if round_windows else None
    if through is not None:
        for opportunity_id, skill_id in through.objects.filter(
            opportunity_id__in=opportunity_ids
        ).values_list("opportunity_id", "skill_id"):
            required[opportunity_id].add(skill_id)
    weights = Weights(round_.weight_skills, round_.weight_distance, round_.weight_programme)
    preferences: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    priorities: list[matching.Priority] = []
    in_group: dict[str, bool] = {}
    for application in applications:
        student = application.student
        rw = by_window[application.window_id]
        opportunity = rw.window.opportunity
        sid, host = str(student.pk), labels[rw.window_id]
        preferences[sid][_period_label(periods[rw.window_id])].append(host)
        in_group[sid] = student.economic_disadvantage or student.has_accommodations
        facts = ApplicantFacts(
            student_skills=frozenset(skills[student.pk]),
            required_skills=frozenset(required[opportunity.pk]),
            student_place=_place(student.municipality),
            host_place=_place(opportunity.municipality),
            same_sector=bool(
                student.programme and student.programme.sector_id == opportunity.sector_id
            ),
            host_score=float(application.host_score)
            if application.host_score is not None
            else None,
        )
        priorities.append(matching.Priority(host, sid, score(facts, weights)))
    hosts = [
        matching.Host(
            labels[rw.window_id],
            {_period_label(periods[rw.window_id]): rw.seats},
            {_period_label(periods[rw.window_id]): rw.reserved_seats} if rw.reserved_seats else {},
        )
        for rw in round_windows
    ]
    students = [
        matching.Student(sid, dict(by_period), in_group[sid])
        for sid, by_period in preferences.items()
    ]
    guarantees = [
        matching.Placement(str(student_id), _period_label(periods[window_id]), labels[window_id])
        for student_id, window_id in sorted(kept)
    ]
    instance = matching.Instance.build(students, hosts, priorities, guarantees=guarantees)
    return RoundData(
        instance=instance,
        window_of_host={label: window_id for window_id, label in labels.items()},
        period_of_window={w: _period_label(p) for w, p in periods.items()},
        in_group=in_group,
        choices={
            (sid, period): len(hosts_)
            for sid, by_period in preferences.items()
            for period, hosts_ in by_period.items()
        },
    )


def _kept_pairs(round_: AllocationRound, windows: set[int]) -> set[tuple[int, int]]:
    """(student, window) seats a re-run guarantees: what the previous round gave them."""
    if round_.previous_id is None:
        return set()
    return set(
        RoundAssignment.objects.filter(
            round_id=round_.previous_id, window_id__in=windows
        ).values_list("student_id", "window_id")
    )


def run_round(round_: AllocationRound, *, progress: Progress | None = None) -> matching.Summary:
    """Allocates, checks the result (capacity, eligibility, stability) and stores one assignment
    per student and period with its explanation in Italian; the round moves to review."""
    say = progress or (lambda _percent, _note: None)
    say(5, "Lettura delle candidature")
    data = load_round(round_)
    say(30, "Abbinamento")
    objective = matching.Objective(round_.objective)
    allocation = matching.allocate(data.instance, seed=round_.seed, objective=objective)
    say(60, "Verifica del risultato")
    violations = [
        v
        for v in matching.check(data.instance, allocation)
        if v.kind != "blocking_pair" or objective is matching.Objective.STABLE
    ]
    if violations:
        raise RuntimeError(f"allocation failed its checks: {violations[:3]}")
    summary = matching.summarize(allocation)
    say(75, "Spiegazioni per ogni studente")
    placed = {(p.student_id, p.window): p for p in allocation.placements()}
    rows = []
    for sid in data.instance.student_ids:
        lines = matching.explain(data.instance, allocation, sid)
        for period in data.instance.windows:
            if (sid, period) not in data.choices:
                continue
            placement = placed.get((sid, period))
            rows.append(
                RoundAssignment(
                    round=round_,
                    student_id=int(sid),
                    period=period,
                    window_id=data.window_of_host[placement.host_id] if placement else None,
                    rank=placement.rank if placement else None,
                    choices=data.choices[(sid, period)],
                    in_group=data.in_group[sid],
                    explanation=lines,
                )
            )
    with transaction.atomic():
        round_.assignments.all().delete()
        RoundAssignment.objects.bulk_create(rows, batch_size=2000)
        round_.summary = {
            "lines": summary.lines(),
            "placed": summary.placed,
            "unplaced": summary.unplaced,
        }
        round_.status = RoundStatus.REVIEW
        round_.ran_at = timezone.now()
        round_.progress = 100
        round_.progress_note = ""
        round_.save(
            update_fields=["summary", "status", "ran_at", "progress", "progress_note", "updated_at"]
        )
    return summary
