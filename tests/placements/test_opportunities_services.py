"""Opportunity services: drafts, publication rules (minors, high risk, framework agreement,
windows), changes to published opportunities, closing, seats taken."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.public_cache import public_data_version
from ptp.placements.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PlacementStatus,
    RiskLevel,
)
from ptp.placements.opportunities.queries import seats_taken
from ptp.placements.opportunities.rules import HIGH_RISK_MIN_AGE, publication_problems
from ptp.placements.opportunities.services import (
    OpportunityData,
    WindowData,
    close_opportunity,
    create_opportunity,
    publish_opportunity,
    update_opportunity,
)
from tests.demand.builders import enroll, make_opportunity
from tests.factories import SectorFactory, SkillFactory
from tests.placements.factories import PlacementFactory

SUMMER = WindowData(dt.date(2027, 6, 1), dt.date(2027, 7, 31), seats=3, hours=160)


def _data(net, **changes) -> OpportunityData:
    values = {
        "kind": OpportunityKind.PCTO,
        "title": "Addetto al ricevimento",
        "description": "Accoglienza degli ospiti in albergo.",
        "sector": SectorFactory(),
        "municipality": net.company.municipality,
        "windows": [SUMMER],
    } | changes
    return OpportunityData(**values)


@pytest.fixture
def host(net):
    return enroll(net)


def test_a_draft_keeps_skills_windows_and_a_search_text(net, host, company_staff):
    required, developed = SkillFactory(), SkillFactory()
    opportunity = create_opportunity(
        actor=company_staff,
        host=net.company,
        hub=net.hub,
        data=_data(
            net,
            title="Receptionist Città",
            skills_required=[required],
            skills_developed=[developed],
        ),
    )

    assert opportunity.status == OpportunityStatus.DRAFT
    assert list(opportunity.skills_required.all()) == [required]
    assert list(opportunity.skills_developed.all()) == [developed]
    assert list(opportunity.windows.values_list("seats", "hours")) == [(3, 160)]
    assert opportunity.search_text == " receptionist citta accoglienza degli ospiti in albergo "
    event = AuditEvent.objects.get(object_type="placements.opportunity")
    assert event.hub_id == net.hub.pk
    assert event.after["windows"] == ["2027-06-01/2027-07-31 posti 3 ore 160"]


def test_only_registered_hosts_create_opportunities(net, company_staff):
    with pytest.raises(InvalidInputError, match="Registra prima Impresa partner"):
        create_opportunity(actor=company_staff, host=net.company, hub=net.hub, data=_data(net))


def test_companies_of_another_hub_are_refused(net, host, company_staff):
    with pytest.raises(InvalidInputError, match="non è socio attivo"):
        create_opportunity(
            actor=company_staff, host=net.company, hub=net.other_hub, data=_data(net)
        )


def test_excluded_work_cannot_even_be_drafted_for_minors(net, host, company_staff):
    with pytest.raises(InvalidInputError, match="richiede almeno 18 anni"):
        create_opportunity(
            actor=company_staff,
            host=net.company,
            hub=net.hub,
            data=_data(net, involves_minor_excluded_work=True, min_age=16),
        )
    assert not Opportunity.objects.exists()


def test_the_database_refuses_excluded_work_for_minors(net):
    opportunity = make_opportunity(net, min_age=18, involves_minor_excluded_work=True)
    opportunity.min_age = 17

    with pytest.raises(IntegrityError), transaction.atomic():
        opportunity.save()


def test_publishing_makes_it_public(net, host, company_staff, django_capture_on_commit_callbacks):
    opportunity = make_opportunity(net, status=OpportunityStatus.DRAFT)
    version = public_data_version()

    with django_capture_on_commit_callbacks(execute=True):
        publish_opportunity(actor=company_staff, opportunity=opportunity)

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED and opportunity.published_at
    assert public_data_version() > version
    assert AuditEvent.objects.filter(summary__startswith="Pubblicata l'opportunità").exists()
    with pytest.raises(ConflictError, match="si pubblica una bozza"):
        publish_opportunity(actor=company_staff, opportunity=opportunity)


def test_cannot_publish_without_windows(net, host, company_staff):
    opportunity = make_opportunity(net, status=OpportunityStatus.DRAFT, windows=())

    with pytest.raises(InvalidInputError, match="non ha periodi"):
        publish_opportunity(actor=company_staff, opportunity=opportunity)


def test_cannot_publish_when_every_window_has_ended(net, host, company_staff):
    opportunity = make_opportunity(
        net,
        status=OpportunityStatus.DRAFT,
        windows=((dt.date(2025, 6, 1), dt.date(2025, 7, 1), 2),),
    )

    with pytest.raises(InvalidInputError, match="tutti i periodi sono già conclusi"):
        publish_opportunity(actor=company_staff, opportunity=opportunity)


def test_cannot_publish_before_accepting_the_framework_agreement(net, company_staff):
    enroll(net, accepted=False)
    opportunity = make_opportunity(net, status=OpportunityStatus.DRAFT)

    with pytest.raises(InvalidInputError, match="non ha ancora accettato la convenzione quadro"):
        publish_opportunity(actor=company_staff, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.DRAFT


def test_high_risk_is_not_published_for_students_under_16(net, host, company_staff):
    opportunity = make_opportunity(
        net, status=OpportunityStatus.DRAFT, risk_level=RiskLevel.HIGH, min_age=15
    )

    with pytest.raises(InvalidInputError, match="regola della piattaforma «rischio alto dai 16"):
        publish_opportunity(actor=company_staff, opportunity=opportunity)

    opportunity.min_age = HIGH_RISK_MIN_AGE
    opportunity.save()
    assert publish_opportunity(actor=company_staff, opportunity=opportunity).status == "published"


def test_the_rules_list_every_problem_at_once():
    problems = publication_problems(
        windows=[],
        today=dt.date(2026, 11, 26),
        framework_accepted=False,
        min_age=15,
        risk_level=RiskLevel.HIGH,
        involves_minor_excluded_work=True,
    )

    assert len(problems) == 4
    assert "D.Lgs. 345/1999" in problems[2]


def test_a_published_opportunity_must_keep_meeting_the_rules(net, host, company_staff):
    opportunity = make_opportunity(net)

    with pytest.raises(InvalidInputError, match="rischio alto"):
        update_opportunity(
            actor=company_staff,
            opportunity=opportunity,
            data=_data(net, risk_level=RiskLevel.HIGH, min_age=15),
        )
    with pytest.raises(InvalidInputError, match="almeno un periodo"):
        update_opportunity(
            actor=company_staff, opportunity=opportunity, data=_data(net, windows=[])
        )
    opportunity.refresh_from_db()
    assert opportunity.risk_level == RiskLevel.LOW and opportunity.windows.count() == 1


def test_changing_windows_keeps_ids_and_audits(
    net, host, company_staff, django_capture_on_commit_callbacks
):
    opportunity = make_opportunity(net)
    window = opportunity.windows.get()
    version = public_data_version()

    with django_capture_on_commit_callbacks(execute=True):
        update_opportunity(
            actor=company_staff,
            opportunity=opportunity,
            data=_data(
                net,
                windows=[
                    WindowData(window.starts_on, window.ends_on, seats=5, hours=100, id=window.pk),
                    WindowData(dt.date(2027, 9, 1), dt.date(2027, 9, 30), seats=1, hours=60),
                ],
            ),
        )

    first, second = opportunity.windows.order_by("starts_on")
    assert (first.pk, first.seats, second.seats) == (window.pk, 5, 1)
    assert public_data_version() > version
    event = AuditEvent.objects.get(summary__startswith="Modificata l'opportunità")
    assert "2027-09-01/2027-09-30 posti 1 ore 60" in event.after["windows"]


def test_windows_with_students_are_protected(net, host, company_staff):
    opportunity = make_opportunity(net)
    window = opportunity.windows.get()
    PlacementFactory(window=window, host=net.company, hub=net.hub, status=PlacementStatus.PLANNED)
    PlacementFactory(window=window, host=net.company, hub=net.hub, status=PlacementStatus.ACTIVE)
    keep = WindowData(window.starts_on, window.ends_on, seats=1, hours=80, id=window.pk)
    other = WindowData(dt.date(2027, 9, 1), dt.date(2027, 9, 30), seats=1, hours=60)

    with pytest.raises(ConflictError, match="ha già 2 studenti"):
        update_opportunity(
            actor=company_staff, opportunity=opportunity, data=_data(net, windows=[keep])
        )
    with pytest.raises(ConflictError, match="non si può togliere"):
        update_opportunity(
            actor=company_staff, opportunity=opportunity, data=_data(net, windows=[other])
        )
    assert opportunity.windows.get().seats == 3


def test_seats_taken_count_only_placements_holding_a_seat(net):
    opportunity = make_opportunity(net)
    window = opportunity.windows.get()
    for status in PlacementStatus:
        PlacementFactory(window=window, host=net.company, hub=net.hub, status=status)

    assert seats_taken([window.pk]) == {window.pk: 4}  # an interrupted placement frees its seat
    assert seats_taken([]) == {}


def test_closing_removes_it_and_is_final(
    net, host, company_staff, django_capture_on_commit_callbacks
):
    opportunity = make_opportunity(net)
    version = public_data_version()

    with django_capture_on_commit_callbacks(execute=True):
        close_opportunity(actor=company_staff, opportunity=opportunity)

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED
    assert public_data_version() > version
    with pytest.raises(ConflictError, match="già chiusa"):
        close_opportunity(actor=company_staff, opportunity=opportunity)
    with pytest.raises(ConflictError, match="chiusa"):
        update_opportunity(actor=company_staff, opportunity=opportunity, data=_data(net))
