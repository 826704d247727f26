"""What the school's outcome pages read: its students who finished, with their outcomes."""

from django.db.models import Prefetch, Q

from ptp.network.models import SCHOOL_KINDS, Membership, Organization
from ptp.outcomes.models import Outcome
from ptp.students.models import SchoolTrack, Student, StudentQuerySet

CHECKPOINTS = (6, 12)
# IeFP courses end with the qualification (3rd year) or the diploma (4th); the others in the 5th.
FINISHING = (
    Q(left_on__isnull=False) | Q(class_year=5) | Q(track=SchoolTrack.IEFP, class_year__gte=3)
)


def finishing_students(school: Organization, text: str = "") -> StudentQuerySet:
    """The school's students whose outcomes are followed: those who left (left_on set) and those
    in their final year; searchable by name or pseudonymous code. Their outcomes are prefetched
    (one query per page)."""
    students = Student.objects.of_school(school).filter(FINISHING)
    for word in text.split()[:5]:
        students = students.filter(
            Q(family_name__icontains=word) | Q(given_name__icontains=word) | Q(code__iexact=word)
        )
    return students.order_by("family_name", "given_name", "pk").prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.select_related("employer"))
    )


def is_finishing(student: Student) -> bool:
    """The student left the school or is in the final year of the course."""
    return Student.objects.filter(pk=student.pk).filter(FINISHING).exists()


def hub_companies_of_school(school_id: int) -> Q:
    """Organizations (not schools) with an active membership in a hub the school is an active
    member of: the "companies of the hub" for the school's outcomes."""
    hubs = Membership.objects.active().filter(organization_id=school_id).values("hub_id")
    return Q(
        pk__in=Membership.objects.active().filter(hub_id__in=hubs).values("organization_id")
    ) & ~Q(kind__in=SCHOOL_KINDS)


def employer_choices(school: Organization) -> list[Organization]:
    """The companies of the school's hubs, for the employer select of the outcome form."""
    return list(Organization.objects.filter(hub_companies_of_school(school.pk)).order_by("name"))
