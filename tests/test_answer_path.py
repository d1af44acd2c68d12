"""The answer path's speed-ups keep its answers: the attempt query compiled once per
connection returns what the ORM returns, and the compare-topic lock still holds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Attempt, Question
from quizapp.models.learning import _attempt_for_question_queryset, attempt_for_question

from .factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db

TOPIC = "framing-april-1-strike"


def as_dict(attempt):
    fields = {f.attname: getattr(attempt, f.attname) for f in Attempt._meta.concrete_fields}
    fields["question_stamp"] = attempt.question_stamp
    fields["learner_has_held_feedback"] = attempt.learner_has_held_feedback
    return fields


@pytest.fixture
def learner():
    return UserFactory(username="pat")


@pytest.fixture
def practice(learner):
    quiz = QuizFactory(questions=[QuestionFactory(compare_topic=TOPIC), QuestionFactory()])
    return Attempt.objects.create(
        learner=learner, quiz=quiz, question_ids=list(quiz.questions.values_list("id", flat=True))
    )


@pytest.fixture
def assigned(learner):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    assignment = AssignmentFactory(classroom=classroom, feedback="after_due")
    quiz = assignment.quiz
    return Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        assignment=assignment,
        requires_submit=True,
        deadline=timezone.now() + datetime.timedelta(minutes=30),
        question_ids=list(quiz.questions.values_list("id", flat=True)),
    )


@pytest.mark.parametrize("related", [("assignment",), ("quiz", "assignment")])
@pytest.mark.parametrize("which", ["practice", "assigned"])
def test_the_prepared_attempt_query_returns_what_the_orm_returns(request, learner, related, which):
    attempt = request.getfixturevalue(which)
    for _ in range(2):  # the second call runs the SQL compiled by the first
        for number in (1, 2, 3, 4):
            fast = attempt_for_question(
                user_id=learner.pk, attempt_id=attempt.pk, number=number, related=related
            )
            slow = _attempt_for_question_queryset(learner.pk, attempt.pk, number, related).first()
            assert as_dict(fast) == as_dict(slow)
            for name in related:
                assert Attempt._meta.get_field(name).is_cached(fast)
                assert getattr(fast, name) == getattr(slow, name)
    assert fast.learner_has_held_feedback is (which == "assigned")
    assert fast.question_stamp is None  # number 4 is past the end of the attempt


def test_the_prepared_query_finds_only_the_learners_own_attempt(learner, practice):
    other = UserFactory(username="someone-else")
    assert attempt_for_question(user_id=other.pk, attempt_id=practice.pk, number=1) is None
    assert attempt_for_question(user_id=learner.pk, attempt_id=practice.pk + 99, number=1) is None
    # a question number too large to prepare runs the same query through the ORM
    huge = attempt_for_question(user_id=learner.pk, attempt_id=practice.pk, number=10**6)
    assert huge.pk == practice.pk and huge.question_stamp is None


def test_answering_a_question_with_a_compare_topic_runs_four_queries(
    client, learner, practice, django_assert_num_queries
):
    """No assignment of the learner holds feedback back (read with the attempt), so the
    compare link needs no query of its own. The savepoint pair is the test's."""
    client.force_login(learner)
    url = reverse("attempt_question", args=[practice.id, 1])
    client.get(url)  # this process caches the question
    question = Question.objects.get(pk=practice.question_ids[0], compare_topic=TOPIC)
    data = answer_data(practice, question.choices.first())
    with django_assert_num_queries(4 + 2):
        html = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("compare_topic", args=[TOPIC]) in html


def test_a_locked_compare_topic_stays_locked_on_the_htmx_answer_path(client, learner, practice):
    """A held assessment in one of the learner's classes asks on the same topic: the
    practice feedback must not link to it."""
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[QuestionFactory(compare_topic=TOPIC)]),
        feedback="after_due",
    )
    client.force_login(learner)
    question = Question.objects.get(pk=practice.question_ids[0], compare_topic=TOPIC)
    html = client.post(
        reverse("attempt_question", args=[practice.id, 1]),
        answer_data(practice, question.choices.first()),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "available after you submit" in html
    assert reverse("compare_topic", args=[TOPIC]) not in html
