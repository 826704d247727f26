"""Writes on students' records: registering and correcting a student, revealing their personal
details to their school (audited), inviting them to an account, and their skills profile.

The school is the data controller: every write and every read of the codice fiscale or the
accommodations flags is logged (hub_id None: the log of a hub's coordinator never shows them).
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ptp.accounts.models import Role, RoleGrant, User
from ptp.accounts.scopes import forget_scopes
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.catalogue.models import Programme
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.tasks import send_email
from ptp.geo.models import Municipality
from ptp.lib import crypto
from ptp.lib.codes import InvalidCodeError
from ptp.network.models import Organization
from ptp.skills.models import Skill
from ptp.students.identity import birth_date_matches, check_person_code
from ptp.students.models import SkillSource, Student, StudentSkill
from ptp.students.permissions import can_edit_own_profile, can_view_personal_details
from ptp.students.queries import unused_pseudonyms

# What the audit log may show of a student: never the codice fiscale or the flags' values.
AUDITED_FIELDS = [
    "given_name",
    "family_name",
    "birth_date",
    "track",
    "programme",
    "class_year",
    "class_section",
    "school_year",
    "municipality",
    "email",
]
SENSITIVE_FIELDS = ["has_accommodations", "economic_disadvantage"]
SKILL_LEVELS = [(1, "base"), (2, "intermedio"), (3, "avanzato"), (4, "esperto")]
MAX_DECLARED_SKILLS = 40
_INVITATION_SALT = "ptp.students.invitation"


@dataclass(frozen=True)
class StudentData:
    """What the school states about a student (the form's and the demo's input)."""

    codice_fiscale: str
    given_name: str
    family_name: str
    birth_date: dt.date
    track: str
    class_year: int
    class_section: str
    school_year: str
    programme: Programme | None = None
    municipality: Municipality | None = None
    email: str = ""
    has_accommodations: bool = False
    economic_disadvantage: bool = False


@dataclass(frozen=True)
class PersonalDetails:
    codice_fiscale: str
    has_accommodations: bool
    economic_disadvantage: bool


def _checked_code(data: StudentData) -> str:
    try:
        code = check_person_code(data.codice_fiscale)
    except InvalidCodeError as exc:
        raise InvalidInputError(str(exc), field="codice_fiscale") from exc
    if not birth_date_matches(code, data.birth_date):
        raise InvalidInputError(
            f"La data di nascita {data.birth_date:%d/%m/%Y} non corrisponde a quella contenuta "
            "nel codice fiscale.",
            field="birth_date",
        )
    return code


def _apply(student: Student, data: StudentData) -> None:
    values = asdict(data)
    values.pop("codice_fiscale")
    for name, value in values.items():
        setattr(student, name, value.strip() if isinstance(value, str) else value)
    student.email = student.email.lower()
    student.class_section = student.class_section.upper()


def _full_clean(student: Student) -> None:
    try:
        student.full_clean(exclude=["code", "codice_fiscale_encrypted", "codice_fiscale_hash"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInputError(messages[0], field=None if field == "__all__" else field) from exc


@transaction.atomic(durable=True)
def register_student(*, actor: User | None, school: Organization, data: StudentData) -> Student:
    """Adds a student to the school's roster: a person's codice fiscale, consistent with the
    birth date, stored encrypted with a keyed hash; one record per school and codice fiscale."""
    if not school.is_school:
        raise InvalidInputError("Solo una scuola può registrare studenti.")
    code = _checked_code(data)
    digest = crypto.lookup_hash(code)
    if Student.objects.filter(school=school, codice_fiscale_hash=digest).exists():
        raise ConflictError(
            "La scuola ha già uno studente con questo codice fiscale.", field="codice_fiscale"
        )
    student = Student(
        school=school,
        code=unused_pseudonyms(1)[0],
        codice_fiscale_encrypted=crypto.encrypt(code),
        codice_fiscale_hash=digest,
    )
    _apply(student, data)
    _full_clean(student)
    student.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=student,
        summary=f"Registrato lo studente {student.code}",
        after=snapshot(student, AUDITED_FIELDS),
    )
    return student


@transaction.atomic(durable=True)
def update_student(*, actor: User | None, student: Student, data: StudentData) -> Student:
    """Corrects a student's record; a new codice fiscale is checked, re-encrypted and must stay
    unique in the school. Only the fields that changed are logged (flags by name only)."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    code = _checked_code(data)
    digest = crypto.lookup_hash(code)
    code_changed = digest != student.codice_fiscale_hash
    if code_changed:
        if Student.objects.filter(school=student.school_id, codice_fiscale_hash=digest).exists():
            raise ConflictError(
                "La scuola ha già uno studente con questo codice fiscale.", field="codice_fiscale"
            )
        student.codice_fiscale_encrypted = crypto.encrypt(code)
        student.codice_fiscale_hash = digest
    before = snapshot(student, [*AUDITED_FIELDS, *SENSITIVE_FIELDS])
    _apply(student, data)
    _full_clean(student)
    after = snapshot(student, [*AUDITED_FIELDS, *SENSITIVE_FIELDS])
    changed = [name for name in after if after[name] != before[name]]
    if code_changed:
        changed.append("codice_fiscale")
    if not changed:
        return student
    student.save()
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=student,
        summary=f"Modificati i dati dello studente {student.code}: {', '.join(changed)}",
        before={k: v for k, v in before.items() if k in changed and k in AUDITED_FIELDS},
        after={k: v for k, v in after.items() if k in changed and k in AUDITED_FIELDS},
    )
    return student


