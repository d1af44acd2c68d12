"""One article filter for the admin's question and evidence lists."""

import pytest
from django.urls import reverse

from .factories import ArticleFactory, ClaimFactory, PassageFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_questions_and_claims_filter_by_article(admin_client):
    mine, other = ArticleFactory(headline="Mine"), ArticleFactory(headline="Other")
    question, elsewhere = QuestionFactory(stem="About mine?"), QuestionFactory(stem="About other?")
    question.articles.add(mine)
    elsewhere.articles.add(other)
    ClaimFactory(passage=PassageFactory(article=mine, text="Words in mine."))
    ClaimFactory(passage=PassageFactory(article=other, text="Words in other."))

    page = admin_client.get(reverse("admin:quizapp_question_changelist"), {"article": mine.slug})
    html = page.content.decode()
    assert "About mine?" in html and "About other?" not in html
    assert f"{mine.outlet}: Mine" in html

    page = admin_client.get(reverse("admin:quizapp_claim_changelist"), {"article": mine.slug})
    html = page.content.decode()
    assert "Words in mine." in html and "Words in other." not in html
