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


def test_loading_into_an_empty_database_reads_outlets_and_stories_first_then_each_article():
    """`load_corpus` on a fresh install: every shipped file, outlets and stories before
    the articles that point at them, each announced once, numbered from 1."""
    from quizapp.models import Article
    from quizapp.sources.corpus import corpus_fixture_dir, corpus_load

    messages = []
    corpus_load(progress=messages.append)
    articles = sorted(p.name for p in corpus_fixture_dir().glob("*.json"))
    articles = [name for name in articles if name not in ("outlets.json", "stories.json")]
    names = ["outlets.json", "stories.json", *articles]
    assert messages == [f"[{n}/{len(names)}] {name}" for n, name in enumerate(names, start=1)]
    assert len(articles) == 5
    assert sorted(f"{a.slug}.json" for a in Article.objects.all()) == articles
    for article in Article.objects.all():
        source = SOURCES / article.source_file
        assert article.source_text() == source.read_text(encoding="utf-8"), article.slug


def test_loading_again_finds_every_shipped_row_unchanged(corpus):
    from quizapp.sources.corpus import corpus_load

    counts = corpus_load().counts
    assert set(counts) == {"unchanged"} and counts["unchanged"] > 5


def test_an_article_an_instructor_deleted_stays_deleted_with_its_passages(corpus):
    """Reloading the shipped corpus never brings back what an instructor deleted: the
    article stays gone, and its passages are skipped (and counted), not an error."""
    from quizapp.models import Article
    from quizapp.sources.corpus import corpus_load

    cnn = corpus["cnn-biden-no-counterstrike"]
    passages = cnn.passages.count()
    cnn.delete()
    counts = corpus_load().counts
    assert counts["kept deleted"] == 1
    assert counts["skipped (its article was deleted)"] == passages > 0
    assert not Article.objects.filter(slug="cnn-biden-no-counterstrike").exists()
    assert Article.objects.count() == 4
