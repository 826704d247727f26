"""Factories for students and work-based learning: invented people and hosts only.

Names come from a short invented list; every codice fiscale is built from invented parts (letters
from a sequence, the factory's birth date, the cadastral code of Massa) with its check character
computed by python-stdnum, so it is valid in form but belongs to no one. It is stored the way the
application stores it: encrypted, with the keyed lookup hash (ptp/lib/crypto.py).
"""

import datetime as dt
import string
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory
from stdnum.it import codicefiscale

from ptp.lib.crypto import encrypt, lookup_hash
from ptp.network.models import OrganizationKind
from ptp.placements.models import (
    Evaluation,
    HoursEntry,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityWindow,
    Placement,
    PlacementStatus,
    Report,
    ReportKind,
    StudentFeedback,
    TrainingPlan,
)
from ptp.placements.models.reports import ANSWER_WITHIN
from ptp.students.models import SchoolTrack, Student
from tests.factories import (
    HubFactory,
    MunicipalityFactory,
    OrganizationFactory,
    SectorFactory,
    SkillFactory,
    UserFactory,
)

# Invented names: common-sounding Italian given names paired with made-up family names.
GIVEN_NAMES = ["Aurora", "Leonardo", "Giulia", "Tommaso", "Ginevra", "Edoardo", "Bianca", "Elia"]
FAMILY_NAMES = ["Brezzi", "Calandri", "Dolfetti", "Ermini", "Fossacchi", "Garzelli", "Lunardelli"]

_MONTH_LETTERS = "ABCDEHLMPRST"  # January..December in the codice fiscale
_LETTERS = string.ascii_uppercase


def invented_codice_fiscale(n: int, birth_date: dt.date, *, female: bool = False) -> str:
    """A well-formed codice fiscale for the n-th invented person (never a real one: the name
    letters come from the sequence number, not from a name)."""
    letters = "".join(_LETTERS[(n // 26**i) % 26] for i in range(6))
    day = birth_date.day + (40 if female else 0)
    body = (
        f"{letters[:3]}{letters[3:]}{birth_date.year % 100:02d}"
        f"{_MONTH_LETTERS[birth_date.month - 1]}{day:02d}F023"
    )
    return body + codicefiscale.calc_check_digit(body)


class SchoolFactory(OrganizationFactory):
    kind = OrganizationKind.VOCATIONAL_SCHOOL
    name = factory.Sequence(lambda n: f"Istituto di prova {n}")


class StudentFactory(DjangoModelFactory):
    """A student of a school; pass `user=` to give them an account."""

    class Meta:
        model = Student

    class Params:
        codice_fiscale = factory.LazyAttributeSequence(
            lambda o, n: invented_codice_fiscale(n, o.birth_date)
        )

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"S{n:07d}")
    codice_fiscale_encrypted = factory.LazyAttribute(lambda o: encrypt(o.codice_fiscale))
    codice_fiscale_hash = factory.LazyAttribute(lambda o: lookup_hash(o.codice_fiscale))
    given_name = factory.Iterator(GIVEN_NAMES)
    family_name = factory.Iterator(FAMILY_NAMES)
    birth_date = dt.date(2009, 3, 12)
    track = SchoolTrack.VOCATIONAL
    class_year = 4
    class_section = "A"
    school_year = "2026/27"
    is_demo = True


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity

    host = factory.SubFactory(OrganizationFactory)
    hub = factory.SubFactory(HubFactory)
    sector = factory.SubFactory(SectorFactory)
    kind = OpportunityKind.PCTO
    title = factory.Sequence(lambda n: f"Opportunità di prova {n}")
    description = "Attività inventata per i test."
    municipality = factory.SubFactory(MunicipalityFactory)
    status = OpportunityStatus.PUBLISHED
    is_demo = True


class OpportunityWindowFactory(DjangoModelFactory):
    class Meta:
        model = OpportunityWindow

    opportunity = factory.SubFactory(OpportunityFactory)
    starts_on = dt.date(2027, 2, 1)
    ends_on = dt.date(2027, 2, 26)
    seats = 2
    hours = 120


class PlacementFactory(DjangoModelFactory):
    """A placement of a student; school follows the student, and without `window` it is a
    placement the school arranged directly."""

    class Meta:
        model = Placement

    student = factory.SubFactory(StudentFactory)
    school = factory.LazyAttribute(lambda o: o.student.school)
    host = factory.SubFactory(OrganizationFactory)
    hub = factory.SubFactory(HubFactory)
    status = PlacementStatus.ACTIVE
    starts_on = dt.date(2027, 2, 1)
    ends_on = dt.date(2027, 2, 26)
    planned_hours = 120
    is_demo = True


class TrainingPlanFactory(DjangoModelFactory):
    """A training plan; `skills=[...]` sets the expected skills (two new ones by default)."""

    class Meta:
        model = TrainingPlan
        skip_postgeneration_save = True

    placement = factory.SubFactory(PlacementFactory)
    objectives = "Obiettivi formativi inventati per i test."

    @factory.post_generation
    def skills(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if not create:
            return
        self.skills.set(extracted if extracted is not None else SkillFactory.create_batch(2))


class HoursEntryFactory(DjangoModelFactory):
    class Meta:
        model = HoursEntry

    placement = factory.SubFactory(PlacementFactory)
    day = factory.Sequence(lambda n: dt.date(2027, 2, 1) + dt.timedelta(days=n % 300))
    hours = Decimal("6.00")
    activity = "Affiancamento al tutor"


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    placement = factory.SubFactory(PlacementFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3
    evaluated_by = factory.SubFactory(UserFactory)


class StudentFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = StudentFeedback

    placement = factory.SubFactory(PlacementFactory, status=PlacementStatus.COMPLETED)
    rating = 4
    text = "Esperienza utile, tutor disponibile."


class ReportFactory(DjangoModelFactory):
    """A report as `open_report` leaves it: open, due ANSWER_WITHIN after now."""

    class Meta:
        model = Report

    placement = factory.SubFactory(PlacementFactory)
    kind = ReportKind.NOT_FORMATIVE
    text = "Da una settimana faccio solo fotocopie."
    due_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) + ANSWER_WITHIN)
