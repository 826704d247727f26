"""Whose records each persona sees: the school its own, the student themself, a company only
those who applied to it or were placed with it, coordinators and officers nobody."""

import pytest
from django.http import Http404

from ptp.accounts.models import Role
from ptp.students.permissions import (
    can_view_personal_details,
    can_view_student,
    get_school_for_staff,
    get_school_student,
    get_visible_student,
)
from ptp.students.queries import student_for_user
from ptp.students.visibility import students_visible_to
from tests.factories import RoleGrantFactory
from tests.students.factories import apply, opportunity_window, other_company, place

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(students_visible_to(user).values_list("code", flat=True))


def test_school_staff_see_only_their_schools_students(
    school_staff, own_record, classmate, foreign_student
):
    assert visible(school_staff) == {own_record.code, classmate.code}


def test_student_sees_only_themself(student, own_record, classmate, foreign_student):
    assert visible(student) == {own_record.code}


def test_student_whose_grant_was_revoked_sees_nothing(student, own_record):
    from django.utils import timezone

    student.grants.update(revoked_at=timezone.now())
    assert visible(student) == set()
    assert student_for_user(student) is None


def test_company_sees_applicants_and_placed_students_only(
    net, company_staff, own_record, classmate, foreign_student
):
    assert visible(company_staff) == set()
    window = opportunity_window(net.company, net.hub)
    apply(own_record, window)
    assert visible(company_staff) == {own_record.code}
    place(foreign_student, net.company, net.hub)
    assert visible(company_staff) == {own_record.code, foreign_student.code}
    # Applying elsewhere does not show a student to this company.
    apply(classmate, opportunity_window(other_company(), net.hub))
    assert visible(company_staff) == {own_record.code, foreign_student.code}


def test_a_student_who_applied_twice_appears_once(net, company_staff, own_record):
    apply(own_record, opportunity_window(net.company, net.hub))
    apply(own_record, opportunity_window(net.company, net.hub))
    place(own_record, net.company, net.hub)
    assert list(students_visible_to(company_staff).values_list("code", flat=True)) == [
        own_record.code
    ]


@pytest.mark.parametrize(
    "persona", ["coordinator", "regional_officer", "other_coordinator", "outsider"]
)
def test_coordinators_officers_and_outsiders_see_nobody(
    request, persona, net, own_record, classmate, foreign_student
):
    user = request.getfixturevalue(persona)
    apply(own_record, opportunity_window(net.company, net.hub))
    assert visible(user) == set()


def test_anonymous_sees_nobody(own_record):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_staff_of_two_schools_see_both(net, school_staff, own_record, foreign_student):
    RoleGrantFactory(user=school_staff, role=Role.ORGANIZATION_STAFF, organization=net.lead_school)
    from ptp.accounts.scopes import forget_scopes

    forget_scopes(school_staff)
    assert visible(school_staff) == {own_record.code, foreign_student.code}


def test_personal_details_are_for_the_school_only(
    net, school_staff, company_staff, student, own_record
):
    place(own_record, net.company, net.hub)
    assert can_view_personal_details(school_staff, own_record)
    assert can_view_student(company_staff, own_record)
    assert not can_view_personal_details(company_staff, own_record)
    assert not can_view_personal_details(student, own_record)


def test_fetch_helpers_answer_404_outside_the_scope(
    net, school_staff, company_staff, own_record, foreign_student
):
    assert get_school_for_staff(school_staff, net.school.slug) == net.school
    with pytest.raises(Http404):
        get_school_for_staff(school_staff, net.lead_school.slug)
    with pytest.raises(Http404):
        get_school_for_staff(company_staff, net.company.slug)  # staff, but not of a school
    with pytest.raises(Http404):
        get_school_student(school_staff, net.school, foreign_student.code)
    assert get_school_student(school_staff, net.school, own_record.code) == own_record
    with pytest.raises(Http404):
        get_visible_student(company_staff, own_record.code)
    place(own_record, net.company, net.hub)
    assert get_visible_student(company_staff, own_record.code) == own_record


def test_visibility_costs_a_fixed_number_of_queries(
    net, company_staff, own_record, classmate, django_assert_max_num_queries
):
    apply(own_record, opportunity_window(net.company, net.hub))
    with django_assert_max_num_queries(2):  # the grants, then the students
        assert len(list(students_visible_to(company_staff))) == 1
