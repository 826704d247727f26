"""What the needs and bulletin screens read: lists with what a row shows, totals in the database."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ptp.demand.models import DemandBulletin, Horizon, NeedStatus, SkillNeed
from ptp.network.models import Hub, Organization
from ptp.skills.models import Skill


def _needs() -> QuerySet[SkillNeed]:
    return SkillNeed.objects.select_related(
        "organization", "hub", "occupation", "municipality__province"
    ).prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("label_it"), to_attr="skill_list")
    )


def company_needs(organization: Organization, *, status: str = "") -> QuerySet[SkillNeed]:
    """A company's needs in every hub, newest first, optionally of one status."""
    needs = _needs().filter(organization=organization)
    return needs.filter(status=status) if status else needs


def hub_needs(hub: Hub, *, status: str = "", horizon: str = "") -> QuerySet[SkillNeed]:
    """The needs of all the hub's companies, newest first, optionally filtered."""
    needs = _needs().filter(hub=hub)
    if status:
        needs = needs.filter(status=status)
    if horizon:
        needs = needs.filter(horizon=horizon)
    return needs


@dataclass(frozen=True)
class NeedTotals:
    """Open needs of a hub: how many, how many people, by horizon."""

    needs: int
    people_short: int
    people_medium: int
    companies: int


def hub_need_totals(hub: Hub) -> NeedTotals:
    """Totals of the hub's open needs, in one query."""
    open_needs = SkillNeed.objects.filter(hub=hub, status=NeedStatus.OPEN)
    totals = open_needs.aggregate(
        needs=Count("pk"),
        companies=Count("organization", distinct=True),
        short=Sum("headcount", filter=Q(horizon=Horizon.SHORT)),
        medium=Sum("headcount", filter=Q(horizon=Horizon.MEDIUM)),
    )
    return NeedTotals(
        needs=totals["needs"],
        people_short=totals["short"] or 0,
        people_medium=totals["medium"] or 0,
        companies=totals["companies"],
    )


def bulletins() -> QuerySet[DemandBulletin]:
    """Imported labour-demand bulletins, newest first, with who imported them."""
    return DemandBulletin.objects.select_related("imported_by").order_by("-imported_at", "-pk")
