"""The host tutor's evaluation of the skills in the training plan, and what it feeds.

Levels (1–4) follow the four levels of the Italian certification of competences (DM 742/2017:
iniziale, base, intermedio, avanzato), described as what the student showed at the host:

1. **Iniziale** — svolge compiti semplici solo se guidato e in situazioni note.
2. **Base** — svolge compiti semplici anche in situazioni nuove, applicando regole e procedure
   fondamentali.
3. **Intermedio** — svolge compiti e risolve problemi in situazioni nuove, compie scelte
   consapevoli e usa con continuità conoscenze e abilità acquisite.
4. **Avanzato** — svolge compiti e risolve problemi complessi anche in situazioni non note, in
   autonomia e con responsabilità; propone e sostiene le proprie scelte.

The same labels and descriptors appear on the evaluation form and on the certificate.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ptp.accounts.models import User
from ptp.audit.models import AuditAction
from ptp.audit.services import record_event
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import (
    DocumentKind,
    Evaluation,
    Placement,
    PlacementStatus,
    TrainingPlan,
)
from ptp.placements.report_access import can_evaluate
from ptp.placements.services import notifications
from ptp.students.models import SkillSource, Student, StudentSkill

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Level:
    value: int
    label: "StrOrPromise"
    descriptor: "StrOrPromise"


LEVELS: dict[int, Level] = {
    level.value: level
    for level in (
        Level(1, _("Iniziale"), _("Svolge compiti semplici solo se guidato e in situazioni note.")),
        Level(
            2,
            _("Base"),
            _(
                "Svolge compiti semplici anche in situazioni nuove, applicando regole e "
                "procedure fondamentali."
            ),
        ),
        Level(
            3,
            _("Intermedio"),
            _(
                "Svolge compiti e risolve problemi in situazioni nuove, compie scelte consapevoli "
                "e usa con continuità conoscenze e abilità acquisite."
            ),
        ),
        Level(
            4,
            _("Avanzato"),
            _(
                "Svolge compiti e risolve problemi complessi anche in situazioni non note, in "
                "autonomia e con responsabilità; propone e sostiene le proprie scelte."
            ),
        ),
    )
}

# A student is evaluated while at the host and once done; a planned placement has nothing to
# evaluate yet and an interrupted one gets no certificate.
EVALUABLE_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
MAX_COMMENT = 2000


@dataclass(frozen=True)
class SkillAssessment:
    """One skill's level (1–4) and the tutor's remarks, as the form sends it."""

    skill_id: int
    level: int
    comment: str = ""


def has_certificate(placement: Placement) -> bool:
    """A certificate was issued: from then on the evaluation it states is frozen."""
    return placement.documents.filter(kind=DocumentKind.CERTIFICATE).exists()


def plan_skill_ids(placement: Placement) -> set[int]:
    """The skills the training plan expects (empty without a plan)."""
    plan = TrainingPlan.objects.filter(placement=placement).first()
    return set(plan.skills.values_list("pk", flat=True)) if plan is not None else set()


def why_locked(placement: Placement) -> str:
    """Why the evaluation cannot change now (in Italian), or "" when it can."""
    if placement.status not in EVALUABLE_STATUSES:
        return (
            "Si valutano le competenze di un percorso in corso o concluso: questo è "
            f"«{placement.get_status_display()}»."
        )
    if has_certificate(placement):
        return (
            "La certificazione delle competenze è già stata rilasciata: "
            "la valutazione non si può più modificare."
        )
    return ""


def _check(actor: User, placement: Placement) -> set[int]:
    if not can_evaluate(actor, placement):
        raise ConflictError(
            "Valutano le competenze solo il tutor aziendale e il personale dell'impresa ospitante."
        )
    if reason := why_locked(placement):
        raise ConflictError(reason)
    skill_ids = plan_skill_ids(placement)
    if not skill_ids:
        raise ConflictError("Il progetto formativo non indica ancora competenze da valutare.")
    return skill_ids


def _validate(assessments: Sequence[SkillAssessment], skill_ids: set[int]) -> None:
    for item in assessments:
        if item.skill_id not in skill_ids:
            raise InvalidInputError("Una delle competenze non fa parte del progetto formativo.")
        if item.level not in LEVELS:
            raise InvalidInputError(
                "Il livello va da 1 (iniziale) a 4 (avanzato).", field=f"level_{item.skill_id}"
            )
        if len(item.comment) > MAX_COMMENT:
            raise InvalidInputError(
                f"Le osservazioni sono troppo lunghe: al massimo {MAX_COMMENT} caratteri.",
                field=f"comment_{item.skill_id}",
            )


@transaction.atomic(durable=True)
def record_evaluations(
    *, actor: User, placement: Placement, assessments: Sequence[SkillAssessment]
) -> list[Evaluation]:
    """The host tutor (or host staff) sets the level of some or all of the plan's skills, for an
    active or completed placement and until the certificate is issued. Each change is audited and
    copied to the student's skills profile; when the last skill gets its level, the school tutor is
    told. Returns the evaluations that changed."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student", "school_tutor", "hub")
        .get(pk=placement.pk)
    )
    skill_ids = _check(actor, placement)
    _validate(assessments, skill_ids)
    existing = {e.skill_id: e for e in placement.evaluations.all()}
    was_complete = skill_ids <= existing.keys()
    changed: list[Evaluation] = []
    for item in assessments:
        comment = item.comment.strip()
        evaluation = existing.get(item.skill_id)
        if evaluation is not None and (evaluation.level, evaluation.comment) == (
            item.level,
            comment,
        ):
            continue
        before = None if evaluation is None else {"level": evaluation.level}
        if evaluation is None:
            evaluation = Evaluation(placement=placement, skill_id=item.skill_id)
            existing[item.skill_id] = evaluation
        evaluation.level, evaluation.comment, evaluation.evaluated_by = item.level, comment, actor
        evaluation.full_clean()
        evaluation.save()
        record_event(
            actor=actor,
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            obj=evaluation,
            summary="Valutazione di una competenza del progetto formativo",
            hub_id=placement.hub_id,
            before=before,
            # The remarks describe the student: the log (read by the coordinator) keeps the level
            # and whether they changed, not their text.
            after={"skill": item.skill_id, "level": item.level, "comment_set": bool(comment)},
        )
        changed.append(evaluation)
    refresh_skill_profile(placement.student, {e.skill_id for e in changed})
    if not was_complete and skill_ids <= existing.keys():
        notifications.evaluation_complete(placement)
    return changed


def refresh_skill_profile(student: Student, skill_ids: set[int]) -> None:
    """Copies evaluated skills into the student's profile (source "placement"), at the best level
    any host evaluated: one weaker placement does not erase a level the student has shown."""
    if not skill_ids:
        return
    best = (
        Evaluation.objects.filter(placement__student=student, skill_id__in=skill_ids)
        .values("skill_id")
        .annotate(level=Max("level"))
    )
    for row in best:
        StudentSkill.objects.update_or_create(
            student=student,
            skill_id=row["skill_id"],
            source=SkillSource.PLACEMENT,
            defaults={"level": row["level"]},
        )
