"""Whose students a user sees. The school is the data controller of its students' records; a
host sees only those who applied to it or were placed with it; hub coordinators and regional
officers see aggregates only (never individual records)."""

from typing import Any

from django.db.models import Q

from ptp.accounts.scopes import scopes_of
from ptp.students.models import Student, StudentQuerySet


def students_visible_to(user: Any) -> StudentQuerySet:
    """School staff see their schools' students; a student sees themself (while their student
    grant on the school is active); company staff see students who applied to one of their
    organization's opportunities or are placed with it; everyone else sees none."""
    scopes = scopes_of(user)
    if scopes.is_empty:
        return Student.objects.none()
    staff = scopes.staff_organization_ids
    condition = Q(school_id__in=staff)
    if scopes.student_organization_ids:
        condition |= Q(user_id=user.pk, school_id__in=scopes.student_organization_ids)
    if staff:
        # Subqueries on the reverse relations, so the outer query needs no DISTINCT.
        applied = Student.objects.filter(
            applications__window__opportunity__host_id__in=staff
        ).values("pk")
        placed = Student.objects.filter(placements__host_id__in=staff).values("pk")
        condition |= Q(pk__in=applied) | Q(pk__in=placed)
    if not (staff or scopes.student_organization_ids):
        return Student.objects.none()
    return Student.objects.filter(condition)
