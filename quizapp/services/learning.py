"""Taking quizzes: starting attempts, recording answers, scheduling reviews."""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from quizapp.access.roles import instructors_group
from quizapp.bank.rules import is_permutation
from quizapp.learning.spaced_review import due_questions
from quizapp.models import Assignment, Attempt, Classroom, Confidence, Question, Quiz, Response
from quizapp.services.assessments import (
    assignment_attempt_start,
    attempt_check_answerable,
    card_attempt_start,
    locked_question_ids,
)
from quizapp.services.errors import AnswerError

REVIEW_SESSION_SIZE = 10


def grade(question: Question, choices, *, choice_id=None, order=None) -> tuple[bool, object, list]:
    """Return (is_correct, chosen choice or None, order) or raise AnswerError."""
    by_id = {c.id: c for c in choices}
    if question.kind == Question.Kind.ORDERING:
        if not order or not is_permutation(order, by_id):
            raise AnswerError(
                f"Give each of the {len(by_id)} events a different place, from 1 to {len(by_id)}."
            )
        correct = [c.id for c in sorted(choices, key=lambda c: c.correct_position or 0)]
        return order == correct, None, order
    choice = by_id.get(choice_id)
    if choice is None:
        raise AnswerError("Choose one of the answers, then check it.")
    return choice.is_correct, choice, []


def attempt_start(*, learner, quiz: Quiz, assignment: Assignment | None = None) -> Attempt:
    """Resume or start the learner's attempt: at the assignment when one is named (one
    attempt per assignment unless it allows retakes), otherwise from a quiz card (which
    continues an assignment of that quiz, or practises)."""
    if assignment is not None:
        return assignment_attempt_start(learner=learner, assignment=assignment)
    return card_attempt_start(learner=learner, quiz=quiz)


def review_start(*, learner, now=None) -> Attempt:
    """Resume the unfinished review session, or start one with the questions now due."""
    existing = Attempt.objects.of(learner).unfinished().filter(kind=Attempt.Kind.REVIEW).first()
    if existing:
        return existing
    due_ids = due_questions(learner, now)
    published = set(
        Question.objects.published().filter(id__in=due_ids).values_list("id", flat=True)
    )
    locked = locked_question_ids(learner, now)
    due = [qid for qid in due_ids if qid in published and qid not in locked][:REVIEW_SESSION_SIZE]
    if not due:
        raise AnswerError("Nothing is due for review right now.")
    return Attempt.objects.create(learner=learner, kind=Attempt.Kind.REVIEW, question_ids=due)


def answer_graded(*, question: Question, choices, choice_id=None, order=None) -> Response:
    """The answer graded, as an unsaved response with the text the learner saw: what
    answer_submit records and the admin's preview shows. Raises AnswerError."""
    is_correct, choice, order = grade(question, choices, choice_id=choice_id, order=order)
    if question.kind == Question.Kind.ORDERING:
        by_id = {c.id: c for c in choices}
        answer_text = " → ".join(by_id[i].text for i in order)
    else:
        answer_text = choice.text
    return Response(
        question=question,
        choice=choice,
        order=order,
        answer_text=answer_text,
        is_correct=is_correct,
    )


@dataclass
class Answer:
    """What the answer area shows after a submit."""

    response: Response | None = None
    already: bool = False  # the question had been answered before this submit
    error: str = ""


def answer_take(*, attempt: Attempt, question: Question, choices, answer: dict | None) -> Answer:
    """Record ``answer`` (a valid AnswerForm's cleaned data, None for an invalid form).
    A repeat of an answered question shows the answer recorded, whatever it sent."""
    error = ""
    if answer is not None:
        try:
            response, created = answer_submit(
                attempt=attempt,
                question=question,
                choices=choices,
                choice_id=answer.get("choice"),
                order=answer.get("order"),
                confidence=answer.get("confidence", ""),
            )
            return Answer(response, already=not created)
        except AnswerError as problem:
            error = str(problem)
    if recorded := attempt.responses.filter(question=question).first():
        return Answer(recorded, already=True)
    return Answer(error=error)