@transaction.atomic(durable=True)
def reveal_personal_details(*, actor: User, student: Student) -> PersonalDetails:
    """The codice fiscale and accommodations flags, for the student's school only; every
    reading is logged."""
    if not can_view_personal_details(actor, student):
        raise PermissionDenied
    record_event(
        actor=actor,
        action=AuditAction.READ,
        obj=student,
        summary=f"Consultati codice fiscale e bisogni educativi dello studente {student.code}",
    )
    return PersonalDetails(
        codice_fiscale=crypto.decrypt(student.codice_fiscale_encrypted),
        has_accommodations=student.has_accommodations,
        economic_disadvantage=student.economic_disadvantage,
    )


@transaction.atomic(durable=True)
def record_roster_export(*, actor: User, school: Organization, rows: int, fmt: str) -> None:
    """Logs a download of the school's roster (it carries names and birth dates)."""
    record_event(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=school,
        summary=f"Esportato l'elenco di {rows} studenti ({fmt.upper()}, senza codice fiscale)",
        after={"rows": rows, "format": fmt},
    )


# --- Student accounts -----------------------------------------------------------------------


def invitation_token(student: Student, email: str) -> str:
    """The signed, time-limited token in a student's invitation link."""
    return signing.dumps({"student": student.pk, "email": email}, salt=_INVITATION_SALT)


