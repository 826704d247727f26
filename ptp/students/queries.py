"""What the school's roster pages, the student area and other apps read about students."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ptp.accounts.scopes import scopes_of
from ptp.network.models import Organization
from ptp.skills.queries import display_label_of
from ptp.students.identity import new_pseudonyms
from ptp.students.models import Student, StudentImportJob, StudentQuerySet, StudentSkill

BULK_PSEUDONYMS = 1000
_CLASS_TERM = re.compile(r"^([1-5])\s*[°^]?\s*([A-Za-z][A-Za-z0-9]{0,9})?$")


def student_for_user(user: Any) -> Student | None:
    """The student record of the account, while it holds an active student grant on the record's
    school; None for everyone else (staff, coordinators, students whose grant was revoked)."""
    scopes = scopes_of(user)
    if not scopes.student_organization_ids:
        return None
    return (
        Student.objects.select_related("school", "programme", "municipality__province")
        .filter(user=user, school_id__in=scopes.student_organization_ids)
        .first()
    )


def unused_pseudonyms(count: int) -> list[str]:
    """Fresh pseudonymous codes that no student has yet. For a few codes the candidates are looked
    up; for many (imports) every code in use is read once, which is cheaper than long IN lists."""
    codes: list[str] = []
    in_use: set[str] | None = None
    if count >= BULK_PSEUDONYMS:
        in_use = set(Student.objects.values_list("code", flat=True).iterator(chunk_size=20000))
    while len(codes) < count:
        candidates = list(dict.fromkeys(new_pseudonyms(count - len(codes))))
        taken = set(codes) | (
            in_use
            if in_use is not None
            else set(Student.objects.filter(code__in=candidates).values_list("code", flat=True))
        )
        codes += [code for code in candidates if code not in taken]
    return codes


@dataclass(frozen=True)
class RosterFilters:
    text: str = ""
    class_year: int | None = None
    track: str = ""
    include_left: bool = False


def school_roster(school: Organization, filters: RosterFilters) -> StudentQuerySet:
    """The school's students matching the filters, by name. The text finds a class ("4B"), a
    pseudonymous code ("S-…") or words at the start of the given or family name."""
    students = Student.objects.filter(school=school).select_related("programme", "municipality")
    if not filters.include_left:
        students = students.current()
    if filters.class_year:
        students = students.filter(class_year=filters.class_year)
    if filters.track:
        students = students.filter(track=filters.track)
    text = filters.text.strip()
    class_match = _CLASS_TERM.match(text)
    if class_match:
        students = students.filter(class_year=int(class_match.group(1)))
        if class_match.group(2):
            students = students.filter(class_section__iexact=class_match.group(2))
    elif text.upper().startswith("S-"):
        students = students.filter(code__istartswith=text)
    else:
        for word in text.split()[:4]:
            students = students.filter(
                Q(family_name__istartswith=word)
                | Q(given_name__istartswith=word)
                | Q(family_name__icontains=f" {word}")
                | Q(given_name__icontains=f" {word}")
            )
    return students


EXPORT_HEADER = [
    "codice_pseudonimo",
    "cognome",
    "nome",
    "data_nascita",
    "anno_corso",
    "sezione",
    "anno_scolastico",
    "tipo_percorso",
    "codice_percorso",
    "comune_residenza",
    "email",
    "account",
    "uscito_il",
]


def roster_export_rows(students: StudentQuerySet) -> Iterator[list[Any]]:
    """The export rows: no codice fiscale and no accommodations or disadvantage flags."""
    rows = students.values_list(
        "code",
        "family_name",
        "given_name",
        "birth_date",
        "class_year",
        "class_section",
        "school_year",
        "track",
        "programme__code",
        "municipality__codice_istat",
        "email",
        "user_id",
        "left_on",
    )
    for row in rows.iterator(chunk_size=2000):
        (code, family, given, birth, year, section, school_year, track, programme, town) = row[:10]
        email, user_id, left_on = row[10:]
        yield [
            code,
            family,
            given,
            birth.isoformat(),
            year,
            section,
            school_year,
            track,
            programme or "",
            town or "",
            email,
            "sì" if user_id else "no",
            left_on.isoformat() if left_on else "",
        ]


def skill_profile(student: Student) -> QuerySet[StudentSkill]:
    """The student's skills with their labels, declared ones first, then by label."""
    return (
        StudentSkill.objects.filter(student=student)
        .select_related("skill")
        .annotate(label=display_label_of("skill"))
        .order_by("source", "label", "pk")
    )


def recent_import_jobs(school: Organization, *, limit: int = 5) -> list[StudentImportJob]:
    """The school's latest roster imports, newest first (without the stored files)."""
    return list(
        StudentImportJob.objects.filter(school=school)
        .defer("content", "errors", "header")
        .select_related("created_by")[:limit]
    )
