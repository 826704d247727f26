"""What the application pages read: the school's applicants to validate, the host's applicants,
a student's ranking, and the opportunities open to a student.

Each list is one queryset with everything its rows show joined in, so a page costs a count and
one select whatever the data; seats left are counted for a whole page in one grouped query.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from ptp.network.models import Membership
from ptp.placements.models import (
    Application,
    ApplicationStatus,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
)
from ptp.placements.permissions import HOST_VISIBLE_STATUSES
from ptp.students.models import Student


@dataclass(frozen=True)
class ApplicationRow:
    """One line of an applicant list, read as plain values (no model objects to build)."""

    pk: int
    status: str
    rank: int
    motivation: str
    given_name: str
    family_name: str
    class_year: int
    class_section: str
    school_name: str
    title: str
    host_name: str
    hub_name: str
    window_id: int
    starts_on: dt.date
    ends_on: dt.date
    seats: int
    placement_pk: int | None

    @property
    def status_label(self) -> str:
        return str(ApplicationStatus(self.status).label)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


_ROW_VALUES = {
    "given_name": F("student__given_name"),
    "family_name": F("student__family_name"),
    "class_year": F("student__class_year"),
    "class_section": F("student__class_section"),
    "school_name": F("student__school__name"),
    "title": F("window__opportunity__title"),
    "host_name": F("window__opportunity__host__name"),
    "hub_name": F("window__opportunity__hub__short_name"),
    "starts_on": F("window__starts_on"),
    "ends_on": F("window__ends_on"),
    "seats": F("window__seats"),
    "placement_pk": F("placement__pk"),
}


def application_rows(page: Iterable[int]) -> list[ApplicationRow]:
    """The rows of a page of applications, given their ids in page order (one query).

    Lists page over ids only and join the rest for the page's rows here: joined into the list
    query, every matching application would be joined before the page is cut."""
    ids = list(page)
    values = (
        Application.objects.filter(pk__in=ids)
        .annotate(**_ROW_VALUES)
        .values("pk", "status", "rank", "motivation", "window_id", *_ROW_VALUES)
    )
    by_pk = {row["pk"]: ApplicationRow(**row) for row in values}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass(frozen=True)
class ApplicationFilters:
    status: str = ""
    school_id: int | None = None
    class_year: int | None = None
    text: str = ""


def _search(applications: QuerySet[Application], text: str) -> QuerySet[Application]:
    for word in text.split()[:5]:
        applications = applications.filter(
            Q(student__family_name__icontains=word)
            | Q(student__given_name__icontains=word)
            | Q(student__code__iexact=word)
            | Q(window__opportunity__title__icontains=word)
            | Q(window__opportunity__host__name__icontains=word)
        )
    return applications


def applications_for_schools(
    school_ids: frozenset[int], filters: ApplicationFilters
) -> QuerySet[Application]:
    """Applications of the students of these schools, oldest waiting first."""
    students = Student.objects.filter(school_id__in=school_ids)
    if filters.school_id is not None:
        students = students.filter(school_id=filters.school_id)
    if filters.class_year is not None:
        students = students.filter(class_year=filters.class_year)
    # The school's students are read first (one query): a list of ids lets PostgreSQL look the
    # applications up by their student index instead of scanning every application of the region.
    applications = Application.objects.filter(
        student_id__in=list(students.values_list("pk", flat=True))
    )
    if filters.status:
        applications = applications.filter(status=filters.status)
    return _search(applications, filters.text).order_by("created_at", "pk")


def applications_for_hosts(
    host_ids: frozenset[int], filters: ApplicationFilters
) -> QuerySet[Application]:
    """Applications to these hosts' opportunities that the school has validated (and their
    outcome): the host sees only its own applicants, and only once the school agrees."""
    # The hosts' windows first (one query), for the same reason as the school's students above.
    windows = OpportunityWindow.objects.filter(opportunity__host_id__in=host_ids)
    applications = Application.objects.filter(
        window_id__in=list(windows.values_list("pk", flat=True)),
        status__in=HOST_VISIBLE_STATUSES,
    )
    if filters.status:
        applications = applications.filter(status=filters.status)
    return _search(applications, filters.text).order_by(
        "window__starts_on", "window__opportunity__title", "rank", "pk"
    )


def applications_of_student(student: Student) -> list[Application]:
    """The student's applications: the open ones in their ranking, then the others, newest first."""
    applications = list(
        Application.objects.filter(student=student)
        .select_related("window__opportunity__host", "window__opportunity__hub")
        .order_by("-created_at", "-pk")
    )
    open_ = sorted(
        (
            a
            for a in applications
            if a.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.VALIDATED)
        ),
        key=lambda a: (a.rank, a.created_at, a.pk),
    )
    others = [a for a in applications if a not in open_]
    return [*open_, *others]


# --- Opportunities open to a student -------------------------------------------------------------


def windows_open_to(
    student: Student, today: dt.date, text: str = ""
) -> QuerySet[OpportunityWindow]:
    """Windows of published opportunities of the hubs the student's school actively belongs to,
    not yet ended, soonest first."""
    hub_ids = Membership.objects.active().filter(organization_id=student.school_id).values("hub_id")
    windows = OpportunityWindow.objects.filter(
        opportunity__status=OpportunityStatus.PUBLISHED,
        opportunity__hub_id__in=hub_ids,
        ends_on__gte=today,
    )
    for word in text.split()[:5]:
        windows = windows.filter(
            Q(opportunity__title__icontains=word)
            | Q(opportunity__description__icontains=word)
            | Q(opportunity__host__name__icontains=word)
            | Q(opportunity__municipality__name__icontains=word)
        )
    return windows.select_related(
        "opportunity__host", "opportunity__hub", "opportunity__municipality"
    ).order_by("starts_on", "opportunity__title", "pk")


@dataclass(frozen=True)
class WindowRow:
    window: OpportunityWindow
    seats_left: int
    old_enough: bool
    application: Application | None

    @property
    def can_apply(self) -> bool:
        withdrawn = (
            self.application is not None and self.application.status == ApplicationStatus.WITHDRAWN
        )
        return self.old_enough and (self.application is None or withdrawn)


def taken_seats(window_ids: Iterable[int]) -> dict[int, int]:
    """Placements holding a seat of each window (interrupted ones free theirs), one query."""
    rows = (
        Placement.objects.filter(window_id__in=list(window_ids))
        .exclude(status=PlacementStatus.INTERRUPTED)
        .values("window_id")
        .annotate(n=Count("pk"))
    )
    return {row["window_id"]: row["n"] for row in rows}


def window_rows(student: Student, windows: Iterable[OpportunityWindow]) -> list[WindowRow]:
    """A page of windows with seats left, the age rule and the student's own application (two
    queries)."""
    page = list(windows)
    ids = [w.pk for w in page]
    taken = taken_seats(ids)
    mine = {a.window_id: a for a in Application.objects.filter(student=student, window_id__in=ids)}
    return [
        WindowRow(
            window=w,
            seats_left=max(w.seats - taken.get(w.pk, 0), 0),
            old_enough=student.age_on(w.starts_on) >= w.opportunity.min_age,
            application=mine.get(w.pk),
        )
        for w in page
    ]


def placements_of_student(student: Student) -> list[Placement]:
    """The student's placements, newest first."""
    return list(
        Placement.objects.filter(student=student)
        .select_related("host", "hub", "school")
        .order_by("-starts_on", "-pk")
    )
