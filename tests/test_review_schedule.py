"""The spaced-review schedule's actual intervals, and the boundary "due exactly now".

The learning steps (10 minutes, then a day) and the relearning step (a day) are our
configuration in quizapp.learning.spaced_review; the intervals after graduating come from FSRS's
default parameters (fsrs pinned in requirements.txt) with fuzzing off, so they are the
same on every run."""

import datetime

import pytest

from quizapp.learning.spaced_review import due_questions, review_schedule, review_summary
from quizapp.models import Attempt, Response
from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

T = datetime.datetime(2024, 4, 20, 12, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
TICK = datetime.timedelta(microseconds=1)


@pytest.fixture
def learner():
    return UserFactory(username="reviewer")


def answered(learner, question, right, when, confidence=""):
    """One answer, in its own one-question review attempt."""
    attempt = Attempt.objects.create(
        learner=learner, kind=Attempt.Kind.REVIEW, question_ids=[question.id]
    )
    Response.objects.create(
        attempt=attempt,
        question=question,
        choice=question.choices.filter(is_correct=right).first(),
        answer_text="an answer",
        is_correct=right,
        confidence=confidence,
        answered_at=when,
    )


def history(learner, question, answers):
    """Answer each time the question falls due; return the gaps between due dates."""
    when, gaps = T, []
    for right, confidence in answers:
        answered(learner, question, right, when, confidence)
        (entry,) = [s for s in review_schedule(learner) if s.question_id == question.id]
        gaps.append(entry.due - when)
        when = entry.due
    return gaps, entry


def test_right_the_first_time_is_not_scheduled(learner):
    answered(learner, QuestionFactory(), True, T, "certain")
    assert review_schedule(learner) == []
    assert review_summary(learner, now=T + 100 * DAY) == {
        "scheduled": 0,
        "due": 0,
        "next_due": None,
    }


def test_a_wrong_answer_is_due_ten_minutes_later_and_due_exactly_then(learner):
    question = QuestionFactory()
    answered(learner, question, False, T, "certain")
    (entry,) = review_schedule(learner)
    assert (entry.question_id, entry.due, entry.reviews, entry.lapses) == (
        question.id,
        T + 10 * MINUTE,
        1,
        1,
    )
    assert due_questions(learner, now=T + 10 * MINUTE - TICK) == []
    assert due_questions(learner, now=T + 10 * MINUTE) == [question.id]
    assert due_questions(learner) == [question.id]  # now, by default: long past T
    assert review_summary(learner)["due"] == 1
    assert review_summary(learner, now=T + 10 * MINUTE - TICK) == {
        "scheduled": 1,
        "due": 0,
        "next_due": T + 10 * MINUTE,
    }
    assert review_summary(learner, now=T + 10 * MINUTE) == {
        "scheduled": 1,
        "due": 1,
        "next_due": None,
    }


@pytest.mark.parametrize(
    ("confidence", "gap"),
    [
        ("", DAY),  # not said counts as Good: the next learning step
        ("fairly_sure", DAY),  # Good
        ("guessing", 12 * HOUR + 5 * MINUTE),  # Hard: halfway between the two steps
        ("certain", DAY),  # Easy: graduates, first interval one day
        ("unknown", DAY),  # anything else counts as Good
    ],
)
def test_the_interval_after_a_right_answer_follows_the_confidence(learner, confidence, gap):
    gaps, entry = history(learner, QuestionFactory(), [(False, ""), (True, confidence)])
    assert gaps == [10 * MINUTE, gap]
    assert (entry.reviews, entry.lapses) == (2, 1)


def test_intervals_grow_after_graduating_and_a_lapse_relearns_in_a_day(learner):
    question = QuestionFactory()
    good = (True, "fairly_sure")
    gaps, entry = history(learner, question, [(False, ""), good, good, good])
    assert gaps == [10 * MINUTE, DAY, 2 * DAY, 6 * DAY]
    assert (entry.reviews, entry.lapses) == (4, 1)
    other = QuestionFactory()
    gaps, entry = history(learner, other, [(False, ""), good, good, (False, "certain")])
    assert gaps == [10 * MINUTE, DAY, 2 * DAY, DAY]
    assert (entry.reviews, entry.lapses) == (4, 2)


def test_confidence_changes_the_review_interval(learner):
    good = (True, "fairly_sure")
    hard, _ = history(learner, QuestionFactory(), [(False, ""), good, good, (True, "guessing")])
    easy, _ = history(learner, QuestionFactory(), [(False, ""), good, good, (True, "certain")])
    assert hard[-1] == 5 * DAY and easy[-1] == 10 * DAY


def test_the_schedule_is_soonest_first_and_only_the_learners_own(learner):
    first, second, third = QuestionFactory(), QuestionFactory(), QuestionFactory()
    answered(learner, second, False, T)
    answered(learner, first, False, T + MINUTE)
    answered(learner, third, False, T)  # due with `second`: the lower id first
    answered(UserFactory(username="someone-else"), QuestionFactory(), False, T)
    schedule = review_schedule(learner)
    assert [s.question_id for s in schedule] == [second.id, third.id, first.id]
    assert due_questions(learner, now=T + 10 * MINUTE) == [second.id, third.id]
    assert due_questions(learner, now=T + 11 * MINUTE) == [second.id, third.id, first.id]


def test_answers_are_replayed_in_the_order_they_were_given_not_stored(learner):
    question = QuestionFactory()
    # Stored out of order (an import, a slow request): the wrong answer came first.
    answered(learner, question, True, T + 10 * MINUTE, "fairly_sure")
    answered(learner, question, False, T)
    (entry,) = review_schedule(learner)
    assert (entry.due, entry.reviews, entry.lapses) == (T + 10 * MINUTE + DAY, 2, 1)


def test_a_question_right_the_first_time_does_not_hide_the_others(learner):
    answered(learner, QuestionFactory(), True, T)
    missed = QuestionFactory()
    answered(learner, missed, False, T + MINUTE)
    assert [s.question_id for s in review_schedule(learner)] == [missed.id]
