"""The database is the source of truth once loaded: re-running the setup commands
(`make run` / `make setup`) never deletes or overwrites what instructors created or
edited, and sharing a story is an explicit export and load."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from quizapp.models import (
    Article,
    Choice,
    Citation,
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Outlet,
    Passage,
    Person,
    ProvenanceClue,
    Question,
    Quiz,
    Story,
)
from quizapp.services import quiz_build
from quizapp.services.content import (
    coverage_link,
    coverage_mark_reviewed,
    fact_create_from_passage,
    passage_mark_nothing_new,
)
from quizapp.sources.corpus import article_import

pytestmark = pytest.mark.django_db

MODELS = [
    Outlet,
    Story,
    Article,
    Passage,
    Person,
    Claim,
    Figure,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Framing,
    ProvenanceClue,
    Question,
    Choice,
    Citation,
    Quiz,
]


def setup_again():
    """What `make setup` runs, again."""
    out = io.StringIO()
    call_command("load_corpus", stdout=out)
    call_command("check_evidence", "--load", stdout=out)
    call_command("build_quizzes", stdout=out)
    return out.getvalue()


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def instructor_work(bank):
    """One of every kind of row an instructor creates or edits."""
    story = Story.objects.create(slug="local-elections", title="Local elections")
    article = article_import(
        path=Path("courier.txt"),
        text="Mayor Jane Doe said “we will fix the roads” on Monday.\n\n"
        "The council approved 12 new buses.\n\nIt rained.\n",
        outlet="courier",
        outlet_name="The Courier",
        story=story.slug,
        headline="Mayor promises roads",
        published="2024-05-02",
        draft=True,
    )
    first, second, third = article.passages.all()
    person, _ = Person.objects.update_or_create(
        key="jane-doe",
        defaults={"name": "Jane Doe", "aliases": ["Jane Doe"], "review": "confirmed"},
    )
    Claim.objects.create(
        key="courier-mayor-roads", passage=first, quote="we will fix the roads", speaker=person,
        speaker_text="Mayor Jane Doe", sourcing="on_record", review="confirmed",
    )  # fmt: skip
    Figure.objects.create(
        key="courier-buses", passage=second, quote="12 new buses", measure="buses",
        measure_label="new buses", value=12, value_text="12", review="confirmed",
    )  # fmt: skip
    fact = fact_create_from_passage(passage=second, statement="The council approved new buses.")
    passage_mark_nothing_new(passage=third)
    coverage_link(passage=first, fact=Fact.objects.create(key="roads", statement="Roads promised."))
    coverage_mark_reviewed(article=article)
    event = Event.objects.create(key="council-vote", date="2024-05-01", title="The council votes")
    EventCitation.objects.create(event=event, passage=second, quote="approved 12 new buses")
    # Edits to shipped rows.
    Person.objects.filter(key="kirby").update(role="Edited by an instructor")
    Figure.objects.filter(key="abc-cruise-missiles").update(value=Decimal("35"))
    Fact.objects.filter(key="us-not-warned-in-advance").update(statement="Edited statement.")
    seed = Article.objects.get(slug="toi-white-house-not-seeking-war")
    seed.coverage_reviewed = False
    seed.save()
    dropped = FactCitation.objects.filter(fact__key="us-not-warned-in-advance").first()
    dropped_id = (dropped.fact_id, dropped.passage_id, dropped.quote)
    dropped.delete()
    question = Question.objects.filter(key__startswith="outlet_attribution:").first()
    question.stem, question.edited = "An instructor's own wording?", True
    question.save()
    Outlet.objects.filter(key="axios").update(name="Axios (edited)")
    quiz_build()
    return {"fact": fact, "question": question, "dropped": dropped_id}


def test_setup_commands_keep_every_instructor_row_and_edit(instructor_work):
    before = snapshot()
    output = setup_again()
    setup_again()
    assert snapshot() == before
    assert "kept edited" in output
    assert Person.objects.get(key="kirby").role == "Edited by an instructor"
    assert Figure.objects.get(key="abc-cruise-missiles").value == 35
    assert Fact.objects.get(key="us-not-warned-in-advance").statement == "Edited statement."
    assert not Article.objects.get(slug="toi-white-house-not-seeking-war").coverage_reviewed
    fact_id, passage_id, quote = instructor_work["dropped"]
    assert not FactCitation.objects.filter(fact_id=fact_id, passage_id=passage_id, quote=quote)
    assert Question.objects.get(pk=instructor_work["question"].pk).stem == (
        "An instructor's own wording?"
    )
    assert Outlet.objects.get(key="axios").name == "Axios (edited)"
    assert Article.objects.get(slug="mayor-promises-roads").coverage_reviewed
    assert Claim.objects.get(key="courier-mayor-roads").speaker.key == "jane-doe"


def test_setup_still_updates_the_fixtures_own_unedited_rows(evidence):
    Person.objects.filter(key="kirby").update(role="stale")  # as if the fixture changed
    from quizapp.models import SeedRecord
    from quizapp.sources.seeding import row_digest

    kirby = Person.objects.get(key="kirby")
    SeedRecord.objects.filter(model="quizapp.person", ident="kirby").update(
        digest=row_digest(kirby)
    )
    setup_again()
    assert Person.objects.get(key="kirby").role != "stale"


def test_import_writes_nothing_into_fixtures_and_load_corpus_still_works(evidence):
    article_import(
        path=Path("x.txt"), text="Some reporting.\n", outlet="newcomer", outlet_name="Newcomer",
        headline="Newcomer reports", published="2024-04-20",
    )  # fmt: skip
    call_command("load_corpus", stdout=io.StringIO())
    assert Article.objects.filter(slug="newcomer-reports").exists()


# --- sharing a story: export_content and load_corpus DIR ---------------------------


def content_state():
    """The content, independent of database ids."""
    return {
        "stories": sorted(Story.objects.values_list("slug", "title", "description")),
        "outlets": sorted(Outlet.objects.values_list("key", "name")),
        "articles": sorted(
            (a.slug, a.story.slug, a.outlet.key, a.headline, a.coverage_reviewed, a.source_text())
            for a in Article.objects.all()
        ),
        "passages": sorted(
            Passage.objects.values_list("article__slug", "position", "kind", "reports_nothing_new")
        ),
        "persons": sorted(Person.objects.values_list("key", "name", "role")),
        "claims": sorted(
            Claim.objects.values_list(
                "key",
                "passage__article__slug",
                "passage__position",
                "quote",
                "speaker__key",
                "sourcing",
            )
        ),  # fmt: skip
        "figures": sorted(Figure.objects.values_list("key", "quote", "value", "qualifier")),
        "facts": sorted(
            FactCitation.objects.values_list(
                "fact__key",
                "fact__statement",
                "passage__article__slug",
                "passage__position",
                "quote",
            )
        ),  # fmt: skip
        "events": sorted(
            EventCitation.objects.values_list("event__key", "event__date", "passage__position")
        ),
        "framing": sorted(Framing.objects.values_list("passage__position", "quote", "stance")),
        "clues": sorted(ProvenanceClue.objects.values_list("passage__position", "kind")),
    }


def wipe_content():
    """Empty every content table, as on a fresh install."""
    from quizapp.models import QuizQuestion, SeedRecord

    for model in (
        QuizQuestion, Quiz, Citation, Choice, Question, FactCitation, Fact, EventCitation, Event,
        Framing, ProvenanceClue, Claim, Figure, Person, Passage, Article, Story, Outlet, SeedRecord,
    ):  # fmt: skip
        model.objects.all().delete()


def test_export_and_load_a_story_round_trips_on_a_fresh_database(evidence, tmp_path):
    from quizapp.services import generate_drafts

    before = content_state()
    drafts = sorted(d.fingerprint() for ds in generate_drafts().values() for d in ds)
    out = io.StringIO()
    call_command(
        "export_content", "--story", "israel-iran-april-2024", "-o", str(tmp_path / "a"), stdout=out
    )
    assert "Exported israel-iran-april-2024" in out.getvalue()
    wipe_content()
    call_command("load_corpus", str(tmp_path / "a"), stdout=io.StringIO())
    assert content_state() == before
    assert sorted(d.fingerprint() for ds in generate_drafts().values() for d in ds) == drafts
    call_command(
        "export_content",
        "--story",
        "israel-iran-april-2024",
        "-o",
        str(tmp_path / "b"),
        stdout=io.StringIO(),
    )
    first = {
        p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.json")
    }
    second = {
        p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.json")
    }
    assert first == second


def test_an_instructors_story_round_trips_too(instructor_work, tmp_path):
    call_command(
        "export_content", "--story", "local-elections", "-o", str(tmp_path), stdout=io.StringIO()
    )
    story_articles = Article.objects.filter(story__slug="local-elections")
    texts = sorted(a.source_text() for a in story_articles)
    links = sorted(
        FactCitation.objects.filter(passage__article__story__slug="local-elections").values_list(
            "fact__statement", "passage__position", "quote"
        )
    )
    wipe_content()
    call_command("load_corpus", stdout=io.StringIO())  # the seed corpus, as on a fresh install
    call_command("check_evidence", "--load", stdout=io.StringIO())
    call_command("load_corpus", str(tmp_path), stdout=io.StringIO())
    story_articles = Article.objects.filter(story__slug="local-elections")
    assert sorted(a.source_text() for a in story_articles) == texts
    assert all(a.coverage_reviewed for a in story_articles)
    assert (
        sorted(
            FactCitation.objects.filter(
                passage__article__story__slug="local-elections"
            ).values_list("fact__statement", "passage__position", "quote")
        )
        == links
    )
    assert (
        Claim.objects.get(passage__article__story__slug="local-elections").speaker.key == "jane-doe"
    )


def test_export_of_an_unknown_story_is_refused(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="unknown story"):
        call_command("export_content", "--story", "nope", "-o", str(tmp_path), stdout=io.StringIO())


def test_a_withdrawn_shipped_article_takes_fixture_updates_and_stays_withdrawn(evidence):
    """Article.withdrawn is no fixture value: it is left out of the seed digest, so adding
    the column (or withdrawing) does not make a shipped article look edited."""
    from django.utils import timezone

    from quizapp.models import SeedRecord
    from quizapp.sources.seeding import row_digest

    slug = "abc-us-to-israel-respond-alone"
    Article.objects.filter(slug=slug).update(notes="stale")  # as if the fixture changed
    SeedRecord.objects.filter(model="quizapp.article", ident=f'["{slug}"]').update(
        digest=row_digest(Article.objects.get(slug=slug))
    )
    Article.objects.filter(slug=slug).update(withdrawn=timezone.now())
    out = setup_again()
    article = Article.objects.get(slug=slug)
    assert article.notes != "stale" and article.withdrawn is not None
    assert "kept edited" not in out.split("Corpus loaded")[1].splitlines()[0]
