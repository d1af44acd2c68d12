"""The factories make valid rows: quotes verbatim, answers counted as the app counts them."""

import pytest

from quizapp.models import Citation
from tests.factories import (
    AttemptFactory,
    CitationFactory,
    ClaimFactory,
    QuestionFactory,
    QuizFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


def test_claim_and_citation_quote_their_passage_verbatim():
    claim = ClaimFactory()
    citation = CitationFactory()
    for row in (claim, citation):
        row.full_clean()
        assert row.quote and row.quote in row.passage.text
    assert claim.speaker.name == claim.speaker_text
    assert Citation.objects.get().question == citation.question


def test_responses_answer_the_attempt_in_order_and_are_counted_until_it_finishes():
    timeline = QuestionFactory(kind="ordering")
    quiz = QuizFactory(questions=[QuestionFactory(), timeline, QuestionFactory()])
    attempt = AttemptFactory(quiz=quiz)
    assert attempt.question_ids == [q.id for q in quiz.questions.order_by("quiz_items__position")]

    first = ResponseFactory(attempt=attempt)
    second = ResponseFactory(attempt=attempt, right=False)
    assert (first.question_id, second.question_id) == tuple(attempt.question_ids[:2])
    assert first.is_correct and first.choice.is_correct
    assert second.question == timeline and not second.is_correct and second.choice is None
    assert second.order == list(
        timeline.choices.order_by("-correct_position").values_list("id", flat=True)
    )
    attempt.refresh_from_db()
    assert (attempt.answered, attempt.score, attempt.finished) == (2, 1, None)

    third = ResponseFactory(attempt=attempt, right=False)
    assert not third.is_correct and third.choice and not third.choice.is_correct
    attempt.refresh_from_db()
    assert (attempt.answered, attempt.score) == (3, 1) and attempt.finished is not None
