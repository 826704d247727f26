"""What the offer-plan pages read: the hub's versions, a plan's items, and the facts the analysis
works on, each in a fixed number of queries whatever the size of the plan."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from ptp.catalogue.models import (
    UPPER_SECONDARY_KINDS,
    OfferPlan,
    OfferPlanItem,
    PlanStatus,
    Programme,
    ProgrammeKind,
    ProgrammeSkill,
    SectorOccupation,
)
from ptp.catalogue.plan_analysis import ItemFacts, OccupationFacts, PlanFacts, ProgrammeFacts
from ptp.network.models import Hub
from ptp.skills.models import OccupationSkill, RelationType

KIND_LABELS: dict[str, str] = {k: str(v) for k, v in ProgrammeKind.choices}
OPEN_STATUSES = (PlanStatus.DRAFT, PlanStatus.PROPOSED)


@dataclass(frozen=True)
class PlanRow:
    id: int
    version: int
    status: str
    status_label: str
    items: int
    seats: int
    approved_at: dt.datetime | None
    created_at: dt.datetime


@dataclass(frozen=True)
class Period:
    """The versions of the hub's plan for one three-year period, newest first."""

    first_year: int
    label: str
    versions: list[PlanRow]

    @property
    def has_open_version(self) -> bool:
        return any(v.status in OPEN_STATUSES for v in self.versions)


def hub_plan_periods(hub: Hub) -> list[Period]:
    """Every version of the hub's plans with item and seat counts, grouped by period (one query)."""
    plans = (
        OfferPlan.objects.filter(hub=hub)
        .annotate(n_items=Count("items"), n_seats=Sum("items__seats"))
        .order_by("-first_year", "-version")
    )
    periods: dict[int, Period] = {}
    for plan in plans:
        period = periods.setdefault(plan.first_year, Period(plan.first_year, plan.period_label, []))
        period.versions.append(
            PlanRow(
                id=plan.pk,
                version=plan.version,
                status=plan.status,
                status_label=plan.get_status_display(),
                items=plan.n_items,
                seats=plan.n_seats or 0,
                approved_at=plan.approved_at,
                created_at=plan.created_at,
            )
        )
    return list(periods.values())


def plan_items(plan: OfferPlan) -> list[OfferPlanItem]:
    """The plan's items with programme, proposer and place, by year and programme (one query)."""
    return list(
        OfferPlanItem.objects.filter(plan=plan)
        .select_related("programme", "proposed_by", "municipality__province")
        .order_by("school_year", "programme__title", "municipality__name", "pk")
    )


def facts_from_items(plan: OfferPlan, items: list[OfferPlanItem]) -> PlanFacts:
    """The facts of items already loaded by `plan_items` (no query): enough for seats by year."""
    facts = [
        ItemFacts(
            id=i.pk,
            programme_id=i.programme_id,
            organization_id=i.proposed_by_id,
            organization_name=i.proposed_by.name,
            school_year=i.school_year,
            municipality_id=i.municipality_id,
            municipality_name=i.municipality.name,
            province_id=i.municipality.province_id,
            province_name=i.municipality.province.name,
            seats=i.seats,
        )
        for i in items
    ]
    programmes = {
        i.programme_id: _programme(
            i.programme_id,
            {
                "title": i.programme.title,
                "kind": i.programme.kind,
                "track": i.programme.track,
                "specialisation": i.programme.specialisation,
            },
        )
        for i in items
    }
    return PlanFacts(
        school_years=tuple(plan.school_years), items=tuple(facts), programmes=programmes
    )


def _label(it: str, en: str, uri: str) -> str:
    # The same fallback as ConceptBase.label, on values() rows.
    return it or en or uri


def _items_and_programmes(plan: OfferPlan) -> tuple[list[ItemFacts], dict[int, dict[str, str]]]:
    rows = OfferPlanItem.objects.filter(plan=plan).values(
        "id",
        "programme_id",
        "programme__title",
        "programme__kind",
        "programme__track",
        "programme__specialisation",
        "proposed_by_id",
        "proposed_by__name",
        "school_year",
        "municipality_id",
        "municipality__name",
        "municipality__province_id",
        "municipality__province__name",
        "seats",
    )
    items: list[ItemFacts] = []
    programmes: dict[int, dict[str, str]] = {}
    for r in rows:
        items.append(
            ItemFacts(
                id=r["id"],
                programme_id=r["programme_id"],
                organization_id=r["proposed_by_id"],
                organization_name=r["proposed_by__name"],
                school_year=r["school_year"],
                municipality_id=r["municipality_id"],
                municipality_name=r["municipality__name"],
                province_id=r["municipality__province_id"],
                province_name=r["municipality__province__name"],
                seats=r["seats"],
            )
        )
        programmes[r["programme_id"]] = {
            "title": r["programme__title"],
            "kind": r["programme__kind"],
            "track": r["programme__track"],
            "specialisation": r["programme__specialisation"],
        }
    return items, programmes


