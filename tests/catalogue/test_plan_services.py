"""The offer plan's invariants, enforced by ptp/catalogue/plan_services.py and the database."""

import pytest
from django.db import IntegrityError, transaction

from ptp.audit.models import AuditAction, AuditEvent
from ptp.catalogue import plan_services as services
from ptp.catalogue.models import OfferPlan, OfferPlanItem, PlanStatus
from ptp.core.errors import ConflictError, DomainError, InvalidInputError
from tests.catalogue.plan_helpers import plan_world
from tests.factories import OfferPlanFactory, OfferPlanItemFactory


def _item_values(world, net, **changes):
    values = {
        "programme": world.vocational,
        "proposed_by": net.school,
        "school_year": "2027/28",
        "municipality": world.massa,
        "seats": 22,
        "notes": "Seconda sezione",
    }
    return values | changes


# --- Starting versions --------------------------------------------------------------------------


def test_the_coordinator_starts_version_1_as_an_audited_draft(net, coordinator):
    plan = services.start_plan(actor=coordinator, hub=net.hub, first_year=2026, notes="Primo")

    assert (plan.version, plan.status, plan.created_by) == (1, PlanStatus.DRAFT, coordinator)
    assert plan.school_years == ["2026/27", "2027/28", "2028/29"]
    event = AuditEvent.objects.get(object_type="catalogue.offerplan", object_id=str(plan.pk))
    assert (event.action, event.hub_id, event.actor) == (
        AuditAction.CREATE,
        net.hub.pk,
        coordinator,
    )
    assert event.after["version"] == 1
    assert event.after["copied_items"] == 0


@pytest.mark.parametrize("persona", ["school_staff", "regional_officer", "other_coordinator"])
def test_only_the_coordinator_starts_a_plan(persona, net, request):
    with pytest.raises(DomainError, match="Solo il coordinatore del polo"):
        services.start_plan(actor=request.getfixturevalue(persona), hub=net.hub, first_year=2026)
    assert not OfferPlan.objects.exists()


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.PROPOSED])
def test_one_open_version_per_period(status, net, coordinator):
    OfferPlanFactory(hub=net.hub, first_year=2026, status=status)

    with pytest.raises(ConflictError, match=r"c'è già una versione aperta \(v1"):
        services.start_plan(actor=coordinator, hub=net.hub, first_year=2026)
    # Another period is free.
    assert services.start_plan(actor=coordinator, hub=net.hub, first_year=2027).version == 1


def test_an_implausible_first_year_is_refused(net, coordinator):
    with pytest.raises(InvalidInputError, match="anno di inizio plausibile") as exc:
        services.start_plan(actor=coordinator, hub=net.hub, first_year=1999)
    assert exc.value.field == "first_year"


def test_a_new_version_copies_the_items_of_the_approved_one(net, coordinator):
    world = plan_world(net)
    services.propose_plan(actor=coordinator, plan=world.plan)
    services.approve_plan(actor=coordinator, plan=world.plan)

    v2 = services.start_plan(actor=coordinator, hub=net.hub, first_year=2026)

    assert (v2.version, v2.status) == (2, PlanStatus.DRAFT)
    copied = {
        (i.programme_id, i.proposed_by_id, i.school_year, i.municipality_id, i.seats)
        for i in v2.items.all()
    }
    original = {
        (i.programme_id, i.proposed_by_id, i.school_year, i.municipality_id, i.seats)
        for i in world.plan.items.all()
    }
    assert copied == original and len(copied) == 2
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.APPROVED  # still in force until v2 is approved
    event = AuditEvent.objects.get(object_type="catalogue.offerplan", object_id=str(v2.pk))
    assert event.after["copied_from_version"] == 1 and event.after["copied_items"] == 2
    assert "copiate 2 voci dalla versione 1" in event.summary


def test_superseded_versions_are_not_copied(net, coordinator):
    OfferPlanFactory(hub=net.hub, first_year=2026, version=1, status=PlanStatus.SUPERSEDED)
    OfferPlanItemFactory(
        plan__hub=net.hub,
        plan__first_year=2026,
        plan__version=9,
        plan__status=PlanStatus.SUPERSEDED,
    )
    v3 = services.start_plan(actor=coordinator, hub=net.hub, first_year=2026)
    assert v3.version == 10
    assert not v3.items.exists()


# --- States -------------------------------------------------------------------------------------


