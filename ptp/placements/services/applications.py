"""Applications: a student applies to (and ranks) windows of published opportunities of the hubs
their school belongs to; the school validates or refuses; the host accepts or declines.

Accepting creates the placement, its training plan and its safety file in one transaction, and
only while a seat of the window is left. The window row is locked before the seats are counted, so
simultaneous acceptances for the last seat queue behind each other and exactly one of them wins
(on SQLite the IMMEDIATE transactions of settings.py serialise writers the same way).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.network.models import Membership
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
)
from ptp.placements.services import lifecycle_mail as mail
from ptp.placements.services.placements import open_placement, placement_path
from ptp.students.models import Student

# Applications still in the student's ranking (ranks 1..n among these).
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.VALIDATED)
S = ApplicationStatus


def open_applications(student: Student) -> QuerySet[Application]:
    """The student's applications still in play, in their order of preference."""
    return Application.objects.filter(student=student, status__in=OPEN_STATUSES).order_by(
        "rank", "created_at", "pk"
    )


def seats_left(window: OpportunityWindow) -> int:
    """Seats of the window not taken by a placement (an interrupted placement frees its seat)."""
    taken = Placement.objects.filter(window=window).exclude(status=PlacementStatus.INTERRUPTED)
    return max(window.seats - taken.count(), 0)


def _renumber(student: Student) -> None:
    """Ranks 1..n without gaps, keeping the order, after an application leaves the ranking."""
    changed = []
    for rank, application in enumerate(open_applications(student), start=1):
        if application.rank != rank:
            application.rank = rank
            changed.append(application)
    Application.objects.bulk_update(changed, ["rank"])


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("student__school", "student__user", "window__opportunity__hub")
        .get(pk=application.pk)
    )


def _audit(actor: User, application: Application, summary: str, **after: object) -> None:
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        summary=summary,
        hub_id=application.window.opportunity.hub_id,
        after={"status": application.status, **after},
    )


def _tell_student(application: Application, subject: str, **context: object) -> None:
    """The student hears of every decision on their application, with a link to their page."""
    mail.notify(
        template="application_decided",
        subject=subject,
        to=mail.student_emails(application.student),
        context={
            "application": application,
            **context,
            "link": mail.link(reverse("placements_student:home")),
        },
    )