def _programme(
    pk: int,
    values: dict[str, str],
    *,
    skills: frozenset[int] = frozenset(),
    occupations: frozenset[int] = frozenset(),
    leads_to: frozenset[int] = frozenset(),
) -> ProgrammeFacts:
    kind = values["kind"]
    return ProgrammeFacts(
        id=pk,
        title=values["title"],
        kind=kind,
        kind_label=KIND_LABELS.get(kind, kind),
        track=values["track"],
        specialisation=values["specialisation"],
        skill_ids=skills,
        occupation_ids=occupations,
        leads_to_ids=leads_to,
        is_upper_secondary=kind in UPPER_SECONDARY_KINDS,
        is_its=kind == ProgrammeKind.ITS,
    )


def plan_item_facts(plan: OfferPlan) -> PlanFacts:
    """The plan's items and programmes only, as the comparison of versions needs (one query)."""
    items, programmes = _items_and_programmes(plan)
    return PlanFacts(
        school_years=tuple(plan.school_years),
        items=tuple(items),
        programmes={pk: _programme(pk, values) for pk, values in programmes.items()},
    )


def plan_facts(plan: OfferPlan) -> PlanFacts:
    """Everything the analysis reads about a plan, in six queries: items, skills taught,
    occupations prepared for, pathways, the sector's occupations and their essential skills."""
    items, programmes = _items_and_programmes(plan)
    in_plan = OfferPlanItem.objects.filter(plan=plan).values("programme_id")

    skill_labels: dict[int, str] = {}
    skills: dict[int, set[int]] = defaultdict(set)
    for pid, sid, it, en, uri in ProgrammeSkill.objects.filter(
        programme_id__in=in_plan
    ).values_list("programme_id", "skill_id", "skill__label_it", "skill__label_en", "skill__uri"):
        skills[pid].add(sid)
        skill_labels[sid] = _label(it, en, uri)

    occupation_labels: dict[int, str] = {}
    occupations: dict[int, set[int]] = defaultdict(set)
    prepares = Programme.occupations.through.objects.filter(programme_id__in=in_plan)
    for pid, oid, it, en, uri in prepares.values_list(
        "programme_id",
        "occupation_id",
        "occupation__label_it",
        "occupation__label_en",
        "occupation__uri",
    ):
        occupations[pid].add(oid)
        occupation_labels[oid] = _label(it, en, uri)

    leads_to: dict[int, set[int]] = defaultdict(set)
    targets: dict[int, dict[str, str]] = {}
    links = Programme.leads_to.through.objects.filter(from_programme_id__in=in_plan)
    for r in links.values(
        "from_programme_id",
        "to_programme_id",
        "to_programme__title",
        "to_programme__kind",
        "to_programme__track",
        "to_programme__specialisation",
    ):
        leads_to[r["from_programme_id"]].add(r["to_programme_id"])
        targets[r["to_programme_id"]] = {
            "title": r["to_programme__title"],
            "kind": r["to_programme__kind"],
            "track": r["to_programme__track"],
            "specialisation": r["to_programme__specialisation"],
        }

    sector_ids: list[int] = []
    in_sector = SectorOccupation.objects.filter(sector_id=plan.hub.sector_id)
    for oid, it, en, uri in in_sector.values_list(
        "occupation_id", "occupation__label_it", "occupation__label_en", "occupation__uri"
    ):
        sector_ids.append(oid)
        occupation_labels[oid] = _label(it, en, uri)

    essential: dict[int, set[int]] = defaultdict(set)
    for oid, sid, it, en, uri in OccupationSkill.objects.filter(
        occupation_id__in=in_sector.values("occupation_id"), relation=RelationType.ESSENTIAL
    ).values_list("occupation_id", "skill_id", "skill__label_it", "skill__label_en", "skill__uri"):
        essential[oid].add(sid)
        skill_labels.setdefault(sid, _label(it, en, uri))

    facts = {pk: _programme(pk, values) for pk, values in targets.items()}
    facts.update(
        {
            pk: _programme(
                pk,
                values,
                skills=frozenset(skills[pk]),
                occupations=frozenset(occupations[pk]),
                leads_to=frozenset(leads_to[pk]),
            )
            for pk, values in programmes.items()
        }
    )
    return PlanFacts(
        school_years=tuple(plan.school_years),
        items=tuple(items),
        programmes=facts,
        skill_labels=skill_labels,
        occupations={
            oid: OccupationFacts(oid, label, frozenset(essential[oid]))
            for oid, label in occupation_labels.items()
        },
        sector_occupation_ids=tuple(sorted(sector_ids)),
    )


def previous_version(plan: OfferPlan) -> OfferPlan | None:
    """The version of the same period just before this one, which it is compared with first."""
    return (
        OfferPlan.objects.filter(
            hub_id=plan.hub_id, first_year=plan.first_year, version__lt=plan.version
        )
        .order_by("-version")
        .first()
    )
