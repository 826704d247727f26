import pytest

from ptp.outcomes.demo import seed_demo_outcomes
from ptp.outcomes.models import Outcome, OutcomeStatus
from ptp.outcomes.rates import hosting_counts
from ptp.outcomes.region import delete_synthetic_outcomes, generate_outcomes
from ptp.placements.models import PlacementStatus
from tests.factories import HubFactory, MembershipFactory, OrganizationFactory
from tests.outcomes.conftest import finished, hosted

pytestmark = pytest.mark.django_db


def test_demo_outcomes_include_former_students_hired_by_their_host(net):
    outcomes = seed_demo_outcomes(net.school)
    assert outcomes and all(o.is_demo for o in outcomes)
    assert {o.months_after for o in outcomes} == {6, 12}
    hired = [o for o in outcomes if o.with_host]
    assert len({o.student_id for o in hired}) >= 3
    assert all(o.with_hub_company and o.employer == net.company for o in hired)
    assert all(o.student.left_on is not None for o in outcomes)
    hosted_in_hub, _, by_host = hosting_counts([net.hub.pk])[net.hub.pk]
    assert hosted_in_hub >= 5 and by_host >= 3
    # Idempotent.
    assert len(seed_demo_outcomes(net.school)) == len(outcomes)
    assert Outcome.objects.count() == len(outcomes)


def test_region_outcomes_for_synthetic_students_who_finish(net):
    hub = HubFactory(slug="sint-polo-1")
    school = OrganizationFactory(slug="sint-scuola-1", kind="istituto_tecnico")
    company = OrganizationFactory(slug="sint-impresa-1", kind="impresa")
    MembershipFactory(hub=hub, organization=school)
    MembershipFactory(hub=hub, organization=company)
    final = [finished(school, n) for n in range(40)]
    younger = finished(school, 99, class_year=3)
    for student in final[:20]:
        hosted(student, company, hub)
    hosted(younger, company, hub, status=PlacementStatus.ACTIVE)
    other = finished(net.school, 100)  # not synthetic
    made = generate_outcomes(seed=1)
    assert made == 80 == Outcome.objects.count()
    assert not Outcome.objects.filter(student__in=[younger, other]).exists()
    employed = Outcome.objects.filter(status=OutcomeStatus.EMPLOYED)
    assert employed.exists()
    for o in employed.exclude(employer=None):
        assert o.with_hub_company == (o.employer_id == company.pk)
        assert o.with_host == (
            o.employer_id == company.pk and o.student_id in {s.pk for s in final[:20]}
        )
    assert employed.filter(employer=None).exclude(employer_name="").exists()
    first = list(
        Outcome.objects.order_by("student_id", "months_after").values_list("status", flat=True)
    )
    delete_synthetic_outcomes()
    assert not Outcome.objects.exists()
    generate_outcomes(seed=1)
    again = list(
        Outcome.objects.order_by("student_id", "months_after").values_list("status", flat=True)
    )
    assert again == first
