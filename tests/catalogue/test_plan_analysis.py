"""The pure analysis of an offer plan (ptp/catalogue/plan_analysis.py) on small hand-built plans."""

import ast
from pathlib import Path

from ptp.catalogue import plan_analysis
from ptp.catalogue.plan_analysis import (
    MUNICIPALITY,
    PROVINCE,
    Coverage,
    ItemChange,
    ItemFacts,
    NoPathway,
    OccupationFacts,
    OccupationGap,
    Pathway,
    PlanFacts,
    ProgrammeFacts,
    YearComparison,
    YearTotal,
    compare_plans,
    its_pathways,
    occupation_coverage,
    overlaps,
    seats_by_year,
    sector_gaps,
    skill_coverage,
)

YEARS = ("2026/27", "2027/28", "2028/29")
# Towns: Massa (1) and Carrara (2) in Massa-Carrara (10), Pisa (3) in Pisa (20).
TOWNS = {
    1: ("Massa", 10, "Massa-Carrara"),
    2: ("Carrara", 10, "Massa-Carrara"),
    3: ("Pisa", 20, "Pisa"),
}
ORGS = {1: "Alberghiero", 2: "Tecnico", 3: "Agenzia"}
SKILLS = {101: "accoglienza", 102: "lingue", 103: "cucina", 104: "revenue management"}

RECEPTION = ProgrammeFacts(
    id=1,
    title="Accoglienza turistica",
    kind="istruzione_professionale",
    kind_label="Professionale",
    track="Enogastronomia",
    specialisation="Accoglienza",
    skill_ids=frozenset({101, 102}),
    occupation_ids=frozenset({501}),
    leads_to_ids=frozenset({9}),
    is_upper_secondary=True,
)
# The same offer as RECEPTION under another title and with accents/case differing.
RECEPTION_BIS = ProgrammeFacts(
    id=2,
    title="Accoglienza (sede 2)",
    kind="istruzione_professionale",
    kind_label="Professionale",
    track="ENOGASTRONOMIA",
    specialisation="accoglienza",
    skill_ids=frozenset({101}),
    occupation_ids=frozenset({501}),
    is_upper_secondary=True,
)
KITCHEN = ProgrammeFacts(
    id=3,
    title="Cucina",
    kind="istruzione_professionale",
    kind_label="Professionale",
    track="Enogastronomia",
    specialisation="Cucina",
    skill_ids=frozenset({103}),
    occupation_ids=frozenset({502}),
    leads_to_ids=frozenset({4}),
    is_upper_secondary=True,
)
SHORT = ProgrammeFacts(id=4, title="Corso HACCP", kind="corso_breve", kind_label="Corso breve")
ITS = ProgrammeFacts(
    id=9,
    title="ITS ospitalità",
    kind="its_academy",
    kind_label="ITS",
    skill_ids=frozenset({104}),
    occupation_ids=frozenset({503}),
    is_its=True,
)
PROGRAMMES = {p.id: p for p in (RECEPTION, RECEPTION_BIS, KITCHEN, SHORT, ITS)}
OCCUPATIONS = {
    501: OccupationFacts(501, "Receptionist", frozenset({101, 102})),
    502: OccupationFacts(502, "Cuoco", frozenset({103, 105})),
    503: OccupationFacts(503, "Direttore d'albergo", frozenset({104})),
    504: OccupationFacts(504, "Guida turistica", frozenset({102, 106})),
}
LABELS = SKILLS | {105: "igiene", 106: "storia dell'arte"}


def item(pk, programme, org, year, town, seats):
    name, province_id, province = TOWNS[town]
    return ItemFacts(pk, programme, org, ORGS[org], year, town, name, province_id, province, seats)


def plan(*items, sector=()):
    return PlanFacts(
        school_years=YEARS,
        items=tuple(items),
        programmes=PROGRAMMES,
        skill_labels=LABELS,
        occupations=OCCUPATIONS,
        sector_occupation_ids=tuple(sector),
    )


EMPTY = plan(sector=(501, 504))
SINGLE = plan(item(1, 1, 1, "2026/27", 1, 24), sector=(501, 504))


# --- Empty plan and a single programme ----------------------------------------------------------


def test_an_empty_plan():
    assert seats_by_year(EMPTY) == [YearTotal(y, 0, 0) for y in YEARS]
    assert skill_coverage(EMPTY) == occupation_coverage(EMPTY) == []
    assert overlaps(EMPTY) == overlaps(EMPTY, scope=PROVINCE) == []
    assert [(g.label, g.is_prepared, g.missing_skills) for g in sector_gaps(EMPTY)] == [
        ("Guida turistica", False, ("lingue", "storia dell'arte")),
        ("Receptionist", False, ("accoglienza", "lingue")),
    ]
    pathways = its_pathways(EMPTY)
    assert pathways.links == pathways.without == []


