"""Each generator exclusion on a small factory-built story where it is the only thing
standing between the bank and a false key: take the exclusion away and a wrong option
would be true (or the order would not be the only right one)."""

import datetime

import pytest

from quizapp.bank.generators import outlet_attribution, quote_attribution, timeline
from quizapp.models import Claim, Event, EventCitation, Fact, FactCitation, Passage, Person
from quizapp.services.bank import draft_problems, evidence_bank
from tests.factories import ArticleFactory, OutletFactory, PassageFactory, StoryFactory

pytestmark = pytest.mark.django_db

OUTLETS = ["alpha", "bravo", "charlie", "delta", "echo"]


def story(outlets=OUTLETS):
    """One article per outlet, each with a reporting paragraph and a photo caption, all
    in one story and coverage-reviewed (so a missing link means the outlet is silent)."""
    articles = {}
    one_story = StoryFactory(slug="convoy")
    for key in outlets:
        article = ArticleFactory(
            slug=f"{key}-story",
            story=one_story,
            coverage_reviewed=True,
            outlet=OutletFactory(key=key, name=key.title() + " News"),
        )
        PassageFactory(
            article=article,
            position=1,
            text=f"{key.title()} News reports that the convoy crossed the bridge at dawn.",
        )
        PassageFactory(
            article=article,
            position=2,
            kind=Passage.Kind.CAPTION,
            text="A photo shows the convoy crossing the bridge at dawn.",
        )
        articles[key] = article
    return articles


def passage(outlet, position=1):
    return Passage.objects.get(article__slug=f"{outlet}-story", position=position)


def fact(key="convoy", *, reported_by=(), captioned_by=(), **fields):
    made = Fact.objects.create(
        key=key, statement="The convoy crossed the bridge at dawn.", **fields
    )
    for outlet in reported_by:
        FactCitation.objects.create(
            fact=made, passage=passage(outlet), quote="the convoy crossed the bridge at dawn"
        )
    for outlet in captioned_by:
        FactCitation.objects.create(
            fact=made, passage=passage(outlet, 2), quote="the convoy crossing the bridge"
        )
    return made


def outlet_options(draft):
    names = {f"{key.title()} News": key for key in OUTLETS}
    right = [names[c.text] for c in draft.choices if c.is_correct]
    wrong = {names[c.text] for c in draft.choices if not c.is_correct}
    return right, wrong


def drafts_of(generator):
    drafts = generator.generate(evidence_bank())
    for draft in drafts:
        assert draft_problems(draft) == [], draft.key
    return drafts


# --- outlet attribution -----------------------------------------------------------


def test_an_ambiguous_outlet_is_never_a_wrong_option():
    story()
    fact(reported_by=["alpha"], ambiguous_outlets=["bravo", "charlie"])
    (draft,) = drafts_of(outlet_attribution)
    right, wrong = outlet_options(draft)
    # Without the exclusion, three of the four other outlets are picked: at least one
    # of them ambiguous.
    assert right == ["alpha"] and wrong == {"delta", "echo"}
    assert draft.explanation.endswith(" No other article in the set reports it.")


def test_a_question_offers_at_most_three_wrong_outlets():
    story()
    fact(reported_by=["alpha"])
    (draft,) = drafts_of(outlet_attribution)
    right, wrong = outlet_options(draft)
    assert right == ["alpha"] and len(wrong) == 3 and wrong < {"bravo", "charlie", "delta", "echo"}
    silent = ["bravo", "charlie", "delta", "echo"]
    assert wrong == set(outlet_attribution.stable_order(silent, "convoy:wrong")[:3])
    assert draft.key == "outlet_attribution:convoy" and draft.skill == "outlet_attribution"
    assert draft.stem == (
        "Which of these outlets reported the following? The convoy crossed the bridge at dawn."
    )
    assert draft.explanation == (
        "The Alpha News article reports it: “the convoy crossed the bridge at dawn”. "
        "No other article in the set reports it."
    )
    assert draft.article_slugs == ["alpha-story"] and draft.topic == "fact-convoy"
    feedback = {c.text: c.feedback for c in draft.choices}
    assert feedback["Alpha News"] == "Yes: the Alpha News article reports it."


def test_no_question_when_ambiguity_leaves_fewer_than_two_wrong_options():
    story()
    fact(reported_by=["alpha"], ambiguous_outlets=["bravo", "charlie", "delta"])
    assert drafts_of(outlet_attribution) == []


