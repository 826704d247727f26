"""Student feedback on the host: writing, moderation by the school, what the host and other
students see (anonymous, averages from three opinions), pages and their permissions."""

import pytest

from ptp.audit.models import AuditEvent
from ptp.core.errors import ConflictError, InvalidInputError
from ptp.placements.models import FeedbackStatus, PlacementStatus, StudentFeedback
from ptp.placements.report_queries import feedback_summaries
from ptp.placements.services.feedback import leave_feedback, moderate_feedback
from tests.placements.factories import PlacementFactory, StudentFactory, StudentFeedbackFactory
from tests.placements.report_world import (
    ALL_PERSONAS,
    STAFF_LIST,
    other_placements,
    placement_world,
    queries_of,
    status_of,
)

STUDENT = "/studente/segnalazioni/percorsi"
STAFF = "/gestione/segnalazioni/opinioni"


@pytest.fixture
def world(net, student):
    return placement_world(net, student, status=PlacementStatus.COMPLETED)


def _leave(world, student, rating=4, text="Ho imparato molto."):
    return leave_feedback(actor=student, placement=world.placement, rating=rating, text=text)


# --- Service ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED])
def test_the_student_leaves_feedback_when_the_placement_is_over(net, student, status):
    world = placement_world(net, student, status=status)
    feedback = _leave(world, student)
    assert (feedback.rating, feedback.status) == (4, FeedbackStatus.PENDING)
    event = AuditEvent.objects.get(object_type="placements.studentfeedback")
    assert event.after == {"rating": 4, "status": "pending"} and event.hub_id == net.hub.pk


def test_not_before_the_end(net, student):
    world = placement_world(net, student, status=PlacementStatus.ACTIVE)
    with pytest.raises(ConflictError, match="quando il percorso sarà concluso"):
        _leave(world, student)


@pytest.mark.parametrize("who", ["school_staff", "company_staff", "coordinator"])
def test_only_the_student_leaves_feedback(world, request, who):
    with pytest.raises(ConflictError, match="solo lo studente"):
        _leave(world, request.getfixturevalue(who))


@pytest.mark.parametrize(
    ("rating", "text", "field"), [(0, "Ok", "rating"), (6, "Ok", "rating"), (3, " ", "text")]
)
def test_rating_and_text_are_checked(world, student, rating, text, field):
    with pytest.raises(InvalidInputError) as caught:
        _leave(world, student, rating=rating, text=text)
    assert caught.value.field == field


