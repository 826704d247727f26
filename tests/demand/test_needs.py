"""Skill needs: the service rules, the company's pages and the hub's list (who reaches them,
the form with its occupation and skill pickers, closing), and bounds on queries."""

import pytest

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.demand.models import Horizon, NeedStatus, SkillNeed
from ptp.demand.queries import hub_need_totals
from ptp.demand.services import NeedData, create_need, set_need_status, update_need
from tests.conftest import PERSONAS
from tests.demand.builders import make_need, make_occupation, make_skill
from tests.factories import MembershipFactory, OrganizationFactory

BASE = "/gestione/ospiti/impresa-partner/fabbisogni/"
HUB = "/gestione/poli/tnt/fabbisogni/"
LOGIN = "login"


def _data(net, **changes) -> NeedData:
    values = {
        "title": "Receptionist",
        "headcount": 2,
        "horizon": Horizon.SHORT,
        "municipality": net.company.municipality,
    } | changes
    return NeedData(**values)


# --- Services ----------------------------------------------------------------------------------


def test_a_need_is_recorded_with_skills_and_audited(net, company_staff):
    skill = make_skill("Accogliere gli ospiti")
    occupation = make_occupation("Receptionist d'albergo")

    need = create_need(
        actor=company_staff,
        organization=net.company,
        hub=net.hub,
        data=_data(net, occupation=occupation, skills=[skill]),
    )

    assert (need.status, need.occupation, list(need.skills.all())) == (
        NeedStatus.OPEN,
        occupation,
        [skill],
    )
    event = AuditEvent.objects.get(object_type="demand.skillneed")
    assert event.hub_id == net.hub.pk and event.after["skills"] == [skill.uri]


@pytest.mark.parametrize(
    ("who", "hub", "message"),
    [
        ("school", "hub", "Istituto partner non è un'impresa"),
        ("company", "other_hub", "non è socio attivo del Altro"),
    ],
)
def test_only_companies_of_the_hub_have_needs(net, coordinator, who, hub, message):
    with pytest.raises(InvalidInputError, match=message):
        create_need(
            actor=coordinator,
            organization=getattr(net, who),
            hub=getattr(net, hub),
            data=_data(net),
        )


def test_at_least_one_person(net, company_staff):
    with pytest.raises(InvalidInputError, match="Indica almeno una persona"):
        create_need(
            actor=company_staff, organization=net.company, hub=net.hub, data=_data(net, headcount=0)
        )


def test_only_open_needs_change(net, company_staff):
    need = make_need(net)

    update_need(actor=company_staff, need=need, data=_data(net, title="Receptionist serale"))
    set_need_status(actor=company_staff, need=need, status=NeedStatus.FILLED)

    with pytest.raises(ConflictError, match="già «soddisfatto»"):
        update_need(actor=company_staff, need=need, data=_data(net))
    with pytest.raises(ConflictError):
        set_need_status(actor=company_staff, need=need, status=NeedStatus.WITHDRAWN)
    with pytest.raises(InvalidInputError):
        set_need_status(actor=company_staff, need=make_need(net), status=NeedStatus.OPEN)
    need.refresh_from_db()
    assert (need.title, need.status) == ("Receptionist serale", NeedStatus.FILLED)
    assert AuditEvent.objects.filter(summary__contains="soddisfatto").exists()


def test_hub_totals_count_open_needs_only(net):
    make_need(net, headcount=2, horizon=Horizon.SHORT)
    make_need(net, headcount=3, horizon=Horizon.MEDIUM)
    make_need(net, headcount=9, status=NeedStatus.WITHDRAWN)

    totals = hub_need_totals(net.hub)

    assert (totals.needs, totals.people_short, totals.people_medium, totals.companies) == (
        2,
        2,
        3,
        1,
    )


# --- Pages -------------------------------------------------------------------------------------


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accedi/?next=")
    else:
        assert response.status_code == expected


# fmt: off
MATRIX = [
    # path, method          anon   student school company coord other region outsider
    (BASE,                   "get",  (LOGIN, 404, 404, 200, 200, 404, 200, 404)),
    (BASE + "nuovo/",        "get",  (LOGIN, 404, 404, 200, 200, 404, 403, 404)),
    (BASE + "importa/",      "get",  (LOGIN, 404, 404, 200, 200, 404, 403, 404)),
    (BASE + "{pk}/modifica/", "get", (LOGIN, 404, 404, 200, 200, 404, 403, 404)),
    (BASE + "{pk}/stato/",   "post", (LOGIN, 404, 404, 302, 302, 404, 403, 404)),
    (HUB,                    "get",  (LOGIN, 404, 403, 403, 200, 404, 200, 404)),
]
# fmt: on


