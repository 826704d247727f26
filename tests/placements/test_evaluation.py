"""The host tutor's evaluation: who, when, what it feeds (profile, audit, school tutor), pages."""

import pytest
from django.core.files.base import ContentFile

from ptp.audit.models import AuditAction, AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import DocumentKind, Evaluation, PlacementDocument, PlacementStatus
from ptp.placements.services.evaluation import LEVELS, SkillAssessment, record_evaluations
from ptp.students.models import SkillSource, StudentSkill
from tests.factories import SkillFactory, UserFactory
from tests.placements.factories import EvaluationFactory, PlacementFactory, TrainingPlanFactory
from tests.placements.report_world import (
    ALL_PERSONAS,
    STAFF_LIST,
    other_placements,
    placement_world,
    queries_of,
    status_of,
)

URL = "/gestione/segnalazioni/valutazioni"


@pytest.fixture
def world(net, student):
    return placement_world(net, student)


def _all(world, level=3, comment=""):
    return [SkillAssessment(skill_id=s.pk, level=level, comment=comment) for s in world.skills]


def _certify(placement):
    document = PlacementDocument(
        placement=placement, kind=DocumentKind.CERTIFICATE, version=1, sha256="0" * 64
    )
    document.file.save("certificate.pdf", ContentFile(b"%PDF-1.7"), save=True)


# --- Service ------------------------------------------------------------------------------------


def test_levels_have_italian_labels_and_descriptors():
    assert [str(level.label) for level in LEVELS.values()] == [
        "Iniziale",
        "Base",
        "Intermedio",
        "Avanzato",
    ]
    assert all(len(str(level.descriptor)) > 40 for level in LEVELS.values())


def test_the_host_evaluates_and_the_profile_and_audit_follow(world, company_staff, net):
    skill = world.skills[0]
    changed = record_evaluations(
        actor=company_staff,
        placement=world.placement,
        assessments=[SkillAssessment(skill_id=skill.pk, level=2, comment="Timido al telefono.")],
    )

    assert [(e.skill_id, e.level, e.evaluated_by) for e in changed] == [
        (skill.pk, 2, company_staff)
    ]
    profile = StudentSkill.objects.get(student=world.student, skill=skill)
    assert (profile.source, profile.level) == (SkillSource.PLACEMENT, 2)
    [event] = AuditEvent.objects.filter(object_type="placements.evaluation")
    assert (event.action, event.hub_id, event.before) == (AuditAction.CREATE, net.hub.pk, None)
    assert event.after == {"skill": skill.pk, "level": 2, "comment_set": True}
    assert "Timido" not in str(event.after)


def test_a_change_is_audited_with_before_and_an_identical_resubmission_is_not(world, company_staff):
    record_evaluations(actor=company_staff, placement=world.placement, assessments=_all(world, 2))
    record_evaluations(actor=company_staff, placement=world.placement, assessments=_all(world, 2))
    assert AuditEvent.objects.filter(object_type="placements.evaluation").count() == 2

    skill = world.skills[0]
    record_evaluations(
        actor=company_staff,
        placement=world.placement,
        assessments=[SkillAssessment(skill_id=skill.pk, level=4)],
    )
    last = AuditEvent.objects.filter(object_type="placements.evaluation").first()
    assert (last.action, last.before, last.after["level"]) == (AuditAction.UPDATE, {"level": 2}, 4)
    assert StudentSkill.objects.get(skill=skill).level == 4


def test_the_profile_keeps_the_best_level_shown_in_any_placement(world, company_staff, net):
    skill = world.skills[0]
    earlier = PlacementFactory(
        student=world.student, host=net.company, hub=net.hub, status=PlacementStatus.COMPLETED
    )
    EvaluationFactory(placement=earlier, skill=skill, level=4)
    record_evaluations(
        actor=company_staff,
        placement=world.placement,
        assessments=[SkillAssessment(skill_id=skill.pk, level=2)],
    )
    assert StudentSkill.objects.get(student=world.student, skill=skill).level == 4


def test_the_host_tutor_named_on_the_placement_may_evaluate(world):
    tutor = UserFactory(email="tutor.aziendale@example.invalid")
    world.placement.host_tutor = tutor
    world.placement.save()
    record_evaluations(actor=tutor, placement=world.placement, assessments=_all(world))
    assert Evaluation.objects.filter(evaluated_by=tutor).count() == 2


@pytest.mark.parametrize("who", ["student", "school_staff", "coordinator", "outsider"])
def test_only_the_host_side_evaluates(world, request, who):
    with pytest.raises(ConflictError, match="tutor aziendale"):
        record_evaluations(
            actor=request.getfixturevalue(who), placement=world.placement, assessments=_all(world)
        )
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "status", [PlacementStatus.PLANNED, PlacementStatus.READY, PlacementStatus.INTERRUPTED]
)
def test_only_active_or_completed_placements_are_evaluated(world, company_staff, status):
    world.placement.status = status
    world.placement.save()
    with pytest.raises(ConflictError, match="in corso o concluso"):
        record_evaluations(actor=company_staff, placement=world.placement, assessments=_all(world))


def test_a_completed_placement_is_evaluated_until_the_certificate(world, company_staff):
    world.placement.status = PlacementStatus.COMPLETED
    world.placement.save()
    record_evaluations(actor=company_staff, placement=world.placement, assessments=_all(world, 3))
    _certify(world.placement)
    with pytest.raises(ConflictError, match="già stata rilasciata"):
        record_evaluations(
            actor=company_staff, placement=world.placement, assessments=_all(world, 4)
        )
    assert set(Evaluation.objects.values_list("level", flat=True)) == {3}


