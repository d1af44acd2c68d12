"""Deleting an article: its drafts and evidence go; questions students were given are
retired and kept, and the article is withdrawn (hidden, never built from) instead."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from quizapp.models import Article, Citation, Claim, EvidenceReview, Person, Question
from quizapp.services import attempt_start, evidence_bank, quiz_build
from quizapp.services.content import article_delete
from quizapp.sources.corpus import article_import
from tests.factories import (
    ArticleFactory,
    PassageFactory,
    QuestionFactory,
    UserFactory,
    answer_data,
)
from tests.test_stories import LOCAL, copy_of, options_naming, review_like

pytestmark = pytest.mark.django_db


def content(question):
    return (
        question.stem,
        sorted((c.id, c.text, c.is_correct) for c in question.choices.all()),
        sorted((c.passage_id, c.quote) for c in question.citations.all()),
    )


def built_on(article):
    return Question.objects.published().filter(
        Q(articles=article)
        | Q(citations__passage__article=article)
        | Q(choices__passage__article=article)
    )


def test_an_answered_article_is_withdrawn_and_nothing_is_built_from_it(bank, client):
    copy = copy_of("cnn-biden-no-counterstrike")
    review_like(copy, "cnn-biden-no-counterstrike")
    quiz_build()
    question = built_on(copy).filter(key__startswith="outlet_attribution:").order_by("key").first()
    before = content(question)
    learner = UserFactory(username="pupil")
    attempt = attempt_start(learner=learner, quiz=question.quizzes.order_by("id").first())
    client.force_login(learner)
    url = reverse(
        "attempt_question", args=[attempt.id, attempt.question_ids.index(question.id) + 1]
    )
    client.post(url, answer_data(attempt, question.choices.get(is_correct=True)))

    result = article_delete(article=copy)

    assert result["withdrawn"] and result["questions_retired"] >= 1
    copy.refresh_from_db()
    assert copy.withdrawn is not None and copy.passages.exists()
    question.refresh_from_db()
    assert content(question) == before and question.status == Question.Status.DRAFT
    assert "~v" in question.key  # no build touches it again
    quiz_build()
    assert not built_on(copy).exists()
    assert options_naming(LOCAL) == []
    assert LOCAL not in {a.outlet.name for a in evidence_bank().articles}
    # The student's attempt still shows what they answered; students no longer see it.
    assert escape(before[0]) in client.get(url).content.decode()
    assert copy.headline not in client.get(reverse("article_list")).content.decode()
    assert client.get(reverse("article_detail", args=[copy.slug])).status_code == 404


def test_an_article_nobody_answered_is_deleted_with_its_drafts(evidence):
    source = Article.objects.get(slug="abc-us-to-israel-respond-alone")
    copy = article_import(
        path=Path("drafted.txt"),
        text=source.source_text(),
        outlet="local-courier",
        outlet_name=LOCAL,
        headline="A drafted copy",
        published="2024-04-16",
        slug="drafted-copy",
        draft=True,
    )
    Person.objects.create(key="only-here", name="Only Here", review=EvidenceReview.DRAFT)
    claim = Claim.objects.filter(passage__article=copy).first()
    assert claim is not None, "drafting proposed claims"
    Claim.objects.filter(pk=claim.pk).update(speaker=Person.objects.get(key="only-here"))
    question = QuestionFactory()
    Citation.objects.create(question=question, passage=claim.passage, quote=claim.quote)
    out = io.StringIO()
    call_command("delete_article", copy.slug, stdout=out)
    assert "Deleted “A drafted copy”" in out.getvalue()
    assert not Article.objects.filter(slug="drafted-copy").exists()
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Person.objects.filter(key="only-here").exists()
    assert not Question.objects.filter(pk=question.pk).exists()


def test_the_command_names_an_unknown_article():
    with pytest.raises(CommandError, match="no article with this slug"):
        call_command("delete_article", "no-such-article")


def test_a_withdrawn_article_is_left_out_of_the_story_export(tmp_path):
    article = ArticleFactory(slug="kept")
    PassageFactory(article=article)
    gone = ArticleFactory(slug="gone", story=article.story)
    PassageFactory(article=gone)
    Article.objects.filter(pk=gone.pk).update(withdrawn="2024-05-01T00:00:00Z")
    call_command("export_content", story=article.story.slug, output=tmp_path, stdout=io.StringIO())
    assert (tmp_path / "corpus" / "kept.json").exists()
    assert not (tmp_path / "corpus" / "gone.json").exists()
