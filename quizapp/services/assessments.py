"""Assessments: one attempt per assignment, the Submit step, time limits, held-back
feedback and the side doors it closes (practice runs, compare pages), and practising
one's mistakes once feedback is out."""

import datetime
import random

from django.db import IntegrityError, transaction
from django.utils import timezone

from quizapp.models import Assignment, Attempt, Question, Quiz, QuizQuestion
from quizapp.services.errors import AnswerError

# Answers a little after the time limit still count: the request was on its way.
TIME_LIMIT_GRACE = datetime.timedelta(seconds=30)


class AttemptsUsed(AnswerError):
    """The learner has no attempt left at this assignment; ``attempt`` is their last."""

    def __init__(self, message, attempt):
        super().__init__(message)
        self.attempt = attempt


def shuffled(items, seed: int, salt: str) -> list:
    """``items`` in an order fixed by the attempt's seed: the same on every visit to the
    attempt, independent between attempts, and uniform over all orders."""
    items = list(items)
    random.Random(f"{seed}:{salt}").shuffle(items)
    return items


def published_question_ids(quiz: Quiz) -> list[int]:
    return list(
        quiz.items.filter(question__status=Question.Status.PUBLISHED)
        .order_by("position", "id")
        .values_list("question_id", flat=True)
    )


def attempt_expire(*, attempt: Attempt, now=None) -> Attempt:
    """Close an attempt whose time limit has run out: it counts as submitted then."""
    now = now or timezone.now()
    if attempt.finished is None and attempt.deadline and now > attempt.deadline + TIME_LIMIT_GRACE:
        Attempt.objects.filter(pk=attempt.pk, finished__isnull=True).update(
            finished=attempt.deadline
        )
        attempt.finished = attempt.deadline
    return attempt


def attempt_submit(*, attempt: Attempt, now=None) -> Attempt:
    """Hand the attempt in. Submitting twice changes nothing."""
    now = now or timezone.now()
    attempt_expire(attempt=attempt, now=now)
    if attempt.finished is None:
        Attempt.objects.filter(pk=attempt.pk, finished__isnull=True).update(finished=now)
        attempt.refresh_from_db(fields=["finished", "answered", "score"])
    return attempt


def attempt_check_answerable(attempt: Attempt, now) -> None:
    """Refuse answers to a submitted attempt or after its time limit."""
    if attempt.requires_submit and attempt.finished is not None:
        raise AnswerError("You have submitted this quiz: answers can no longer be added.")
    if attempt.deadline and now > attempt.deadline + TIME_LIMIT_GRACE:
        attempt_expire(attempt=attempt, now=now)
        raise AnswerError("Time is up: the quiz was handed in when its time limit ran out.")


def assignment_attempt_start(*, learner, assignment: Assignment, now=None) -> Attempt:
    """The learner's attempt at the assignment: the unfinished one, or a new one if the
    settings allow another. Concurrent starts make one attempt (a unique constraint on
    learner, assignment and attempt number); the loser gets the winner's attempt."""
    now = now or timezone.now()
    attempts = list(
        Attempt.objects.filter(learner=learner, assignment=assignment).order_by("number")
    )
    for attempt in attempts:
        attempt_expire(attempt=attempt, now=now)
        if attempt.finished is None:
            return attempt
    if not assignment.is_open(now):
        raise AnswerError(assignment.closed_message(now))
    if len(attempts) >= assignment.attempts_allowed:
        raise AttemptsUsed(
            "You have used every attempt this assignment allows.", attempt=attempts[-1]
        )
    question_ids = published_question_ids(assignment.quiz)
    if not question_ids:
        raise AnswerError("This quiz has no questions yet.")
    attempt = Attempt(
        learner=learner,
        quiz=assignment.quiz,
        assignment=assignment,
        number=len(attempts) + 1,
        started=now,
        requires_submit=assignment.holds_feedback or bool(assignment.time_limit_minutes),
    )
    if assignment.shuffle_questions:
        question_ids = shuffled(question_ids, attempt.seed, "questions")
    attempt.question_ids = question_ids
    if assignment.time_limit_minutes:
        attempt.deadline = now + datetime.timedelta(minutes=assignment.time_limit_minutes)
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError:
        return Attempt.objects.get(learner=learner, assignment=assignment, number=attempt.number)
    return attempt


def _lock_holds(assignment: Assignment, finished, now) -> bool:
    """Does this assignment keep its key from this learner now? ``finished``: when the
    learner's latest finished attempt was handed in, or None."""
    if not assignment.holds_feedback:
        return False
    if finished is not None:
        return not assignment.feedback_released(finished, now)
    if now < assignment.opens or assignment.is_open(now):
        return True  # still to be taken
    # Closed without an attempt: the key is out once it is out for the class.
    return not assignment.feedback_released(assignment.due, now)


def locked_quiz_ids(learner, now=None) -> set[int]:
    """Quizzes whose key this learner may not see yet: assigned to one of their classes
    with feedback held back, and not released to them. Two queries."""
    now = now or timezone.now()
    if not learner.is_authenticated:
        return set()
    assignments = list(Assignment.objects.for_student(learner).holding_feedback())
    if not assignments:
        return set()
    finished = {}
    for assignment_id, when in (
        Attempt.objects.filter(learner=learner, assignment__in=assignments)
        .exclude(finished__isnull=True)
        .order_by("finished")
        .values_list("assignment_id", "finished")
    ):
        finished[assignment_id] = when
    return {a.quiz_id for a in assignments if _lock_holds(a, finished.get(a.id), now)}