def test_a_single_programme():
    assert seats_by_year(SINGLE) == [
        YearTotal("2026/27", 1, 24),
        YearTotal("2027/28", 0, 0),
        YearTotal("2028/29", 0, 0),
    ]
    assert skill_coverage(SINGLE) == [
        Coverage(101, "accoglienza", ("Alberghiero",), 1, 1, 24),
        Coverage(102, "lingue", ("Alberghiero",), 1, 1, 24),
    ]
    assert occupation_coverage(SINGLE) == [
        Coverage(501, "Receptionist", ("Alberghiero",), 1, 1, 24)
    ]
    assert overlaps(SINGLE) == []
    # Receptionist is prepared, with all its essential skills; the guide is a gap missing one skill.
    assert sector_gaps(SINGLE) == [
        OccupationGap(504, "Guida turistica", 0, 2, ("storia dell'arte",)),
        OccupationGap(501, "Receptionist", 1, 2, ()),
    ]
    pathways = its_pathways(SINGLE)
    # The ITS programme it leads to is known but not in the plan.
    assert pathways.links == [
        Pathway("Accoglienza turistica", "Professionale", ("Alberghiero",), "ITS ospitalità", False)
    ]
    assert pathways.without == []


# --- Coverage -----------------------------------------------------------------------------------


def test_coverage_counts_members_programmes_items_and_seats():
    facts = plan(
        item(1, 1, 1, "2026/27", 1, 24),
        item(2, 1, 1, "2027/28", 1, 20),
        item(3, 2, 2, "2026/27", 2, 10),
        item(4, 3, 1, "2026/27", 1, 30),
    )
    by_label = {c.label: c for c in skill_coverage(facts)}
    assert by_label["accoglienza"] == Coverage(
        101, "accoglienza", ("Alberghiero", "Tecnico"), 2, 3, 54
    )
    assert by_label["lingue"] == Coverage(102, "lingue", ("Alberghiero",), 1, 2, 44)
    assert by_label["cucina"] == Coverage(103, "cucina", ("Alberghiero",), 1, 1, 30)
    # Most seats first.
    assert [c.label for c in skill_coverage(facts)] == ["accoglienza", "lingue", "cucina"]
    assert [(c.label, c.seats) for c in occupation_coverage(facts)] == [
        ("Receptionist", 54),
        ("Cuoco", 30),
    ]


# --- Overlaps -----------------------------------------------------------------------------------


def test_the_same_offer_by_two_members_in_the_same_town_and_year_overlaps():
    facts = plan(
        item(1, 1, 1, "2026/27", 1, 24),  # reception, Alberghiero, Massa
        item(2, 2, 2, "2026/27", 1, 12),  # the same offer, Tecnico, Massa
        item(3, 2, 2, "2027/28", 1, 12),  # another year: no overlap
        item(4, 3, 3, "2026/27", 1, 15),  # another specialisation: no overlap
    )
    [found] = overlaps(facts, scope=MUNICIPALITY)
    assert found.school_year == "2026/27" and found.area == "Massa"
    assert found.organizations == ("Alberghiero", "Tecnico")
    assert found.programmes == ("Accoglienza (sede 2)", "Accoglienza turistica")
    assert found.offer_label == "Enogastronomia – Accoglienza"
    assert found.seats == 36


def test_the_same_member_twice_is_not_an_overlap():
    facts = plan(item(1, 1, 1, "2026/27", 1, 24), item(2, 2, 1, "2026/27", 1, 12))
    assert overlaps(facts) == overlaps(facts, scope=PROVINCE) == []


def test_overlaps_by_province_span_towns_of_the_same_province_only():
    facts = plan(
        item(1, 1, 1, "2026/27", 1, 24),  # Massa
        item(2, 2, 2, "2026/27", 2, 12),  # Carrara, same province
        item(3, 2, 3, "2026/27", 3, 18),  # Pisa, another province
    )
    assert overlaps(facts, scope=MUNICIPALITY) == []
    [found] = overlaps(facts, scope=PROVINCE)
    assert found.area == "Massa-Carrara"
    assert found.organizations == ("Alberghiero", "Tecnico")
    assert found.municipalities == ("Carrara", "Massa")
    assert found.seats == 36


# --- Gaps ---------------------------------------------------------------------------------------


def test_gaps_list_unprepared_occupations_first_with_their_untaught_essential_skills():
    facts = plan(
        item(1, 3, 1, "2026/27", 1, 30), item(2, 1, 2, "2026/27", 1, 24), sector=(501, 502, 504)
    )
    assert sector_gaps(facts) == [
        OccupationGap(504, "Guida turistica", 0, 2, ("storia dell'arte",)),
        OccupationGap(502, "Cuoco", 1, 2, ("igiene",)),
        OccupationGap(501, "Receptionist", 1, 2, ()),
    ]


