"""The committed corpus fixtures are the source texts, verbatim, with their provenance."""

from pathlib import Path

import pytest
from django.conf import settings

SOURCES = Path(settings.BASE_DIR) / "fixtures" / "sources"

pytestmark = pytest.mark.django_db


def test_corpus_has_five_articles_from_five_outlets(corpus):
    assert {a.outlet.key for a in corpus.values()} == {"nyt", "axios", "abc", "toi", "cnn"}


def test_every_fixture_reproduces_its_source_file_exactly(corpus):
    for article in corpus.values():
        source = SOURCES / article.source_file
        assert article.source_text() == source.read_text(encoding="utf-8"), article.slug


def test_every_source_file_is_in_the_corpus(corpus):
    assert {p.name for p in SOURCES.glob("*.txt")} == {a.source_file for a in corpus.values()}


@pytest.mark.parametrize(
    ("slug", "provenance"),
    [
        ("nyt-how-israel-miscalculated", "republished"),
        ("axios-us-tells-iran-no-involvement", "original"),
        ("abc-us-to-israel-respond-alone", "copied"),
        ("toi-white-house-not-seeking-war", "original"),
        ("cnn-biden-no-counterstrike", "copied"),
    ],
)
def test_provenance_matches_what_the_texts_show(corpus, slug, provenance):
    assert corpus[slug].provenance == provenance


def test_republication_clues_are_kept_and_marked(corpus):
    nyt = corpus["nyt-how-israel-miscalculated"]
    assert nyt.passages.filter(kind="inserted_link", text__contains="Opens in new window").exists()
    assert nyt.passages.filter(
        text__endswith="This article originally appeared in the New York Times"
    ).exists()
    for slug in ("abc-us-to-israel-respond-alone", "cnn-biden-no-counterstrike"):
        kinds = list(corpus[slug].passages.values_list("kind", "text"))
        assert ("furniture", "Leave a Reply") in kinds
        assert (
            sum(
                1 for kind, text in kinds if kind == "inserted_link" and text.startswith("See also")
            )
            == 3
        )


def test_typos_are_kept_character_for_character(corpus):
    abc = corpus["abc-us-to-israel-respond-alone"].source_text()
    axios = corpus["axios-us-tells-iran-no-involvement"].source_text()
    assert "Yoav Galant" in abc
    assert "Qassen Soleimani" in axios


def test_credits_come_from_the_credits_line(corpus):
    assert "Martha Raddatz" in corpus["abc-us-to-israel-respond-alone"].credits
    assert corpus["nyt-how-israel-miscalculated"].credits == ""


def test_load_corpus_twice_adds_nothing(corpus):
    import io

    from django.core.management import call_command

    from quizapp.models import Article, Passage

    before = (Article.objects.count(), Passage.objects.count())
    call_command("load_corpus", stdout=io.StringIO())
    assert (Article.objects.count(), Passage.objects.count()) == before