def locked_question_ids(learner, now=None) -> set[int]:
    quiz_ids = locked_quiz_ids(learner, now)
    if not quiz_ids:
        return set()
    return set(
        QuizQuestion.objects.filter(quiz_id__in=quiz_ids).values_list("question_id", flat=True)
    )


def locked_compare_topics(learner, now=None) -> set[str]:
    """Compare topics that would answer a question of a locked assessment."""
    question_ids = locked_question_ids(learner, now)
    if not question_ids:
        return set()
    return set(
        Question.objects.filter(id__in=question_ids)
        .exclude(compare_topic="")
        .values_list("compare_topic", flat=True)
    )


def compare_topic_locked(learner, slug: str, now=None) -> bool:
    """Is this compare topic withheld from the learner ("available after you submit")?
    Kept small and separate so the compare pages can call it however they are built."""
    return bool(slug) and slug in locked_compare_topics(learner, now)


def card_attempt_start(*, learner, quiz: Quiz, now=None) -> Attempt:
    """Start from a quiz card (no assignment named). An assigned quiz continues the
    assignment's attempt, so the work is credited however the learner reached it; an
    assessment whose feedback is held back cannot be run as practice meanwhile."""
    now = now or timezone.now()
    assignments = list(
        Assignment.objects.for_student(learner)
        .visible(now)
        .filter(quiz=quiz)
        .select_related("quiz")
        .order_by("due", "id")
    )
    taken = set(
        Attempt.objects.filter(learner=learner, assignment__in=assignments).values_list(
            "assignment_id", flat=True
        )
    )
    for assignment in assignments:
        unfinished = (
            Attempt.objects.filter(learner=learner, assignment=assignment)
            .unfinished()
            .order_by("number")
            .first()
        )
        if unfinished and attempt_expire(attempt=unfinished, now=now).finished is None:
            return unfinished
    for assignment in assignments:
        if assignment.id not in taken and assignment.is_open(now):
            return assignment_attempt_start(learner=learner, assignment=assignment, now=now)
    if quiz.id in locked_quiz_ids(learner, now):
        raise AnswerError(
            "This quiz is an assessment you have not had feedback on yet: practice is "
            "available after you submit and your instructor releases the results."
        )
    return practice_attempt_start(learner=learner, quiz=quiz, now=now)


def practice_attempt_start(*, learner, quiz: Quiz, now=None) -> Attempt:
    """Resume the learner's unfinished practice attempt at this quiz, or start one,
    leaving out questions of assessments whose key is still held back from them."""
    existing = (
        Attempt.objects.of(learner)
        .unfinished()
        .filter(quiz=quiz, assignment=None, kind=Attempt.Kind.QUIZ)
        .first()
    )
    if existing:
        return existing
    question_ids = published_question_ids(quiz)
    if not question_ids:
        raise AnswerError("This quiz has no questions yet.")
    locked = locked_question_ids(learner, now)
    question_ids = [qid for qid in question_ids if qid not in locked]
    if not question_ids:
        raise AnswerError(
            "These questions are in an assessment you have not had feedback on yet: "
            "available after you submit."
        )
    return Attempt.objects.create(learner=learner, quiz=quiz, question_ids=question_ids)


@transaction.atomic
def mistakes_practice_start(*, learner, attempt: Attempt, now=None) -> Attempt:
    """An immediate practice round of the questions missed in ``attempt`` (wrong or not
    answered). Separate from the spaced-review schedule: its answers do not move it."""
    if attempt.learner_id != learner.id:
        raise AnswerError("That is not your attempt.")
    if attempt.finished is None or not attempt.feedback_released(now):
        raise AnswerError("Your results are not out yet.")
    existing = (
        Attempt.objects.of(learner)
        .unfinished()
        .filter(kind=Attempt.Kind.MISTAKES, source=attempt)
        .first()
    )
    if existing:
        return existing
    right = set(attempt.responses.filter(is_correct=True).values_list("question_id", flat=True))
    published = set(
        Question.objects.published()
        .filter(id__in=attempt.question_ids)
        .values_list("id", flat=True)
    )
    missed = [q for q in attempt.question_ids if q not in right and q in published]
    if not missed:
        raise AnswerError("No mistakes to practise: you got every question right.")
    return Attempt.objects.create(
        learner=learner,
        kind=Attempt.Kind.MISTAKES,
        quiz=attempt.quiz,
        source=attempt,
        question_ids=missed,
    )


@transaction.atomic
def assignment_release(*, assignment: Assignment, now=None) -> Assignment:
    """Release an assignment's feedback to its students now."""
    assignment.released = now or timezone.now()
    assignment.save(update_fields=["released"])
    return assignment


def attempt_choices(attempt: Attempt, question: Question, choices) -> list:
    """The choices in the order this attempt shows them: shuffled per attempt (stable
    within it) unless the assignment turns shuffling off. A timeline is always
    shuffled (its authored order is often the answer); find-the-evidence keeps the
    article's passage order."""
    choices = list(choices)
    if question.kind == Question.Kind.FIND_EVIDENCE:
        return choices
    keep_order = attempt.assignment_id and not attempt.assignment.shuffle_choices
    if keep_order and question.kind != Question.Kind.ORDERING:
        return choices
    return shuffled(sorted(choices, key=lambda c: c.id), attempt.seed, f"q{question.id}")
