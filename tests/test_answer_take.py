"""answer_take: the service decides what the answer area shows, repeats included."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Response
from quizapp.services import answer_take
from tests.factories import AssignmentFactory, AttemptFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def first_question(attempt):
    return attempt.quiz.questions.get(pk=attempt.question_ids[0])


def test_an_answer_is_recorded_once_and_a_repeat_shows_it_whatever_it_sends():
    attempt = AttemptFactory()
    question = first_question(attempt)
    choices = list(question.choices.all())
    wrong = next(c for c in choices if not c.is_correct)
    right = next(c for c in choices if c.is_correct)

    first = answer_take(
        attempt=attempt, question=question, choices=choices, answer={"choice": wrong.id}
    )
    again = answer_take(
        attempt=attempt, question=question, choices=choices, answer={"choice": right.id}
    )
    invalid = answer_take(attempt=attempt, question=question, choices=choices, answer=None)

    assert (first.response.choice, first.already, first.error) == (wrong, False, "")
    for repeat in (again, invalid):
        assert (repeat.response.pk, repeat.already, repeat.error) == (first.response.pk, True, "")
    assert Response.objects.get().choice == wrong


def test_an_invalid_first_answer_records_nothing_and_shows_the_form():
    attempt = AttemptFactory()
    question = first_question(attempt)
    answer = answer_take(
        attempt=attempt, question=question, choices=list(question.choices.all()), answer=None
    )
    assert (answer.response, answer.already, answer.error) == (None, False, "")
    assert not Response.objects.exists()


def test_a_closed_assignment_says_why_unless_the_question_was_answered():
    assignment = AssignmentFactory(
        due=timezone.now() + datetime.timedelta(days=1), accept_late=False
    )
    attempt = AttemptFactory(quiz=assignment.quiz, assignment=assignment)
    answered = ResponseFactory(attempt=attempt)
    assignment.due = timezone.now() - datetime.timedelta(hours=1)
    assignment.save()
    attempt.refresh_from_db()
    for question_id, recorded in (
        (attempt.question_ids[0], answered),
        (attempt.question_ids[1], None),
    ):
        question = attempt.quiz.questions.get(pk=question_id)
        choice = question.choices.first()
        answer = answer_take(
            attempt=attempt, question=question, choices=[choice], answer={"choice": choice.id}
        )
        assert answer.response == recorded
        assert bool(answer.error) is (recorded is None)
    assert Response.objects.count() == 1


def test_the_question_page_reads_the_responses_once(client):
    attempt = AttemptFactory()
    ResponseFactory(attempt=attempt)
    client.force_login(attempt.learner)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("attempt_question", args=[attempt.id, 1]))
    assert page.status_code == 200 and "this is the answer we recorded" not in page.content.decode()
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "quizapp_response"' in q["sql"]]
    assert len(reads) == 1
