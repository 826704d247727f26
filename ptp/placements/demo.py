"""Demo placements of a hub (Polo TNT): the demo company tutor (impresa.tnt@…) hosting two
students of two different member schools under the one framework agreement, one placement active
with its hours log, one ready to start, one whose safety file is still incomplete, and applications
in every state. Everything is demo (is_demo) and invented; dates follow today, so the demo always
shows a placement in progress.

Call after the demo network, users, students (ptp/students/demo.py), hosts and opportunities; it
uses what they made when present and makes the little it needs otherwise. Idempotent: once the
hub's demo company hosts demo placements, it returns them unchanged. No e-mail is sent.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import Role, RoleGrant, User
from ptp.core.errors import ConflictError
from ptp.network.models import SCHOOL_KINDS, Hub, Membership, Organization, OrganizationKind
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    HostEnrollment,
    HoursEntry,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    RiskLevel,
    SafetyFile,
)
from ptp.placements.services.placements import open_placement
from ptp.students.demo import DEMO_STUDENT_EMAIL, seed_demo_students
from ptp.students.models import Student

DEMO_DOMAIN = "demo.rete-ptp.invalid"
COMPANY_TUTOR_EMAIL = f"impresa.tnt@{DEMO_DOMAIN}"
SCHOOL_STAFF_EMAIL = f"scuola.tnt@{DEMO_DOMAIN}"
S = ApplicationStatus


def _staff_org(email: str, hub: Hub, *, schools: bool) -> tuple[User | None, Organization | None]:
    """A demo persona and the hub member it works for (a school or not, as asked)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        return None, None
    members = Membership.objects.for_hub(hub).active().values("organization_id")
    grant = (
        RoleGrant.objects.active()
        .filter(user=user, role=Role.ORGANIZATION_STAFF, organization_id__in=members)
        .select_related("organization")
        .order_by("pk")
    )
    grant = (
        grant.filter(organization__kind__in=SCHOOL_KINDS)
        if schools
        else grant.exclude(organization__kind__in=SCHOOL_KINDS)
    )
    first = grant.first()
    return user, first.organization if first else None


def _members(hub: Hub, kinds: frozenset[str] | set[str]) -> list[Organization]:
    return [
        m.organization
        for m in Membership.objects.for_hub(hub)
        .active()
        .filter(organization__kind__in=kinds, organization__is_demo=True)
        .select_related("organization")
        .order_by("organization__name")
    ]


def _enrollment(hub: Hub, company: Organization) -> HostEnrollment:
    enrollment, _ = HostEnrollment.objects.get_or_create(
        hub=hub,
        organization=company,
        defaults={
            "seat_address": f"{company.address or 'Sede operativa'}",
            "inail_position": "DEMO-90000000",
            "liability_policy": "Polizza RC demo n. 20260000",
            "is_demo": True,
        },
    )
    if not enrollment.has_framework_agreement:
        enrollment.framework_accepted_at = timezone.now()
        enrollment.save(update_fields=["framework_accepted_at", "updated_at"])
    return enrollment


def _students(school: Organization) -> list[Student]:
    students = list(
        Student.objects.filter(school=school, is_demo=True, left_on__isnull=True).order_by(
            "family_name", "given_name", "pk"
        )[:40]
    )
    return students if len(students) >= 6 else seed_demo_students(school, count=12)


def _future_window(hub: Hub, company: Organization, today: dt.date) -> OpportunityWindow:
    """A window of the company's demo opportunity that has not started (made when missing)."""
    window = (
        OpportunityWindow.objects.filter(
            opportunity__hub=hub,
            opportunity__host=company,
            opportunity__status=OpportunityStatus.PUBLISHED,
            starts_on__gt=today + dt.timedelta(days=14),
            seats__gte=2,
        )
        .select_related("opportunity")
        .order_by("starts_on")
        .first()
    )
    if window is not None:
        return window
    opportunity = Opportunity.objects.create(
        host=company,
        hub=hub,
        sector=hub.sector,
        kind=OpportunityKind.PCTO,
        title="Accoglienza e informazione turistica (demo)",
        description=(
            "Al banco accoglienza: informazioni ai visitatori, prenotazioni, materiali "
            "promozionali del territorio, affiancati dalla tutor aziendale."
        ),
        municipality=company.municipality or hub.province.municipalities.order_by("pk")[0],
        min_age=15,
        risk_level=RiskLevel.LOW,
        status=OpportunityStatus.PUBLISHED,
        published_at=timezone.now(),
        is_demo=True,
    )
    start = today + dt.timedelta(days=60 - today.weekday())
    return OpportunityWindow.objects.create(
        opportunity=opportunity,
        starts_on=start,
        ends_on=start + dt.timedelta(days=25),
        seats=3,
        hours=120,
    )


