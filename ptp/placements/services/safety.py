"""The safety file of a placement: what must be true before the student's first day.

D.Lgs. 81/2008 treats a student at the host like a worker: 4 hours of general training, specific
training for the host's risk class (Accordo Stato-Regioni 21/12/2011: 4, 8 or 12 hours), a named
host tutor, the host's risk assessment acknowledged and insurance (INAIL and civil liability). Until
all of it is recorded the placement cannot start (`start_placement`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ptp.accounts.models import User
from ptp.audit.services import snapshot
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.core.validation import validate_model
from ptp.placements.models import Placement, PlacementStatus, SafetyFile
from ptp.placements.services import lifecycle_mail as mail
from ptp.placements.services.placements import (
    audit,
    lock_placement,
    placement_path,
    refresh_readiness,
)

SAFETY_FIELDS = [
    "general_training_on",
    "specific_training_on",
    "risk_assessment_acknowledged_on",
    "insurance_inail",
    "insurance_liability",
]
DATE_FIELDS = SAFETY_FIELDS[:3]


@transaction.atomic(durable=True)
def update_safety_file(
    *,
    actor: User,
    placement: Placement,
    general_training_on: dt.date | None,
    specific_training_on: dt.date | None,
    risk_assessment_acknowledged_on: dt.date | None,
    insurance_inail: str,
    insurance_liability: str,
    today: dt.date | None = None,
) -> SafetyFile:
    """Records the safety file; dates cannot be in the future, and once the placement has started
    the file cannot become incomplete again."""
    today = today or timezone.localdate()
    placement = lock_placement(placement)
    if placement.status in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED):
        raise ConflictError(
            f"Il percorso è {placement.get_status_display().lower()}: "
            "il fascicolo sicurezza non si può più modificare."
        )
    safety = SafetyFile.objects.get(placement=placement)
    safety.placement = placement
    before = snapshot(safety, SAFETY_FIELDS)
    values = {
        "general_training_on": general_training_on,
        "specific_training_on": specific_training_on,
        "risk_assessment_acknowledged_on": risk_assessment_acknowledged_on,
        "insurance_inail": insurance_inail.strip(),
        "insurance_liability": insurance_liability.strip(),
    }
    for field in DATE_FIELDS:
        day = values[field]
        if isinstance(day, dt.date) and day > today:
            raise InvalidInputError("La data non può essere nel futuro.", field=field)
    for field, value in values.items():
        setattr(safety, field, value)
    validate_model(safety, exclude=["placement"])
    if placement.status == PlacementStatus.ACTIVE and safety.missing():
        raise ConflictError(
            "Il percorso è in corso: il fascicolo sicurezza non può tornare incompleto."
        )
    safety.save()
    after = snapshot(safety, SAFETY_FIELDS)
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit(
        actor,
        placement,
        "Aggiornato il fascicolo sicurezza",
        before={k: before[k] for k in changed},
        after=changed,
    )
    refresh_readiness(placement)
    missing = safety.missing()
    if changed and missing:
        mail.notify(
            template="safety_changed",
            subject="Fascicolo sicurezza aggiornato: mancano ancora dei dati",
            to=mail.other_side(placement, actor),
            context={
                "placement": placement,
                "missing": missing,
                "link": mail.link(placement_path(placement)),
            },
            actor=actor,
        )
    return safety
