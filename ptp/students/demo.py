"""Invented students: a demo roster for a school, the demo student persona, and region-scale
synthetic students for benchmarks. No real person is represented: names come from a short
invented list and every codice fiscale uses the unassigned place code Z999."""

import datetime as dt
import random
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import Role, RoleGrant, User
from ptp.network.models import SCHOOL_KINDS, Organization, OrganizationKind
from ptp.skills.models import Skill
from ptp.students.identity import make_codice_fiscale
from ptp.students.importer.cells import current_school_year
from ptp.students.models import SchoolTrack, SkillSource, Student, StudentSkill
from ptp.students.protection import encrypt_many, lookup_hashes
from ptp.students.queries import unused_pseudonyms

SYNTHETIC_PREFIX = "sint-"
DEMO_STUDENT_EMAIL = "studente.tnt@demo.rete-ptp.invalid"
GIVEN_FEMALE = [
    "Alba", "Bianca", "Celeste", "Dalia", "Elettra", "Fiamma", "Gemma", "Ilaria", "Livia",
    "Marta", "Nives", "Ortensia", "Perla", "Rebecca", "Selene", "Tosca", "Viola", "Zoe",
]  # fmt: skip
GIVEN_MALE = [
    "Amos", "Brando", "Ciro", "Dario", "Elio", "Furio", "Gaddo", "Ivo", "Leone", "Milo",
    "Nilo", "Orso", "Pio", "Remo", "Saulo", "Teo", "Ugo", "Vasco",
]  # fmt: skip
FAMILY = [
    "Albetti", "Baldacci", "Carmignoli", "Dellapina", "Ercolini", "Fabbrucci", "Galletti",
    "Lenzoni", "Marzocchi", "Nardelli", "Orsucci", "Paoletti", "Quartieri", "Rossellini",
    "Santerini", "Tofanelli", "Ugolotti", "Vannucchi", "Zanobetti", "Bertocchi",
]  # fmt: skip
SECTIONS = "ABCD"
# Omocodia-style letters for the digits of the place code: Z999 -> Z99V -> Z9VV...
_OMOCODIA = "LMNPQRSTUV"


def _place_variants() -> Iterator[str]:
    for mask in range(8):
        yield "Z" + "".join(_OMOCODIA[9] if mask >> bit & 1 else "9" for bit in (2, 1, 0))


def _track_for(school: Organization, rng: random.Random) -> str:
    if school.kind == OrganizationKind.VOCATIONAL_SCHOOL:
        return SchoolTrack.VOCATIONAL
    if school.kind == OrganizationKind.TECHNICAL_SCHOOL:
        return SchoolTrack.TECHNICAL
    return rng.choice([SchoolTrack.TECHNICAL, SchoolTrack.VOCATIONAL, SchoolTrack.LICEO])


