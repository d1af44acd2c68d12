"""The teacher's assign form on /classes/: the assessment settings with labels, help
and defaults, validated, in the class's time zone; editing an assignment's settings
(fixed once students start) and releasing held-back feedback."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizapp.forms import AssignmentForm
from quizapp.models import Assignment, Attempt, Quiz
from quizapp.services.classes import assignment_update
from tests.factories import AssignmentFactory, ClassroomFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def teacher():
    return UserFactory(username="teacher", is_staff=True)


@pytest.fixture
def bob():
    bob = UserFactory(username="bob", is_staff=True)
    ClassroomFactory(name="Bob's class").instructors.add(bob)
    return bob


@pytest.fixture
def classroom(teacher):
    room = ClassroomFactory(name="Period 1", time_zone="America/New_York")
    room.instructors.add(teacher)
    return room


@pytest.fixture
def logged_in(client, teacher):
    client.force_login(teacher)
    return client


def assign_url(classroom):
    return reverse("class_assign", args=[classroom.id])


def edit_url(assignment):
    return reverse("class_assignment_edit", args=[assignment.classroom_id, assignment.id])


def post_data(quiz=None, **changes):
    data = {
        "opens": "2030-01-08T08:00",
        "due": "2030-01-10T09:30",
        "accept_late": "on",
        "feedback": "",
        "attempts_allowed": "1",
        "grading": "first",
        "time_limit_minutes": "",
        "shuffle_choices": "on",
    }
    if quiz is not None:
        data["quiz"] = quiz.id
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_offers_every_setting_with_its_default(logged_in, classroom):
    QuizFactory(title="Who said it")
    html = logged_in.get(assign_url(classroom)).content.decode()
    for label in [
        "When students see right/wrong and the answer key",
        "Attempts allowed",
        "With more than one attempt, the report counts",
        "Time limit in minutes (optional)",
        "Shuffle the choices for each student",
        "Shuffle the order of the questions for each student",
        "Accept late answers",
    ]:
        assert label in html
    for default in [
        'name="attempts_allowed" value="1"',
        'name="feedback" value="" id="id_feedback_0" checked',
        'name="grading" value="first" id="id_grading_0" checked',
        'name="shuffle_choices" aria-describedby="id_shuffle_choices_helptext" '
        'id="id_shuffle_choices" checked',
        'id="id_shuffle_questions">',  # unchecked
    ]:
        assert default in html
    assert "America/New_York" in html


def test_settings_are_saved_with_dates_in_the_class_time_zone(logged_in, classroom):
    quiz = QuizFactory()
    response = logged_in.post(
        assign_url(classroom),
        post_data(
            quiz,
            feedback="on_release",
            attempts_allowed="3",
            grading="best",
            time_limit_minutes="45",
            shuffle_choices=None,  # unchecked
            shuffle_questions="on",
        ),
    )
    assert response.status_code == 302
    saved = Assignment.objects.get()
    assert (
        saved.feedback,
        saved.attempts_allowed,
        saved.grading,
        saved.time_limit_minutes,
        saved.shuffle_choices,
        saved.shuffle_questions,
    ) == ("on_release", 3, "best", 45, False, True)
    # 09:30 in New York in January is 14:30 UTC.
    assert saved.due == datetime.datetime(2030, 1, 10, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("mode", "feedback"), [("practice", "after_answer"), ("assessment", "after_due")]
)
def test_the_default_feedback_follows_the_quiz_mode(logged_in, classroom, mode, feedback):
    quiz = QuizFactory(mode=mode)
    logged_in.post(assign_url(classroom), post_data(quiz))
    assert Assignment.objects.get().feedback == feedback


def test_empty_attempts_and_grading_mean_one_attempt_counted_first(logged_in, classroom):
    quiz = QuizFactory()
    logged_in.post(assign_url(classroom), post_data(quiz, attempts_allowed="", grading=None))
    saved = Assignment.objects.get()
    assert (saved.attempts_allowed, saved.grading) == (1, "first")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_limit_minutes", "0", "at least 1 minute"),
        ("time_limit_minutes", "1441", "at most 1440 minutes"),
        ("time_limit_minutes", "-5", "at least 1 minute"),
        ("time_limit_minutes", "ten", "Enter a whole number"),
        ("time_limit_minutes", "99999999999999999999", "at most 1440 minutes"),
        ("attempts_allowed", "0", "at least 1 attempt"),
        ("attempts_allowed", "21", "At most 20 attempts"),
        ("feedback", "whenever", "Select a valid choice"),
        ("grading", "average", "Select a valid choice"),
        ("due", "2030-01-07T08:00", "must be after the opening date"),
        ("opens", "not a date", "Enter a valid date/time"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(logged_in, classroom, field, value, message):
    quiz = QuizFactory()
    response = logged_in.post(assign_url(classroom), post_data(quiz, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_assign_page_runs_a_fixed_number_of_queries(
    logged_in, classroom, django_assert_max_num_queries
):
    QuizFactory()
    with django_assert_max_num_queries(6):
        logged_in.get(assign_url(classroom))
    QuizFactory.create_batch(20)
    with django_assert_max_num_queries(6):
        logged_in.get(assign_url(classroom))


# --- editing ----------------------------------------------------------------------


@pytest.fixture
def assignment(classroom):
    return AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Sourcing check"),
        opens=datetime.datetime(2030, 1, 8, 13, 0, tzinfo=UTC),
        due=datetime.datetime(2030, 1, 10, 14, 30, tzinfo=UTC),
        feedback="after_due",
    )


def test_the_class_page_links_each_assignment_to_its_settings(logged_in, assignment):
    html = logged_in.get(reverse("class_detail", args=[assignment.classroom_id])).content.decode()
    assert f'href="{edit_url(assignment)}"' in html
    assert "Feedback after the due date · 1 attempt" in html


def test_editing_shows_the_dates_in_the_class_time_zone_and_saves_changes(
    logged_in, assignment, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = logged_in.get(edit_url(assignment)).content.decode()
    assert 'value="2030-01-10T09:30"' in html and 'name="quiz"' not in html
    response = logged_in.post(
        edit_url(assignment),
        post_data(due="2030-01-12T17:00", attempts_allowed="2", time_limit_minutes="30"),
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due == datetime.datetime(2030, 1, 12, 22, 0, tzinfo=UTC)
    assert (assignment.attempts_allowed, assignment.time_limit_minutes) == (2, 30)
    assert assignment.quiz.title == "Sourcing check"


def test_once_started_the_attempt_shaping_settings_stay(logged_in, assignment):
    Attempt.objects.create(
        learner=UserFactory(), quiz=assignment.quiz, assignment=assignment, question_ids=[]
    )
    html = logged_in.get(edit_url(assignment)).content.decode()
    assert "Students have started this assignment" in html
    response = logged_in.post(
        edit_url(assignment),
        post_data(
            feedback="after_answer",  # a forged POST: disabled fields keep their values
            time_limit_minutes="5",
            shuffle_choices=None,
            shuffle_questions="on",
            attempts_allowed="3",
        ),
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.feedback == "after_due" and assignment.time_limit_minutes is None
    assert assignment.shuffle_choices and not assignment.shuffle_questions
    assert assignment.attempts_allowed == 3  # still editable


def test_the_service_refuses_to_change_a_started_assignments_rules(assignment):
    Attempt.objects.create(
        learner=UserFactory(), quiz=assignment.quiz, assignment=assignment, question_ids=[]
    )
    with pytest.raises(ValidationError) as refused:
        assignment_update(
            assignment=assignment,
            opens=assignment.opens,
            due=assignment.due,
            time_limit_minutes=10,
        )
    assert refused.value.code == "assignment_started"


def test_another_instructor_cannot_edit_or_release(client, bob, assignment):
    client.force_login(bob)
    assert client.get(edit_url(assignment)).status_code == 404
    assert client.post(edit_url(assignment), post_data(attempts_allowed="5")).status_code == 404
    release = reverse("class_assignment_release", args=[assignment.classroom_id, assignment.id])
    assert client.post(release).status_code == 404
    assignment.refresh_from_db()
    assert assignment.attempts_allowed == 1 and assignment.released is None


def test_an_assignment_of_another_class_is_not_found(logged_in, classroom, bob):
    theirs = AssignmentFactory(classroom=bob.classes_taught.get())
    url = reverse("class_assignment_edit", args=[classroom.id, theirs.id])
    assert logged_in.get(url).status_code == 404


def test_releasing_feedback(logged_in, assignment):
    release = reverse("class_assignment_release", args=[assignment.classroom_id, assignment.id])
    logged_in.post(release)
    assignment.refresh_from_db()
    assert assignment.released is None  # after the due date: nothing to release
    Assignment.objects.filter(pk=assignment.pk).update(feedback="on_release")
    html = logged_in.get(edit_url(assignment)).content.decode()
    assert "Release feedback now" in html
    assert logged_in.post(release).status_code == 302
    assignment.refresh_from_db()
    assert assignment.released is not None
    assert "Release feedback now" not in logged_in.get(edit_url(assignment)).content.decode()
    assert logged_in.get(release).status_code == 405


def test_the_form_without_an_instance_needs_quizzes():
    form = AssignmentForm(quizzes=Quiz.objects.none())
    assert "quiz" in form.fields and not form.started
