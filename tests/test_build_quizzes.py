import io

import pytest
from django.core.management import call_command

from quizapp.models import Choice, Question, Quiz, QuizQuestion
from quizapp.services import evidence_bank, generate_drafts, quiz_build

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Question.objects.values_list("key", "fingerprint", "status"))


def test_generation_is_deterministic(evidence):
    first = {s: [d.fingerprint() for d in ds] for s, ds in generate_drafts(evidence_bank()).items()}
    second = {
        s: [d.fingerprint() for d in ds] for s, ds in generate_drafts(evidence_bank()).items()
    }
    assert first == second


def test_rebuilding_adds_and_changes_nothing(bank):
    before = (
        snapshot(),
        Choice.objects.count(),
        Quiz.objects.count(),
        QuizQuestion.objects.count(),
    )
    report = quiz_build()
    assert sum(report.created.values()) == 0 and sum(report.updated.values()) == 0
    after = (snapshot(), Choice.objects.count(), Quiz.objects.count(), QuizQuestion.objects.count())
    assert after == before


def test_an_edited_question_is_never_overwritten(bank):
    question = Question.objects.filter(origin="generated").order_by("key").first()
    question.stem = "An instructor's better wording?"
    question.edited = True
    question.save()
    choice = question.choices.first()
    choice.feedback = "Instructor feedback"
    choice.save()
    quiz_build()
    question.refresh_from_db()
    assert question.stem == "An instructor's better wording?"
    assert question.choices.get(pk=choice.pk).feedback == "Instructor feedback"


def test_an_unedited_changed_question_is_restored_from_the_evidence(bank):
    question = Question.objects.filter(origin="generated").order_by("key").first()
    original = question.stem
    Question.objects.filter(pk=question.pk).update(stem="Tampered", fingerprint="x")
    quiz_build()
    question.refresh_from_db()
    assert question.stem == original


def test_command_prints_progress_and_a_summary_per_skill(evidence):
    out = io.StringIO()
    call_command("build_quizzes", stdout=out)
    text = out.getvalue()
    assert "Who reported it:" in text
    assert "published questions" in text
    for label in ("Who said it", "Timeline", "Framing"):
        assert label in text.split("skill", 1)[1]
