"""The helpers every generator shares (quizapp/bank/generators/base.py and quizapp/common/text.py):
how a speaker and an occasion read inside a sentence, when two quotes are the same
words, curator exclusions, the stable shuffle, and the topic links. Plain objects, no
database."""

from types import SimpleNamespace

import pytest

from quizapp.bank.generators import base
from quizapp.bank.generators.base import (
    ChoiceSpec,
    CitationSpec,
    EvidenceBank,
    QuestionSpec,
    article_label,
    capitalized,
    excluded,
    finish_choices,
    normalize,
    occasion_phrase,
    speaker_phrase,
    stable_order,
    word_count,
    words_overlap,
)


def claim(speaker_text, speaker=None, occasion=""):
    return SimpleNamespace(speaker_text=speaker_text, speaker=speaker, occasion=occasion)


KIRBY = SimpleNamespace(name="John Kirby")


@pytest.mark.parametrize(
    ("text", "speaker", "phrase"),
    [
        ("John Kirby", KIRBY, "John Kirby"),
        ("  John Kirby ", KIRBY, "John Kirby"),
        ("he", KIRBY, "John Kirby"),  # a pronoun names the person behind it
        ("They", KIRBY, "John Kirby"),
        ("the leaders", KIRBY, "John Kirby"),
        ("the official", KIRBY, "the official"),  # says who, in the text's own words
        ("he", None, "he"),  # nobody named: keep the text
        ("A senior official", None, "a senior official"),
        ("An Israeli official", None, "an Israeli official"),
        ("The White House", None, "the White House"),
        ("One diplomat", None, "one diplomat"),
        ("Another diplomat", None, "Another diplomat"),
        ("The", None, "the "),
    ],
)
def test_speaker_phrase(text, speaker, phrase):
    assert speaker_phrase(claim(text, speaker)) == phrase


@pytest.mark.parametrize(
    ("occasion", "phrase"),
    [
        ("", ""),
        ("   ", ""),
        ("On Sunday", " (on Sunday)"),
        ("In an interview with ABC", " (in an interview with ABC)"),
        ("Told reporters", " (told reporters)"),
        ("Sunday morning", " (Sunday morning)"),  # a day keeps its capital
        ("ABC's This Week", " (ABC's This Week)"),
        ("  After the strike ", " (after the strike)"),
        ("In", " (in)"),
    ],
)
def test_occasion_phrase(occasion, phrase):
    assert occasion_phrase(claim("x", occasion=occasion)) == phrase


def test_every_sentence_start_is_lower_cased():
    for word in base.SENTENCE_STARTS:
        assert occasion_phrase(claim("x", occasion=f"{word} Tehran")) == (
            f" ({word.lower()} Tehran)"
        )


def test_normalize_and_words_overlap():
    assert normalize("  “It’s  DONE,” ") == '"it\'s done,"'
    assert normalize("...The end.") == "the end"
    assert words_overlap("we will respond", "“We will respond,” he said")
    assert words_overlap("He said we WILL  respond with force", "we will respond")
    assert not words_overlap("we will respond", "we will not respond")
    assert not words_overlap("", "anything") and not words_overlap("anything", " . ")


def test_curly_and_straight_quotes_are_the_same_words():
    """A quote typed with straight quotes matches the article's curly ones, either way round
    (‘single’ and “double”), so an exclusion never misses a speaker over typography."""
    assert normalize("‘We will respond’") == normalize("'we will respond'") == "'we will respond'"
    assert words_overlap("He said ‘no’ twice", "he said 'no'")
    assert words_overlap("“Enough,” she said", '"enough," she said')


def test_only_spaces_and_closing_punctuation_are_trimmed_never_letters():
    """Trimming drops spaces and . , ; : at either end; a word that starts or ends with
    any other character (here an X) keeps it, so "Xi" and "tax" stay themselves."""
    assert normalize(" Xi said tax. ") == "xi said tax"
    assert normalize("XX") == "xx"


def test_word_count():
    assert word_count("It's a 300-drone attack, officials said.") == 8
    assert word_count("") == 0


def test_article_label_and_capitalized():
    times = SimpleNamespace(outlet=SimpleNamespace(name="The New York Times"))
    cnn = SimpleNamespace(outlet=SimpleNamespace(name="CNN"))
    assert article_label(times) == "the New York Times article"
    assert article_label(cnn) == "the CNN article"
    assert capitalized("the CNN article") == "The CNN article"
    assert capitalized("") == ""
    assert capitalized("éclair") == "Éclair"


def test_excluded_is_a_curators_call_per_skill():
    assert excluded(SimpleNamespace(exclude_from=["figures"]), "figures")
    assert not excluded(SimpleNamespace(exclude_from=["figures"]), "framing")
    assert not excluded(SimpleNamespace(exclude_from=None), "figures")
    assert not excluded(SimpleNamespace(), "figures")


