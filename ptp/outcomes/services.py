"""Recording what a student does 6 and 12 months after finishing, one at a time (the school's
form) or many at once (imports), deriving whether the employer is a company of the school's hubs
and whether it hosted the student. Every write is audited (hub_id None: personal data of the
school) and makes the public outcome pages stale."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event, snapshot
from ptp.core.errors import InvalidInputError
from ptp.core.public_cache import public_data_changed
from ptp.network.models import Organization
from ptp.outcomes.models import Outcome, OutcomeSource, OutcomeStatus
from ptp.outcomes.queries import CHECKPOINTS, hub_companies_of_school, is_finishing
from ptp.placements.models import Placement, PlacementStatus
from ptp.students.models import Student
from ptp.students.permissions import is_school_staff

# A placement counts as hosting once it started; planned or ready ones never happened yet.
STARTED_PLACEMENTS = (
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
    PlacementStatus.INTERRUPTED,
)
# Statuses for which "in the programme's sector" means something (work or further study).
SECTOR_STATUSES = frozenset(
    {
        OutcomeStatus.EMPLOYED,
        OutcomeStatus.ITS,
        OutcomeStatus.UNIVERSITY,
        OutcomeStatus.TRAINING,
    }
)
AUDITED_FIELDS = ["months_after", "status", "employer", "employer_name", "in_sector"]


@dataclass(frozen=True)
class OutcomeData:
    """What the school states about a student at one checkpoint (form, import, demo)."""

    months_after: int
    status: str
    employer_id: int | None = None
    employer_name: str = ""
    in_sector: bool | None = None


def can_record_outcome(user: Any, student: Student) -> bool:
    """Only the staff of the student's school record outcomes (the school owns the data)."""
    return is_school_staff(user, student.school)


def _clean(data: OutcomeData) -> OutcomeData:
    """Refuses what the model forbids, with Italian messages on the field concerned."""
    if data.months_after not in CHECKPOINTS:
        raise InvalidInputError(
            "Gli esiti si rilevano a 6 e a 12 mesi dall'uscita.", field="months_after"
        )
    if data.status not in OutcomeStatus.values:
        raise InvalidInputError("Situazione non prevista.", field="status")
    name = " ".join(data.employer_name.split())
    if data.status != OutcomeStatus.EMPLOYED and (data.employer_id or name):
        raise InvalidInputError(
            "Il datore di lavoro si indica solo per chi è occupato.", field="employer"
        )
    if data.employer_id and name:
        raise InvalidInputError(
            "Scegli un soggetto della rete oppure scrivi il nome del datore di lavoro, non entrambi.",
            field="employer_name",
        )
    in_sector = data.in_sector if data.status in SECTOR_STATUSES else None
    return OutcomeData(data.months_after, data.status, data.employer_id, name, in_sector)


def derive_flags(
    rows: Sequence[tuple[Student, OutcomeData]],
) -> list[tuple[bool, bool]]:
    """(with_hub_company, with_host) of each row: the employer is an active member company of a
    hub the student's school is an active member of; the employer hosted the student in a
    placement that started. Two queries per school and one for all the placements."""
    employed = [(s, d) for s, d in rows if d.status == OutcomeStatus.EMPLOYED and d.employer_id]
    hub_companies: dict[int, set[int]] = {}
    for school_id in {s.school_id for s, _ in employed}:
        hub_companies[school_id] = set(
            Organization.objects.filter(hub_companies_of_school(school_id)).values_list(
                "pk", flat=True
            )
        )
    hosts: dict[int, set[int]] = defaultdict(set)
    if employed:
        for student_id, host_id in Placement.objects.filter(
            student_id__in={s.pk for s, _ in employed}, status__in=STARTED_PLACEMENTS
        ).values_list("student_id", "host_id"):
            hosts[student_id].add(host_id)
    flags = []
    for student, data in rows:
        if data.status != OutcomeStatus.EMPLOYED or not data.employer_id:
            flags.append((False, False))
            continue
        flags.append(
            (
                data.employer_id in hub_companies[student.school_id],
                data.employer_id in hosts[student.pk],
            )
        )
    return flags