def test_a_skill_outside_the_plan_or_a_level_outside_1_4_is_refused(world, company_staff):
    stranger = SkillFactory()
    with pytest.raises(InvalidInputError, match="progetto formativo"):
        record_evaluations(
            actor=company_staff,
            placement=world.placement,
            assessments=[SkillAssessment(skill_id=stranger.pk, level=2)],
        )
    with pytest.raises(InvalidInputError, match="da 1"):
        record_evaluations(
            actor=company_staff,
            placement=world.placement,
            assessments=[SkillAssessment(skill_id=world.skills[0].pk, level=5)],
        )
    assert not Evaluation.objects.exists()


def test_a_plan_without_skills_cannot_be_evaluated(net, student, company_staff):
    world = placement_world(net, student)
    world.plan.skills.clear()
    with pytest.raises(ConflictError, match="non indica ancora competenze"):
        record_evaluations(actor=company_staff, placement=world.placement, assessments=[])


def test_the_school_tutor_is_told_once_when_the_last_skill_gets_its_level(
    world, company_staff, school_staff, mailoutbox, django_capture_on_commit_callbacks
):
    world.placement.school_tutor = school_staff
    world.placement.save()
    first, second = world.skills
    with django_capture_on_commit_callbacks(execute=True):
        record_evaluations(
            actor=company_staff,
            placement=world.placement,
            assessments=[SkillAssessment(skill_id=first.pk, level=2)],
        )
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        record_evaluations(
            actor=company_staff,
            placement=world.placement,
            assessments=[SkillAssessment(skill_id=second.pk, level=3)],
        )
        record_evaluations(
            actor=company_staff,
            placement=world.placement,
            assessments=[SkillAssessment(skill_id=second.pk, level=4)],
        )
    assert [m.to for m in mailoutbox] == [[school_staff.email]]
    assert world.student.full_name in mailoutbox[0].body
    assert f"/gestione/segnalazioni/certificati/{world.placement.pk}/" in mailoutbox[0].body


# --- Pages --------------------------------------------------------------------------------------

FORM = {
    "anonymous": 401,
    "student": 403,
    "school_staff": 403,
    "company_staff": 200,
    "coordinator": 403,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_evaluation_pages_matrix(login_as, persona, world):
    client = login_as(persona)
    listing = client.get(f"{URL}/")
    assert status_of(listing) == STAFF_LIST[persona]
    if listing.status_code == 200:
        listed = [p.pk for p in listing.context["page"].object_list]
        assert listed == ([world.placement.pk] if persona == "company_staff" else [])
    assert status_of(client.get(f"{URL}/{world.placement.pk}/")) == FORM[persona]
    posted = client.post(f"{URL}/{world.placement.pk}/", {f"level_{world.skills[0].pk}": "3"})
    assert status_of(posted) == {**FORM, "company_staff": 302}[persona]
    assert Evaluation.objects.exists() == (persona == "company_staff")


def test_the_host_fills_the_form_and_sees_its_progress(login_as, world):
    client = login_as("company_staff")
    first, second = world.skills
    response = client.post(
        f"{URL}/{world.placement.pk}/",
        {
            f"level_{first.pk}": "4",
            f"comment_{first.pk}": "Ottima accoglienza.",
            f"level_{second.pk}": "",
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.skill, evaluation.level, evaluation.comment) == (
        first,
        4,
        "Ottima accoglienza.",
    )
    page = client.get(f"{URL}/{world.placement.pk}/")
    assert page.context["form"][f"level_{first.pk}"].value() == 4
    listing = client.get(f"{URL}/")
    assert "1 su 2" in listing.content.decode()


def test_remarks_without_a_level_are_refused_and_kept(login_as, world):
    client = login_as("company_staff")
    skill = world.skills[0]
    response = client.post(
        f"{URL}/{world.placement.pk}/",
        {f"level_{skill.pk}": "", f"comment_{skill.pk}": "Bravo ma distratto."},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[f"level_{skill.pk}"] == [
        "Indica il livello a cui si riferiscono le osservazioni."
    ]
    assert form[f"comment_{skill.pk}"].value() == "Bravo ma distratto."
    assert not Evaluation.objects.exists()


def test_a_level_outside_the_choices_is_refused(login_as, world):
    client = login_as("company_staff")
    skill = world.skills[0]
    response = client.post(f"{URL}/{world.placement.pk}/", {f"level_{skill.pk}": "7"})
    assert response.status_code == 200 and response.context["form"].errors[f"level_{skill.pk}"]
    assert not Evaluation.objects.exists()


def test_after_the_certificate_the_page_is_read_only(login_as, world, company_staff):
    record_evaluations(actor=company_staff, placement=world.placement, assessments=_all(world, 3))
    _certify(world.placement)
    client = login_as("company_staff")
    page = client.get(f"{URL}/{world.placement.pk}/")
    assert "già stata rilasciata" in page.content.decode()
    assert "form" not in page.context
    client.post(f"{URL}/{world.placement.pk}/", {f"level_{world.skills[0].pk}": "1"})
    assert set(Evaluation.objects.values_list("level", flat=True)) == {3}


def test_the_list_runs_the_same_queries_with_more_placements(net, login_as, world):
    client = login_as("company_staff")
    small = queries_of(client, f"{URL}/")
    for placement in other_placements(net, 12):
        TrainingPlanFactory(placement=placement)
    large = queries_of(client, f"{URL}/")
    assert small == large <= 6