def test_an_outlet_that_also_reports_the_fact_is_never_a_wrong_option():
    story(OUTLETS[:4])
    fact(reported_by=["alpha", "bravo"])
    (draft,) = drafts_of(outlet_attribution)
    right, wrong = outlet_options(draft)
    assert right[0] in {"alpha", "bravo"} and wrong == {"charlie", "delta"}
    assert draft.difficulty == 2  # more than one outlet reports it
    other = ({"alpha", "bravo"} - set(right)).pop()
    assert f"It is also in the {other.title()} News article." in draft.explanation


def test_a_caption_is_not_reporting_neither_answer_nor_wrong_option():
    story()
    # Bravo only shows it in a photo caption: a caption shows a thing, it does not
    # report it; but offering Bravo as "did not report it" would be unfair too.
    fact(reported_by=["alpha"], captioned_by=["alpha", "bravo"])
    (draft,) = drafts_of(outlet_attribution)
    right, wrong = outlet_options(draft)
    assert right == ["alpha"] and wrong <= {"charlie", "delta", "echo"} and len(wrong) == 3
    assert draft.difficulty == 1
    # The answer rests on the answer's own reporting, never on a caption or another outlet.
    assert [(c.passage.article.slug, c.passage.kind) for c in draft.citations] == [
        ("alpha-story", Passage.Kind.REPORTING)
    ]
    assert "“the convoy crossed the bridge at dawn”" in draft.explanation


def test_a_fact_only_a_caption_shows_makes_no_question():
    story()
    fact(captioned_by=["alpha"])
    assert drafts_of(outlet_attribution) == []
    # ...and the facts after it still make theirs.
    fact("later-fact", reported_by=["bravo"])
    assert [d.key for d in drafts_of(outlet_attribution)] == ["outlet_attribution:later-fact"]


def test_an_outlets_near_miss_note_is_its_feedback():
    story(OUTLETS[:4])
    note = "Delta mentions a convoy, but not that it crossed the bridge."
    fact(reported_by=["alpha", "bravo"], near_misses=[{"outlet": "delta", "note": note}])
    (draft,) = drafts_of(outlet_attribution)
    feedback = {c.text: c.feedback for c in draft.choices}
    assert feedback["Delta News"] == note
    assert feedback["Charlie News"] == "The Charlie News article does not report this."


# --- quote attribution ------------------------------------------------------------

WORDS = "we will respond with full force if attacked again"


def person(key):
    return Person.objects.create(key=key, name=key.title() + " Smith")


def claim(key, speaker, quote, outlet="alpha", **fields):
    story_passage = passage(outlet)
    story_passage.text += f" “{quote},” they said."
    story_passage.save()
    fields.setdefault("sourcing", Claim.Sourcing.ON_RECORD)
    return Claim.objects.create(
        key=key,
        speaker=speaker,
        speaker_text=speaker.name if speaker else "an official",
        passage=story_passage,
        quote=quote,
        **fields,
    )


def speakers_story(names):
    story()
    people = {name: person(name) for name in names}
    for i, name in enumerate(names[2:]):
        claim(f"other-{name}", people[name], f"number {i} is a different sentence entirely")
    return people


def test_a_person_who_also_said_the_words_is_never_a_wrong_option():
    people = speakers_story(["ann", "bob", "cat", "dan", "eve"])
    claim("ann-words", people["ann"], WORDS, outlet="alpha")
    claim("bob-words", people["bob"], "we will respond with full force", outlet="bravo")
    drafts = {d.key: d for d in drafts_of(quote_attribution)}
    for key, sayer, other in [("ann-words", "Ann", "Bob"), ("bob-words", "Bob", "Ann")]:
        draft = drafts[f"quote_attribution:{key}"]
        assert [c.text for c in draft.choices if c.is_correct] == [f"{sayer} Smith"]
        wrong = {c.text for c in draft.choices if not c.is_correct}
        assert wrong == {"Cat Smith", "Dan Smith", "Eve Smith"}, other


def test_no_question_when_too_few_people_are_left_to_be_wrong():
    people = speakers_story(["ann", "bob", "cat", "dan"])
    claim("ann-words", people["ann"], WORDS)
    claim("bob-words", people["bob"], WORDS, outlet="bravo")
    keys = {d.key for d in drafts_of(quote_attribution)}
    assert "quote_attribution:ann-words" not in keys
    assert "quote_attribution:bob-words" not in keys


