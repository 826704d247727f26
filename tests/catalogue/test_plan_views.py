"""The offer-plan pages: happy paths, bad input, downloads and query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ptp.catalogue.models import OfferPlan, OfferPlanItem, PlanStatus, SectorOccupation
from ptp.core.exports import XLSX_TYPE
from tests.catalogue.plan_helpers import grow, plan_world
from tests.factories import (
    OccupationFactory,
    OfferPlanFactory,
    OfferPlanItemFactory,
    ProgrammeFactory,
    ProgrammeProviderFactory,
    SkillFactory,
)

PLAN = "/gestione/poli/tnt/piano"


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Plans and versions -------------------------------------------------------------------------


def test_the_coordinator_starts_a_plan(net, coordinator, client):
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/", {"first_year": "2026", "notes": "Prima bozza"})

    plan = OfferPlan.objects.get()
    assert response.status_code == 302 and response.url == f"{PLAN}/{plan.pk}/"
    assert (plan.first_year, plan.version, plan.notes) == (2026, 1, "Prima bozza")
    page = client.get(f"{PLAN}/")
    assert "Triennio 2026/27–2028/29" in _text(page)
    # The period has an open version: no button for another one.
    assert "Avvia una nuova versione del triennio 2026/27–2028/29" not in _text(page)


def test_a_second_open_version_is_refused_on_the_form(net, coordinator, client):
    OfferPlanFactory(hub=net.hub, first_year=2026)
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/", {"first_year": "2026", "notes": "Tenuto"})

    assert response.status_code == 200
    assert "c&#x27;è già una versione aperta (v1, «Bozza»)" in _text(response)
    assert response.context["form"]["notes"].value() == "Tenuto"
    assert OfferPlan.objects.count() == 1


def test_a_first_year_outside_the_choices_is_refused(net, coordinator, client):
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/", {"first_year": "1999"})
    assert response.status_code == 200
    assert response.context["form"].errors["first_year"]
    assert not OfferPlan.objects.exists()


def test_a_new_version_of_an_approved_period_starts_from_its_items(net, coordinator, client):
    world = plan_world(net)
    OfferPlan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.APPROVED)
    client.force_login(coordinator)
    page = client.get(f"{PLAN}/")
    assert "Avvia una nuova versione del triennio 2026/27–2028/29" in _text(page)

    response = client.post(f"{PLAN}/", {"first_year": "2026"})

    v2 = OfferPlan.objects.get(version=2)
    assert response.url == f"{PLAN}/{v2.pk}/"
    assert v2.items.count() == 2


# --- The plan page and its state ------------------------------------------------------------------


def test_the_plan_page_groups_items_by_year_and_offers_the_right_actions(net, school_staff, client):
    world = plan_world(net)
    client.force_login(school_staff)
    response = client.get(f"{PLAN}/{world.plan.pk}/")

    html = _text(response)
    assert [y.school_year for y, _ in response.context["by_year"]] == world.plan.school_years
    assert "Anno scolastico 2026/27 — 44 posti" in html
    own = world.plan.items.get(proposed_by=net.school)
    assert response.context["removable"] == {own.pk}
    assert "Aggiungi una voce" in html
    assert "Proponi alla rete" not in html  # the coordinator's


def test_the_coordinator_proposes_then_approves(net, coordinator, client):
    world = plan_world(net)
    client.force_login(coordinator)
    url = f"{PLAN}/{world.plan.pk}/stato/"

    response = client.post(url, {"azione": "proponi"}, follow=True)
    assert "Piano proposto" in _messages(response)[0]
    assert "Approva" in _text(response) and "Aggiungi una voce" not in _text(response)
    client.post(url, {"azione": "approva"})

    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.APPROVED


def test_a_transition_the_state_does_not_allow_is_reported(net, coordinator, client):
    world = plan_world(net)
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/{world.plan.pk}/stato/", {"azione": "approva"}, follow=True)

    assert _messages(response) == ["Si può approvare solo un piano «Proposto»: questo è «Bozza»."]
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT


def test_an_unknown_transition_is_reported(net, coordinator, client):
    world = plan_world(net)
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/{world.plan.pk}/stato/", {"azione": "cancella"}, follow=True)
    assert _messages(response) == ["Azione non riconosciuta."]


# --- Items ----------------------------------------------------------------------------------------


def test_member_staff_choose_among_their_own_programmes(net, school_staff, client):
    world = plan_world(net)
    client.force_login(school_staff)
    form = client.get(f"{PLAN}/{world.plan.pk}/voci/nuova/").context["form"]

    assert list(form.fields["programme"].queryset) == [world.vocational]
    assert list(form.fields["proposed_by"].queryset) == [net.school]
    assert [c[0] for c in form.fields["school_year"].choices] == world.plan.school_years
    assert world.pisa in form.fields["municipality"].queryset  # the hub's region


def test_the_coordinator_chooses_among_every_programme_and_member(net, coordinator, client):
    world = plan_world(net)
    client.force_login(coordinator)
    form = client.get(f"{PLAN}/{world.plan.pk}/voci/nuova/").context["form"]
    assert set(form.fields["programme"].queryset) == {world.vocational, world.technical, world.its}
    assert set(form.fields["proposed_by"].queryset) == {net.lead_school, net.school, net.company}


def test_member_staff_add_an_item(net, school_staff, client):
    world = plan_world(net)
    client.force_login(school_staff)
    data = {
        "proposed_by": net.school.pk,
        "programme": world.vocational.pk,
        "school_year": "2028/29",
        "municipality": world.carrara.pk,
        "seats": "18",
        "notes": "Sezione serale",
    }
    response = client.post(f"{PLAN}/{world.plan.pk}/voci/nuova/", data)

    assert response.status_code == 302 and response.url == f"{PLAN}/{world.plan.pk}/"
    item = OfferPlanItem.objects.get(school_year="2028/29")
    assert (item.municipality, item.seats, item.notes) == (world.carrara, 18, "Sezione serale")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"seats": "0"}, "seats", "Assicurati che questo valore sia maggiore o uguale a 1."),
        ({"programme": "technical"}, "programme", "Scegli un'opzione valida."),
        (
            {"school_year": "2026/27", "municipality": "massa"},
            None,
            "Il piano prevede già «Accoglienza turistica» a Massa nel 2026/27.",
        ),
    ],
)
def test_bad_items_keep_what_was_typed(changes, field, message, net, school_staff, client):
    world = plan_world(net)
    client.force_login(school_staff)
    objects = {"technical": world.technical.pk, "massa": world.massa.pk}
    data = {
        "proposed_by": net.school.pk,
        "programme": world.vocational.pk,
        "school_year": "2028/29",
        "municipality": world.carrara.pk,
        "seats": "18",
        "notes": "Da non perdere",
    } | {k: objects.get(v, v) for k, v in changes.items()}
    response = client.post(f"{PLAN}/{world.plan.pk}/voci/nuova/", data)

    assert response.status_code == 200
    form = response.context["form"]
    [error] = form.errors[field or "__all__"]
    assert error.startswith(message)
    assert form["notes"].value() == "Da non perdere"
    assert "selected>Accoglienza turistica" in _text(response) or field == "programme"
    assert OfferPlanItem.objects.count() == 2


def test_a_programme_of_another_member_is_refused_for_staff_of_two_members(
    net, school_staff, client
):
    from tests.factories import RoleGrantFactory

    RoleGrantFactory(user=school_staff, role="organization_staff", organization=net.lead_school)
    world = plan_world(net)
    client.force_login(school_staff)
    response = client.post(
        f"{PLAN}/{world.plan.pk}/voci/nuova/",
        {
            "proposed_by": net.school.pk,
            "programme": world.technical.pk,  # the lead school's
            "school_year": "2028/29",
            "municipality": world.massa.pk,
            "seats": "18",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["programme"] == [
        "Il percorso scelto non è tra quelli erogati da Istituto partner."
    ]


def test_no_item_form_once_the_plan_is_proposed(net, school_staff, client):
    world = plan_world(net)
    OfferPlan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.PROPOSED)
    client.force_login(school_staff)
    response = client.get(f"{PLAN}/{world.plan.pk}/voci/nuova/", follow=True)
    assert response.redirect_chain == [(f"{PLAN}/{world.plan.pk}/", 302)]
    assert _messages(response) == ["Le voci si aggiungono solo finché il piano è in bozza."]


def test_removing_an_item_of_a_proposed_plan_is_reported(net, coordinator, client):
    world = plan_world(net)
    OfferPlan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.PROPOSED)
    item = world.plan.items.first()
    client.force_login(coordinator)
    response = client.post(f"{PLAN}/{world.plan.pk}/voci/{item.pk}/rimuovi/", follow=True)
    assert "le voci si modificano solo finché è in bozza" in _messages(response)[0]
    assert OfferPlanItem.objects.filter(pk=item.pk).exists()


# --- Analysis, comparison, downloads --------------------------------------------------------------


def test_the_analysis_page(net, regional_officer, client):
    world = plan_world(net)
    skill, missing = SkillFactory(label_it="accoglienza"), SkillFactory(label_it="storia dell'arte")
    receptionist = OccupationFactory(label_it="Receptionist")
    guide = OccupationFactory(label_it="Guida turistica")
    world.vocational.skill_links.create(skill=skill)
    world.vocational.occupations.add(receptionist)
    guide.skill_links.create(skill=missing, relation="essential")
    SectorOccupation.objects.create(sector=net.hub.sector, occupation=guide)
    # Another member proposes the same offer in Massa in the same year: an overlap.
    rival = ProgrammeFactory(
        title="Accoglienza bis",
        track=world.vocational.track,
        specialisation=world.vocational.specialisation,
    )
    ProgrammeProviderFactory(programme=rival, organization=net.lead_school)
    OfferPlanItemFactory(
        plan=world.plan, programme=rival, proposed_by=net.lead_school, municipality=world.massa
    )

    client.force_login(regional_officer)
    response = client.get(f"{PLAN}/{world.plan.pk}/analisi/")

    ctx = response.context
    assert ctx["occupations"].rows == [("Receptionist", "Istituto partner", 1, 1, 24)]
    assert ctx["skills"].rows == [("accoglienza", "Istituto partner", 1, 1, 24)]
    assert [r[:2] + r[4:5] for r in ctx["overlaps_municipality"].rows] == [
        ("2026/27", "Massa", "Istituto capofila; Istituto partner")
    ]
    assert ctx["gaps"].rows == [("Guida turistica", 0, 1, "storia dell'arte")]
    assert ctx["pathways"].rows == [
        (
            "Accoglienza turistica",
            "Istruzione professionale",
            "Istituto partner",
            "ITS ospitalità",
            "sì",
        )
    ]
    assert "<svg" in _text(response)


def test_analysis_tables_download_as_csv_and_xlsx(net, coordinator, client):
    world = plan_world(net)
    client.force_login(coordinator)
    url = f"{PLAN}/{world.plan.pk}/analisi/?tabella=filiere-its"

    response = client.get(f"{url}&formato=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Percorso del secondo ciclo" and rows[1][3] == "ITS ospitalità"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="piano-tnt-2026-v1-filiere-its.csv"'
    )

    response = client.get(f"{url}&formato=xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == "Accoglienza turistica"

    assert (
        client.get(f"{PLAN}/{world.plan.pk}/analisi/?tabella=nessuna&formato=csv").status_code
        == 404
    )


def test_the_items_download(net, school_staff, client):
    world = plan_world(net)
    client.force_login(school_staff)
    response = client.get(f"{PLAN}/{world.plan.pk}/?tabella=voci&formato=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[0][:2] == ["Anno scolastico", "Percorso"]
    assert {r[4] for r in rows[1:]} == {"Istituto partner", "Istituto capofila"}


def test_comparing_two_versions(net, school_staff, client):
    world = plan_world(net)
    v2 = OfferPlanFactory(hub=net.hub, first_year=2026, version=2, status=PlanStatus.SUPERSEDED)
    OfferPlanItemFactory(
        plan=v2,
        programme=world.vocational,
        proposed_by=net.school,
        municipality=world.massa,
        seats=30,
    )
    client.force_login(school_staff)
    response = client.get(f"{PLAN}/confronta/", {"da": world.plan.pk, "a": v2.pk})

    ctx = response.context
    assert ctx["changed"].rows == [
        ("2026/27", "Accoglienza turistica", "Istituto partner", "Massa", "Massa", 24, 30)
    ]
    assert ctx["removed"].rows == [
        ("2026/27", "ITS ospitalità", "Istituto capofila", "Carrara", 20)
    ]
    assert ctx["programmes_removed"].rows == [("ITS ospitalità", "ITS Academy")]
    assert ctx["seats"].rows[0] == ("2026/27", 44, 30, -14)


@pytest.mark.parametrize("case", ["same", "other hub", "garbage"])
def test_bad_comparisons_show_the_form_again(case, net, school_staff, client):
    world = plan_world(net)
    foreign = OfferPlanFactory(hub=net.other_hub)
    other = {"same": world.plan.pk, "other hub": foreign.pk, "garbage": "x"}[case]
    client.force_login(school_staff)
    response = client.get(f"{PLAN}/confronta/", {"da": world.plan.pk, "a": other})
    assert response.status_code == 200
    assert response.context["form"].errors["a"]
    assert response.context["after"] is None


# --- Query counts do not grow with the plan ---------------------------------------------------------


PAGES = [
    "{plan}/",
    "{plan}/?tabella=voci&formato=xlsx",
    "{plan}/voci/nuova/",
    "{plan}/analisi/",
    "{plan}/analisi/?tabella=copertura-competenze&formato=csv",
    "confronta/?da={plan}&a={other}",
    "",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["coordinator", "school_staff"])
def test_query_counts_do_not_grow_with_the_plan(
    page, persona, net, client, request, django_assert_max_num_queries
):
    world = plan_world(net)
    other = OfferPlanFactory(hub=net.hub, first_year=2026, version=2, status=PlanStatus.SUPERSEDED)
    url = f"{PLAN}/" + page.format(plan=world.plan.pk, other=other.pk)
    client.force_login(request.getfixturevalue(persona))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    small = count()
    grow(world, net, 15)
    for item in world.plan.items.all()[:10]:
        OfferPlanItemFactory(plan=other, programme=item.programme, proposed_by=net.lead_school)
    with django_assert_max_num_queries(small):
        count()
    assert small <= 16
