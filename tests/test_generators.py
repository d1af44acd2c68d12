"""Generators over small evidence made with factories: the cases the corpus lacks."""

import datetime

import pytest

from quizapp.bank.generators import timeline
from quizapp.models import Event, EventCitation, Passage
from quizapp.services import evidence_bank
from tests.factories import ArticleFactory, PassageFactory

pytestmark = pytest.mark.django_db


def test_timeline_questions_cite_the_reporting_not_a_photo_caption():
    """An event first cited from a caption (and then from the text) is cited from the text."""
    article = ArticleFactory()
    for day in range(1, 5):
        caption = PassageFactory(
            article=article, kind=Passage.Kind.CAPTION, text=f"Photo: the scene on day {day}."
        )
        reporting = PassageFactory(article=article, text=f"On day {day}, the thing happened.")
        event = Event.objects.create(
            key=f"event-{day}", date=datetime.date(2024, 4, day), title=f"Event {day}"
        )
        EventCitation.objects.create(event=event, passage=caption, quote=caption.text)
        EventCitation.objects.create(event=event, passage=reporting, quote=reporting.text)

    drafts = timeline.generate(evidence_bank())

    assert drafts
    for draft in drafts:
        cited = draft.citations + [c for choice in draft.choices for c in choice.citations]
        assert len(cited) == 8
        assert all(c.passage.kind != Passage.Kind.CAPTION for c in cited), draft.key
