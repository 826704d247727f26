"""Factories for students and the placement rows that make a company see a student.
Invented people only: every codice fiscale is built with the unassigned place code Z999."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from ptp.lib import crypto
from ptp.placements.models import (
    Application,
    Opportunity,
    OpportunityKind,
    OpportunityWindow,
    Placement,
)
from ptp.students.identity import make_codice_fiscale, new_pseudonym
from ptp.students.models import SchoolTrack, Student
from tests.factories import MunicipalityFactory, OrganizationFactory, SectorFactory

FAMILIES = ["Albetti", "Baldacci", "Carmignoli", "Dellapina", "Ercolini", "Fabbrucci"]
GIVEN = ["Alba", "Bianca", "Celeste", "Dalia", "Elettra", "Fiamma", "Gemma"]


def codice_fiscale_for(n: int) -> tuple[str, str, dt.date, str]:
    """(family name, given name, birth date, codice fiscale) of the n-th invented student."""
    family = FAMILIES[n % len(FAMILIES)] + ("ini" * (n // 40))
    given = GIVEN[n % len(GIVEN)]
    birth = dt.date(2009, 1, 1) + dt.timedelta(days=n % 365)
    code = make_codice_fiscale(family_name=family, given_name=given, birth_date=birth, female=True)
    return family, given, birth, code


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student
        exclude = ("n", "plain_code")

    n = factory.Sequence(lambda n: n)
    school = factory.SubFactory(OrganizationFactory)
    family_name = factory.LazyAttribute(lambda o: codice_fiscale_for(o.n)[0])
    given_name = factory.LazyAttribute(lambda o: codice_fiscale_for(o.n)[1])
    birth_date = factory.LazyAttribute(lambda o: codice_fiscale_for(o.n)[2])
    plain_code = factory.LazyAttribute(lambda o: codice_fiscale_for(o.n)[3])
    code = factory.LazyFunction(new_pseudonym)
    codice_fiscale_encrypted = factory.LazyAttribute(lambda o: crypto.encrypt(o.plain_code))
    codice_fiscale_hash = factory.LazyAttribute(lambda o: crypto.lookup_hash(o.plain_code))
    track = SchoolTrack.VOCATIONAL
    class_year = 4
    class_section = "B"
    school_year = "2026/27"
    is_demo = True


def opportunity_window(host, hub) -> OpportunityWindow:
    """A published-enough opportunity of the host in the hub, with one window."""
    opportunity = Opportunity.objects.create(
        host=host,
        hub=hub,
        sector=SectorFactory(),
        kind=OpportunityKind.PCTO,
        title="Accoglienza in albergo (prova)",
        description="Opportunità inventata per i test.",
        municipality=MunicipalityFactory(),
    )
    return OpportunityWindow.objects.create(
        opportunity=opportunity,
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 30),
        seats=2,
        hours=80,
    )


def apply(student: Student, window: OpportunityWindow) -> Application:
    return Application.objects.create(student=student, window=window)


def place(student: Student, host, hub) -> Placement:
    return Placement.objects.create(
        student=student,
        school=student.school,
        host=host,
        hub=hub,
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 30),
        planned_hours=80,
    )


def other_company():
    return OrganizationFactory(name="Altra impresa", slug="altra-impresa")
