import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import InvalidInputError
from ptp.outcomes.models import Outcome, OutcomeStatus
from ptp.outcomes.services import OutcomeData, record_outcome
from ptp.placements.models import PlacementStatus
from tests.factories import RoleGrantFactory, UserFactory
from tests.outcomes.conftest import finished, hosted

pytestmark = pytest.mark.django_db
S = OutcomeStatus


def employed(employer_id=None, name="", months=12) -> OutcomeData:
    return OutcomeData(months, S.EMPLOYED, employer_id, name, True)


def test_employed_by_the_hub_company_that_hosted_the_student(net, school_staff, leaver):
    hosted(leaver, net.company, net.hub)
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk))
    assert (outcome.with_hub_company, outcome.with_host) == (True, True)
    assert outcome.recorded_by == school_staff


def test_hub_company_that_did_not_host(net, school_staff, leaver):
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk))
    assert (outcome.with_hub_company, outcome.with_host) == (True, False)


def test_host_outside_the_schools_hubs(net, school_staff, leaver):
    hosted(leaver, net.other_org, net.other_hub)
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.other_org.pk))
    assert (outcome.with_hub_company, outcome.with_host) == (False, True)


def test_a_placement_that_never_started_is_not_hosting(net, school_staff, leaver):
    hosted(leaver, net.company, net.hub, status=PlacementStatus.PLANNED)
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk))
    assert outcome.with_host is False


def test_a_company_that_left_the_hub_is_not_a_hub_company(net, school_staff, leaver):
    net.company_membership.left_on = dt.date(2025, 1, 1)
    net.company_membership.save()
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk))
    assert outcome.with_hub_company is False


def test_another_school_is_not_a_hub_company(net, school_staff, leaver):
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(net.lead_school.pk))
    assert outcome.with_hub_company is False


def test_employer_outside_the_network_by_name(school_staff, leaver):
    outcome = record_outcome(actor=school_staff, student=leaver, data=employed(name="  Bar  Roma "))
    assert outcome.employer_name == "Bar Roma"
    assert (outcome.with_hub_company, outcome.with_host) == (False, False)


def test_correcting_updates_the_same_row_and_is_audited(net, school_staff, leaver):
    record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk))
    record_outcome(actor=school_staff, student=leaver, data=OutcomeData(12, S.ITS, in_sector=True))
    outcome = Outcome.objects.get(student=leaver)
    assert outcome.status == S.ITS
    assert outcome.employer is None and outcome.with_hub_company is False
    events = list(AuditEvent.objects.filter(object_type="outcomes.outcome").order_by("pk"))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[1].before["status"] == S.EMPLOYED
    assert events[1].hub_id is None


def test_in_sector_is_dropped_for_neet(school_staff, leaver):
    outcome = record_outcome(
        actor=school_staff, student=leaver, data=OutcomeData(6, S.NEITHER, in_sector=True)
    )
    assert outcome.in_sector is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (OutcomeData(12, S.NEITHER, None, "Bar Roma"), "employer"),
        (OutcomeData(9, S.EMPLOYED), "months_after"),
        (OutcomeData(12, "pensione"), "status"),
    ],
)
def test_invalid_data_is_refused_in_italian(school_staff, leaver, data, field):
    with pytest.raises(InvalidInputError) as exc:
        record_outcome(actor=school_staff, student=leaver, data=data)
    assert exc.value.field == field
    assert not Outcome.objects.exists()


def test_network_employer_and_name_together_are_refused(net, school_staff, leaver):
    with pytest.raises(InvalidInputError, match="non entrambi"):
        record_outcome(actor=school_staff, student=leaver, data=employed(net.company.pk, "Altro"))


def test_only_students_who_finished(net, school_staff):
    third_year = finished(net.school, 2, class_year=3)
    with pytest.raises(InvalidInputError, match="ultimo anno"):
        record_outcome(actor=school_staff, student=third_year, data=employed())


def test_a_student_who_left_early_counts_as_finished(net, school_staff):
    left = finished(net.school, 3, class_year=3, left_on=dt.date(2026, 6, 30))
    outcome = record_outcome(actor=school_staff, student=left, data=employed())
    assert outcome.pk


def test_staff_of_another_school_cannot_record(net, leaver):
    other = UserFactory()
    RoleGrantFactory(user=other, role="organization_staff", organization=net.lead_school)
    with pytest.raises(PermissionDenied):
        record_outcome(actor=other, student=leaver, data=employed())


def test_company_staff_cannot_record(company_staff, leaver):
    with pytest.raises(PermissionDenied):
        record_outcome(actor=company_staff, student=leaver, data=employed())


def test_school_and_programme_are_copied_for_the_observatory(net, school_staff):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    student = finished(net.school, 9, programme=programme)
    outcome = record_outcome(actor=school_staff, student=student, data=employed())
    assert (outcome.school, outcome.programme) == (net.school, programme)
