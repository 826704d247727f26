"""Outcome rates per programme, member school and hub, at 6 and 12 months, and hosting-to-hiring
per hub: a handful of GROUP BY queries whose number does not grow with the data, then plain
arithmetic (`rates_of`, `hosting_of`) that needs no database.

Denominator: n is the number of students with a *known* outcome at that checkpoint (recorded,
and not "non noto"). Employment, further study (ITS + university + other training), in-sector
employment and NEET are shares of n, so they add up with the known statuses; the unknown share is
over every recorded outcome (n + unknown), so a school that follows up few students shows it.
When n < 5 nothing is shown but the fact (value None, `suppressed` True): the pages say
"n < 5". Hubs add up their active member schools (a school in two hubs counts in both).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, F, OuterRef, Q

from ptp.catalogue.models import Programme
from ptp.network.models import SCHOOL_KINDS, Hub, Membership, Organization
from ptp.outcomes.models import Outcome, OutcomeStatus
from ptp.outcomes.services import STARTED_PLACEMENTS
from ptp.placements.models import Placement

MIN_N = 5
CHECKPOINTS = (6, 12)
S = OutcomeStatus


@dataclass(frozen=True)
class Tally:
    """Outcomes of one group at one checkpoint, by status."""

    recorded: int = 0
    employed: int = 0
    employed_in_sector: int = 0
    its: int = 0
    university: int = 0
    training: int = 0
    neither: int = 0
    unknown: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    @property
    def known(self) -> int:
        return self.recorded - self.unknown


@dataclass(frozen=True)
class Rates:
    """Percentages (one decimal) over n students with a known outcome; None when suppressed."""

    n: int
    recorded: int
    suppressed: bool
    employment: float | None
    further_study: float | None
    in_sector: float | None
    neet: float | None
    unknown: float | None


def is_suppressed(n: int) -> bool:
    """Fewer than MIN_N people: the figure could point at someone, so it is not shown."""
    return n < MIN_N


def share(part: int, whole: int) -> float | None:
    """part / whole as a percentage with one decimal; None when whole is suppressed."""
    if is_suppressed(whole):
        return None
    return round(100 * part / whole, 1)


def rates_of(t: Tally) -> Rates:
    """The rates of one tally (see the module docstring for the denominators)."""
    n = t.known
    suppressed = is_suppressed(n)
    further = t.its + t.university + t.training
    return Rates(
        n=n,
        recorded=t.recorded,
        suppressed=suppressed,
        employment=share(t.employed, n),
        further_study=share(further, n),
        in_sector=share(t.employed_in_sector, n),
        neet=share(t.neither, n),
        unknown=None if suppressed else share(t.unknown, t.recorded),
    )


@dataclass(frozen=True)
class RateRow:
    key: int | None
    label: str
    rates: Rates


@dataclass(frozen=True)
class Hosting:
    """Hosting-to-hiring in a hub: students hosted in its placements who have a known outcome,
    how many of them a company of their school's hubs employs, and how many their host."""

    hub_id: int
    label: str
    hosted: int
    hired_by_hub_company: int
    hired_by_host: int

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.hosted)

    @property
    def hub_company_rate(self) -> float | None:
        return share(self.hired_by_hub_company, self.hosted)

    @property
    def host_rate(self) -> float | None:
        return share(self.hired_by_host, self.hosted)


_KNOWN = ~Q(status=S.UNKNOWN)
_TALLY = {
    "recorded": Count("pk"),
    "employed": Count("pk", filter=Q(status=S.EMPLOYED)),
    "employed_in_sector": Count("pk", filter=Q(status=S.EMPLOYED, in_sector=True)),
    "its": Count("pk", filter=Q(status=S.ITS)),
    "university": Count("pk", filter=Q(status=S.UNIVERSITY)),
    "training": Count("pk", filter=Q(status=S.TRAINING)),
    "neither": Count("pk", filter=Q(status=S.NEITHER)),
    "unknown": Count("pk", filter=Q(status=S.UNKNOWN)),
}
_TALLY_FIELDS = [f.name for f in fields(Tally)]


