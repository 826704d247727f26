"""Preparing a placement: each side names its tutor, both edit the training plan (progetto
formativo) while the placement is open. Audited, and the other side is told."""

from collections.abc import Iterable

from django.db import transaction

from ptp.accounts.models import Role, RoleGrant, User
from ptp.audit.services import snapshot
from ptp.core.errors import InvalidInputError
from ptp.core.validation import validate_model
from ptp.network.models import Organization
from ptp.placements.models import Placement, TrainingPlan
from ptp.placements.services import lifecycle_mail as mail
from ptp.placements.services.placements import (
    audit,
    check_open,
    lock_placement,
    placement_path,
    refresh_readiness,
)
from ptp.skills.models import Skill

PLAN_FIELDS = ["objectives", "activities", "safety_measures"]


def _check_staff(user: User, organization: Organization, field: str) -> None:
    is_staff = RoleGrant.objects.active().filter(
        user=user, role=Role.ORGANIZATION_STAFF, organization=organization, user__is_active=True
    )
    if not is_staff.exists():
        raise InvalidInputError(
            f"{user} non fa parte del personale di {organization}.", field=field
        )


def _assign_tutor(*, actor: User, placement: Placement, tutor: User, side: str) -> Placement:
    placement = lock_placement(placement)
    check_open(placement)
    organization = placement.school if side == "school_tutor" else placement.host
    _check_staff(tutor, organization, side)
    before = snapshot(placement, [side])
    setattr(placement, side, tutor)
    placement.save(update_fields=[side, "updated_at"])
    label = "scolastico" if side == "school_tutor" else "aziendale"
    audit(
        actor,
        placement,
        f"Nominato il tutor {label} {tutor.email}",
        before=before,
        after=snapshot(placement, [side]),
    )
    refresh_readiness(placement)
    mail.notify(
        template="tutor_assigned",
        subject=f"Sei tutor {label} di un percorso scuola-lavoro",
        to={tutor.email},
        context={
            "placement": placement,
            "label": label,
            "link": mail.link(placement_path(placement)),
        },
        actor=actor,
    )
    return placement


@transaction.atomic(durable=True)
def assign_school_tutor(*, actor: User, placement: Placement, tutor: User) -> Placement:
    """The school tutor is one of the school's active staff."""
    return _assign_tutor(actor=actor, placement=placement, tutor=tutor, side="school_tutor")


@transaction.atomic(durable=True)
def assign_host_tutor(*, actor: User, placement: Placement, tutor: User) -> Placement:
    """The host (company) tutor is one of the host's active staff; the safety file needs one."""
    return _assign_tutor(actor=actor, placement=placement, tutor=tutor, side="host_tutor")


@transaction.atomic(durable=True)
def update_training_plan(
    *,
    actor: User,
    placement: Placement,
    objectives: str,
    activities: str,
    safety_measures: str,
    skills: Iterable[Skill],
) -> TrainingPlan:
    """Changes the progetto formativo while the placement is open; the audit keeps before/after."""
    placement = lock_placement(placement)
    check_open(placement)
    plan = TrainingPlan.objects.get(placement=placement)
    before = {
        **snapshot(plan, PLAN_FIELDS),
        "skills": sorted(plan.skills.values_list("pk", flat=True)),
    }
    plan.objectives, plan.activities, plan.safety_measures = objectives, activities, safety_measures
    validate_model(plan, exclude=["placement"])
    plan.save()
    plan.skills.set(list(skills))
    after = {**snapshot(plan, PLAN_FIELDS), "skills": sorted(s.pk for s in skills)}
    changed = {k: v for k, v in after.items() if before[k] != v}
    audit(
        actor,
        placement,
        "Modificato il progetto formativo",
        before={k: before[k] for k in changed},
        after=changed,
    )
    mail.notify(
        template="plan_changed",
        subject="Il progetto formativo è stato modificato",
        to=mail.other_side(placement, actor),
        context={"placement": placement, "link": mail.link(placement_path(placement))},
        actor=actor,
    )
    return plan