def test_stable_order_is_a_deterministic_shuffle():
    items = [f"item-{i}" for i in range(20)]
    once = stable_order(items, "salt")
    assert once == stable_order(list(reversed(items)), "salt")
    assert sorted(once) == sorted(items) and once != sorted(items)
    assert stable_order(items, "other salt") != once
    by_key = stable_order([{"k": i} for i in items], "salt", key=lambda d: d["k"])
    assert [d["k"] for d in by_key] == once


def test_finish_choices_orders_by_text_not_by_correctness():
    choices = [ChoiceSpec("Alpha", is_correct=True), ChoiceSpec("Bravo"), ChoiceSpec("Delta")]
    finished = finish_choices(choices, "fact-1")
    assert [c.text for c in finished] == stable_order(["Alpha", "Bravo", "Delta"], "fact-1")
    flipped = [ChoiceSpec("Alpha"), ChoiceSpec("Bravo", is_correct=True), ChoiceSpec("Delta")]
    assert [c.text for c in finish_choices(flipped, "fact-1")] == [c.text for c in finished]


def passage(slug="cnn-story", position=3):
    return SimpleNamespace(article=SimpleNamespace(slug=slug), position=position)


def draft(**changes):
    fields = {
        "key": "k",
        "skill": "figures",
        "stem": "Stem?",
        "explanation": "Because.",
        "choices": [ChoiceSpec("A", is_correct=True), ChoiceSpec("B")],
        "citations": [CitationSpec(passage(), "words")],
        **changes,
    }
    return QuestionSpec(**fields)


def test_fingerprint_changes_with_anything_a_student_sees():
    same = draft().fingerprint()
    assert draft().fingerprint() == same and len(same) == 64
    for change in [
        {"stem": "Other?"},
        {"explanation": "Other."},
        {"difficulty": 3},
        {"kind": "ordering"},
        {"skill": "framing"},
        {"choices": [ChoiceSpec("A", is_correct=True), ChoiceSpec("C")]},
        {"choices": [ChoiceSpec("A"), ChoiceSpec("B", is_correct=True)]},
        {"choices": [ChoiceSpec("A", is_correct=True, feedback="Yes."), ChoiceSpec("B")]},
        {"choices": [ChoiceSpec("A", correct_position=1), ChoiceSpec("B", correct_position=2)]},
        # Find the evidence: the passage an option stands for is its answer key.
        {"choices": [ChoiceSpec("A", is_correct=True, passage=passage()), ChoiceSpec("B")]},
        {"citations": [CitationSpec(passage(position=4), "words")]},
        {"citations": [CitationSpec(passage(slug="bbc-story"), "words")]},
        {"citations": [CitationSpec(passage(), "other words")]},
        {"article_slugs": ["cnn-story"]},
        {"topic": "fact-x"},
    ]:
        assert draft(**change).fingerprint() != same, change
    # The order of the article slugs does not matter; the key is not content.
    assert draft(article_slugs=["a", "b"]).fingerprint() == (
        draft(article_slugs=["b", "a"]).fingerprint()
    )
    assert draft(key="other").fingerprint() == same


def bank(**fields):
    empty = {name: [] for name in EvidenceBank.__dataclass_fields__}
    return EvidenceBank(**{**empty, "passages": {}, **fields})


def test_bank_article_text_and_outlets():
    first = SimpleNamespace(text="First.")
    second = SimpleNamespace(text="Second.")
    cnn = SimpleNamespace(outlet=SimpleNamespace(key="cnn"), slug="cnn-story")
    evidence = bank(passages={"cnn-story": [first, second]}, articles=[cnn])
    assert evidence.article_text("cnn-story") == "First.\nSecond."
    assert evidence.outlet_article() == {"cnn": cnn}


def test_an_article_without_passages_has_no_text_rather_than_stopping_the_build():
    """An article whose passages are all gone (deleted in admin, or not imported yet) reads
    as empty text; the generators that search article text go on with the others."""
    cnn = SimpleNamespace(outlet=SimpleNamespace(key="cnn"), slug="cnn-story")
    assert bank(articles=[cnn]).article_text("cnn-story") == ""


def test_topic_links_only_to_topics_that_exist():
    evidence = bank()
    evidence.__dict__["topic_slugs"] = {"quotes-warning", "person-kirby", "fact-a-b"}
    kirby = SimpleNamespace(key="kirby")
    assert evidence.topic_if_exists("quotes", "warning") == "quotes-warning"
    assert evidence.topic_if_exists("fact", "a_b") == "fact-a-b"
    assert evidence.topic_if_exists("fact", "x") == ""
    quote = SimpleNamespace(topic="warning", speaker=kirby)
    assert evidence.topic_for_claim(quote) == "quotes-warning"
    person = SimpleNamespace(topic="other", speaker=kirby)
    assert evidence.topic_for_claim(person) == "person-kirby"
    nobody = SimpleNamespace(topic="other", speaker=None)
    assert evidence.topic_for_claim(nobody) == ""
