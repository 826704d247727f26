"""factory_boy factories: invented data only (no real people, no real companies)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from ptp.accounts.models import Role, RoleGrant, User
from ptp.catalogue.models import (
    Edition,
    OfferPlan,
    OfferPlanItem,
    Programme,
    ProgrammeKind,
    ProgrammeProvider,
    ProviderRole,
)
from ptp.geo.models import Municipality, Province, Region
from ptp.network.models import (
    Hub,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Sector,
)
from ptp.skills.models import Occupation, Skill


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("codice_istat",)

    codice_istat = "09"
    name = "Toscana"
    slug = "toscana"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("codice_istat",)

    region = factory.SubFactory(RegionFactory)
    codice_istat = "045"
    name = "Massa-Carrara"
    abbreviation = "MS"
    slug = "massa-carrara"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("codice_istat",)

    province = factory.SubFactory(ProvinceFactory)
    codice_istat = "045010"
    codice_catastale = "F023"
    name = "Massa"


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = "turismo-e-beni-culturali"
    name = "Turismo e beni culturali"
    position = 4


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub

    slug = factory.Sequence(lambda n: f"polo-{n}")
    name = factory.Sequence(lambda n: f"Polo di prova {n}")
    short_name = factory.Sequence(lambda n: f"Polo {n}")
    sector = factory.SubFactory(SectorFactory)
    province = factory.SubFactory(ProvinceFactory)
    founded_year = 2015
    is_demo = True


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"soggetto-{n}")
    name = factory.Sequence(lambda n: f"Soggetto di prova {n}")
    kind = OrganizationKind.COMPANY
    municipality = factory.SubFactory(MunicipalityFactory)
    is_demo = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    hub = factory.SubFactory(HubFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.PARTNER
    joined_on = dt.date(2015, 1, 1)
    is_demo = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"persona{n}@example.invalid")
    full_name = factory.Sequence(lambda n: f"Persona di prova {n}")
    password = factory.django.Password("una-password-lunga-di-prova")


class RoleGrantFactory(DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.ORGANIZATION_STAFF


# --- Catalogue ----------------------------------------------------------------------------------


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("uri",)

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/skill/prova-{n}")
    label_it = factory.Sequence(lambda n: f"Competenza di prova {n}")


class OccupationFactory(DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("uri",)

    uri = factory.Sequence(lambda n: f"http://data.europa.eu/esco/occupation/prova-{n}")
    label_it = factory.Sequence(lambda n: f"Professione di prova {n}")


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"percorso-{n}")
    code = factory.Sequence(lambda n: f"PRV-{n:04d}")
    title = factory.Sequence(lambda n: f"Percorso di prova {n}")
    kind = ProgrammeKind.VOCATIONAL
    eqf_level = 4
    sector = factory.SubFactory(SectorFactory)
    duration_hours = 1000
    is_demo = True


class ProgrammeProviderFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeProvider

    programme = factory.SubFactory(ProgrammeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = ProviderRole.LEAD


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    school_year = "2026/27"
    municipality = factory.SubFactory(MunicipalityFactory)
    seats = 20
    is_demo = True


class OfferPlanFactory(DjangoModelFactory):
    class Meta:
        model = OfferPlan

    hub = factory.SubFactory(HubFactory)
    first_year = 2026
    version = 1


class OfferPlanItemFactory(DjangoModelFactory):
    class Meta:
        model = OfferPlanItem

    plan = factory.SubFactory(OfferPlanFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    proposed_by = factory.SubFactory(OrganizationFactory)
    school_year = factory.LazyAttribute(lambda o: o.plan.school_years[0])
    municipality = factory.SubFactory(MunicipalityFactory)
    seats = 20
