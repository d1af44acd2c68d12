"""The learning services on their own, without forms or views in front of them: what
they refuse, what they record, and what they leave unchanged."""

import datetime

import pytest
from django.utils import timezone

from quizapp.models import Assignment, Attempt, Classroom, Question, Response
from quizapp.services import (
    AnswerError,
    answer_submit,
    attempt_start,
    classroom_join,
    demo_seed,
    grade,
    review_start,
)
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 4, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def learner():
    return UserFactory(username="learner")


@pytest.fixture
def quiz():
    return QuizFactory(questions=[QuestionFactory(), QuestionFactory()])


@pytest.fixture
def attempt(learner, quiz):
    return attempt_start(learner=learner, quiz=quiz)


def questions(attempt):
    by_id = Question.objects.in_bulk(attempt.question_ids)
    return [by_id[i] for i in attempt.question_ids]


def submit(attempt, question, **answer):
    return answer_submit(
        attempt=attempt, question=question, choices=list(question.choices.all()), **answer
    )


def right(question):
    return question.choices.get(is_correct=True).id


def wrong(question):
    return question.choices.filter(is_correct=False).first().id


# --- grade ------------------------------------------------------------------------


def test_grade_a_single_choice():
    question = QuestionFactory()
    choices = list(question.choices.all())
    assert grade(question, choices, choice_id=right(question))[:2] == (
        True,
        question.choices.get(is_correct=True),
    )
    assert grade(question, choices, choice_id=wrong(question))[0] is False


@pytest.mark.parametrize("choice_id", [None, -1, "1", 10**12], ids=["none", "neg", "text", "huge"])
def test_grade_refuses_a_choice_that_is_not_the_questions(choice_id):
    question = QuestionFactory()
    with pytest.raises(AnswerError, match="Choose one of the answers"):
        grade(question, list(question.choices.all()), choice_id=choice_id)


def test_grade_refuses_a_choice_of_another_question():
    question, other = QuestionFactory(), QuestionFactory()
    with pytest.raises(AnswerError):
        grade(question, list(question.choices.all()), choice_id=right(other))


def test_grade_an_ordering():
    question = QuestionFactory(kind="ordering")
    choices = list(question.choices.all())
    in_order = [c.id for c in sorted(choices, key=lambda c: c.correct_position)]
    assert grade(question, choices, order=in_order) == (True, None, in_order)
    swapped = [in_order[1], in_order[0], *in_order[2:]]
    assert grade(question, choices, order=swapped) == (False, None, swapped)


@pytest.mark.parametrize(
    "order",
    [
        "none",
        "empty",
        "first three",
        "missing-one",
        "repeated",
        "foreign",
        "extra",
    ],
)
def test_grade_refuses_an_order_that_is_not_every_event_once(order):
    question = QuestionFactory(kind="ordering")
    choices = list(question.choices.all())
    ids = [c.id for c in choices]
    order = {
        "none": None,
        "empty": [],
        "first three": ids[:3],
        "missing-one": ids[:-1],
        "repeated": [ids[0], *ids[:-1]],
        "foreign": [*ids[:-1], QuestionFactory().choices.first().id],
        "extra": [*ids, ids[0]],
    }[order]
    with pytest.raises(AnswerError, match="Give each of the 4 events a different place"):
        grade(question, choices, order=order)


# --- answer_submit -----------------------------------------------------------------


def test_a_bad_confidence_is_refused_and_records_nothing(attempt):
    question = questions(attempt)[0]
    for confidence in ("very", "CERTAIN", None):
        with pytest.raises(AnswerError, match="Choose how sure you are"):
            submit(attempt, question, choice_id=right(question), confidence=confidence)
    assert not Response.objects.exists()


@pytest.mark.parametrize("confidence", ["", "guessing", "fairly_sure", "certain"])
def test_every_confidence_level_is_recorded(attempt, confidence):
    question = questions(attempt)[0]
    response, created = submit(attempt, question, choice_id=right(question), confidence=confidence)
    assert created and Response.objects.get().confidence == confidence == response.confidence


