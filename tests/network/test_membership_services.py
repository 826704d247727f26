"""Invariants of memberships: who belongs to a hub, when, and in which role.

Each invariant is checked twice where the database can hold it too: the service refuses with an
Italian message, and a raw write that skips the service is refused by a constraint.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.network.models import Membership, MembershipRole, Organization, OrganizationKind
from ptp.network.services import (
    record_joining,
    record_leaving,
    register_new_member,
    transfer_lead,
)


def _events(obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


# --- One active lead per hub ----------------------------------------------------------------


def test_a_second_active_lead_is_refused_by_the_service(net, coordinator):
    with pytest.raises(ConflictError, match="già un capofila attivo"):
        record_joining(
            actor=coordinator,
            hub=net.hub,
            organization=net.other_org,
            joined_on=dt.date(2020, 9, 1),
            role=MembershipRole.LEAD,
        )
    assert not Membership.objects.filter(hub=net.hub, organization=net.other_org).exists()


def test_a_second_active_lead_is_refused_by_the_database(net):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            hub=net.hub,
            organization=net.other_org,
            role=MembershipRole.LEAD,
            joined_on=dt.date(2020, 9, 1),
        )


def test_a_former_lead_does_not_count_as_the_active_lead(net):
    Membership.objects.filter(pk=net.lead_membership.pk).update(left_on=dt.date(2019, 8, 31))

    Membership.objects.create(
        hub=net.hub,
        organization=net.other_org,
        role=MembershipRole.LEAD,
        joined_on=dt.date(2019, 9, 1),
    )

    assert Membership.objects.for_hub(net.hub).leads().count() == 2
    assert Membership.objects.for_hub(net.hub).active().leads().count() == 1


# --- Belonging to hubs ------------------------------------------------------------------------


def test_an_organization_can_belong_to_several_hubs(net, coordinator):
    record_joining(
        actor=coordinator,
        hub=net.other_hub,
        organization=net.company,
        joined_on=dt.date(2021, 9, 1),
    )

    hubs = set(
        Membership.objects.active().filter(organization=net.company).values_list("hub", flat=True)
    )
    assert hubs == {net.hub.pk, net.other_hub.pk}


def test_an_active_member_cannot_join_the_same_hub_again(net, coordinator):
    with pytest.raises(ConflictError, match="già socio attivo"):
        record_joining(
            actor=coordinator, hub=net.hub, organization=net.company, joined_on=dt.date(2021, 9, 1)
        )


def test_two_active_memberships_of_one_organization_in_one_hub_are_refused_by_the_database(net):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            hub=net.hub, organization=net.company, joined_on=dt.date(2021, 9, 1)
        )


def test_joining_before_the_hub_was_founded_is_refused(net, coordinator):
    with pytest.raises(InvalidInputError, match=r"precedente alla costituzione del polo \(2015\)"):
        record_joining(
            actor=coordinator,
            hub=net.hub,
            organization=net.other_org,
            joined_on=dt.date(2014, 12, 31),
        )


def test_founding_members_join_in_the_founding_year(net, coordinator):
    with pytest.raises(InvalidInputError, match="anno di costituzione") as refused:
        record_joining(
            actor=coordinator,
            hub=net.hub,
            organization=net.other_org,
            joined_on=dt.date(2016, 3, 1),
            is_founding=True,
        )
    assert refused.value.field == "is_founding"

    founder = record_joining(
        actor=coordinator,
        hub=net.hub,
        organization=net.other_org,
        joined_on=dt.date(2015, 12, 31),
        is_founding=True,
    )
    assert founder.is_founding


# --- Leaving ----------------------------------------------------------------------------------


def test_leaving_sets_the_date_and_keeps_the_row(net, coordinator):
    before = Membership.objects.count()

    record_leaving(
        actor=coordinator, membership=net.company_membership, left_on=dt.date(2024, 8, 31)
    )

    net.company_membership.refresh_from_db()
    assert net.company_membership.left_on == dt.date(2024, 8, 31)
    assert Membership.objects.count() == before
    assert not Organization.objects.active_in(net.hub).filter(pk=net.company.pk).exists()
    # It was a member the day before it left, and is not on the day itself.
    assert (
        Organization.objects.active_in(net.hub, dt.date(2024, 8, 30))
        .filter(pk=net.company.pk)
        .exists()
    )
    assert (
        not Organization.objects.active_in(net.hub, dt.date(2024, 8, 31))
        .filter(pk=net.company.pk)
        .exists()
    )


def test_leaving_before_joining_is_refused_by_the_service(net, coordinator):
    with pytest.raises(
        InvalidInputError, match=r"non può precedere quella di adesione \(01/09/2018\)"
    ):
        record_leaving(
            actor=coordinator, membership=net.company_membership, left_on=dt.date(2018, 8, 31)
        )

    net.company_membership.refresh_from_db()
    assert net.company_membership.left_on is None


def test_leaving_before_joining_is_refused_by_the_database(net):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=net.company_membership.pk).update(left_on=dt.date(2018, 8, 31))


def test_leaving_twice_is_refused(net, coordinator):
    record_leaving(
        actor=coordinator, membership=net.company_membership, left_on=dt.date(2024, 8, 31)
    )

    with pytest.raises(ConflictError, match="già uscito"):
        record_leaving(
            actor=coordinator, membership=net.company_membership, left_on=dt.date(2025, 8, 31)
        )


def test_the_lead_cannot_leave_without_a_transfer(net, coordinator):
    with pytest.raises(ConflictError, match="passaggio di capofila"):
        record_leaving(
            actor=coordinator, membership=net.lead_membership, left_on=dt.date(2024, 8, 31)
        )

    net.lead_membership.refresh_from_db()
    assert net.lead_membership.left_on is None


def test_rejoining_works_after_leaving_but_not_before_the_leaving_date(net, coordinator):
    record_leaving(
        actor=coordinator, membership=net.company_membership, left_on=dt.date(2022, 8, 31)
    )

    with pytest.raises(InvalidInputError, match="uscito dal polo il 31/08/2022"):
        record_joining(
            actor=coordinator, hub=net.hub, organization=net.company, joined_on=dt.date(2022, 8, 30)
        )
    again = record_joining(
        actor=coordinator, hub=net.hub, organization=net.company, joined_on=dt.date(2023, 9, 1)
    )

    history = (
        Membership.objects.for_hub(net.hub).filter(organization=net.company).order_by("joined_on")
    )
    assert [(m.joined_on, m.left_on) for m in history] == [
        (dt.date(2018, 9, 1), dt.date(2022, 8, 31)),
        (dt.date(2023, 9, 1), None),
    ]
    assert again.is_active


# --- Lead transfer ----------------------------------------------------------------------------


def test_transfer_lead_closes_and_reopens_memberships_and_keeps_history(net, coordinator):
    on = dt.date(2024, 9, 1)
    events_before = AuditEvent.objects.count()

    new_lead = transfer_lead(actor=coordinator, hub=net.hub, new_lead=net.school_membership, on=on)

    active = Membership.objects.for_hub(net.hub).active()
    assert active.leads().get() == new_lead
    assert new_lead.organization == net.school and new_lead.joined_on == on
    assert active.get(organization=net.lead_school).role == MembershipRole.PARTNER
    for old in (net.lead_membership, net.school_membership):
        old.refresh_from_db()
        assert old.left_on == on and old.is_founding  # history keeps who founded and led
    assert Membership.objects.for_hub(net.hub).count() == 3 + 2
    # Two closings and two openings, each in the audit log.
    actions = list(
        AuditEvent.objects.order_by("id")[events_before:].values_list("action", flat=True)
    )
    assert sorted(actions) == sorted([AuditAction.UPDATE] * 2 + [AuditAction.CREATE] * 2)


@pytest.mark.parametrize("target", ["lead_membership", "other_hub", "former_member"])
def test_transfer_lead_only_to_an_active_partner_of_the_hub(net, coordinator, target):
    if target == "lead_membership":
        membership = net.lead_membership
    elif target == "other_hub":
        membership = Membership.objects.get(hub=net.other_hub)
    else:
        Membership.objects.filter(pk=net.company_membership.pk).update(left_on=dt.date(2022, 8, 31))
        membership = net.company_membership

    with pytest.raises(ConflictError):
        transfer_lead(actor=coordinator, hub=net.hub, new_lead=membership, on=dt.date(2024, 9, 1))

    assert Membership.objects.for_hub(net.hub).active().leads().get() == net.lead_membership


def test_transfer_lead_before_the_new_lead_joined_changes_nothing(net, coordinator):
    with pytest.raises(InvalidInputError):
        transfer_lead(
            actor=coordinator, hub=net.hub, new_lead=net.company_membership, on=dt.date(2017, 1, 1)
        )

    assert Membership.objects.for_hub(net.hub).active().leads().get() == net.lead_membership
    assert Membership.objects.filter(left_on__isnull=False).count() == 0


# --- New members and the audit trail -------------------------------------------------------------


def test_register_new_member_creates_both_or_neither(net, coordinator):
    values = {
        "name": "Agenzia formativa di prova",
        "kind": OrganizationKind.TRAINING_AGENCY,
        "municipality": net.company.municipality,
    }

    with pytest.raises(InvalidInputError):
        register_new_member(
            actor=coordinator,
            hub=net.hub,
            values=values,
            joined_on=dt.date(2016, 1, 1),
            is_founding=True,
        )
    assert not Organization.objects.filter(name=values["name"]).exists()

    membership = register_new_member(
        actor=coordinator, hub=net.hub, values=values, joined_on=dt.date(2016, 1, 1)
    )
    assert membership.organization.slug == "agenzia-formativa-di-prova"
    assert [e.action for e in _events(membership.organization)] == [AuditAction.CREATE]
    assert [e.action for e in _events(membership)] == [AuditAction.CREATE]


def test_a_new_organization_with_a_taken_name_gets_its_own_slug(net, coordinator):
    values = {"name": "Impresa partner", "kind": OrganizationKind.COMPANY, "municipality": None}

    membership = register_new_member(
        actor=coordinator, hub=net.other_hub, values=values, joined_on=dt.date(2020, 1, 1)
    )

    assert membership.organization.slug == "impresa-partner-2"


def test_joining_and_leaving_are_audited_with_actor_and_values(net, coordinator):
    membership = record_joining(
        actor=coordinator,
        hub=net.hub,
        organization=net.other_org,
        joined_on=dt.date(2020, 9, 1),
        notes="Entra per i PCTO estivi.",
    )
    record_leaving(
        actor=coordinator,
        membership=membership,
        left_on=dt.date(2023, 8, 31),
        notes="Cessata attività.",
    )

    joined, left = _events(membership)
    assert (joined.action, joined.actor, joined.actor_label, joined.hub_id) == (
        AuditAction.CREATE,
        coordinator,
        coordinator.email,
        net.hub.pk,
    )
    assert joined.before is None
    assert joined.after["organization"] == net.other_org.pk
    assert joined.after["joined_on"] == "2020-09-01"
    assert left.action == AuditAction.UPDATE
    assert left.before["left_on"] is None and left.after["left_on"] == "2023-08-31"
    assert left.after["notes"] == "Entra per i PCTO estivi.\nCessata attività."


def test_refused_changes_write_nothing_to_the_audit_log(net, coordinator):
    before = AuditEvent.objects.count()

    with pytest.raises(ConflictError):
        record_joining(
            actor=coordinator, hub=net.hub, organization=net.company, joined_on=dt.date(2021, 1, 1)
        )

    assert AuditEvent.objects.count() == before


def test_a_leaving_date_in_the_future_is_refused(net, coordinator, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC))
    with pytest.raises(InvalidInputError, match="non può essere nel futuro"):
        record_leaving(
            actor=coordinator, membership=net.company_membership, left_on=dt.date(2026, 11, 27)
        )

    net.company_membership.refresh_from_db()
    assert net.company_membership.left_on is None
