"""Demo and synthetic students: invented, valid-looking, reproducible, idempotent."""

import datetime as dt

import pytest
import time_machine
from stdnum.it import codicefiscale

from ptp.accounts.models import Role, RoleGrant
from ptp.lib import crypto
from ptp.network.models import OrganizationKind
from ptp.students.demo import (
    DEMO_STUDENT_EMAIL,
    delete_synthetic_students,
    generate_students,
    seed_demo_students,
    seed_student_persona,
)
from ptp.students.identity import birth_date_matches
from ptp.students.models import Student
from ptp.students.queries import student_for_user
from tests.factories import OrganizationFactory, SkillFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=False)
def test_demo_roster_is_invented_valid_and_idempotent(net):
    students = seed_demo_students(net.school, count=60, seed=1)
    assert len(students) == 60 == Student.objects.filter(school=net.school).count()
    codes = [crypto.decrypt(s.codice_fiscale_encrypted) for s in students]
    assert len(set(codes)) == 60
    for student, code in zip(students, codes, strict=True):
        assert codicefiscale.is_valid(code)
        assert code[11] == "Z"  # the unassigned place code Z999 (or its omocodia forms)
        assert birth_date_matches(code, student.birth_date)
        assert student.is_demo and student.class_year in (3, 4, 5)
        assert student.track == "professionale"  # the school is an istituto professionale
        assert student.school_year == "2026/27"
    minors = sum(s.age_on(TODAY.date()) < 18 for s in students)
    assert minors > 30
    assert 0 < sum(s.has_accommodations for s in students) < 15
    again = seed_demo_students(net.school, count=60, seed=1)
    assert [s.pk for s in again] == [s.pk for s in students]
    assert Student.objects.count() == 60


@time_machine.travel(TODAY, tick=False)
def test_demo_student_persona(net):
    SkillFactory.create_batch(4)
    seed_demo_students(net.school)
    user = seed_student_persona(net.school, password="una-password-lunga-1")
    assert user.email == DEMO_STUDENT_EMAIL and user.check_password("una-password-lunga-1")
    record = student_for_user(user)
    assert record is not None and record.school == net.school and record.class_year == 4
    assert record.skill_links.count() == 3
    assert (
        RoleGrant.objects.filter(user=user, role=Role.STUDENT, organization=net.school).count() == 1
    )
    assert seed_student_persona(net.school, password="altro") == user
    assert RoleGrant.objects.filter(user=user).count() == 1
    assert record.skill_links.count() == 3


@time_machine.travel(TODAY, tick=False)
def test_region_scale_students_spread_over_synthetic_schools(net):
    schools = [
        OrganizationFactory(slug=f"sint-soggetto-{i:06d}", kind=kind)
        for i, kind in enumerate(
            [
                OrganizationKind.TECHNICAL_SCHOOL,
                OrganizationKind.VOCATIONAL_SCHOOL,
                OrganizationKind.UPPER_SECONDARY_SCHOOL,
            ]
        )
    ]
    OrganizationFactory(slug="sint-soggetto-000099", kind=OrganizationKind.COMPANY)
    assert generate_students(count=100, seed=1) == 100
    counts = [Student.objects.filter(school=s).count() for s in schools]
    assert counts == [34, 33, 33]
    assert set(Student.objects.filter(school=schools[0]).values_list("track", flat=True)) == {
        "tecnico"
    }
    assert set(Student.objects.values_list("class_year", flat=True)) == {1, 2, 3, 4, 5}
    assert Student.objects.values("code").distinct().count() == 100
    assert delete_synthetic_students() == 100
    assert not Student.objects.exists()


def test_region_generation_needs_synthetic_schools(net):
    with pytest.raises(RuntimeError):
        generate_students(count=10, seed=1)