def test_a_bad_choice_id_is_refused_and_records_nothing(attempt):
    first, second = questions(attempt)
    with pytest.raises(AnswerError):
        submit(attempt, first, choice_id=right(second))
    with pytest.raises(AnswerError):
        submit(attempt, first, choice_id=None)
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.answered == 0


def test_a_question_outside_the_attempt_is_refused(attempt):
    stranger = QuestionFactory()
    with pytest.raises(AnswerError, match="not part of this attempt"):
        submit(attempt, stranger, choice_id=right(stranger))
    assert not Response.objects.exists()


def test_the_last_answer_finishes_the_attempt_and_not_before(attempt):
    first, second = questions(attempt)
    response, _ = submit(attempt, first, choice_id=wrong(first), now=NOW)
    assert (attempt.answered, attempt.score, attempt.finished) == (1, 0, None)
    attempt.refresh_from_db()
    assert (attempt.answered, attempt.score, attempt.finished) == (1, 0, None)
    assert attempt.last_answered_at == NOW
    later = NOW + datetime.timedelta(seconds=30)
    response, created = submit(attempt, second, choice_id=right(second), now=later)
    assert created and response.is_correct and response.answer_text == "Right answer"
    assert (attempt.answered, attempt.score, attempt.finished) == (2, 1, later)
    attempt.refresh_from_db()
    assert (attempt.answered, attempt.score, attempt.finished) == (2, 1, later)
    # Time taken runs from the previous answer.
    assert response.time_taken_ms == 30_000


def test_a_repeat_changes_nothing(attempt):
    first, _ = questions(attempt)
    response, created = submit(attempt, first, choice_id=wrong(first), now=NOW)
    again, created_again = submit(attempt, first, choice_id=right(first), now=NOW)
    assert created and not created_again and again.pk == response.pk
    attempt.refresh_from_db()
    assert (attempt.answered, attempt.score) == (1, 0)


def test_an_ordering_answer_records_the_order_as_text():
    question = QuestionFactory(kind="ordering")
    attempt = attempt_start(learner=UserFactory(), quiz=QuizFactory(questions=[question]))
    order = [c.id for c in question.choices.order_by("correct_position")]
    response, _ = submit(attempt, question, order=order)
    assert response.is_correct and response.order == order
    assert response.answer_text == "Event 4 → Event 3 → Event 2 → Event 1"
    assert response.choice is None


def test_an_answer_after_the_due_date_is_refused(learner, quiz):
    assignment = AssignmentFactory(
        quiz=quiz,
        opens=NOW - datetime.timedelta(days=2),
        due=NOW - datetime.timedelta(days=1),
        accept_late=False,
    )
    assignment.classroom.students.add(learner)
    attempt = Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        assignment=assignment,
        question_ids=[q.id for q in quiz.questions.all()],
    )
    question = questions(attempt)[0]
    with pytest.raises(AnswerError, match="the due date has passed"):
        submit(attempt, question, choice_id=right(question), now=NOW)
    # Exactly at the due time it is still open.
    submit(attempt, question, choice_id=right(question), now=assignment.due)
    assert Response.objects.count() == 1


# --- starting, joining, seeding -----------------------------------------------------


def test_attempt_start_resumes_the_unfinished_attempt(learner, quiz, attempt):
    assert attempt_start(learner=learner, quiz=quiz) == attempt
    first, second = questions(attempt)
    submit(attempt, first, choice_id=right(first))
    submit(attempt, second, choice_id=right(second))
    assert attempt_start(learner=learner, quiz=quiz) != attempt


def test_attempt_start_takes_published_questions_in_quiz_order(learner):
    a, b, c = QuestionFactory(), QuestionFactory(status="draft"), QuestionFactory()
    quiz = QuizFactory(questions=[c, b, a])
    assert attempt_start(learner=learner, quiz=quiz).question_ids == [c.id, a.id]
    with pytest.raises(AnswerError, match="no questions yet"):
        attempt_start(learner=learner, quiz=QuizFactory(questions=[b]))