def tallies_by(
    group: str, *, months: int | None = None, school_ids: Iterable[int] | None = None
) -> dict[tuple[int | None, int], Tally]:
    """(group key, months) -> Tally, grouping outcomes by "school_id" or "programme_id" (copied
    from the student when recorded, so no join). One query."""
    outcomes = Outcome.objects.all()
    if months is not None:
        outcomes = outcomes.filter(months_after=months)
    if school_ids is not None:
        outcomes = outcomes.filter(school_id__in=list(school_ids))
    rows = (
        outcomes.values(key=F(group), months=F("months_after"))
        .annotate(**_TALLY)
        .order_by()
        .values_list("key", "months", *_TALLY_FIELDS)
    )
    return {(key, m): Tally(*counts) for key, m, *counts in rows}


def schools_by_hub(hub_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """hub id -> its active member schools. One query."""
    memberships = Membership.objects.active().filter(organization__kind__in=SCHOOL_KINDS)
    if hub_ids is not None:
        memberships = memberships.filter(hub_id__in=list(hub_ids))
    result: dict[int, set[int]] = defaultdict(set)
    for hub_id, school_id in memberships.values_list("hub_id", "organization_id"):
        result[hub_id].add(school_id)
    return result


def roll_up(
    by_school: dict[tuple[int | None, int], Tally], schools: dict[int, set[int]]
) -> dict[tuple[int, int], Tally]:
    """Per-school tallies added up per hub (pure)."""
    hubs_of: dict[int, list[int]] = defaultdict(list)
    for hub_id, school_ids in schools.items():
        for school_id in school_ids:
            hubs_of[school_id].append(hub_id)
    sums: dict[tuple[int, int], list[int]] = {}
    for (key, months), tally in by_school.items():
        values = [getattr(tally, name) for name in _TALLY_FIELDS]
        for hub in hubs_of.get(key or 0, []):
            total = sums.setdefault((hub, months), [0] * len(values))
            for i, value in enumerate(values):
                total[i] += value
    return {key: Tally(*values) for key, values in sums.items()}


def hosting_counts(hub_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int, int]]:
    """hub id -> (hosted, hired by a hub company, hired by the host): distinct students hosted in
    the hub's started placements who have a known outcome at 6 or 12 months; of them, those
    employed (at either checkpoint) by a company of their school's hubs, and by the host of one
    of those placements. One query (semi-joins on outcomes: the students table is not read)."""
    placements = Placement.objects.filter(
        status__in=STARTED_PLACEMENTS,
        student_id__in=Outcome.objects.exclude(status=S.UNKNOWN).values("student_id"),
    )
    if hub_ids is not None:
        placements = placements.filter(hub_id__in=list(hub_ids))
    employed = Outcome.objects.filter(status=S.EMPLOYED)
    by_hub_company = employed.filter(with_hub_company=True).values("student_id")
    by_host = Exists(
        employed.filter(student_id=OuterRef("student_id"), employer_id=OuterRef("host_id"))
    )
    rows = (
        placements.values("hub_id")
        .annotate(
            hosted=Count("student_id", distinct=True),
            hub_company=Count("student_id", distinct=True, filter=Q(student_id__in=by_hub_company)),
            host=Count("student_id", distinct=True, filter=Q(by_host)),
        )
        .order_by()
        .values_list("hub_id", "hosted", "hub_company", "host")
    )
    return {hub_id: (hosted, company, host) for hub_id, hosted, company, host in rows}


def its_oriented_by_school(school_ids: Iterable[int] | None = None) -> dict[int, int]:
    """school id -> distinct students enrolled in an ITS at either checkpoint. One query."""
    outcomes = Outcome.objects.filter(status=S.ITS)
    if school_ids is not None:
        outcomes = outcomes.filter(school_id__in=list(school_ids))
    return dict(
        outcomes.values("school_id")
        .annotate(n=Count("student_id", distinct=True))
        .order_by()
        .values_list("school_id", "n")
    )


# --- What the observatory pages read ------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeTables:
    months: int
    hubs: list[RateRow]
    members: list[RateRow]
    programmes: list[RateRow]
    hosting: list[Hosting]