@transaction.atomic(durable=True)
def record_outcome(
    *,
    actor: User | None,
    student: Student,
    data: OutcomeData,
    source: str = OutcomeSource.SCHOOL,
    is_demo: bool = False,
) -> Outcome:
    """Records (or corrects) the student's outcome at 6 or 12 months, for the student's school
    only and only once the student left or is in the final year; the employer's flags are derived
    here, never typed."""
    if actor is not None and not can_record_outcome(actor, student):
        raise PermissionDenied
    if not is_finishing(student):
        raise InvalidInputError(
            "Gli esiti si registrano per chi ha lasciato la scuola o è all'ultimo anno."
        )
    data = _clean(data)
    ((with_hub_company, with_host),) = derive_flags([(student, data)])
    outcome = (
        Outcome.objects.select_for_update()
        .filter(student=student, months_after=data.months_after)
        .first()
    )
    before = snapshot(outcome, AUDITED_FIELDS) if outcome else None
    if outcome is None:
        outcome = Outcome(student=student, months_after=data.months_after, is_demo=is_demo)
    outcome.school_id = student.school_id
    outcome.programme_id = student.programme_id
    outcome.status = data.status
    outcome.employer_id = data.employer_id
    outcome.employer_name = data.employer_name
    outcome.in_sector = data.in_sector
    outcome.with_hub_company = with_hub_company
    outcome.with_host = with_host
    outcome.source = source
    outcome.recorded_by = actor
    try:
        outcome.full_clean()
    except ValidationError as exc:
        raise InvalidInputError(" ".join(exc.messages)) from exc
    outcome.save()
    record_event(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=outcome,
        summary=f"Esito a {data.months_after} mesi dello studente {student.code}",
        hub_id=None,
        before=before,
        after=snapshot(outcome, AUDITED_FIELDS),
    )
    public_data_changed()
    return outcome


@dataclass(frozen=True)
class WriteCounts:
    created: int
    updated: int
    unchanged: int


def plan_outcomes(
    rows: Iterable[tuple[Student, OutcomeData]],
) -> tuple[list[Outcome], list[Outcome], int]:
    """(new outcomes, changed existing outcomes, unchanged count) that writing the rows would
    give; flags derived in bulk. Rows are assumed clean and unique per (student, months)."""
    rows = [(s, _clean(d)) for s, d in rows]
    flags = derive_flags(rows)
    existing = {
        (o.student_id, o.months_after): o
        for o in Outcome.objects.filter(student_id__in={s.pk for s, _ in rows})
    }
    creates, updates, unchanged = [], [], 0
    for (student, data), (hub_company, host) in zip(rows, flags, strict=True):
        values = {
            "status": data.status,
            "employer_id": data.employer_id,
            "employer_name": data.employer_name,
            "in_sector": data.in_sector,
            "with_hub_company": hub_company,
            "with_host": host,
        }
        current = existing.get((student.pk, data.months_after))
        if current is None:
            creates.append(
                Outcome(
                    student=student,
                    school_id=student.school_id,
                    programme_id=student.programme_id,
                    months_after=data.months_after,
                    **values,
                )
            )
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            updates.append(current)
        else:
            unchanged += 1
    return creates, updates, unchanged


UPDATED_FIELDS = [
    "status",
    "employer",
    "employer_name",
    "in_sector",
    "with_hub_company",
    "with_host",
    "source",
    "recorded_by",
    "updated_at",
]


@transaction.atomic(durable=True)
def import_outcomes_rows(
    *,
    actor: User | None,
    school: Organization,
    rows: Sequence[tuple[Student, OutcomeData]],
    file_name: str,
) -> WriteCounts:
    """Writes the checked rows of an import, all in one transaction, and logs one event for the
    school (how many created, updated, unchanged: no student is named in the log entry)."""
    creates, updates, unchanged = plan_outcomes(rows)
    now = timezone.now()
    for outcome in [*creates, *updates]:
        outcome.source = OutcomeSource.IMPORT
        outcome.recorded_by = actor
        outcome.updated_at = now  # bulk_update leaves auto_now fields alone
    Outcome.objects.bulk_create(creates, batch_size=2000)
    Outcome.objects.bulk_update(updates, UPDATED_FIELDS, batch_size=2000)
    counts = WriteCounts(len(creates), len(updates), unchanged)
    record_event(
        actor=actor,
        action=AuditAction.UPDATE if updates else AuditAction.CREATE,
        obj=school,
        summary=(
            f"Importazione esiti da {file_name}: {counts.created} nuovi, "
            f"{counts.updated} aggiornati, {counts.unchanged} invariati"
        ),
        hub_id=None,
        after={"file": file_name, **counts.__dict__},
    )
    public_data_changed()
    return counts
