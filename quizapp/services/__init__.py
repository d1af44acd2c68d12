"""Writes that touch several models: keyword-only functions, each atomic."""

from .bank import (
    DraftRejected,
    evidence_bank,
    generate_drafts,
    question_duplicate,
    question_save,
    quiz_build,
)
from .learning import (
    AnswerError,
    answer_submit,
    attempt_start,
    classroom_join,
    demo_seed,
    grade,
    review_start,
)

__all__ = [
    "AnswerError",
    "DraftRejected",
    "answer_submit",
    "attempt_start",
    "classroom_join",
    "demo_seed",
    "evidence_bank",
    "generate_drafts",
    "grade",
    "question_duplicate",
    "question_save",
    "quiz_build",
    "review_start",
]