def test_draft_proposed_draft_proposed_approved(net, coordinator):
    plan = plan_world(net).plan
    services.propose_plan(actor=coordinator, plan=plan)
    services.reopen_plan(actor=coordinator, plan=plan)
    services.propose_plan(actor=coordinator, plan=plan)
    services.approve_plan(actor=coordinator, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == coordinator and plan.approved_at is not None
    statuses = [
        (e.before["status"], e.after["status"])
        for e in AuditEvent.objects.filter(
            object_id=str(plan.pk), action=AuditAction.UPDATE
        ).order_by("pk")
    ]
    assert statuses == [
        ("draft", "proposed"),
        ("proposed", "draft"),
        ("draft", "proposed"),
        ("proposed", "approved"),
    ]


# fmt: off
REFUSED = [
    # from state             service            message
    (PlanStatus.DRAFT,       "approve_plan",    "Si può approvare solo un piano «Proposto»: questo è «Bozza»."),
    (PlanStatus.DRAFT,       "reopen_plan",     "Si può riportare in bozza solo un piano «Proposto»: questo è «Bozza»."),
    (PlanStatus.PROPOSED,    "propose_plan",    "Si può proporre solo un piano «Bozza»: questo è «Proposto»."),
    (PlanStatus.APPROVED,    "propose_plan",    "Si può proporre solo un piano «Bozza»: questo è «Approvato»."),
    (PlanStatus.APPROVED,    "approve_plan",    "Si può approvare solo un piano «Proposto»: questo è «Approvato»."),
    (PlanStatus.APPROVED,    "reopen_plan",     "Si può riportare in bozza solo un piano «Proposto»: questo è «Approvato»."),
    (PlanStatus.SUPERSEDED,  "approve_plan",    "Si può approvare solo un piano «Proposto»: questo è «Sostituito»."),
    (PlanStatus.SUPERSEDED,  "reopen_plan",     "Si può riportare in bozza solo un piano «Proposto»: questo è «Sostituito»."),
]
# fmt: on


@pytest.mark.parametrize(("status", "service", "message"), REFUSED)
def test_refused_transitions(status, service, message, net, coordinator):
    plan = OfferPlanFactory(hub=net.hub, status=status)
    OfferPlanItemFactory(plan=plan)
    events = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as exc:
        getattr(services, service)(actor=coordinator, plan=plan)

    assert exc.value.message == message
    plan.refresh_from_db()
    assert plan.status == status
    assert AuditEvent.objects.count() == events


def test_an_empty_draft_cannot_be_proposed(net, coordinator):
    plan = OfferPlanFactory(hub=net.hub)
    with pytest.raises(ConflictError, match="Il piano non ha voci"):
        services.propose_plan(actor=coordinator, plan=plan)


@pytest.mark.parametrize("service", ["propose_plan", "approve_plan", "reopen_plan"])
def test_member_staff_cannot_change_the_state(service, net, school_staff):
    plan = plan_world(net).plan
    with pytest.raises(DomainError, match="Solo il coordinatore"):
        getattr(services, service)(actor=school_staff, plan=plan)


def test_approving_supersedes_the_previously_approved_version(net, coordinator):
    v1 = OfferPlanFactory(hub=net.hub, first_year=2026, version=1, status=PlanStatus.APPROVED)
    other_period = OfferPlanFactory(hub=net.hub, first_year=2029, status=PlanStatus.APPROVED)
    other_hub = OfferPlanFactory(hub=net.other_hub, first_year=2026, status=PlanStatus.APPROVED)
    v2 = OfferPlanFactory(hub=net.hub, first_year=2026, version=2, status=PlanStatus.PROPOSED)

    services.approve_plan(actor=coordinator, plan=v2)

    statuses = dict(OfferPlan.objects.values_list("pk", "status"))
    assert statuses == {
        v1.pk: PlanStatus.SUPERSEDED,
        v2.pk: PlanStatus.APPROVED,
        other_period.pk: PlanStatus.APPROVED,
        other_hub.pk: PlanStatus.APPROVED,
    }
    superseded = AuditEvent.objects.get(object_id=str(v1.pk), action=AuditAction.UPDATE)
    assert superseded.after == {"status": "superseded"} and superseded.hub_id == net.hub.pk
    assert superseded.summary == "Versione 1 sostituita dalla versione 2"


def test_the_database_allows_one_approved_and_one_open_version_per_period(net):
    OfferPlanFactory(hub=net.hub, first_year=2026, version=1, status=PlanStatus.APPROVED)
    OfferPlanFactory(hub=net.hub, first_year=2026, version=2, status=PlanStatus.DRAFT)
    for version, status in [
        (3, PlanStatus.APPROVED),
        (4, PlanStatus.PROPOSED),
        (5, PlanStatus.DRAFT),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            OfferPlanFactory(hub=net.hub, first_year=2026, version=version, status=status)
    OfferPlanFactory(hub=net.hub, first_year=2026, version=6, status=PlanStatus.SUPERSEDED)


# --- Items --------------------------------------------------------------------------------------


def test_member_staff_add_an_item_of_their_own_programme(net, school_staff):
    world = plan_world(net)
    item = services.add_plan_item(actor=school_staff, plan=world.plan, **_item_values(world, net))

    assert (item.proposed_by, item.school_year, item.seats) == (net.school, "2027/28", 22)
    event = AuditEvent.objects.filter(object_id=str(world.plan.pk)).latest("pk")
    assert (event.action, event.hub_id, event.actor) == (
        AuditAction.UPDATE,
        net.hub.pk,
        school_staff,
    )
    assert event.after["item"] == item.pk and event.after["seats"] == 22
    assert event.summary.startswith("Aggiunta al piano la voce: Accoglienza turistica, 2027/28")


def test_member_staff_cannot_propose_a_programme_their_organization_does_not_provide(
    net, school_staff
):
    world = plan_world(net)
    with pytest.raises(
        InvalidInputError, match="non è tra i percorsi erogati da Istituto partner"
    ) as exc:
        services.add_plan_item(
            actor=school_staff,
            plan=world.plan,
            **_item_values(world, net, programme=world.technical),
        )
    assert exc.value.field == "programme"


@pytest.mark.parametrize("persona", ["school_staff", "company_staff", "regional_officer"])
def test_nobody_but_the_coordinator_proposes_for_another_organization(persona, net, request):
    world = plan_world(net)
    with pytest.raises(
        InvalidInputError, match="Non puoi proporre voci per conto di Istituto capofila"
    ) as exc:
        services.add_plan_item(
            actor=request.getfixturevalue(persona),
            plan=world.plan,
            **_item_values(world, net, proposed_by=net.lead_school, programme=world.technical),
        )
    assert exc.value.field == "proposed_by"


def test_the_coordinator_proposes_any_programme_for_any_member(net, coordinator):
    world = plan_world(net)
    item = services.add_plan_item(
        actor=coordinator,
        plan=world.plan,
        **_item_values(world, net, proposed_by=net.company, programme=world.technical),
    )
    assert item.proposed_by == net.company


def test_the_coordinator_proposes_only_for_active_members(net, coordinator):
    world = plan_world(net)
    with pytest.raises(InvalidInputError, match="per conto di Impresa di Pisa"):
        services.add_plan_item(
            actor=coordinator,
            plan=world.plan,
            **_item_values(world, net, proposed_by=net.other_org),
        )


@pytest.mark.parametrize(
    ("changes", "error", "message", "field"),
    [
        (
            {"school_year": "2025/26"},
            InvalidInputError,
            "uno dei tre del piano (2026/27, 2027/28, 2028/29)",
            "school_year",
        ),
        ({"seats": 0}, InvalidInputError, "almeno uno", "seats"),
        (
            {"school_year": "2026/27"},
            ConflictError,
            "Il piano prevede già «Accoglienza turistica» a Massa nel 2026/27.",
            None,
        ),
    ],
)
def test_bad_items_are_refused(changes, error, message, field, net, school_staff):
    world = plan_world(net)
    items = OfferPlanItem.objects.count()
    with pytest.raises(error) as exc:
        services.add_plan_item(
            actor=school_staff, plan=world.plan, **_item_values(world, net, **changes)
        )
    assert message in exc.value.message and exc.value.field == field
    assert OfferPlanItem.objects.count() == items


@pytest.mark.parametrize(
    "status", [PlanStatus.PROPOSED, PlanStatus.APPROVED, PlanStatus.SUPERSEDED]
)
def test_items_change_only_while_the_plan_is_a_draft(status, net, coordinator, school_staff):
    world = plan_world(net)
    OfferPlan.objects.filter(pk=world.plan.pk).update(status=status)
    label = PlanStatus(status).label
    message = f"Il piano è «{label}»: le voci si modificano solo finché è in bozza."

    for actor in (school_staff, coordinator):
        with pytest.raises(ConflictError) as exc:
            services.add_plan_item(actor=actor, plan=world.plan, **_item_values(world, net))
        assert exc.value.message == message
        with pytest.raises(ConflictError) as exc:
            services.remove_plan_item(
                actor=actor, item=world.plan.items.get(proposed_by=net.school)
            )
        assert exc.value.message == message
    assert world.plan.items.count() == 2


def test_member_staff_remove_their_own_items_only(net, school_staff):
    world = plan_world(net)
    own = world.plan.items.get(proposed_by=net.school)
    other = world.plan.items.get(proposed_by=net.lead_school)

    with pytest.raises(ConflictError, match="solo le voci proposte dal tuo soggetto"):
        services.remove_plan_item(actor=school_staff, item=other)
    services.remove_plan_item(actor=school_staff, item=own)

    assert list(world.plan.items.all()) == [other]
    event = AuditEvent.objects.filter(object_id=str(world.plan.pk)).latest("pk")
    assert event.summary.startswith(
        "Rimossa dal piano la voce: Accoglienza turistica, 2026/27, Massa"
    )
    assert event.before["item"] == own.pk and event.after is None
    assert event.hub_id == net.hub.pk


def test_the_coordinator_removes_any_item(net, coordinator):
    world = plan_world(net)
    for item in world.plan.items.all():
        services.remove_plan_item(actor=coordinator, item=item)
    assert not world.plan.items.exists()


def test_a_removed_item_cannot_be_removed_twice(net, coordinator):
    world = plan_world(net)
    item = world.plan.items.first()
    services.remove_plan_item(actor=coordinator, item=item)
    with pytest.raises(ConflictError, match="già stata rimossa"):
        services.remove_plan_item(actor=coordinator, item=item)