@transaction.atomic(durable=True)
def invite_student(*, actor: User, student: Student, email: str, base_url: str) -> str:
    """Invites a student (or their family's address) to open an account linked to their record;
    the address becomes the record's e-mail, so a later invitation replaces earlier links."""
    student = Student.objects.select_for_update().select_related("school").get(pk=student.pk)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInputError("Indirizzo e-mail non valido.", field="email") from exc
    if student.user_id is not None:
        raise ConflictError("Lo studente ha già un account.")
    if student.left_on is not None:
        raise ConflictError("Lo studente risulta uscito dalla scuola.")
    if Student.objects.filter(user__email__iexact=email).exists():
        raise ConflictError(
            f"{email} è già l'account di un altro studente: usa un altro indirizzo.", field="email"
        )
    if student.email != email:
        student.email = email
        student.save(update_fields=["email", "updated_at"])
    token = invitation_token(student, email)
    record_event(
        actor=actor,
        action=AuditAction.INVITE,
        obj=student,
        summary=f"Invitato lo studente {student.code} ad aprire il proprio account",
        after={"email": email},
    )
    link = base_url.rstrip("/") + reverse("students:accept_invitation", args=[token])
    context = {
        "school": student.school,
        "link": link,
        "days": settings.INVITATION_MAX_AGE_DAYS,
    }
    subject = f"Rete PTP — il tuo account di studente ({student.school.name})"
    body = render_to_string("students/email/invitation.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))
    return token


def invitation_from_token(token: str) -> tuple[Student, str]:
    """The student and address a pending invitation names; expired, forged, replaced or used
    links are refused."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvalidInputError(
            "Il link di invito è scaduto: chiedi alla tua scuola di rinviarlo."
        ) from exc
    except signing.BadSignature as exc:
        raise InvalidInputError("Il link di invito non è valido.") from exc
    student = Student.objects.select_related("school").filter(pk=payload.get("student")).first()
    if student is None:
        raise InvalidInputError("Il link di invito non è valido.")
    if student.user_id is not None:
        raise ConflictError("Questo invito è già stato accettato.")
    if student.email != payload.get("email"):
        raise InvalidInputError("Questo invito è stato sostituito da uno più recente.")
    return student, student.email


@transaction.atomic(durable=True)
def accept_student_invitation(
    *, token: str, user: User | None, full_name: str = "", password: str = ""
) -> User:
    """Links the account to the student's record and grants the student role on their school;
    creates the account when the invited address has none yet."""
    student, email = invitation_from_token(token)
    student = Student.objects.select_for_update().select_related("school").get(pk=student.pk)
    if student.user_id is not None:
        raise ConflictError("Questo invito è già stato accettato.")
    if user is None:
        if User.objects.filter(email__iexact=email).exists():
            raise ConflictError(
                "Esiste già un account con questo indirizzo: accedi e riapri il link dell'invito."
            )
        user = User.objects.create_user(email, password, full_name=full_name)
    elif user.email.lower() != email:
        raise ConflictError(f"L'invito è per {email}: esci e accedi con quell'indirizzo.")
    elif Student.objects.filter(user=user).exists():
        raise ConflictError("Questo account è già collegato a uno studente.")
    grant = RoleGrant.objects.active().filter(
        user=user, role=Role.STUDENT, organization=student.school
    ).first() or RoleGrant.objects.create(user=user, role=Role.STUDENT, organization=student.school)
    student.user = user
    student.save(update_fields=["user", "updated_at"])
    forget_scopes(user)
    record_event(
        actor=user,
        action=AuditAction.GRANT,
        obj=student,
        summary=f"{email} ha aperto l'account dello studente {student.code}",
        after={"role": grant.role, "organization": student.school_id},
    )
    return user


# --- The student's own skills profile ---------------------------------------------------------


@transaction.atomic(durable=True)
def declare_skill(*, actor: User, student: Student, skill: Skill, level: int) -> StudentSkill:
    """The student adds a skill to their profile, or changes its level (1 base – 4 esperto);
    skills attested by the school or by a placement are not touched."""
    if not can_edit_own_profile(actor, student):
        raise PermissionDenied
    if level not in dict(SKILL_LEVELS):
        raise InvalidInputError("Scegli un livello da 1 a 4.", field="level")
    if skill.is_group:
        raise InvalidInputError(
            "È un gruppo di competenze: scegli una competenza specifica.", field="skill"
        )
    declared = student.skill_links.filter(source=SkillSource.DECLARED)
    if not declared.filter(skill=skill).exists() and declared.count() >= MAX_DECLARED_SKILLS:
        raise InvalidInputError(
            f"Puoi dichiarare al massimo {MAX_DECLARED_SKILLS} competenze.", field="skill"
        )
    link, created = StudentSkill.objects.update_or_create(
        student=student, skill=skill, source=SkillSource.DECLARED, defaults={"level": level}
    )
    record_event(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=student,
        summary=f"Competenza dichiarata: {skill.label_it or skill.label_en} (livello {level})",
        after={"skill": skill.pk, "level": level},
    )
    return link


@transaction.atomic(durable=True)
def remove_declared_skill(*, actor: User, student: Student, link_id: int) -> None:
    """The student removes a skill they declared (attested ones stay)."""
    if not can_edit_own_profile(actor, student):
        raise PermissionDenied
    link = (
        student.skill_links.select_related("skill")
        .filter(pk=link_id, source=SkillSource.DECLARED)
        .first()
    )
    if link is None:
        raise InvalidInputError("Questa competenza non è tra quelle che hai dichiarato.")
    link.delete()
    record_event(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=student,
        summary=f"Competenza tolta dal profilo: {link.skill.label_it or link.skill.label_en}",
        before={"skill": link.skill_id, "level": link.level},
    )
