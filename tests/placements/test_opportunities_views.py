"""The company's opportunity pages: who reaches them, the form with its windows and skill
pickers, publishing and closing, and a bound on queries."""

import datetime as dt

import pytest

from ptp.placements.models import Opportunity, OpportunityStatus, RiskLevel
from tests.conftest import PERSONAS
from tests.demand.builders import enroll, make_opportunity, make_skill
from tests.factories import SectorFactory

BASE = "/gestione/ospiti/impresa-partner/opportunita/"
LOGIN = "login"


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected


# fmt: off
MATRIX = [
    # path, method    anon   student school company coord other region outsider
    ("",           "get",  (LOGIN, 404, 404, 200, 200, 404, 200, 404)),
    ("nuova/",     "get",  (LOGIN, 404, 404, 200, 200, 404, 403, 404)),
    ("{pk}/",      "get",  (LOGIN, 404, 404, 200, 200, 404, 200, 404)),
    ("{pk}/modifica/", "get", (LOGIN, 404, 404, 200, 200, 404, 403, 404)),
    ("{pk}/pubblica/", "post", (LOGIN, 404, 404, 302, 302, 404, 403, 404)),
    ("{pk}/chiudi/", "post", (LOGIN, 404, 404, 302, 302, 404, 403, 404)),
]
# fmt: on


@pytest.mark.parametrize(
    ("path", "method", "persona", "expected"),
    [(p, m, who, e) for p, m, row in MATRIX for who, e in zip(PERSONAS, row, strict=True)],
)
def test_who_reaches_the_opportunity_pages(path, method, persona, expected, net, login_as):
    enroll(net)
    opportunity = make_opportunity(net, status=OpportunityStatus.DRAFT)

    response = getattr(login_as(persona), method)(BASE + path.format(pk=opportunity.pk))

    _expect(response, expected)


def test_opportunities_of_another_company_do_not_exist_here(net, login_as):
    enroll(net)
    other = make_opportunity(net, host=net.other_org, hub=net.other_hub)

    assert login_as("company_staff").get(f"{BASE}{other.pk}/").status_code == 404
    assert login_as("coordinator").post(f"{BASE}{other.pk}/pubblica/").status_code == 404