def _invented_students(
    school: Organization,
    *,
    count: int,
    rng: random.Random,
    school_year: str,
    years: tuple[int, ...],
    municipality_ids: list[int],
) -> list[Student]:
    """Unsaved students with unique invented codici fiscali (unique within the school)."""
    start = int(school_year[:4])
    students: list[Student] = []
    taken: set[str] = set()
    for _ in range(count):
        female = rng.random() < 0.5
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        family = rng.choice(FAMILY)
        class_year = rng.choice(years)
        # Born in the calendar year that gives the usual age for the class (14 in the first year).
        birth = dt.date(start - 13 - class_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        code = ""
        while not code:
            for place in _place_variants():
                candidate = make_codice_fiscale(
                    family_name=family,
                    given_name=given,
                    birth_date=birth,
                    female=female,
                    place=place,
                )
                if candidate not in taken:
                    code = candidate
                    break
            else:
                birth += dt.timedelta(days=1)
        taken.add(code)
        students.append(
            Student(
                school=school,
                codice_fiscale_encrypted=code,  # replaced by its encryption before saving
                given_name=given,
                family_name=family,
                birth_date=birth,
                track=_track_for(school, rng),
                class_year=class_year,
                class_section=rng.choice(SECTIONS),
                school_year=school_year,
                municipality_id=rng.choice(municipality_ids) if municipality_ids else None,
                has_accommodations=rng.random() < 0.08,
                economic_disadvantage=rng.random() < 0.15,
                is_demo=True,
            )
        )
    return students


def _protect(students: list[Student]) -> None:
    codes = [s.codice_fiscale_encrypted for s in students]
    for student, token, digest, pseudonym in zip(
        students,
        encrypt_many(codes),
        lookup_hashes(codes),
        unused_pseudonyms(len(students)),
        strict=True,
    ):
        student.codice_fiscale_encrypted = token
        student.codice_fiscale_hash = digest
        student.code = pseudonym


def _nearby_municipalities(school: Organization) -> list[int]:
    if school.municipality_id is None:
        return []
    from ptp.geo.models import Municipality

    return list(
        Municipality.objects.filter(province__municipalities=school.municipality_id)
        .order_by("codice_istat")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def seed_demo_students(school: Organization, *, count: int = 60, seed: int = 1) -> list[Student]:
    """The school's invented roster (classes 3–5, most students minors, a few with
    accommodations); idempotent: a second run finds the same students by codice fiscale."""
    rng = random.Random(seed)  # noqa: S311  (reproducible invented data, not secrets)
    students = _invented_students(
        school,
        count=count,
        rng=rng,
        school_year=current_school_year(timezone.localdate()),
        years=(3, 4, 5),
        municipality_ids=_nearby_municipalities(school),
    )
    digests = lookup_hashes([s.codice_fiscale_encrypted for s in students])
    existing = {
        s.codice_fiscale_hash: s
        for s in Student.objects.filter(school=school, codice_fiscale_hash__in=digests)
    }
    new = [s for s, d in zip(students, digests, strict=True) if d not in existing]
    _protect(new)
    Student.objects.bulk_create(new)
    by_hash = existing | {s.codice_fiscale_hash: s for s in new}
    return [by_hash[d] for d in digests]


@transaction.atomic
def seed_student_persona(school: Organization, *, password: str) -> User:
    """The demo student account (studente.tnt@demo.rete-ptp.invalid) linked to one of the
    school's demo students, with a few declared skills; idempotent."""
    student = (
        Student.objects.filter(school=school, is_demo=True, class_year=4)
        .order_by("family_name", "given_name", "pk")
        .first()
    )
    if student is None:
        student = seed_demo_students(school)[0]
    user, created = User.objects.get_or_create(
        email=DEMO_STUDENT_EMAIL,
        defaults={"full_name": f"{student.full_name} (studente demo)"},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(
        user=user, role=Role.STUDENT, organization=school, revoked_at=None
    )
    Student.objects.filter(user=user).exclude(pk=student.pk).update(user=None)
    if student.user_id != user.pk:
        student.user = user
        student.save(update_fields=["user", "updated_at"])
    for level, skill in enumerate(Skill.objects.filter(is_group=False).order_by("uri")[:3], 2):
        StudentSkill.objects.get_or_create(
            student=student, skill=skill, source=SkillSource.DECLARED, defaults={"level": level}
        )
    return user


def generate_students(*, count: int, seed: int) -> int:
    """Region-scale synthetic students spread over the synthetic schools ("sint-" slugs), all
    five class years, in bulk; the same seed gives the same people. Returns how many were made."""
    rng = random.Random(seed)  # noqa: S311  (reproducible invented data, not secrets)
    schools = list(
        Organization.objects.filter(slug__startswith=SYNTHETIC_PREFIX, kind__in=SCHOOL_KINDS)
        .select_related("municipality")
        .order_by("slug")
    )
    if not schools:
        raise RuntimeError("No synthetic schools: run generate_region first.")
    from ptp.geo.models import Municipality

    by_province: dict[int, list[int]] = {}
    for pk, province_id in Municipality.objects.order_by("codice_istat").values_list(
        "pk", "province_id"
    ):
        by_province.setdefault(province_id, []).append(pk)
    school_year = current_school_year(timezone.localdate())
    made = 0
    for index, school in enumerate(schools):
        share = count // len(schools) + (1 if index < count % len(schools) else 0)
        province = school.municipality.province_id if school.municipality else None
        students = _invented_students(
            school,
            count=share,
            rng=rng,
            school_year=school_year,
            years=(1, 2, 3, 4, 5),
            municipality_ids=by_province.get(province, []) if province else [],
        )
        with transaction.atomic():
            _protect(students)
            Student.objects.bulk_create(students, batch_size=5000)
        made += len(students)
    return made


@transaction.atomic
def delete_synthetic_students() -> int:
    """Removes the synthetic students (before their schools are deleted); returns how many."""
    _, per_model = Student.objects.filter(school__slug__startswith=SYNTHETIC_PREFIX).delete()
    return per_model.get(Student._meta.label, 0)