def test_rejected_feedback_goes_back_to_the_student_with_the_reason_and_can_be_rewritten(
    world, student, school_staff, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = _leave(world, student)
    with django_capture_on_commit_callbacks(execute=True):
        moderate_feedback(
            actor=school_staff, feedback=feedback, publish=False, reason="Niente nomi di persone."
        )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.REJECTED and feedback.moderated_by == school_staff
    assert [m.to for m in mailoutbox] == [[student.email]]
    assert "Niente nomi di persone." in mailoutbox[0].body

    rewritten = _leave(world, student, rating=3, text="Ho imparato molto, tutor disponibile.")
    assert rewritten.pk == feedback.pk and rewritten.status == FeedbackStatus.PENDING


def test_a_rejection_needs_a_reason_and_a_decision_is_taken_once(world, student, school_staff):
    feedback = _leave(world, student)
    with pytest.raises(InvalidInputError) as caught:
        moderate_feedback(actor=school_staff, feedback=feedback, publish=False, reason="")
    assert caught.value.field == "reason"
    moderate_feedback(actor=school_staff, feedback=feedback, publish=True)
    with pytest.raises(ConflictError, match="già stata moderata"):
        moderate_feedback(actor=school_staff, feedback=feedback, publish=False, reason="Ripensato")
    with pytest.raises(ConflictError, match="già stata pubblicata"):
        _leave(world, student, rating=1)


@pytest.mark.parametrize("who", ["company_staff", "coordinator", "other_school_staff", "student"])
def test_only_the_students_school_moderates(world, student, request, who):
    feedback = _leave(world, student)
    with pytest.raises(ConflictError, match="solo la scuola"):
        moderate_feedback(actor=request.getfixturevalue(who), feedback=feedback, publish=True)


def test_averages_are_shown_from_three_published_opinions(net):
    for rating in (5, 4):
        StudentFeedbackFactory(
            placement__host=net.company, rating=rating, status=FeedbackStatus.PUBLISHED
        )
    StudentFeedbackFactory(placement__host=net.company, rating=1)  # pending: not counted
    assert feedback_summaries([net.company.pk]) == {}
    StudentFeedbackFactory(placement__host=net.company, rating=4, status=FeedbackStatus.PUBLISHED)
    [(host_id, summary)] = feedback_summaries([net.company.pk, net.other_org.pk]).items()
    assert host_id == net.company.pk
    assert (summary.count, str(summary.average)) == (3, "4.3")


# --- Pages --------------------------------------------------------------------------------------

STUDENT_FORM = {
    "anonymous": 401,
    "student": 200,
    "school_staff": 403,
    "company_staff": 403,
    "coordinator": 403,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}
MODERATE = {
    "anonymous": 401,
    "student": 404,
    "school_staff": 200,
    "company_staff": 404,
    "coordinator": 404,
    "other_coordinator": 404,
    "regional_officer": 404,
    "outsider": 404,
    "other_school_staff": 404,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_feedback_pages_matrix(login_as, persona, world, student):
    feedback = _leave(world, student)
    client = login_as(persona)
    assert (
        status_of(client.get(f"{STUDENT}/{world.placement.pk}/opinione/")) == STUDENT_FORM[persona]
    )
    queue = client.get(f"{STAFF}/")
    assert status_of(queue) == STAFF_LIST[persona]
    if queue.status_code == 200:
        listed = [f.pk for f in queue.context["page"].object_list]
        assert listed == ([feedback.pk] if persona == "school_staff" else [])
    assert status_of(client.get(f"{STAFF}/ricevute/")) == STAFF_LIST[persona]
    assert status_of(client.get(f"{STAFF}/{feedback.pk}/")) == MODERATE[persona]


def test_the_student_writes_and_a_bad_rating_keeps_the_text(login_as, world):
    client = login_as("student")
    url = f"{STUDENT}/{world.placement.pk}/opinione/"
    bad = client.post(url, {"rating": "9", "text": "Bella esperienza."})
    assert bad.status_code == 200 and bad.context["form"].errors["rating"]
    assert bad.context["form"]["text"].value() == "Bella esperienza."
    assert not StudentFeedback.objects.exists()

    good = client.post(url, {"rating": "5", "text": "Bella esperienza."})
    assert good.status_code == 302
    assert StudentFeedback.objects.get().rating == 5
    assert "Da moderare" in client.get(url).content.decode()


def test_the_school_moderates_from_the_queue(
    login_as, world, student, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = _leave(world, student)
    client = login_as("school_staff")
    missing_reason = client.post(f"{STAFF}/{feedback.pk}/", {"decision": "reject"})
    assert missing_reason.status_code == 200
    assert missing_reason.context["form"].errors["reason"]
    assert missing_reason.context["form"]["decision"].value() == "reject"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"{STAFF}/{feedback.pk}/", {"decision": "reject", "reason": "Toni offensivi."}
        )
    assert done.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.REJECTED
    assert [m.to for m in mailoutbox] == [[student.email]]
    student_page = login_as("student").get(f"{STUDENT}/{world.placement.pk}/opinione/")
    assert student_page.context["reason"] == "Toni offensivi."


def test_the_host_reads_published_feedback_without_any_student_identifier(
    login_as, net, world, student, school_staff
):
    feedback = _leave(world, student, text="Tutor sempre presente.")
    moderate_feedback(actor=school_staff, feedback=feedback, publish=True)
    page = login_as("company_staff").get(f"{STAFF}/ricevute/")
    html = page.content.decode()
    assert "Tutor sempre presente." in html
    assert world.student.given_name not in html and world.student.family_name not in html
    assert world.student.code not in html
    assert "Meno di tre opinioni" in html


def test_school_staff_are_told_of_feedback_to_moderate(
    world, student, school_staff, company_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _leave(world, student)
    assert [m.to for m in mailoutbox] == [[school_staff.email]]


def test_the_queue_runs_the_same_queries_with_more_feedback(net, login_as, world, student):
    client = login_as("school_staff")
    _leave(world, student)
    small = (queries_of(client, f"{STAFF}/"), queries_of(client, f"{STAFF}/ricevute/"))
    for placement in other_placements(net, 10, status=PlacementStatus.COMPLETED):
        StudentFeedbackFactory(placement=placement)
        StudentFeedbackFactory(
            placement=PlacementFactory(
                student=StudentFactory(school=net.school),
                host=net.school,
                hub=net.hub,
                status=PlacementStatus.COMPLETED,
            ),
            status=FeedbackStatus.PUBLISHED,
        )
    large = (queries_of(client, f"{STAFF}/"), queries_of(client, f"{STAFF}/ricevute/"))
    assert small == large
    assert max(large) <= 6