def answer_submit(
    *,
    attempt: Attempt,
    question: Question,
    choices,
    choice_id=None,
    order=None,
    confidence: str = "",
    since=None,
    now=None,
) -> tuple[Response, bool]:
    """Record the answer once. Returns (response, created); a repeated or concurrent
    submit returns the response already recorded, whatever it sent."""
    now = now or timezone.now()
    if question.id not in attempt.question_ids:
        raise AnswerError("This question is not part of this attempt.")
    if attempt.requires_submit or attempt.deadline:
        attempt_check_answerable(attempt, now)
    if attempt.assignment_id and not attempt.assignment.is_open(now):
        raise AnswerError(attempt.assignment.closed_message(now))
    if confidence not in Confidence.values and confidence != "":
        raise AnswerError("Choose how sure you are from the list, or leave it blank.")
    response = answer_graded(question=question, choices=choices, choice_id=choice_id, order=order)
    started = since or attempt.last_answered_at or attempt.started
    try:
        # One INSERT: the unique constraint makes a repeat fail here, and a database
        # trigger (migration 0006) counts it on the attempt in the same statement. A lone
        # statement is atomic by itself; inside a caller's transaction a savepoint keeps a
        # refused duplicate from aborting it.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            response.attempt = attempt
            response.confidence = confidence
            response.answered_at = now
            response.time_taken_ms = max(0, int((now - started).total_seconds() * 1000))
            response.save(force_insert=True)
    except IntegrityError:
        return Response.objects.get(attempt=attempt, question=question), False
    attempt.answered += 1  # what the trigger wrote, for the page being rendered
    attempt.score += int(response.is_correct)
    attempt.last_answered_at = now
    if (
        attempt.finished is None
        and not attempt.requires_submit
        and attempt.answered >= attempt.total
    ):
        attempt.finished = now
    return response, True


@transaction.atomic
def classroom_join(*, user, join_code: str) -> Classroom:
    code = join_code.strip().upper()
    classroom = Classroom.objects.filter(join_code=code).first()
    if classroom is None:
        raise AnswerError("No class has that join code. Check it with your instructor.")
    classroom.students.add(user)
    return classroom


@transaction.atomic
def demo_seed(*, password: str, now=None) -> dict:
    """Create (or refresh) the demo class, its instructor and student, and one
    assignment. Safe to run again: it updates instead of duplicating."""
    now = now or timezone.now()
    User = get_user_model()
    instructor, _ = User.objects.get_or_create(
        username="instructor", defaults={"first_name": "Demo", "last_name": "Instructor"}
    )
    instructor.is_staff = True
    instructor.set_password(password)
    instructor.save()
    instructor.groups.add(instructors_group())
    student, _ = User.objects.get_or_create(
        username="student", defaults={"first_name": "Demo", "last_name": "Student"}
    )
    student.is_staff = False
    student.set_password(password)
    student.save()
    classroom, _ = Classroom.objects.get_or_create(
        name="Demo class", defaults={"join_code": "DEMO2024"}
    )
    classroom.instructors.add(instructor)
    classroom.students.add(student)
    quiz = Quiz.objects.published().filter(slug="the-april-2024-coverage").first()
    assignment = None
    if quiz:
        assignment, created = Assignment.objects.get_or_create(
            classroom=classroom,
            quiz=quiz,
            defaults={
                "opens": now - datetime.timedelta(days=1),
                "due": now + datetime.timedelta(days=7),
                # An assessment: the demo shows the Submit step, then the results.
                "feedback": Assignment.Feedback.AFTER_SUBMIT,
            },
        )
        if not created and assignment.due < now:
            assignment.due = now + datetime.timedelta(days=7)
            assignment.save(update_fields=["due"])
    return {
        "instructor": instructor,
        "student": student,
        "classroom": classroom,
        "assignment": assignment,
    }
