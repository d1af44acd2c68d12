"""Integer columns and their ceilings: every one is bounded by what can write it.

A 32-bit ``Response.time_taken_ms`` overflowed on PostgreSQL 24.8 days into an attempt
(SQLite, with 64-bit integers everywhere, hid it). ``test_every_integer_column_has_a_
reviewed_bound`` fails for a new integer or decimal column until someone states here
what keeps its values in range, and the boundary tests below hold each of them."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from quizapp.bank.exchange import MAX_POSITION, ExchangeError, export_json, import_json
from quizapp.models import Attempt, Response
from tests.factories import QuestionFactory, QuizFactory, UserFactory, answer_data

pytestmark = pytest.mark.django_db

# column → what keeps it in range (and the test below that holds it).
BOUNDS = {
    "quizapp.Response.time_taken_ms": "64-bit milliseconds: 292 million years",
    "quizapp.Attempt.answered": "at most the attempt's questions (one response each)",
    "quizapp.Attempt.score": "at most Attempt.answered",
    "quizapp.Passage.position": "the passages of one article (upload size limit)",
    "quizapp.Question.difficulty": "choices 1-3, checked by full_clean (admin, import)",
    "quizapp.Choice.position": "the question's choices (rules: at most 200)",
    "quizapp.Choice.correct_position": "1..32767 in import_json; admin forms validate",
    "quizapp.Citation.position": "the question's citations, enumerated",
    "quizapp.QuizQuestion.position": "the quiz's questions, enumerated; admin validates",
    "quizapp.Figure.value": "below 10^10 in the evidence validator (DECIMAL(12, 2))",
    "quizapp.Assignment.attempts_allowed": "validators 1..20 (admin and forms full_clean)",
    "quizapp.Assignment.time_limit_minutes": "validators 1..1440 (admin and forms full_clean)",
    "quizapp.Attempt.number": "at most Assignment.attempts_allowed (<= 20), by the service",
    "quizapp.Attempt.seed": "secrets.randbelow(2**31): fits a signed 32-bit column",
    "quizapp.SeedRecord.object_id": "a primary key of the same database (64-bit, like the ids)",
}


def test_assessment_columns_hold_their_bounds():
    from django.core.exceptions import ValidationError

    from quizapp.models import Assignment
    from quizapp.models.learning import new_seed

    assert all(0 <= new_seed() < 2**31 for _ in range(2000))
    for name, bad_values in (("attempts_allowed", (0, 21)), ("time_limit_minutes", (0, 1441))):
        field = Assignment._meta.get_field(name)
        for bad in bad_values:
            with pytest.raises(ValidationError):
                field.run_validators(bad)


def numeric_columns():
    for model in apps.get_app_config("quizapp").get_models():
        for field in model._meta.concrete_fields:
            if field.primary_key or field.is_relation:
                continue
            if isinstance(field, models.IntegerField | models.DecimalField):
                yield f"{model._meta.label}.{field.name}"


def test_every_integer_column_has_a_reviewed_bound():
    assert set(numeric_columns()) == set(BOUNDS)


def test_time_taken_holds_a_64_bit_value():
    field = Response._meta.get_field("time_taken_ms")
    assert isinstance(field, models.PositiveBigIntegerField)


def test_an_attempt_answered_30_days_after_it_started_records_the_answer(client):
    learner = UserFactory()
    quiz = QuizFactory()
    attempt = Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        question_ids=list(quiz.items.order_by("position").values_list("question_id", flat=True)),
        started=timezone.now() - datetime.timedelta(days=30),
    )
    question = quiz.items.order_by("position").first().question
    client.force_login(learner)
    response = client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.get(is_correct=True)),
    )
    assert response.status_code == 200
    recorded = Response.objects.get(attempt=attempt)
    assert recorded.time_taken_ms >= 30 * 24 * 3600 * 1000
    attempt.refresh_from_db()
    assert attempt.answered == 1 and attempt.score == 1  # the counting trigger survived


def test_the_largest_time_taken_is_stored():
    attempt = Attempt.objects.create(learner=UserFactory(), question_ids=[1])
    question = QuestionFactory()
    Response.objects.create(
        attempt=attempt, question=question, is_correct=False, time_taken_ms=2**63 - 1
    )
    assert Response.objects.get(attempt=attempt).time_taken_ms == 2**63 - 1


def import_with(change):
    QuestionFactory(status="draft", key="bounded")
    document = json.loads(export_json())
    change(document["questions"][0])
    return json.dumps(document)


@pytest.mark.parametrize("value", [MAX_POSITION + 1, 2**40, -1, 0, "3", 1.5, True, [1], {"a": 1}])
def test_an_out_of_range_correct_position_is_refused_by_import(value):
    def change(row):
        row["choices"][0]["correct_position"] = value

    with pytest.raises(ExchangeError, match="correct_position"):
        import_json(import_with(change))


def test_the_largest_correct_position_is_accepted_by_import():
    def change(row):
        row["choices"][0]["correct_position"] = MAX_POSITION

    import_json(import_with(change))
    assert (
        QuestionFactory._meta.model.objects.get(key="bounded")
        .choices.filter(correct_position=MAX_POSITION)
        .exists()
    )


@pytest.mark.parametrize("value", ["1e309", "-1e309", "99999999999999999999999999999"])
def test_an_out_of_range_difficulty_is_refused_by_import(value):
    text = import_with(lambda row: row.update(difficulty=0)).replace(
        '"difficulty": 0', f'"difficulty": {value}'
    )
    with pytest.raises(ExchangeError):
        import_json(text)
