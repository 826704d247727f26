"""Region-scale synthetic outcomes, for the benchmarks of the observatory's outcome pages.

Every synthetic student ("sint-" schools) who left or is in the final year gets an outcome at
6 and at 12 months, drawn from plausible shares; some of those who were hosted in a placement
work for their host. Flags are derived as the services derive them (the employer is an active
member company of a hub of the school; the employer hosted the student). Everything is demo and
written with bulk inserts; the same seed on the same region gives the same outcomes.
"""

import random
from collections import defaultdict

from django.db import transaction

from ptp.network.models import SCHOOL_KINDS, Membership
from ptp.outcomes.models import Outcome, OutcomeSource, OutcomeStatus
from ptp.outcomes.queries import FINISHING
from ptp.outcomes.services import SECTOR_STATUSES, STARTED_PLACEMENTS
from ptp.placements.models import Placement
from ptp.students.models import Student

PREFIX = "sint-"
S = OutcomeStatus
# Shares (percent) of each status at 6 and 12 months: work grows, unknown shrinks.
SHARES = {
    6: [
        (S.EMPLOYED, 38),
        (S.ITS, 8),
        (S.UNIVERSITY, 16),
        (S.TRAINING, 7),
        (S.NEITHER, 16),
        (S.UNKNOWN, 15),
    ],
    12: [
        (S.EMPLOYED, 47),
        (S.ITS, 9),
        (S.UNIVERSITY, 15),
        (S.TRAINING, 5),
        (S.NEITHER, 14),
        (S.UNKNOWN, 10),
    ],
}
BATCH = 5000


def delete_synthetic_outcomes() -> int:
    """Removes the outcomes of synthetic students (before the students); returns how many."""
    _, per_model = Outcome.objects.filter(student__school__slug__startswith=PREFIX).delete()
    return per_model.get(Outcome._meta.label, 0)


def _hub_companies() -> dict[int, list[int]]:
    """school id -> the companies (non-school members) of the hubs it is an active member of."""
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for hub_id, org_id, kind in Membership.objects.active().values_list(
        "hub_id", "organization_id", "organization__kind"
    ):
        members[hub_id].append((org_id, kind))
    result: dict[int, set[int]] = defaultdict(set)
    for orgs in members.values():
        companies = {o for o, kind in orgs if kind not in SCHOOL_KINDS}
        for school_id in (o for o, kind in orgs if kind in SCHOOL_KINDS):
            result[school_id] |= companies
    return {school_id: sorted(companies) for school_id, companies in result.items()}


@transaction.atomic
def generate_outcomes(seed: int) -> int:
    """Outcomes at 6 and 12 months of the synthetic students who finished or are in their final
    year; returns how many were made."""
    rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not a secret)
    companies = _hub_companies()
    hosts: dict[int, list[int]] = defaultdict(list)
    for student_id, host_id in (
        Placement.objects.filter(
            student__school__slug__startswith=PREFIX, status__in=STARTED_PLACEMENTS
        )
        .order_by("pk")
        .values_list("student_id", "host_id")
    ):
        hosts[student_id].append(host_id)
    students = (
        Student.objects.filter(school__slug__startswith=PREFIX)
        .filter(FINISHING)
        .order_by("pk")
        .values_list("pk", "school_id", "programme_id")
    )
    made = 0
    batch: list[Outcome] = []
    for student_id, school_id, programme_id in list(students):
        school_companies = companies.get(school_id, [])
        company_set = set(school_companies)
        student_hosts = hosts.get(student_id, [])
        employer_id: int | None = None
        for months, shares in SHARES.items():
            statuses, weights = zip(*shares, strict=True)
            status = rng.choices(statuses, weights)[0]
            outcome = Outcome(
                student_id=student_id,
                school_id=school_id,
                programme_id=programme_id,
                months_after=months,
                status=status,
                source=OutcomeSource.IMPORT,
                is_demo=True,
            )
            if status == S.EMPLOYED:
                # Whoever works at 6 months usually stays with the same employer at 12.
                if employer_id is None or rng.random() < 0.2:
                    roll = rng.random()
                    if student_hosts and roll < 0.35:
                        employer_id = rng.choice(student_hosts)
                    elif school_companies and roll < 0.6:
                        employer_id = rng.choice(school_companies)
                    else:
                        employer_id = 0  # outside the network
                if employer_id:
                    outcome.employer_id = employer_id
                    outcome.with_hub_company = employer_id in company_set
                    outcome.with_host = employer_id in student_hosts
                else:
                    outcome.employer_name = f"Impresa sintetica {rng.randrange(1, 5000)}"
            if status in SECTOR_STATUSES:
                roll = rng.random()
                outcome.in_sector = True if roll < 0.6 else (False if roll < 0.9 else None)
            batch.append(outcome)
        if len(batch) >= BATCH:
            Outcome.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    Outcome.objects.bulk_create(batch)
    return made + len(batch)
