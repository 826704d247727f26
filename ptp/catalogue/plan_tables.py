"""The offer-plan pages' tables: the same header and rows on the page and in the CSV/XLSX download."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ptp.catalogue import plan_analysis as analysis
from ptp.catalogue.models import OfferPlanItem
from ptp.pages.charts import BarChart, bar_chart

Cell = str | int


@dataclass(frozen=True)
class Table:
    """A table with a name used in download links (`?tabella=<name>&formato=csv`)."""

    name: str
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    empty: str
    numeric: frozenset[int] = frozenset()  # columns aligned right

    @property
    def columns(self) -> list[tuple[str, bool]]:
        return [(h, i in self.numeric) for i, h in enumerate(self.header)]

    @property
    def cells(self) -> list[list[tuple[Cell, bool]]]:
        return [[(c, i in self.numeric) for i, c in enumerate(row)] for row in self.rows]


def _names(values: Sequence[str]) -> str:
    return "; ".join(values)


def _yes(value: bool) -> str:
    return _("sì") if value else _("no")


def items_table(items: Sequence[OfferPlanItem]) -> Table:
    return Table(
        name="voci",
        title=_("Voci del piano"),
        header=(
            _("Anno scolastico"),
            _("Percorso"),
            _("Codice"),
            _("Tipologia"),
            _("Proposto da"),
            _("Comune"),
            _("Provincia"),
            _("Posti"),
            _("Note"),
        ),
        rows=[
            (
                i.school_year,
                i.programme.title,
                i.programme.code,
                i.programme.get_kind_display(),
                i.proposed_by.name,
                i.municipality.name,
                i.municipality.province.abbreviation,
                i.seats,
                i.notes,
            )
            for i in items
        ],
        empty=_("Il piano non ha ancora voci."),
        numeric=frozenset({7}),
    )


def seats_table(years: Sequence[analysis.YearTotal]) -> Table:
    return Table(
        name="posti-per-anno",
        title=_("Posti per anno scolastico"),
        header=(_("Anno scolastico"), _("Voci"), _("Posti")),
        rows=[(y.school_year, y.items, y.seats) for y in years],
        empty=_("Nessun anno."),
        numeric=frozenset({1, 2}),
    )


def seats_chart(years: Sequence[analysis.YearTotal]) -> BarChart:
    return bar_chart([(y.school_year, y.seats) for y in years], label_width=90)


def _coverage_table(name: str, title: str, concept: str, rows: list[analysis.Coverage]) -> Table:
    return Table(
        name=name,
        title=title,
        header=(concept, _("Soggetti proponenti"), _("Percorsi"), _("Voci"), _("Posti")),
        rows=[(c.label, _names(c.organizations), c.programmes, c.items, c.seats) for c in rows],
        empty=_("Nessun percorso del piano indica competenze o figure professionali."),
        numeric=frozenset({2, 3, 4}),
    )


def _overlap_table(name: str, title: str, area: str, rows: list[analysis.Overlap]) -> Table:
    return Table(
        name=name,
        title=title,
        header=(
            _("Anno scolastico"),
            area,
            _("Tipologia"),
            _("Indirizzo o percorso"),
            _("Soggetti"),
            _("Percorsi"),
            _("Comuni"),
            _("Posti"),
        ),
        rows=[
            (
                o.school_year,
                o.area,
                o.kind_label,
                o.offer_label,
                _names(o.organizations),
                _names(o.programmes),
                _names(o.municipalities),
                o.seats,
            )
            for o in rows
        ],
        empty=_("Nessuna sovrapposizione."),
        numeric=frozenset({7}),
    )


def analysis_tables(facts: analysis.PlanFacts) -> dict[str, Table]:
    """Every table of the analysis page, by download name."""
    gaps = analysis.sector_gaps(facts)
    pathways = analysis.its_pathways(facts)
    gap_header = (
        _("Figura professionale"),
        _("Percorsi del piano che la preparano"),
        _("Competenze essenziali"),
        _("Competenze essenziali non insegnate"),
    )
    tables = [
        _coverage_table(
            "copertura-figure",
            _("Figure professionali preparate"),
            _("Figura professionale"),
            analysis.occupation_coverage(facts),
        ),
        _coverage_table(
            "copertura-competenze",
            _("Competenze insegnate"),
            _("Competenza"),
            analysis.skill_coverage(facts),
        ),
        _overlap_table(
            "sovrapposizioni-comune",
            _("Sovrapposizioni nello stesso comune"),
            _("Comune"),
            analysis.overlaps(facts, scope=analysis.MUNICIPALITY),
        ),
        _overlap_table(
            "sovrapposizioni-provincia",
            _("Sovrapposizioni nella stessa provincia"),
            _("Provincia"),
            analysis.overlaps(facts, scope=analysis.PROVINCE),
        ),
        Table(
            name="lacune-figure",
            title=_("Figure della filiera che nessun percorso del piano prepara"),
            header=gap_header,
            rows=[
                (g.label, g.preparing_programmes, g.essential_skills, _names(g.missing_skills))
                for g in gaps
                if not g.is_prepared
            ],
            empty=_("Ogni figura professionale della filiera è preparata da almeno un percorso."),
            numeric=frozenset({1, 2}),
        ),
        Table(
            name="lacune-competenze",
            title=_("Figure preparate con competenze essenziali scoperte"),
            header=gap_header,
            rows=[
                (g.label, g.preparing_programmes, g.essential_skills, _names(g.missing_skills))
                for g in gaps
                if g.is_prepared and g.missing_skills
            ],
            empty=_("Nessuna competenza essenziale scoperta per le figure preparate."),
            numeric=frozenset({1, 2}),
        ),
        Table(
            name="filiere-its",
            title=_("Percorsi verso l'ITS Academy"),
            header=(
                _("Percorso del secondo ciclo"),
                _("Tipologia"),
                _("Proposto da"),
                _("Percorso ITS"),
                _("ITS nel piano"),
            ),
            rows=[
                (
                    p.programme,
                    p.kind_label,
                    _names(p.organizations),
                    p.its_programme,
                    _yes(p.its_in_plan),
                )
                for p in pathways.links
            ],
            empty=_("Nessun percorso del secondo ciclo del piano porta a un ITS."),
        ),
        Table(
            name="senza-its",
            title=_("Percorsi del secondo ciclo senza prosecuzione in ITS"),
            header=(_("Percorso"), _("Tipologia"), _("Proposto da")),
            rows=[(p.programme, p.kind_label, _names(p.organizations)) for p in pathways.without],
            empty=_("Ogni percorso del secondo ciclo del piano prosegue in un ITS."),
        ),
    ]
    return {t.name: t for t in tables}


def coverage_chart(table: Table, *, limit: int = 12) -> BarChart:
    """The first rows of a coverage table (most seats first) as bars of seats."""
    return bar_chart([(str(r[0])[:28], int(r[4])) for r in table.rows[:limit]], label_width=220)


def _item_rows(
    facts: analysis.PlanFacts, items: Sequence[analysis.ItemFacts]
) -> list[tuple[Cell, ...]]:
    return [
        (
            i.school_year,
            facts.programmes[i.programme_id].title,
            i.organization_name,
            i.municipality_name,
            i.seats,
        )
        for i in items
    ]


def comparison_tables(
    before: analysis.PlanFacts, after: analysis.PlanFacts, result: analysis.PlanComparison
) -> dict[str, Table]:
    """Every table of the comparison page, by download name."""
    item_header = (_("Anno scolastico"), _("Percorso"), _("Proposto da"), _("Comune"), _("Posti"))
    programme_header = (_("Percorso"), _("Tipologia"))
    tables = [
        Table(
            name="posti-per-anno",
            title=_("Posti per anno scolastico"),
            header=(_("Anno scolastico"), _("Prima"), _("Dopo"), _("Differenza")),
            rows=[
                (y.school_year, y.seats_before, y.seats_after, y.difference) for y in result.years
            ],
            empty=_("Nessun anno."),
            numeric=frozenset({1, 2, 3}),
        ),
        Table(
            name="voci-aggiunte",
            title=_("Voci aggiunte"),
            header=item_header,
            rows=_item_rows(after, result.added),
            empty=_("Nessuna voce aggiunta."),
            numeric=frozenset({4}),
        ),
        Table(
            name="voci-rimosse",
            title=_("Voci rimosse"),
            header=item_header,
            rows=_item_rows(before, result.removed),
            empty=_("Nessuna voce rimossa."),
            numeric=frozenset({4}),
        ),
        Table(
            name="voci-modificate",
            title=_("Voci modificate"),
            header=(
                _("Anno scolastico"),
                _("Percorso"),
                _("Proposto da"),
                _("Comune prima"),
                _("Comune dopo"),
                _("Posti prima"),
                _("Posti dopo"),
            ),
            rows=[
                (
                    c.school_year,
                    c.programme,
                    c.organization_after
                    if c.organization_before == c.organization_after
                    else f"{c.organization_before} → {c.organization_after}",
                    c.municipality_before,
                    c.municipality_after,
                    c.seats_before,
                    c.seats_after,
                )
                for c in result.changed
            ],
            empty=_("Nessuna voce modificata."),
            numeric=frozenset({5, 6}),
        ),
        Table(
            name="percorsi-aggiunti",
            title=_("Percorsi entrati nel piano"),
            header=programme_header,
            rows=[(p.title, p.kind_label) for p in result.programmes_added],
            empty=_("Nessun percorso nuovo."),
        ),
        Table(
            name="percorsi-rimossi",
            title=_("Percorsi usciti dal piano"),
            header=programme_header,
            rows=[(p.title, p.kind_label) for p in result.programmes_removed],
            empty=_("Nessun percorso uscito."),
        ),
    ]
    return {t.name: t for t in tables}


def comparison_chart(result: analysis.PlanComparison, before: str, after: str) -> BarChart:
    """Seats by year of both versions, side by side."""
    rows: list[tuple[str, float]] = []
    for y in result.years:
        rows += [
            (f"{y.school_year} {before}", y.seats_before),
            (f"{y.school_year} {after}", y.seats_after),
        ]
    return bar_chart(rows, label_width=130)