@pytest.mark.parametrize(
    ("url", "method", "persona", "expected"),
    [(u, m, who, e) for u, m, row in MATRIX for who, e in zip(PERSONAS, row, strict=True)],
)
def test_who_reaches_the_need_pages(url, method, persona, expected, net, login_as):
    need = make_need(net)

    response = getattr(login_as(persona), method)(
        url.format(pk=need.pk), {"status": "filled"} if method == "post" else None
    )

    _expect(response, expected)


def test_needs_of_another_company_do_not_exist_here(net, login_as):
    other = SkillNeed.objects.create(
        organization=net.other_org,
        hub=net.other_hub,
        title="Altro",
        headcount=1,
        horizon=Horizon.SHORT,
        municipality=net.other_org.municipality,
    )

    assert login_as("company_staff").get(f"{BASE}{other.pk}/modifica/").status_code == 404


def _form(net, **changes) -> dict:
    data = {
        "hub": net.hub.pk,
        "title": "Addetto al ricevimento serale",
        "headcount": 2,
        "horizon": "12",
        "municipality": net.company.municipality.pk,
        "notes": "Turni serali",
        "action": "save",
    } | changes
    return {k: v for k, v in data.items() if v is not None}


def test_creating_a_need_from_the_form(net, login_as, company_staff):
    skill = make_skill("Presidiare il ricevimento di notte")
    occupation = make_occupation("Receptionist notturno")

    response = login_as("company_staff").post(
        BASE + "nuovo/",
        _form(net, occupation=occupation.pk, occupation_text=occupation.label, skills=[skill.pk]),
    )

    assert (response.status_code, response.url) == (302, BASE)
    need = SkillNeed.objects.get()
    assert (need.occupation, list(need.skills.all()), need.created_by) == (
        occupation,
        [skill],
        company_staff,
    )


def test_a_bad_headcount_keeps_what_was_typed(net, login_as):
    response = login_as("company_staff").post(BASE + "nuovo/", _form(net, headcount=0))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Assicurati che questo valore sia maggiore o uguale a 1." in page
    assert 'value="Addetto al ricevimento serale"' in page and "Turni serali" in page
    assert not SkillNeed.objects.exists()


def test_pickers_choose_an_occupation_and_skills_without_saving(net, login_as):
    occupation = make_occupation("Cameriere di sala")
    skill = make_skill("Servire ai tavoli")
    client = login_as("coordinator")

    typed = client.post(
        BASE + "nuovo/",
        _form(net, action="add", title="", occupation_text="camer", skill_text="tavoli"),
    )
    page = typed.content.decode()

    assert not SkillNeed.objects.exists()
    assert f'name="occupation" value="{occupation.pk}"' in page
    assert 'value="Cameriere di sala"' in page  # the title starts from the occupation
    assert f'name="skills" value="{skill.pk}"' in page
    missing = client.post(BASE + "nuovo/", _form(net, action="add", occupation_text="astronauta"))
    assert "Nessuna professione corrisponde a «astronauta»." in missing.content.decode()


def test_editing_and_closing_a_need(net, login_as):
    need = make_need(net)
    client = login_as("company_staff")

    response = client.post(f"{BASE}{need.pk}/modifica/", _form(net, hub=None, headcount=5))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.headcount == 5

    client.post(f"{BASE}{need.pk}/stato/", {"status": "withdrawn"})
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    again = client.post(f"{BASE}{need.pk}/stato/", {"status": "filled"}, follow=True)
    assert "non si può più cambiare" in again.content.decode()
    bad = client.post(f"{BASE}{need.pk}/stato/", {"status": "open"}, follow=True)
    assert "Scegli se il fabbisogno è soddisfatto o ritirato." in bad.content.decode()


def test_the_hub_list_shows_every_company_and_exports(net, login_as):
    other = OrganizationFactory(name="Albergo di prova")
    MembershipFactory(hub=net.hub, organization=other)
    make_need(net, title="Cuoco")
    SkillNeed.objects.create(
        organization=other,
        hub=net.hub,
        title="Governante",
        headcount=1,
        horizon=Horizon.MEDIUM,
        municipality=net.company.municipality,
    )
    client = login_as("coordinator")

    page = client.get(HUB).content.decode()
    assert "Cuoco" in page and "Governante" in page and "Albergo di prova" in page
    assert "Governante" not in client.get(HUB + "?orizzonte=12").content.decode()

    response = client.get(HUB + "?formato=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("impresa,figura,professione")
    assert len(lines) == 3


@pytest.mark.parametrize(("url", "persona"), [(BASE, "company_staff"), (HUB, "coordinator")])
def test_list_queries_do_not_grow(url, persona, net, login_as, django_assert_max_num_queries):
    client = login_as(persona)
    make_need(net)
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    for n in range(20):
        need = make_need(net, title=f"Figura {n}", occupation=make_occupation(f"Professione {n}"))
        need.skills.add(make_skill(f"Competenza {n}"), make_skill(f"Altra competenza {n}"))
    with django_assert_max_num_queries(14) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