def _eligible(students: list[Student], window: OpportunityWindow, used: set[int]) -> list[Student]:
    age = window.opportunity.min_age
    return [s for s in students if s.pk not in used and s.age_on(window.starts_on) >= age]


def _complete_safety(placement: Placement, host_tutor: User | None, *, complete: bool) -> None:
    start = placement.starts_on
    values = {"general_training_on": min(start, timezone.localdate()) - dt.timedelta(days=20)}
    if complete:
        values |= {
            "specific_training_on": values["general_training_on"] + dt.timedelta(days=7),
            "risk_assessment_acknowledged_on": values["general_training_on"] + dt.timedelta(days=8),
        }
    SafetyFile.objects.filter(placement=placement).update(**values)
    Placement.objects.filter(pk=placement.pk).update(host_tutor=host_tutor)


def _hours_log(
    placement: Placement, today: dt.date, company_tutor: User | None, school_tutor: User | None
) -> None:
    """Weekdays up to yesterday: validated before last week, confirmed last week, entered this week."""
    monday = today - dt.timedelta(days=today.weekday())
    now = timezone.now()
    entries = []
    day = placement.starts_on
    while day < today:
        if day.weekday() < 5:
            confirmed = day < monday and company_tutor is not None
            validated = day < monday - dt.timedelta(days=7) and school_tutor is not None
            entries.append(
                HoursEntry(
                    placement=placement,
                    day=day,
                    hours=Decimal("4") if day.weekday() == 4 else Decimal("6"),
                    activity="Accoglienza dei visitatori e prenotazioni",
                    confirmed_by=company_tutor if confirmed else None,
                    confirmed_at=now if confirmed else None,
                    validated_by=school_tutor if validated else None,
                    validated_at=now if validated else None,
                )
            )
        day += dt.timedelta(days=1)
    HoursEntry.objects.bulk_create(entries)


def _application(
    student: Student,
    window: OpportunityWindow,
    status: str,
    rank: int,
    deciders: tuple[User | None, User | None],
) -> Application:
    school_user, host_user = deciders
    now = timezone.now()
    decided_by_school = status != S.SUBMITTED and status != S.WITHDRAWN
    decided_by_host = status in (S.ACCEPTED, S.DECLINED)
    application, _ = Application.objects.get_or_create(
        student=student,
        window=window,
        defaults={
            "rank": rank,
            "status": status,
            "motivation": "Mi interessa lavorare a contatto con i turisti (demo).",
            "school_decided_by": school_user if decided_by_school else None,
            "school_decided_at": now if decided_by_school else None,
            "host_decided_by": host_user if decided_by_host else None,
            "host_decided_at": now if decided_by_host else None,
        },
    )
    return application


def _direct(
    student: Student, company: Organization, hub: Hub, start: dt.date, weeks: int, risk: str
) -> Placement:
    return open_placement(
        actor=None,
        student=student,
        host=company,
        hub=hub,
        starts_on=start,
        ends_on=start + dt.timedelta(weeks=weeks, days=-3),
        planned_hours=30 * weeks,
        risk_level=risk,
        objectives=(
            "Conoscere l'organizzazione di un'impresa turistica; accogliere i clienti e dare "
            "informazioni sul territorio; usare il gestionale delle prenotazioni."
        ),
        activities="Affiancamento al banco accoglienza; prenotazioni; materiali informativi.",
        is_demo=True,
    )


def _first_placeable(
    candidates: list[Student], make: Callable[[Student], Placement]
) -> Placement | None:
    """The placement of the first candidate that has no other placement in the period."""
    for student in candidates:
        try:
            with transaction.atomic():
                return make(student)
        except ConflictError:  # already placed in that period by another demo
            continue
    return None