def test_no_question_when_an_unnamed_source_said_the_words_too():
    people = speakers_story(["ann", "bob", "cat", "dan", "eve"])
    claim("ann-words", people["ann"], WORDS)
    claim("unnamed-words", None, WORDS, outlet="bravo", sourcing=Claim.Sourcing.UNNAMED_OFFICIAL)
    keys = {d.key for d in drafts_of(quote_attribution)}
    assert "quote_attribution:ann-words" not in keys


# --- timeline -----------------------------------------------------------------------


def event(key, day, *, precision=Event.Precision.DAY, end=None, caption_only=False):
    made = Event.objects.create(
        key=key, date=day, date_end=end, precision=precision, title=f"The {key} event"
    )
    where = passage("alpha", 2 if caption_only else 1)
    EventCitation.objects.create(event=made, passage=where, quote="the bridge at dawn")
    return made


def test_only_events_whose_dates_cannot_overlap_are_ordered():
    story()
    april = datetime.date(2024, 4, 1)
    for key, day in [("first", 1), ("second", 13), ("third", 14), ("fourth", 19)]:
        event(key, april.replace(day=day))
    # Each of these overlaps some of the four above, so no order with it is the only one.
    event("sometime-in-april", april, precision=Event.Precision.MONTH)
    event("late-13th-or-14th", april.replace(day=13), end=april.replace(day=14))
    event("this-year", datetime.date(2024, 1, 1), precision=Event.Precision.YEAR)
    event("in-a-photo-only", april.replace(day=25), caption_only=True)
    (draft,) = drafts_of(timeline)
    order = sorted(draft.choices, key=lambda c: c.correct_position)
    assert [c.text for c in order] == [
        "The first event",
        "The second event",
        "The third event",
        "The fourth event",
    ]
    assert [c.feedback for c in order] == [
        "1 April 2024",
        "13 April 2024",
        "14 April 2024",
        "19 April 2024",
    ]


@pytest.mark.parametrize(
    ("precision", "day", "shown", "span"),
    [
        ("day", datetime.date(2024, 4, 13), "13 April 2024", ("2024-04-13", "2024-04-13")),
        ("month", datetime.date(2024, 2, 10), "February 2024", ("2024-02-01", "2024-02-29")),
        ("month", datetime.date(2023, 12, 5), "December 2023", ("2023-12-01", "2023-12-31")),
        ("year", datetime.date(2024, 6, 1), "2024", ("2024-01-01", "2024-12-31")),
    ],
)
def test_an_events_period_and_shown_date_follow_its_precision(precision, day, shown, span):
    made = Event(key="e", date=day, precision=precision, title="E")
    assert timeline.show_date(made) == shown
    assert tuple(d.isoformat() for d in timeline.period(made)) == span


def test_events_a_day_apart_are_compatible_and_touching_periods_are_not():
    day = datetime.date(2024, 4, 13)
    one = Event(key="a", date=day, precision="day")
    assert timeline.compatible([one], Event(key="b", date=day + datetime.timedelta(days=1)))
    assert timeline.compatible([one], Event(key="c", date=day - datetime.timedelta(days=1)))
    assert not timeline.compatible([one], Event(key="d", date=day))
    spans = Event(key="e", date=day - datetime.timedelta(days=1), date_end=day)
    assert not timeline.compatible([one], spans)


def test_each_fact_shuffles_its_own_answer_wrong_options_and_order():
    """Which reporting outlet is the answer, which silent ones are offered and in what
    order all follow a shuffle salted with the fact, so facts do not share one pattern."""
    from quizapp.bank.generators.base import stable_order

    story()
    fact(reported_by=["alpha", "bravo", "charlie"])
    (draft,) = drafts_of(outlet_attribution)
    right, wrong = outlet_options(draft)
    answer = stable_order(["alpha", "bravo", "charlie"], "convoy")[0]
    assert right == [answer] and wrong == {"delta", "echo"}
    others = sorted({"alpha", "bravo", "charlie"} - {answer})
    assert draft.explanation.endswith(
        f" It is also in the {others[0].title()} News article and the "
        f"{others[1].title()} News article."
    )
    texts = [c.text for c in draft.choices]
    assert texts == stable_order(texts, "convoy")
