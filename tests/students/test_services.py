"""Invariants of the services: checked and protected codice fiscale, audited reads and writes,
student invitations, the student's own skills profile."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from ptp.accounts.models import Role, RoleGrant
from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.lib import crypto
from ptp.students import services
from ptp.students.models import SkillSource, Student, StudentSkill
from ptp.students.services import StudentData
from tests.factories import SkillFactory, UserFactory
from tests.students.factories import codice_fiscale_for

pytestmark = pytest.mark.django_db


def data_for(n: int, **override) -> StudentData:
    family, given, birth, code = codice_fiscale_for(n)
    values = {
        "codice_fiscale": code,
        "given_name": given,
        "family_name": family,
        "birth_date": birth,
        "track": "professionale",
        "class_year": 3,
        "class_section": "a",
        "school_year": "2026/27",
    } | override
    return StudentData(**values)


def events(action: str, obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        )
    )


def test_register_student_protects_the_code_and_logs_without_it(net, school_staff):
    student = services.register_student(actor=school_staff, school=net.school, data=data_for(1))
    code = codice_fiscale_for(1)[3]
    assert crypto.decrypt(student.codice_fiscale_encrypted) == code
    assert student.class_section == "A"
    assert student.code.startswith("S-")
    [event] = events(AuditAction.CREATE, student)
    assert event.hub_id is None and event.actor == school_staff
    assert code not in str(event.after) and "has_accommodations" not in event.after


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"codice_fiscale": "RSSMRA80A01Z999X"}, "codice_fiscale", "carattere di controllo"),
        ({"codice_fiscale": "00743110157"}, "codice_fiscale", "16 caratteri"),
        ({"birth_date": dt.date(2001, 1, 1)}, "birth_date", "non corrisponde"),
        ({"class_year": 6}, None, "da 1 a 5"),
    ],
)
def test_register_student_refuses_bad_data(net, school_staff, override, field, message):
    with pytest.raises(InvalidInputError) as caught:
        services.register_student(
            actor=school_staff, school=net.school, data=data_for(1, **override)
        )
    assert caught.value.field == field and message in caught.value.message
    assert not Student.objects.exists()


def test_one_record_per_school_and_codice_fiscale(net, school_staff):
    services.register_student(actor=school_staff, school=net.school, data=data_for(1))
    with pytest.raises(ConflictError):
        services.register_student(actor=school_staff, school=net.school, data=data_for(1))
    with pytest.raises(InvalidInputError):
        services.register_student(actor=school_staff, school=net.company, data=data_for(2))


def test_update_logs_only_what_changed_and_rehashes_a_new_code(net, school_staff):
    student = services.register_student(actor=school_staff, school=net.school, data=data_for(1))
    services.update_student(actor=school_staff, student=student, data=data_for(1))
    assert events(AuditAction.UPDATE, student) == []
    services.update_student(
        actor=school_staff, student=student, data=data_for(1, class_year=4, has_accommodations=True)
    )
    [event] = events(AuditAction.UPDATE, student)
    assert "class_year" in event.summary and "has_accommodations" in event.summary
    assert event.before == {"class_year": 3} and event.after == {"class_year": 4}
    new = data_for(2)
    services.update_student(actor=school_staff, student=student, data=new)
    student.refresh_from_db()
    assert student.codice_fiscale_hash == crypto.lookup_hash(new.codice_fiscale)
    assert crypto.decrypt(student.codice_fiscale_encrypted) == new.codice_fiscale


def test_update_refuses_a_code_of_another_student_of_the_school(net, school_staff):
    first = services.register_student(actor=school_staff, school=net.school, data=data_for(1))
    services.register_student(actor=school_staff, school=net.school, data=data_for(2))
    with pytest.raises(ConflictError):
        services.update_student(actor=school_staff, student=first, data=data_for(2))


def test_reading_personal_details_is_for_the_school_and_logged(
    net, school_staff, company_staff, own_record
):
    details = services.reveal_personal_details(actor=school_staff, student=own_record)
    assert details.codice_fiscale == codice_fiscale_for(900)[3]
    [event] = events(AuditAction.READ, own_record)
    assert event.actor == school_staff and event.hub_id is None
    with pytest.raises(PermissionDenied):
        services.reveal_personal_details(actor=company_staff, student=own_record)
    assert len(events(AuditAction.READ, own_record)) == 1


# --- Invitations ------------------------------------------------------------------------------


def test_invite_sends_a_link_and_records_the_address(
    net, school_staff, classmate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token = services.invite_student(
            actor=school_staff,
            student=classmate,
            email=" Gemma@Example.INVALID ",
            base_url="http://t/",
        )
    classmate.refresh_from_db()
    assert classmate.email == "gemma@example.invalid"
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert mail.outbox[0].to == ["gemma@example.invalid"]
    assert events(AuditAction.INVITE, classmate)


def test_accepting_creates_the_account_and_the_student_grant(net, school_staff, classmate):
    token = services.invite_student(
        actor=school_staff, student=classmate, email="gemma@example.invalid", base_url="http://t/"
    )
    user = services.accept_student_invitation(
        token=token, user=None, full_name="Gemma Prova", password="una-password-lunga-1"
    )
    classmate.refresh_from_db()
    assert classmate.user == user
    assert (
        RoleGrant.objects.active()
        .filter(user=user, role=Role.STUDENT, organization=net.school)
        .exists()
    )
    assert user.check_password("una-password-lunga-1")
    with pytest.raises(ConflictError, match="già stato accettato"):
        services.accept_student_invitation(token=token, user=user)


def test_a_new_invitation_replaces_the_old_link(net, school_staff, classmate):
    old = services.invite_student(
        actor=school_staff, student=classmate, email="a@example.invalid", base_url="http://t/"
    )
    services.invite_student(
        actor=school_staff, student=classmate, email="b@example.invalid", base_url="http://t/"
    )
    with pytest.raises(InvalidInputError, match="sostituito"):
        services.invitation_from_token(old)


def test_invitation_links_are_checked(net, school_staff, classmate, settings):
    with pytest.raises(InvalidInputError, match="non è valido"):
        services.invitation_from_token("falso")
    token = services.invite_student(
        actor=school_staff, student=classmate, email="a@example.invalid", base_url="http://t/"
    )
    settings.INVITATION_MAX_AGE_DAYS = 0
    import time_machine

    with (
        time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=5)),
        pytest.raises(InvalidInputError, match="scaduto"),
    ):
        services.invitation_from_token(token)


def test_an_existing_account_must_be_the_invited_one(
    net, school_staff, classmate, own_record, student
):
    token = services.invite_student(
        actor=school_staff, student=classmate, email="altra@example.invalid", base_url="http://t/"
    )
    someone = UserFactory(email="altra@example.invalid")
    with pytest.raises(ConflictError, match="Esiste già un account"):
        services.accept_student_invitation(token=token, user=None, password="x" * 12)
    with pytest.raises(ConflictError, match="esci e accedi"):
        services.accept_student_invitation(token=token, user=student)
    services.accept_student_invitation(token=token, user=someone)
    classmate.refresh_from_db()
    assert classmate.user == someone


def test_invitations_refused(net, school_staff, own_record, classmate):
    with pytest.raises(ConflictError, match="ha già un account"):
        services.invite_student(
            actor=school_staff, student=own_record, email="x@example.invalid", base_url="/"
        )
    with pytest.raises(ConflictError, match="altro studente"):
        services.invite_student(
            actor=school_staff, student=classmate, email=own_record.user.email, base_url="/"
        )
    with pytest.raises(InvalidInputError):
        services.invite_student(
            actor=school_staff, student=classmate, email="non-valida", base_url="/"
        )
    classmate.left_on = dt.date(2026, 6, 30)
    classmate.save()
    with pytest.raises(ConflictError, match="uscito"):
        services.invite_student(
            actor=school_staff, student=classmate, email="y@example.invalid", base_url="/"
        )


# --- Skills profile ---------------------------------------------------------------------------


def test_declaring_a_skill_adds_it_or_changes_its_level(student, own_record):
    skill = SkillFactory()
    services.declare_skill(actor=student, student=own_record, skill=skill, level=2)
    services.declare_skill(actor=student, student=own_record, skill=skill, level=3)
    [link] = StudentSkill.objects.filter(student=own_record)
    assert (link.level, link.source) == (3, SkillSource.DECLARED)
    assert len(events(AuditAction.CREATE, own_record)) == 1
    assert len(events(AuditAction.UPDATE, own_record)) == 1


def test_declared_skills_are_checked(student, school_staff, own_record, classmate):
    skill = SkillFactory()
    with pytest.raises(InvalidInputError):
        services.declare_skill(actor=student, student=own_record, skill=skill, level=5)
    with pytest.raises(InvalidInputError, match="gruppo"):
        services.declare_skill(
            actor=student, student=own_record, skill=SkillFactory(is_group=True), level=1
        )
    with pytest.raises(PermissionDenied):
        services.declare_skill(actor=student, student=classmate, skill=skill, level=1)
    with pytest.raises(PermissionDenied):
        services.declare_skill(actor=school_staff, student=own_record, skill=skill, level=1)


def test_at_most_forty_declared_skills(student, own_record, monkeypatch):
    monkeypatch.setattr(services, "MAX_DECLARED_SKILLS", 2)
    for _ in range(2):
        services.declare_skill(actor=student, student=own_record, skill=SkillFactory(), level=1)
    with pytest.raises(InvalidInputError, match="al massimo 2"):
        services.declare_skill(actor=student, student=own_record, skill=SkillFactory(), level=1)


def test_only_declared_skills_can_be_removed(student, own_record):
    declared = services.declare_skill(
        actor=student, student=own_record, skill=SkillFactory(), level=1
    )
    attested = StudentSkill.objects.create(
        student=own_record, skill=SkillFactory(), level=3, source=SkillSource.SCHOOL
    )
    with pytest.raises(InvalidInputError):
        services.remove_declared_skill(actor=student, student=own_record, link_id=attested.pk)
    services.remove_declared_skill(actor=student, student=own_record, link_id=declared.pk)
    assert list(StudentSkill.objects.filter(student=own_record)) == [attested]
