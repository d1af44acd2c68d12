"""Writes that touch several models: keyword-only functions, each atomic."""

from .assessments import (
    AttemptsUsed,
    assignment_release,
    attempt_choices,
    attempt_expire,
    attempt_submit,
    compare_topic_locked,
    locked_compare_topics,
    mistakes_practice_start,
)
from .bank import (
    DraftRejected,
    evidence_bank,
    generate_drafts,
    question_duplicate,
    question_save,
    quiz_build,
)
from .learning import (
    Answer,
    AnswerError,
    answer_graded,
    answer_submit,
    answer_take,
    attempt_start,
    classroom_join,
    demo_seed,
    grade,
    review_start,
)

__all__ = [
    "Answer",
    "AnswerError",
    "answer_graded",
    "answer_take",
    "AttemptsUsed",
    "assignment_release",
    "attempt_choices",
    "attempt_expire",
    "attempt_submit",
    "compare_topic_locked",
    "locked_compare_topics",
    "mistakes_practice_start",
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