def test_attempt_start_refuses_a_closed_assignment(learner, quiz):
    closed = AssignmentFactory(
        quiz=quiz,
        opens=timezone.now() - datetime.timedelta(days=2),
        due=timezone.now() - datetime.timedelta(days=1),
        accept_late=False,
    )
    with pytest.raises(AnswerError, match="closed"):
        attempt_start(learner=learner, quiz=quiz, assignment=closed)
    assert not Attempt.objects.exists()


def test_review_start_serves_what_is_due_and_refuses_when_nothing_is(learner, attempt):
    with pytest.raises(AnswerError, match="Nothing is due"):
        review_start(learner=learner)
    first, second = questions(attempt)
    submit(attempt, first, choice_id=wrong(first), now=NOW)
    submit(attempt, second, choice_id=wrong(second), now=NOW)
    with pytest.raises(AnswerError):
        review_start(learner=learner, now=NOW + datetime.timedelta(minutes=9))
    Question.objects.filter(pk=second.pk).update(status="draft")  # unpublished: not served
    review = review_start(learner=learner, now=NOW + datetime.timedelta(minutes=10))
    assert review.kind == Attempt.Kind.REVIEW and review.question_ids == [first.id]
    assert review_start(learner=learner, now=NOW + datetime.timedelta(days=9)) == review


def test_a_review_session_holds_at_most_ten_questions(learner):
    many = [QuestionFactory() for _ in range(12)]
    attempt = attempt_start(learner=learner, quiz=QuizFactory(questions=many))
    for question in many:
        submit(attempt, question, choice_id=wrong(question), now=NOW)
    review = review_start(learner=learner, now=NOW + datetime.timedelta(hours=1))
    assert review.question_ids == [q.id for q in many[:10]]


def test_classroom_join_normalises_the_code_and_refuses_an_unknown_one(learner):
    classroom = ClassroomFactory(join_code="ABCD2345")
    assert classroom_join(user=learner, join_code="  abcd2345 ") == classroom
    assert list(classroom.students.all()) == [learner]
    with pytest.raises(AnswerError, match="No class has that join code"):
        classroom_join(user=learner, join_code="NOPE0000")
    assert Classroom.objects.filter(students=learner).count() == 1


def test_demo_seed_is_safe_to_rerun_and_reopens_a_past_due_assignment():
    QuizFactory(slug="the-april-2024-coverage")
    seeded = demo_seed(password="demo-password-123", now=NOW)
    assignment = seeded["assignment"]
    assert assignment.due == NOW + datetime.timedelta(days=7)
    assert assignment.opens == NOW - datetime.timedelta(days=1)
    assert seeded["instructor"].check_password("demo-password-123")
    assert seeded["student"] in seeded["classroom"].students.all()
    # Re-seeding before the due date changes nothing.
    again = demo_seed(password="demo-password-123", now=NOW + datetime.timedelta(days=6))
    assert again["assignment"].pk == assignment.pk
    assert again["assignment"].due == NOW + datetime.timedelta(days=7)
    # Exactly at the due date it is not past yet.
    demo_seed(password="demo-password-123", now=NOW + datetime.timedelta(days=7))
    assert Assignment.objects.get().due == NOW + datetime.timedelta(days=7)
    # After it, re-seeding moves the due date a week on from now.
    later = NOW + datetime.timedelta(days=30)
    reseeded = demo_seed(password="new-password-456", now=later)
    assert reseeded["assignment"].pk == assignment.pk
    assert Assignment.objects.get().due == later + datetime.timedelta(days=7)
    assert Classroom.objects.count() == 1 and Assignment.objects.count() == 1
    assert reseeded["student"].check_password("new-password-456")
    assert not reseeded["student"].is_staff and reseeded["instructor"].is_staff


def test_demo_seed_without_the_quiz_makes_no_assignment():
    seeded = demo_seed(password="demo-password-123", now=NOW)
    assert seeded["assignment"] is None and not Assignment.objects.exists()