@transaction.atomic
def seed_demo_placements(hub: Hub) -> list[Placement]:
    """The hub's demo placements: [active with hours, ready to start, safety file incomplete]."""
    company_tutor, company = _staff_org(COMPANY_TUTOR_EMAIL, hub, schools=False)
    if company is None:
        companies = _members(hub, {OrganizationKind.COMPANY})
        if not companies:
            return []
        company = companies[0]
    existing = list(Placement.objects.filter(hub=hub, host=company, is_demo=True))
    if existing:
        order: list[str] = [PlacementStatus.ACTIVE, PlacementStatus.READY, PlacementStatus.PLANNED]
        return sorted(
            existing,
            key=lambda p: (order.index(p.status) if p.status in order else 9, p.starts_on, p.pk),
        )
    school_user, school_a = _staff_org(SCHOOL_STAFF_EMAIL, hub, schools=True)
    schools = _members(hub, SCHOOL_KINDS)
    school_a = school_a or (schools[0] if schools else None)
    school_b = next((s for s in schools if s != school_a), None)
    if school_a is None or school_b is None:
        return []
    _enrollment(hub, company)
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    students_a, students_b = _students(school_a), _students(school_b)
    persona = Student.objects.filter(
        user__email=DEMO_STUDENT_EMAIL, school__in=[school_a, school_b]
    ).first()
    window = _future_window(hub, company, today)
    risk = window.opportunity.risk_level

    # 1. In progress for three weeks, with its hours log: the persona student when there is one.
    if persona is not None:
        own = students_a if persona.school_id == school_a.pk else students_b
        candidates = [persona, *(s for s in own if s.pk != persona.pk)]
    else:
        candidates = students_a
    started = monday - dt.timedelta(weeks=3)
    active = _first_placeable(candidates, lambda s: _direct(s, company, hub, started, 6, risk))
    # 2. Ready to start: a student of the other school, accepted from an application.
    other = students_b if active is None or active.school == school_a else students_a
    used = {active.student_id} if active else set()
    ready = None
    for student in _eligible(other, window, used):
        application = _application(student, window, S.ACCEPTED, 1, (school_user, company_tutor))
        try:
            with transaction.atomic():
                ready = open_placement(
                    actor=None,
                    student=student,
                    host=company,
                    hub=hub,
                    starts_on=window.starts_on,
                    ends_on=window.ends_on,
                    planned_hours=window.hours,
                    risk_level=risk,
                    objectives=window.opportunity.description,
                    skills=window.opportunity.skills_developed.all(),
                    window=window,
                    application=application,
                    is_demo=True,
                )
        except ConflictError:
            application.delete()
            continue
        break
    # 3. Planned, its safety file still missing the specific training and the risk assessment.
    used |= {ready.student_id} if ready else set()
    rest = [s for s in students_a if s.pk not in used]
    later = monday + dt.timedelta(weeks=5)
    incomplete = _first_placeable(rest, lambda s: _direct(s, company, hub, later, 3, risk))

    placements = [p for p in (active, ready, incomplete) if p is not None]
    for placement in placements:
        _complete_safety(placement, company_tutor, complete=placement is not incomplete)
        if school_user is not None and placement.school == school_a:
            Placement.objects.filter(pk=placement.pk).update(school_tutor=school_user)
    if active is not None:
        Placement.objects.filter(pk=active.pk).update(
            status=PlacementStatus.ACTIVE, started_at=timezone.now()
        )
        _hours_log(active, today, company_tutor, school_user if active.school == school_a else None)
    if ready is not None:
        Placement.objects.filter(pk=ready.pk).update(status=PlacementStatus.READY)

    # Applications to the same window in the other states, from both schools.
    used |= {p.student_id for p in placements}
    states = [S.SUBMITTED, S.VALIDATED, S.REFUSED_BY_SCHOOL, S.DECLINED, S.WITHDRAWN, S.VALIDATED]
    pairs = zip(
        _eligible(students_a, window, used), _eligible(students_b, window, used), strict=False
    )
    pool = [student for pair in pairs for student in pair]
    for student, status in zip(pool, states, strict=False):
        _application(student, window, status, 1, (school_user, company_tutor))
    if persona is not None and persona.pk not in {s.pk for s in pool}:
        _application(persona, window, S.SUBMITTED, 1, (school_user, company_tutor))
    return [Placement.objects.get(pk=p.pk) for p in placements]
