"""question_save: the one writer of a question's choices and citations."""

import pytest

from quizapp.bank.generators import ChoiceSpec, CitationSpec
from quizapp.models import Question
from quizapp.services import question_duplicate, question_save
from tests.factories import ArticleFactory, PassageFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def cite(passage, words=None):
    return CitationSpec(passage, words or passage.text[:20])


def test_it_replaces_the_content_and_links_the_quoted_articles():
    first, second = PassageFactory(), PassageFactory()
    question = QuestionFactory()
    question_save(
        question=question,
        choices=[
            ChoiceSpec("Right", is_correct=True, citations=[cite(second)]),
            ChoiceSpec("Wrong", feedback="Why not"),
        ],
        citations=[cite(first)],
    )
    question.refresh_from_db()
    assert [(c.position, c.text, c.is_correct) for c in question.choices.all()] == [
        (1, "Right", True),
        (2, "Wrong", False),
    ]
    right = question.choices.get(text="Right")
    assert [c.passage for c in right.citations.all()] == [second]
    assert [c.passage for c in question.citations.filter(choice=None)] == [first]
    assert set(question.articles.all()) == {first.article, second.article}


def test_a_duplicate_is_a_hand_written_draft_with_each_citation_on_its_own_choice():
    passage, other = PassageFactory(), PassageFactory()
    original = QuestionFactory(origin=Question.Origin.GENERATED, key="skill:thing")
    wrong = original.choices.filter(is_correct=False).first()
    original.citations.create(passage=passage, quote=passage.text[:10])
    original.citations.create(passage=other, quote=other.text[:10], choice=wrong)
    extra = ArticleFactory()
    original.articles.set([passage.article, extra])

    copy = question_duplicate(question=original)

    assert (copy.status, copy.origin, copy.key) == ("draft", "hand_written", None)
    assert [(c.text, c.is_correct, c.feedback) for c in copy.choices.all()] == [
        (c.text, c.is_correct, c.feedback) for c in original.choices.all()
    ]
    copied_wrong = copy.choices.get(text=wrong.text)
    assert [c.passage for c in copied_wrong.citations.all()] == [other]
    assert [c.passage for c in copy.citations.filter(choice=None)] == [passage]
    assert set(copy.articles.all()) == {passage.article, extra}
    assert original.choices.count() == 3 and original.citations.count() == 2