def _rows(
    tallies: dict[tuple[int | None, int], Tally] | dict[tuple[int, int], Tally],
    months: int,
    labels: dict[int, str],
    *,
    keys: Iterable[int | None] | None = None,
    missing_label: str = "",
) -> list[RateRow]:
    wanted = list(keys) if keys is not None else [k for k, m in tallies if m == months]
    rows = [
        RateRow(
            key,
            labels.get(key, missing_label) if key is not None else missing_label,
            rates_of(tallies.get((key, months), Tally())),  # type: ignore[arg-type]
        )
        for key in wanted
    ]
    # The largest groups first, then by name; suppressed rows (n < 5) sink to the bottom.
    return sorted(rows, key=lambda r: (r.rates.suppressed, -r.rates.n, r.label))


def outcome_tables(
    *, months: int = 12, hub_id: int | None = None, school_id: int | None = None
) -> OutcomeTables:
    """Rates per hub, member school and programme at one checkpoint, and hosting-to-hiring per
    hub, optionally for one hub and/or one school; a constant number of queries."""
    schools = schools_by_hub([hub_id] if hub_id else None)
    school_ids: set[int] | None = None
    if hub_id:
        school_ids = set(schools.get(hub_id, set()))
    if school_id:
        school_ids = {school_id} & school_ids if school_ids is not None else {school_id}
    by_school = tallies_by("school_id", months=months)
    by_hub = roll_up(by_school, schools)
    hubs = Hub.objects.filter(pk=hub_id) if hub_id else Hub.objects.all()
    hub_labels = dict(hubs.values_list("pk", "short_name"))
    member_tallies = {
        k: t for k, t in by_school.items() if school_ids is None or k[0] in school_ids
    }
    school_labels = dict(
        Organization.objects.filter(pk__in=[k for k, _ in member_tallies if k]).values_list(
            "pk", "name"
        )
    )
    by_programme = tallies_by("programme_id", months=months, school_ids=school_ids)
    programme_labels = {
        pk: f"{code} – {title}"
        for pk, code, title in Programme.objects.filter(
            pk__in=[k for k, _ in by_programme if k]
        ).values_list("pk", "code", "title")
    }
    hosting = hosting_counts(list(hub_labels))
    return OutcomeTables(
        months=months,
        hubs=_rows(by_hub, months, hub_labels, keys=list(hub_labels)),
        members=_rows(member_tallies, months, school_labels),
        programmes=_rows(
            by_programme, months, programme_labels, missing_label="Percorso non indicato"
        ),
        hosting=sorted(
            (Hosting(pk, label, *hosting.get(pk, (0, 0, 0))) for pk, label in hub_labels.items()),
            key=lambda h: (h.suppressed, -h.hosted, h.label),
        ),
    )


# --- For the nightly hub snapshot ---------------------------------------------------------------


@dataclass(frozen=True)
class HubRates:
    """A hub's outcome figures for its daily snapshot. Rates are percentages, None when n < 5;
    counts are raw (whoever publishes them suppresses those under MIN_N)."""

    n_6: int
    employment_rate_6: float | None
    further_study_rate_6: float | None
    n_12: int
    employment_rate_12: float | None
    further_study_rate_12: float | None
    its_oriented: int
    hosted: int
    hired_by_hub_company: int
    hired_by_host: int


def hub_outcome_rates(hub_ids: list[int] | None = None) -> dict[int, HubRates]:
    """HubRates of each hub (every hub when hub_ids is None); four queries whatever the data."""
    schools = schools_by_hub(hub_ids)
    wanted = (
        list(hub_ids) if hub_ids is not None else list(Hub.objects.values_list("pk", flat=True))
    )
    by_hub = roll_up(tallies_by("school_id"), schools)
    its = its_oriented_by_school()
    hosting = hosting_counts(wanted)
    result = {}
    for hub_id in wanted:
        six = rates_of(by_hub.get((hub_id, 6), Tally()))
        twelve = rates_of(by_hub.get((hub_id, 12), Tally()))
        hosted, company, host = hosting.get(hub_id, (0, 0, 0))
        result[hub_id] = HubRates(
            n_6=six.n,
            employment_rate_6=six.employment,
            further_study_rate_6=six.further_study,
            n_12=twelve.n,
            employment_rate_12=twelve.employment,
            further_study_rate_12=twelve.further_study,
            its_oriented=sum(its.get(s, 0) for s in schools.get(hub_id, ())),
            hosted=hosted,
            hired_by_hub_company=company,
            hired_by_host=host,
        )
    return result
