"""Synthetic classes for benchmarks and scale tests: many students, realistic answers."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from quizapp.models import (
    Assignment,
    Attempt,
    Choice,
    Classroom,
    Question,
    Quiz,
    QuizQuestion,
    Response,
)


@transaction.atomic
def synthetic_class(*, students: int, questions: int, name: str = "Synthetic class", seed: int = 7):
    """A class whose students have each finished one assignment of ``questions``
    published questions (taken from the bank), with a realistic mix of answers: each
    student has an ability, each question a difficulty, and confidence follows
    ability loosely. Returns the classroom."""
    rng = random.Random(seed)
    now = timezone.now()
    bank = list(
        Question.objects.published()
        .exclude(kind=Question.Kind.ORDERING)  # one chosen option per answer
        .order_by("id")[:questions]
    )
    if len(bank) < questions:
        raise ValueError(f"Only {len(bank)} published questions; build the bank first.")
    quiz = Quiz.objects.create(
        slug=f"synthetic-{name.lower().replace(' ', '-')}-{rng.randrange(10**9)}",
        title=f"{name} quiz",
        status=Question.Status.PUBLISHED,
    )
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=q, position=i) for i, q in enumerate(bank, start=1)
    )
    classroom = Classroom.objects.create(name=name)
    assignment = Assignment.objects.create(
        classroom=classroom,
        quiz=quiz,
        opens=now - datetime.timedelta(days=10),
        due=now - datetime.timedelta(days=1),
    )
    User = get_user_model()
    prefix = f"syn-{slugify(name)[:40]}-{rng.randrange(10**6)}"  # two classes never collide
    users = User.objects.bulk_create(
        User(username=f"{prefix}-{n:04d}", password="!") for n in range(students)
    )
    classroom.students.add(*users)
    choices = {}
    for choice in Choice.objects.filter(question__in=bank).order_by("position", "id"):
        choices.setdefault(choice.question_id, []).append(choice)
    difficulty = {q.id: rng.uniform(-1.0, 1.0) for q in bank}
    attempts = Attempt.objects.bulk_create(
        Attempt(
            learner=user,
            quiz=quiz,
            assignment=assignment,
            question_ids=[q.id for q in bank],
            started=now - datetime.timedelta(days=5 - rng.choice([0, 0, 0, 4.5])),
        )
        for user in users
    )
    responses = []
    for attempt in attempts:
        ability = rng.gauss(0.6, 0.8)
        for question in bank:
            p_right = 1 / (1 + pow(2.718, -(ability - difficulty[question.id]) * 2))
            right = rng.random() < p_right
            options = choices[question.id]
            wrong = [c for c in options if not c.is_correct]
            choice = next(c for c in options if c.is_correct) if right else rng.choice(wrong)
            confidence = rng.choice(
                ["", "guessing", "fairly_sure", "certain"]
                if ability < 0.6
                else ["fairly_sure", "certain", "certain", ""]
            )
            responses.append(
                Response(
                    attempt=attempt,
                    question=question,
                    choice=choice,
                    answer_text=choice.text,
                    is_correct=right,
                    confidence=confidence,
                    answered_at=attempt.started,
                )
            )
    # A database trigger counts each answer and the score on its attempt, and marks the
    # attempt finished with its last answer.
    Response.objects.bulk_create(responses, batch_size=5000)
    return classroom
