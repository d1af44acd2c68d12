"""Taking quizzes: starting, answering, feedback, resuming, results, and the rules
that keep answers honest (one per question, own attempts only, no key leaks)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from quizapp.learning.spaced_review import review_schedule
from quizapp.models import Attempt, Choice, Question, Response
from quizapp.services import answer_submit
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return UserFactory(username="ana")


@pytest.fixture
def logged_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def quiz():
    return QuizFactory()


@pytest.fixture
def attempt(learner, quiz):
    return Attempt.objects.create(
        learner=learner, quiz=quiz, question_ids=list(quiz.questions.values_list("id", flat=True))
    )


def question_url(attempt, number):
    return reverse("attempt_question", args=[attempt.id, number])


def right(question):
    return question.choices.get(is_correct=True)


def wrong(question):
    return question.choices.filter(is_correct=False).first()


def nth(attempt, number):
    return Question.objects.get(pk=attempt.question_ids[number - 1])


# --- the quiz list -----------------------------------------------------------


def test_quiz_list_needs_login(client):
    response = client.get(reverse("quiz_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_quiz_list_shows_assignments_and_practice_by_skill(logged_in, learner, quiz):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    AssignmentFactory(
        classroom=classroom, quiz=quiz, due=timezone.now() + datetime.timedelta(hours=5)
    )
    html = logged_in.get(reverse("quiz_list")).content.decode()
    assert quiz.title in html
    assert "Due soon" in html
    assert classroom.name in html


def test_assignments_of_other_classes_are_not_listed(logged_in, quiz):
    AssignmentFactory(quiz=quiz, classroom=ClassroomFactory(name="Someone else's class"))
    assert "Someone else's class" not in logged_in.get(reverse("quiz_list")).content.decode()


def test_quiz_list_runs_a_fixed_number_of_queries(
    logged_in, learner, django_assert_max_num_queries
):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    for _ in range(2):
        AssignmentFactory(classroom=classroom)
    with django_assert_max_num_queries(8):
        logged_in.get(reverse("quiz_list"))
    for _ in range(10):
        AssignmentFactory(classroom=classroom)
        QuizFactory(questions=QuestionFactory.create_batch(2))
    with django_assert_max_num_queries(8):
        assert logged_in.get(reverse("quiz_list")).status_code == 200


# --- starting and resuming ------------------------------------------------------


def test_starting_creates_an_attempt_and_shows_question_one(logged_in, learner, quiz):
    response = logged_in.post(reverse("quiz_start", args=[quiz.slug]), follow=True)
    attempt = Attempt.objects.get(learner=learner)
    assert attempt.question_ids == list(quiz.items.values_list("question_id", flat=True))
    assert "Question 1 of 3" in response.content.decode()


def test_starting_twice_resumes_the_same_attempt(logged_in, learner, quiz):
    for _ in range(2):
        logged_in.post(reverse("quiz_start", args=[quiz.slug]))
    assert Attempt.objects.filter(learner=learner).count() == 1


def test_an_unpublished_quiz_cannot_be_started(logged_in, learner):
    draft = QuizFactory(status="draft")
    assert logged_in.post(reverse("quiz_start", args=[draft.slug])).status_code == 404
    assert not Attempt.objects.exists()


def test_starting_needs_post(logged_in, quiz):
    assert logged_in.get(reverse("quiz_start", args=[quiz.slug])).status_code == 405


def test_an_assignment_of_another_class_is_a_404(logged_in, quiz):
    assignment = AssignmentFactory(quiz=quiz)
    url = reverse("quiz_start", args=[quiz.slug])
    assert logged_in.post(url, {"assignment": assignment.id}).status_code == 404
    assert logged_in.post(url, {"assignment": "not-a-number"}).status_code == 404
    assert not Attempt.objects.exists()


def test_a_closed_assignment_says_so_and_records_nothing(logged_in, learner, quiz):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    now = timezone.now()
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=quiz,
        opens=now - datetime.timedelta(days=3),
        due=now - datetime.timedelta(days=1),
        accept_late=False,
    )
    response = logged_in.post(
        reverse("quiz_start", args=[quiz.slug]), {"assignment": assignment.id}, follow=True
    )
    assert "This assignment is closed" in response.content.decode()
    assert not Attempt.objects.exists()


def test_resume_goes_to_the_first_unanswered_question(logged_in, attempt):
    first = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, right(first)))
    response = logged_in.get(reverse("attempt_resume", args=[attempt.id]))
    assert response.url == question_url(attempt, 2)


# --- answering ------------------------------------------------------------------


def test_the_answer_key_is_not_in_the_page_before_answering(logged_in, attempt):
    question = nth(attempt, 1)
    html = logged_in.get(question_url(attempt, 1)).content.decode()
    assert question.explanation not in html
    for choice in question.choices.all():
        assert choice.text in html
        if choice.feedback:
            assert choice.feedback not in html
    form = html.split("hx-post=", 1)[1].split("</form>", 1)[0]
    assert "correct" not in form and "hx-vals" not in form
    # The values are positions in the shown order, never choice ids.
    values = __import__("re").findall(r'name="choice" value="([^"]+)"', form)
    assert values == ["o1", "o2", "o3"]


def test_answering_shows_feedback_on_the_full_page(logged_in, attempt):
    question = nth(attempt, 1)
    response = logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    html = response.content.decode()
    assert "<html" in html
    assert "Not quite" in html
    assert wrong(question).feedback in html
    assert question.explanation in html
    assert f"The answer:</strong> {right(question).text}" in html
    assert Response.objects.get().is_correct is False


def test_answering_with_htmx_returns_the_card_partial(logged_in, attempt):
    question = nth(attempt, 1)
    response = logged_in.post(
        question_url(attempt, 1), answer_data(attempt, right(question)), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="answer-area"')
    assert 'id="dot-1" hx-swap-oob="true"' in html
    assert 'aria-live="polite"' in html and "Right" in html
    assert Response.objects.get().is_correct is True


def test_second_submit_of_same_answer_records_one_response(logged_in, attempt):
    question = nth(attempt, 1)
    for _ in range(2):
        response = logged_in.post(question_url(attempt, 1), answer_data(attempt, right(question)))
    assert attempt.responses.count() == 1
    assert "You had already answered this question" in response.content.decode()


def test_a_different_second_answer_does_not_change_the_recorded_one(logged_in, attempt):
    question = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    logged_in.post(
        question_url(attempt, 1), answer_data(attempt, right(question)), HTTP_HX_REQUEST="true"
    )
    assert attempt.responses.get().choice == wrong(question)


def test_the_database_allows_one_response_per_attempt_and_question(attempt):
    question = nth(attempt, 1)
    Response.objects.create(attempt=attempt, question=question, is_correct=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(attempt=attempt, question=question, is_correct=False)


def test_the_service_returns_the_recorded_answer_on_a_repeat(attempt):
    question = nth(attempt, 1)
    choices = list(question.choices.all())
    first, created = answer_submit(
        attempt=attempt, question=question, choices=choices, choice_id=wrong(question).id
    )
    again, created_again = answer_submit(
        attempt=attempt, question=question, choices=choices, choice_id=right(question).id
    )
    assert created and not created_again
    assert again.pk == first.pk and again.is_correct is False


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"choice": ""},
        {"choice": "abc"},
        {"choice": "99999999999999999999999"},
        {"choice": "-1"},
        {"choice": "o1", "confidence": "very"},
        {"choice": "1"},
    ],
    ids=["missing", "empty", "text", "huge", "negative", "bad-confidence", "an-id"],
)
def test_bad_answers_are_refused_clearly_and_record_nothing(logged_in, attempt, data):
    response = logged_in.post(question_url(attempt, 1), data)
    assert response.status_code == 200
    assert 'class="form-error"' in response.content.decode()
    assert not Response.objects.exists()


def test_a_choice_from_another_question_is_refused(logged_in, attempt):
    other = QuestionFactory()
    for value in (str(right(other).id), "o4", "o0"):
        response = logged_in.post(question_url(attempt, 1), {"choice": value})
        assert "That answer is not one of this question" in response.content.decode()
    assert not Response.objects.exists()


def test_another_learners_attempt_is_a_404_and_records_nothing(client, attempt):
    client.force_login(UserFactory(username="mallory"))
    question = nth(attempt, 1)
    assert client.get(question_url(attempt, 1)).status_code == 404
    assert (
        client.post(question_url(attempt, 1), answer_data(attempt, right(question))).status_code
        == 404
    )
    assert client.get(reverse("attempt_results", args=[attempt.id])).status_code == 404
    assert client.get(reverse("attempt_resume", args=[attempt.id])).status_code == 404
    assert not Response.objects.exists()


def test_a_question_number_outside_the_attempt_is_a_404(logged_in, attempt):
    assert logged_in.get(question_url(attempt, 4)).status_code == 404
    assert logged_in.get(question_url(attempt, 0)).status_code == 404


def test_answers_after_an_assignment_closes_are_refused(logged_in, learner, quiz):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    assignment = AssignmentFactory(classroom=classroom, quiz=quiz, accept_late=False)
    logged_in.post(reverse("quiz_start", args=[quiz.slug]), {"assignment": assignment.id})
    attempt = Attempt.objects.get()
    assignment.opens = timezone.now() - datetime.timedelta(days=9)
    assignment.due = timezone.now() - datetime.timedelta(days=1)
    assignment.save()
    response = logged_in.post(
        question_url(attempt, 1), answer_data(attempt, right(nth(attempt, 1)))
    )
    assert "This assignment is closed" in response.content.decode()
    assert not Response.objects.exists()


def test_confidence_is_recorded(logged_in, attempt):
    question = nth(attempt, 1)
    logged_in.post(
        question_url(attempt, 1), answer_data(attempt, right(question), confidence="certain")
    )
    assert Response.objects.get().confidence == "certain"


# --- timelines ------------------------------------------------------------------


@pytest.fixture
def timeline_attempt(learner):
    question = QuestionFactory(kind="ordering", skill="timeline")
    quiz = QuizFactory(questions=[question])
    return Attempt.objects.create(learner=learner, quiz=quiz, question_ids=[question.id])


def places(attempt, order):
    return answer_data(attempt, order=order)


def test_a_timeline_in_the_right_order_is_right(logged_in, timeline_attempt):
    question = nth(timeline_attempt, 1)
    in_order = list(question.choices.order_by("correct_position"))
    logged_in.post(question_url(timeline_attempt, 1), places(timeline_attempt, in_order))
    response = Response.objects.get()
    assert response.is_correct and response.order == [c.id for c in in_order]


def test_a_timeline_in_another_order_is_wrong_and_shows_the_order(logged_in, timeline_attempt):
    question = nth(timeline_attempt, 1)
    swapped = list(question.choices.order_by("-correct_position"))
    html = logged_in.post(
        question_url(timeline_attempt, 1), places(timeline_attempt, swapped)
    ).content.decode()
    assert Response.objects.get().is_correct is False
    assert "The order" in html


def test_a_timeline_with_a_place_used_twice_is_refused(logged_in, timeline_attempt):
    question = nth(timeline_attempt, 1)
    data = {f"item_{n}": "1" for n in range(1, question.choices.count() + 1)}
    html = logged_in.post(question_url(timeline_attempt, 1), data).content.decode()
    assert "Give each event a different place, from 1 to 4." in html
    assert not Response.objects.exists()


def test_timeline_choices_are_not_shown_in_the_correct_order(logged_in, learner):
    shown_in_order = 0
    for _ in range(6):
        question = QuestionFactory(kind="ordering", skill="timeline")
        quiz = QuizFactory(questions=[question])
        attempt = Attempt.objects.create(learner=learner, quiz=quiz, question_ids=[question.id])
        html = logged_in.get(question_url(attempt, 1)).content.decode()
        positions = [html.index(c.text) for c in question.choices.order_by("correct_position")]
        shown_in_order += positions == sorted(positions)
    assert shown_in_order < 6


# --- finishing, results, review, progress ------------------------------------


def answer_all(client, attempt, pick=right):
    for number in range(1, attempt.total + 1):
        client.post(question_url(attempt, number), answer_data(attempt, pick(nth(attempt, number))))


def test_the_last_answer_finishes_the_attempt_with_its_score(logged_in, attempt):
    question = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    for number in (2, 3):
        logged_in.post(
            question_url(attempt, number), answer_data(attempt, right(nth(attempt, number)))
        )
    attempt.refresh_from_db()
    assert attempt.finished is not None and attempt.score == 2


def test_results_show_score_skills_and_links_back(logged_in, attempt):
    answer_all(logged_in, attempt)
    html = logged_in.get(reverse("attempt_results", args=[attempt.id])).content.decode()
    assert "Your results: 3 of 3" in html
    assert "Who reported it" in html
    assert question_url(attempt, 2) in html


def test_results_before_finishing_send_you_back(logged_in, attempt):
    response = logged_in.get(reverse("attempt_results", args=[attempt.id]))
    assert response.url == reverse("attempt_resume", args=[attempt.id])


def test_a_wrong_answer_schedules_a_review(logged_in, learner, attempt):
    question = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    logged_in.post(question_url(attempt, 2), answer_data(attempt, right(nth(attempt, 2))))
    schedule = review_schedule(learner)
    assert [s.question_id for s in schedule] == [question.id]
    assert schedule[0].due > timezone.now()


def answered_yesterday(attempt):
    Response.objects.filter(attempt=attempt).update(
        answered_at=timezone.now() - datetime.timedelta(days=1)
    )


def test_review_serves_what_is_due(logged_in, learner, attempt):
    question = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    answered_yesterday(attempt)
    assert "1 question due now" in logged_in.get(reverse("review")).content.decode()
    response = logged_in.post(reverse("review"), follow=True)
    review = Attempt.objects.get(kind="review")
    assert review.question_ids == [question.id]
    assert question.stem in response.content.decode()


def test_a_right_review_answer_pushes_the_question_later(logged_in, learner, attempt):
    question = nth(attempt, 1)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, wrong(question)))
    answered_yesterday(attempt)
    logged_in.post(reverse("review"))
    review = Attempt.objects.get(kind="review")
    logged_in.post(
        question_url(review, 1), answer_data(review, right(question), confidence="certain")
    )
    assert review_schedule(learner)[0].due > timezone.now() + datetime.timedelta(hours=12)


def test_review_with_nothing_due_says_so(logged_in):
    response = logged_in.post(reverse("review"), follow=True)
    assert "Nothing is due for review right now." in response.content.decode()
    assert not Attempt.objects.exists()


def test_progress_shows_mastery_with_counts_and_calibration(logged_in, attempt):
    question = nth(attempt, 1)
    logged_in.post(
        question_url(attempt, 1), answer_data(attempt, wrong(question), confidence="certain")
    )
    logged_in.post(
        question_url(attempt, 2), answer_data(attempt, right(nth(attempt, 2)), confidence="certain")
    )
    html = logged_in.get(reverse("progress")).content.decode()
    assert '50%</strong> <span class="muted">(1 of 2)' in html
    assert "Certain" in html


def test_progress_shows_only_your_own_answers(client, attempt):
    client.force_login(attempt.learner)
    answer_all(client, attempt)
    client.force_login(UserFactory(username="other"))
    html = client.get(reverse("progress")).content.decode()
    assert "No quizzes taken yet" in html
    assert "(3 of 3)" not in html


@pytest.mark.parametrize("size", [3, 30])
def test_question_and_answer_run_a_fixed_number_of_queries(
    client, learner, size, django_assert_max_num_queries
):
    quiz = QuizFactory(questions=QuestionFactory.create_batch(size))
    attempt = Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        question_ids=list(quiz.items.values_list("question_id", flat=True)),
    )
    client.force_login(learner)
    for number in range(1, size):
        Response.objects.create(attempt=attempt, question=nth(attempt, number), is_correct=True)
    with django_assert_max_num_queries(9):
        client.get(question_url(attempt, size))
    with django_assert_max_num_queries(20):
        client.post(question_url(attempt, size), answer_data(attempt, wrong(nth(attempt, size))))
    with django_assert_max_num_queries(8):
        client.get(reverse("attempt_results", args=[attempt.id]))
    with django_assert_max_num_queries(10):
        client.get(reverse("progress"))


def test_every_learning_page_renders_for_htmx_and_full_page(logged_in, attempt):
    for url in (
        reverse("quiz_list"),
        question_url(attempt, 1),
        reverse("progress"),
        reverse("review"),
    ):
        assert logged_in.get(url).status_code == 200
        assert logged_in.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_choices_keep_their_text_when_a_choice_is_edited_later(logged_in, attempt):
    question = nth(attempt, 1)
    choice = wrong(question)
    logged_in.post(question_url(attempt, 1), answer_data(attempt, choice))
    Choice.objects.filter(pk=choice.pk).update(text="Edited later")
    assert Response.objects.get().answer_text == "Wrong one"


def test_the_htmx_answer_path_runs_four_queries_once_the_question_is_cached(
    logged_in, attempt, django_assert_num_queries
):
    """Session, user, the attempt with its question's `updated` stamp in one query, and
    the INSERT (a trigger counts it on the attempt). The test's surrounding transaction
    adds the savepoint pair that keeps a refused duplicate from aborting it."""
    choice = wrong(nth(attempt, 1))
    logged_in.get(question_url(attempt, 1))  # this process caches the question
    data = answer_data(attempt, choice)
    with django_assert_num_queries(4 + 2) as captured:
        response = logged_in.post(question_url(attempt, 1), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "feedback" in response.content.decode()
    sql = [q["sql"] for q in captured.captured_queries]
    assert sum(s.startswith("INSERT") for s in sql) == 1


def test_a_question_saved_after_it_was_cached_is_read_again(logged_in, attempt):
    question = nth(attempt, 1)
    logged_in.get(question_url(attempt, 1))
    question.stem = "A stem rewritten by the instructor"
    question.save()
    assert (
        "A stem rewritten by the instructor"
        in logged_in.get(question_url(attempt, 1)).content.decode()
    )