def test_a_skill_taught_by_any_programme_of_the_plan_closes_the_gap():
    # The guide needs languages (taught by the reception programme) and art history (taught by none).
    facts = plan(item(1, 1, 1, "2026/27", 1, 24), sector=(504,))
    [gap] = sector_gaps(facts)
    assert (gap.is_prepared, gap.missing_skills) == (False, ("storia dell'arte",))


# --- Pathways -----------------------------------------------------------------------------------


def test_pathways_into_its_and_programmes_without_one():
    facts = plan(
        item(1, 1, 1, "2026/27", 1, 24),  # reception → ITS
        item(2, 1, 2, "2027/28", 2, 20),  # reception again, by another member
        item(3, 3, 1, "2026/27", 1, 30),  # kitchen → a short course only: no way into ITS
        item(4, 2, 2, "2026/27", 1, 12),  # reception bis: leads nowhere
        item(5, 9, 3, "2027/28", 1, 25),  # the ITS programme itself, not upper-secondary
        item(6, 4, 3, "2026/27", 1, 15),  # the short course, not upper-secondary
    )
    pathways = its_pathways(facts)
    assert pathways.links == [
        Pathway(
            "Accoglienza turistica",
            "Professionale",
            ("Alberghiero", "Tecnico"),
            "ITS ospitalità",
            True,
        )
    ]
    assert pathways.without == [
        NoPathway("Accoglienza (sede 2)", "Professionale", ("Tecnico",)),
        NoPathway("Cucina", "Professionale", ("Alberghiero",)),
    ]


# --- Comparison ---------------------------------------------------------------------------------


def test_comparing_two_versions():
    before = plan(
        item(1, 1, 1, "2026/27", 1, 24),  # kept as is
        item(2, 1, 1, "2027/28", 1, 24),  # seats change
        item(3, 3, 1, "2026/27", 1, 30),  # moves from Massa to Carrara
        item(4, 2, 2, "2028/29", 2, 12),  # removed, and with it programme 2
    )
    after = plan(
        item(11, 1, 1, "2026/27", 1, 24),
        item(12, 1, 1, "2027/28", 1, 28),
        item(13, 3, 1, "2026/27", 2, 30),
        item(14, 9, 3, "2028/29", 1, 25),  # added, and with it programme 9
    )
    result = compare_plans(before, after)

    assert [(i.id, i.school_year) for i in result.added] == [(14, "2028/29")]
    assert [(i.id, i.school_year) for i in result.removed] == [(4, "2028/29")]
    assert result.changed == [
        ItemChange("2026/27", "Cucina", "Alberghiero", "Alberghiero", "Massa", "Carrara", 30, 30),
        ItemChange(
            "2027/28",
            "Accoglienza turistica",
            "Alberghiero",
            "Alberghiero",
            "Massa",
            "Massa",
            24,
            28,
        ),
    ]
    assert [p.title for p in result.programmes_added] == ["ITS ospitalità"]
    assert [p.title for p in result.programmes_removed] == ["Accoglienza (sede 2)"]
    assert result.years == [
        YearComparison("2026/27", 54, 54),
        YearComparison("2027/28", 24, 28),
        YearComparison("2028/29", 12, 25),
    ]
    assert [y.difference for y in result.years] == [0, 4, 13]


def test_a_new_proposer_for_the_same_item_is_a_change():
    before = plan(item(1, 1, 1, "2026/27", 1, 24))
    after = plan(item(2, 1, 2, "2026/27", 1, 24))
    [change] = compare_plans(before, after).changed
    assert (change.organization_before, change.organization_after) == ("Alberghiero", "Tecnico")


def test_a_town_change_pairs_only_items_of_the_same_programme_year_and_proposer():
    before = plan(item(1, 1, 1, "2026/27", 1, 24))
    after = plan(item(2, 1, 2, "2026/27", 2, 24))  # another proposer and another town
    result = compare_plans(before, after)
    assert result.changed == []
    assert [i.id for i in result.added] == [2] and [i.id for i in result.removed] == [1]
    assert result.programmes_added == result.programmes_removed == []


def test_comparing_a_plan_with_itself_finds_nothing():
    facts = plan(item(1, 1, 1, "2026/27", 1, 24), item(2, 3, 2, "2027/28", 2, 30))
    result = compare_plans(facts, facts)
    assert (result.added, result.removed, result.changed) == ([], [], [])
    assert [(y.seats_before, y.seats_after) for y in result.years] == [(24, 24), (30, 30), (0, 0)]


def test_the_analysis_imports_nothing_of_django():
    source = Path(plan_analysis.__file__).read_text(encoding="utf-8")
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if name and name.split(".")[0] == "django"}
    assert imported >= {"ptp.lib.text"}  # the only module of ours it uses, pure as well
