"""Small things on the student's pages: one quotation style, the time zone of due dates,
the headline printed once."""

import datetime

import pytest
from django.urls import reverse

from quizapp.templatetags.quotes import single_quotes

from .factories import (
    ArticleFactory,
    AssignmentFactory,
    ClassroomFactory,
    PassageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Kirby said ““ironclad””.", "Kirby said “ironclad”."),
        ("One “pair” only.", "One “pair” only."),
    ],
)
def test_explanations_never_show_doubled_quotation_marks(text, shown):
    assert single_quotes(text) == shown


def test_due_dates_show_the_class_time_zone(client):
    student = UserFactory(username="kid")
    room = ClassroomFactory(time_zone="America/New_York")
    room.students.add(student)
    AssignmentFactory(
        classroom=room,
        opens=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        due=datetime.datetime(2030, 1, 10, 14, 30, tzinfo=datetime.UTC),
    )
    client.force_login(student)
    html = client.get(reverse("quiz_list")).content.decode()
    assert '10 January 2030, 09:30 <abbr title="America/New_York">EST</abbr>' in html


def test_the_headline_is_printed_once(client):
    client.force_login(UserFactory())  # the reader needs a login
    article = ArticleFactory(headline="Iran strikes back")
    PassageFactory(article=article, position=1, text="Iran strikes back", kind="headline")
    PassageFactory(article=article, position=2, text="Body text.")
    html = client.get(reverse("article_detail", args=[article.slug])).content.decode()
    assert '<h1 id="article-title" class="visually-hidden">' in html
    other = ArticleFactory(headline="A headline not in the text")
    PassageFactory(article=other, position=1, text="Body only.")
    html = client.get(reverse("article_detail", args=[other.slug])).content.decode()
    assert '<h1 id="article-title">A headline not in the text</h1>' in html
