"""Who may see and change students' records.

Outside a user's scope a school's students do not exist for them (404); the school's own staff
may do everything on its roster, so there is no "inside the scope without the right" case for
the roster pages.
"""

from typing import Any

from django.http import Http404

from ptp.accounts.scopes import scopes_of
from ptp.network.models import SCHOOL_KINDS, Organization
from ptp.students.models import Student
from ptp.students.visibility import students_visible_to


def is_school_staff(user: Any, school: Organization) -> bool:
    """The user works for this organization and it is a school (the data controller of its students)."""
    return school.kind in SCHOOL_KINDS and school.pk in scopes_of(user).staff_organization_ids


def can_manage_students(user: Any, school: Organization) -> bool:
    """A school's staff import, edit, export and invite its students."""
    return is_school_staff(user, school)


def can_view_personal_details(user: Any, student: Student) -> bool:
    """Only the student's school sees the codice fiscale and the accommodations flags."""
    return student.school_id in scopes_of(user).staff_organization_ids


def can_view_student(user: Any, student: Student) -> bool:
    """The student is among those the user sees (see students_visible_to)."""
    return students_visible_to(user).filter(pk=student.pk).exists()


def can_edit_own_profile(user: Any, student: Student) -> bool:
    """A student keeps their own skills profile, while their student grant on the school is active."""
    return (
        student.user_id is not None
        and student.user_id == getattr(user, "pk", None)
        and student.school_id in scopes_of(user).student_organization_ids
    )


def get_school_for_staff(user: Any, slug: str) -> Organization:
    """The school if the user is on its staff; 404 otherwise (another school's roster does not exist for them)."""
    school = Organization.objects.filter(slug=slug).first()
    if school is None or not is_school_staff(user, school):
        raise Http404
    return school


def get_school_student(user: Any, school: Organization, code: str) -> Student:
    """A student of the school by pseudonymous code, for its staff; 404 for anyone else."""
    if not is_school_staff(user, school):
        raise Http404
    student = (
        Student.objects.select_related("school", "programme", "municipality__province", "user")
        .filter(school=school, code=code)
        .first()
    )
    if student is None:
        raise Http404
    return student


def get_visible_student(user: Any, code: str) -> Student:
    """A student the user sees (school staff, the student, a host they applied to); 404 otherwise."""
    student = students_visible_to(user).select_related("school").filter(code=code).first()
    if student is None:
        raise Http404
    return student