def _form(net, **changes) -> dict:
    data = {
        "hub": net.hub.pk,
        "kind": "pcto",
        "title": "Aiuto cuoco",
        "description": "In brigata di cucina.",
        "sector": SectorFactory().pk,
        "municipality": net.company.municipality.pk,
        "address": "",
        "min_age": 16,
        "risk_level": RiskLevel.MEDIUM,
        "show_host_publicly": "on",
        "periodi-TOTAL_FORMS": 2,
        "periodi-INITIAL_FORMS": 0,
        "periodi-0-starts_on": "2027-05-03",
        "periodi-0-ends_on": "2027-06-11",
        "periodi-0-seats": 2,
        "periodi-0-hours": 120,
        "action": "save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_creating_a_draft_with_windows_and_skills(net, login_as):
    enroll(net)
    skill = make_skill("Preparare la pasta fresca")

    response = login_as("company_staff").post(
        BASE + "nuova/", _form(net, skills_developed=[skill.pk])
    )

    opportunity = Opportunity.objects.get()
    assert (response.status_code, response.url) == (302, f"{BASE}{opportunity.pk}/")
    assert opportunity.status == OpportunityStatus.DRAFT
    assert list(opportunity.skills_developed.all()) == [skill]
    assert list(opportunity.windows.values_list("starts_on", "seats")) == [(dt.date(2027, 5, 3), 2)]


def test_bad_input_keeps_what_was_typed(net, login_as):
    enroll(net)

    response = login_as("company_staff").post(
        BASE + "nuova/",
        _form(net, title="", **{"periodi-0-ends_on": "2027-04-01", "address": "Molo 3"}),
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "Questo campo è obbligatorio." in page
    assert "La fine del periodo precede l&#x27;inizio." in page
    assert 'value="Molo 3"' in page and 'value="2027-05-03"' in page
    assert not Opportunity.objects.exists()


def test_the_service_refusal_is_shown_on_the_form(net, login_as):
    enroll(net)

    response = login_as("company_staff").post(
        BASE + "nuova/", _form(net, min_age=16, involves_minor_excluded_work="on")
    )

    assert "richiede almeno 18 anni" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_chosen_skill_is_added_without_saving(net, login_as):
    enroll(net)
    skill = make_skill("Condurre visite guidate")
    client = login_as("company_staff")

    # What the autocomplete sends when a suggestion is chosen: no "action".
    chosen = client.post(BASE + "nuova/", _form(net, action=None, required_pick=skill.pk))
    page = chosen.content.decode()

    assert chosen.status_code == 200 and not Opportunity.objects.exists()
    assert f'name="skills_required" value="{skill.pk}"' in page and "checked" in page
    assert 'value="Aiuto cuoco"' in page and 'value="2027-06-11"' in page
    assert "Questo campo è obbligatorio." not in page

    # Without script: typed text and «Aggiungi».
    typed = client.post(BASE + "nuova/", _form(net, action="add", developed_text="visite guid"))
    assert f'name="skills_developed" value="{skill.pk}"' in typed.content.decode()

    unknown = client.post(BASE + "nuova/", _form(net, action="add", developed_text="astronautica"))
    assert "Nessuna competenza corrisponde a «astronautica»." in unknown.content.decode()


def test_saving_with_a_skill_still_typed_adds_it_first(net, login_as):
    enroll(net)
    make_skill("Servire ai tavoli")

    response = login_as("company_staff").post(BASE + "nuova/", _form(net, required_text="servire"))

    assert response.status_code == 200
    assert "Abbiamo aggiunto le scelte in sospeso" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_editing_removes_an_unticked_skill_and_keeps_windows(net, login_as):
    enroll(net)
    opportunity = make_opportunity(net)
    kept, dropped = make_skill("Accogliere gli ospiti"), make_skill("Gestire i reclami")
    opportunity.skills_required.add(kept, dropped)
    window = opportunity.windows.get()
    client = login_as("coordinator")
    assert (
        f'value="{dropped.pk}"' in client.get(f"{BASE}{opportunity.pk}/modifica/").content.decode()
    )

    data = _form(
        net,
        hub=None,
        title="Ricevimento serale",
        skills_required=[kept.pk],
        **{
            "periodi-TOTAL_FORMS": 1,
            "periodi-INITIAL_FORMS": 1,
            "periodi-0-id": window.pk,
            "periodi-0-starts_on": "2027-06-01",
            "periodi-0-ends_on": "2027-07-31",
            "periodi-0-seats": 4,
            "periodi-0-hours": 80,
        },
    )
    response = client.post(f"{BASE}{opportunity.pk}/modifica/", data)

    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Ricevimento serale"
    assert list(opportunity.skills_required.all()) == [kept]
    assert list(opportunity.windows.values_list("pk", "seats")) == [(window.pk, 4)]


def test_publishing_from_the_page(net, login_as):
    enrollment = enroll(net, accepted=False)
    opportunity = make_opportunity(net, status=OpportunityStatus.DRAFT)
    client = login_as("company_staff")

    detail = client.get(f"{BASE}{opportunity.pk}/").content.decode()
    assert "Prima di pubblicare:" in detail and "convenzione quadro" in detail

    refused = client.post(f"{BASE}{opportunity.pk}/pubblica/", follow=True)
    assert (
        "Non si può pubblicare: l&#x27;impresa non ha ancora accettato" in refused.content.decode()
    )

    enrollment.framework_accepted_at = enrollment.created_at
    enrollment.save()
    published = client.post(f"{BASE}{opportunity.pk}/pubblica/", follow=True)
    assert "ora è nella ricerca pubblica" in published.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.PUBLISHED

    client.post(f"{BASE}{opportunity.pk}/chiudi/")
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED


@pytest.mark.parametrize("page", ["", "{pk}/"])
def test_queries_do_not_grow_with_data(page, net, login_as, django_assert_max_num_queries):
    enroll(net)
    first = make_opportunity(net)
    client = login_as("company_staff")
    url = BASE + page.format(pk=first.pk)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for n in range(15):
        make_opportunity(net, title=f"Altra {n}")
    for n in range(4):
        first.windows.create(
            starts_on=dt.date(2027, 9, 1 + n), ends_on=dt.date(2027, 9, 20), seats=1, hours=10
        )
        first.skills_required.add(make_skill(f"Competenza {n}"))
    with django_assert_max_num_queries(20) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