@transaction.atomic(durable=True)
def submit_application(
    *,
    actor: User,
    student: Student,
    window: OpportunityWindow,
    motivation: str = "",
    today: dt.date | None = None,
) -> Application:
    """A student applies to a window of a published opportunity of a hub their school actively
    belongs to, old enough on its first day, before it ends, once; it goes last in their ranking."""
    today = today or timezone.localdate()
    window = OpportunityWindow.objects.select_related("opportunity__hub").get(pk=window.pk)
    opportunity = window.opportunity
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise ConflictError("L'opportunità non è pubblicata: non accetta candidature.")
    if window.ends_on < today:
        raise ConflictError("Il periodo è già concluso: non accetta più candidature.")
    if student.left_on is not None:
        raise ConflictError("Lo studente non frequenta più la scuola.")
    member = Membership.objects.for_hub(opportunity.hub).active()
    if not member.filter(organization_id=student.school_id).exists():
        raise ConflictError(
            f"La tua scuola non fa parte del {opportunity.hub.short_name}, che propone "
            "questa opportunità."
        )
    if student.age_on(window.starts_on) < opportunity.min_age:
        raise ConflictError(
            f"Per questa opportunità servono almeno {opportunity.min_age} anni il "
            f"{window.starts_on:%d/%m/%Y}, primo giorno del periodo."
        )
    application = Application.objects.filter(student=student, window=window).first()
    if application is not None and application.status != S.WITHDRAWN:
        raise ConflictError("Hai già una candidatura per questo periodo.")
    if application is None:
        application = Application(student=student, window=window)
    # A withdrawn application comes back as a new one: the earlier decisions no longer apply.
    application.status = S.SUBMITTED
    application.motivation = motivation.strip()
    application.rank = open_applications(student).count() + 1
    application.school_decided_by = application.host_decided_by = None
    application.school_decided_at = application.host_decided_at = None
    validate_model(application, exclude=["student", "window"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:  # the same student applying twice at the same moment
        raise ConflictError("Hai già una candidatura per questo periodo.") from exc
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=application,
        summary=f"Candidatura di {student.code} a «{opportunity.title}»",
        hub_id=opportunity.hub_id,
        after={"status": application.status, "rank": application.rank, "window": window.pk},
    )
    mail.notify(
        template="application_submitted",
        subject="Nuova candidatura da valutare",
        to=mail.staff_emails(student.school_id),
        context={
            "application": application,
            "link": mail.link(reverse("backoffice:applications_school")),
        },
        actor=actor,
    )
    return application


def _apply_order(actor: User, student: Student, order: Sequence[int]) -> list[Application]:
    applications = list(open_applications(student).select_for_update())
    if sorted(order) != sorted(a.pk for a in applications):
        raise InvalidInputError("L'ordine indicato non corrisponde alle tue candidature aperte.")
    by_pk = {a.pk: a for a in applications}
    changed = []
    for rank, pk in enumerate(order, start=1):
        if by_pk[pk].rank != rank:
            by_pk[pk].rank = rank
            changed.append(by_pk[pk])
    Application.objects.bulk_update(changed, ["rank"])
    for application in changed:
        record_event(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=application,
            summary=f"Preferenza {application.rank} per {student.code}",
            hub_id=OpportunityWindow.objects.filter(pk=application.window_id)
            .values_list("opportunity__hub_id", flat=True)
            .first(),
            after={"rank": application.rank},
        )
    return [by_pk[pk] for pk in order]


@transaction.atomic(durable=True)
def reorder_applications(
    *, actor: User, student: Student, order: Sequence[int]
) -> list[Application]:
    """Ranks the student's open applications 1..n in the order given (each exactly once)."""
    return _apply_order(actor, student, order)


@transaction.atomic(durable=True)
def move_application(*, actor: User, application: Application, offset: int) -> list[Application]:
    """Moves an open application up (offset −1) or down (+1) the student's ranking."""
    order = list(open_applications(application.student).values_list("pk", flat=True))
    if application.pk not in order:
        raise ConflictError("Questa candidatura non è più nella tua graduatoria.")
    index = order.index(application.pk)
    target = min(max(index + offset, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return _apply_order(actor, application.student, order)


@transaction.atomic(durable=True)
def withdraw_application(*, actor: User, application: Application) -> Application:
    """The student withdraws an application the host has not yet decided; ranks close up."""
    application = _lock(application)
    if application.status not in OPEN_STATUSES:
        raise ConflictError(
            f"La candidatura è «{application.get_status_display()}»: non si può ritirare."
        )
    was_validated = application.status == S.VALIDATED
    application.status = S.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    _renumber(application.student)
    _audit(actor, application, f"Ritirata la candidatura di {application.student.code}")
    opportunity = application.window.opportunity
    to = mail.staff_emails(application.student.school_id)
    if was_validated:
        to |= mail.staff_emails(opportunity.host_id)
    mail.notify(
        template="application_withdrawn",
        subject="Candidatura ritirata dallo studente",
        to=to,
        context={"application": application},
        actor=actor,
    )
    return application


def _decide_as_school(actor: User, application: Application, status: str) -> Application:
    application = _lock(application)
    if application.status != S.SUBMITTED:
        raise ConflictError(
            f"La candidatura è «{application.get_status_display()}»: "
            "la scuola l'ha già valutata o non è più attiva."
        )
    application.status = status
    application.school_decided_by = actor
    application.school_decided_at = timezone.now()
    application.save(
        update_fields=["status", "school_decided_by", "school_decided_at", "updated_at"]
    )
    return application


@transaction.atomic(durable=True)
def validate_application(*, actor: User, application: Application) -> Application:
    """The student's school approves the application; the host may now decide on it."""
    application = _decide_as_school(actor, application, S.VALIDATED)
    _audit(
        actor, application, f"Approvata dalla scuola la candidatura di {application.student.code}"
    )
    opportunity = application.window.opportunity
    context = {
        "application": application,
        "link": mail.link(reverse("backoffice:applications_host")),
    }
    mail.notify(
        template="application_validated",
        subject="Una candidatura approvata dalla scuola attende la vostra risposta",
        to=mail.staff_emails(opportunity.host_id),
        context=context,
        actor=actor,
    )
    _tell_student(application, "La tua scuola ha approvato la candidatura")
    return application


@transaction.atomic(durable=True)
def refuse_application(*, actor: User, application: Application) -> Application:
    """The student's school does not approve the application; it leaves the ranking."""
    application = _decide_as_school(actor, application, S.REFUSED_BY_SCHOOL)
    _renumber(application.student)
    _audit(
        actor,
        application,
        f"Non approvata dalla scuola la candidatura di {application.student.code}",
    )
    _tell_student(application, "La tua scuola non ha approvato la candidatura")
    return application


def _record_host_decision(actor: User, application: Application, status: str) -> None:
    application.status = status
    application.host_decided_by = actor
    application.host_decided_at = timezone.now()
    application.save(update_fields=["status", "host_decided_by", "host_decided_at", "updated_at"])


@transaction.atomic(durable=True)
def decline_application(*, actor: User, application: Application) -> Application:
    """The host does not accept a validated application; it leaves the student's ranking."""
    application = _lock(application)
    if application.status != S.VALIDATED:
        raise ConflictError(
            f"La candidatura è «{application.get_status_display()}»: non si può rifiutare."
        )
    _record_host_decision(actor, application, S.DECLINED)
    _renumber(application.student)
    _audit(
        actor,
        application,
        f"Non accettata dall'impresa la candidatura di {application.student.code}",
    )
    _tell_student(application, "L'impresa non ha accettato la candidatura")
    return application


@transaction.atomic(durable=True)
def accept_application(*, actor: User, application: Application) -> Placement:
    """The host accepts a validated application: creates the placement (window dates and hours,
    the opportunity's risk class), its training plan and its safety file, if a seat is left and
    the host has accepted the hub's framework agreement."""
    # Lock order window → application, everywhere: concurrent acceptances queue on the window.
    window = (
        OpportunityWindow.objects.select_for_update(of=("self",))
        .select_related("opportunity__hub", "opportunity__host")
        .get(pk=application.window_id)
    )
    application = _lock(application)
    if application.status != S.VALIDATED:
        raise ConflictError(
            f"La candidatura è «{application.get_status_display()}»: non si può accettare."
        )
    if seats_left(window) == 0:
        raise ConflictError("Non ci sono più posti liberi in questo periodo.")
    opportunity = window.opportunity
    placement = open_placement(
        actor=actor,
        student=application.student,
        host=opportunity.host,
        hub=opportunity.hub,
        starts_on=window.starts_on,
        ends_on=window.ends_on,
        planned_hours=window.hours,
        risk_level=opportunity.risk_level,
        objectives=opportunity.description,
        skills=opportunity.skills_developed.all(),
        window=window,
        application=application,
        is_demo=opportunity.is_demo,
    )
    _record_host_decision(actor, application, S.ACCEPTED)
    _renumber(application.student)
    _audit(
        actor, application, f"Accettata dall'impresa la candidatura di {application.student.code}"
    )
    context = {"application": application, "placement": placement}
    mail.notify(
        template="application_accepted",
        subject="Candidatura accettata: preparate il percorso (tutor e sicurezza)",
        to=mail.staff_emails(application.student.school_id),
        context={**context, "link": mail.link(placement_path(placement))},
        actor=actor,
    )
    _tell_student(application, "L'impresa ha accettato la tua candidatura", placement=placement)
    return placement
