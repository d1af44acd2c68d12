"""A rebuild never rewrites a question students were given: the attempt keeps showing
and grading the version it holds, and new attempts get the new version."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from quizapp.models import Attempt, Fact, FactCitation, Question, QuizQuestion
from quizapp.services import attempt_start, quiz_build
from tests.factories import AssignmentFactory, UserFactory, answer_data

pytestmark = pytest.mark.django_db

KEY = "outlet_attribution:us-told-iran-not-involved"


def content(question):
    """Stem, and each choice with its key, as the student's page and the grader see them."""
    return (
        question.stem,
        sorted((c.id, c.text, c.is_correct, c.feedback) for c in question.choices.all()),
        sorted((c.passage_id, c.quote) for c in question.citations.all()),
    )


def started(quiz, username):
    learner = UserFactory(username=username)
    return learner, attempt_start(learner=learner, quiz=quiz)


def page(client, learner, attempt, question_id):
    client.force_login(learner)
    number = attempt.question_ids.index(question_id) + 1
    url = reverse("attempt_question", args=[attempt.id, number])
    return url, client.get(url).content.decode()


def reword_the_fact():
    fact = Fact.objects.get(key=KEY.removeprefix("outlet_attribution:"))
    fact.statement = "The United States told Iran it played no part in the Damascus strike."
    fact.save()
    return fact


def test_an_attempt_started_before_a_change_keeps_the_version_it_was_given(bank, client):
    old = Question.objects.get(key=KEY)
    quiz = old.quizzes.order_by("id").first()
    before = content(old)
    answering, answered = started(quiz, "answered-before")
    url, _ = page(client, answering, answered, old.id)
    right = old.choices.get(is_correct=True)
    client.post(url, answer_data(answered, right))
    response = answered.responses.get(question=old)
    assert response.is_correct
    reading, unanswered = started(quiz, "started-before")

    reword_the_fact()
    report = quiz_build()

    assert sum(report.versioned.values()) == 1
    old.refresh_from_db()
    assert content(old) == before  # same stem, same choices and key, same citations
    assert old.status == Question.Status.DRAFT and old.key.startswith(f"{KEY}~v")
    response.refresh_from_db()
    assert response.choice_id == right.id and response.is_correct
    for learner, attempt in [(answering, answered), (reading, unanswered)]:
        attempt.refresh_from_db()
        assert old.id in attempt.question_ids
        _, html = page(client, learner, attempt, old.id)
        assert escape(before[0]) in html
        assert "played no part" not in html
    new = Question.objects.get(key=KEY)
    assert new.id != old.id and new.status == Question.Status.PUBLISHED
    assert "played no part" in new.stem
    # The new version took the old one's place in every quiz; new attempts get it.
    assert not QuizQuestion.objects.filter(question=old).exists()
    assert QuizQuestion.objects.filter(question=new, quiz=quiz).exists()
    learner, fresh = started(quiz, "started-after")
    assert new.id in fresh.question_ids and old.id not in fresh.question_ids
    _, html = page(client, learner, fresh, new.id)
    assert escape(new.stem) in html


def test_a_question_nobody_was_given_is_updated_in_place(bank):
    old = Question.objects.get(key=KEY)
    reword_the_fact()
    report = quiz_build()
    assert sum(report.versioned.values()) == 0
    assert Question.objects.get(key=KEY).id == old.id
    assert not Question.objects.filter(key__contains="~v").exists()


def test_a_question_in_an_assigned_quiz_gets_a_new_version(bank):
    old = Question.objects.get(key=KEY)
    AssignmentFactory(quiz=old.quizzes.order_by("id").first())
    before = content(old)
    reword_the_fact()
    quiz_build()
    old.refresh_from_db()
    assert content(old) == before and old.status == Question.Status.DRAFT
    assert Question.objects.get(key=KEY).id != old.id


def test_rebuilding_again_changes_nothing_more(bank):
    quiz = Question.objects.get(key=KEY).quizzes.order_by("id").first()
    started(quiz, "holder")
    reword_the_fact()
    quiz_build()
    questions, attempts = Question.objects.count(), Attempt.objects.count()
    out = io.StringIO()
    call_command("build_quizzes", stdout=out)
    assert Question.objects.count() == questions and Attempt.objects.count() == attempts
    assert "had been given to students" not in out.getvalue()


def test_unlinking_a_fact_on_the_coverage_screen_keeps_the_version_students_hold(bank, client):
    old = Question.objects.get(key=KEY)
    before = content(old)
    learner, attempt = started(old.quizzes.order_by("id").first(), "holder")
    cited = old.citations.order_by("position").first().passage  # the answer's words
    citation = FactCitation.objects.select_related("passage__article", "fact").get(
        fact__key=KEY.removeprefix("outlet_attribution:"), passage=cited
    )
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    article = citation.passage.article
    screen = client.post(
        reverse("admin:quizapp_article_coverage", args=[article.pk]),
        {"action": "unlink", "passage": citation.passage.pk, "fact": citation.fact.pk},
        follow=True,
    ).content.decode()
    assert "had been given to students: they keep the version they saw" in screen
    old.refresh_from_db()
    assert content(old) == before and old.status == Question.Status.DRAFT
    new = Question.objects.get(key=KEY)
    assert content(new) != before
    _, html = page(client, learner, attempt, old.id)
    assert escape(before[0]) in html
