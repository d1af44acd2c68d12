"""The reading errors a wrong option embodies: a small vocabulary, in plain words.

Each generator tags every wrong option it builds with the misreading it chose it for
(it knows why: another person's real words, another outlet's number, a hedge read as
fact…). Instructors can tag hand-written options in admin. Students see the plain words
in their feedback, never before the feedback itself is shown; instructors see counts
per class and per student. docs/misreadings.md lists the vocabulary for teachers.
"""

from dataclasses import dataclass

from django.db import models


class Misreading(models.TextChoices):
    WRONG_OUTLET = "wrong_outlet", "Credited the report to an outlet that did not report it"
    HOST_FOR_OUTLET = "host_for_outlet", "Took the site hosting a copy for the outlet's own page"
    COPY_ORIGIN = "copy_origin", "Misread the clues to where a copy comes from"
    PAGE_FURNITURE = "page_furniture", "Took page furniture for reporting"
    OTHER_SPEAKER = "other_speaker", "Credited words to the wrong person"
    SAME_ARTICLE_SPEAKER = (
        "same_article_speaker",
        "Credited words to another person quoted in the same article",
    )
    ALTERED_QUOTE = "altered_quote", "Accepted an altered quotation"
    SAID_VS_REPORTED = "said_vs_reported", "Mixed up who said it with who reported it"
    SOURCE_KIND = "source_kind", "Mistook the kind of source behind a claim"
    HEDGE_FOR_FACT = "hedge_for_fact", "Took a hedged claim for a stated one"
    FACT_FOR_HEDGE = "fact_for_hedge", "Read a claim as less sure than the article makes it"
    OTHER_OUTLET_NUMBER = "other_outlet_number", "Took one outlet's number for another's"
    INVENTED_NUMBER = "invented_number", "Accepted a number no article gives"
    NUMBERS_COMPARED = "numbers_compared", "Misjudged whether outlets' numbers agree"
    NEAR_PASSAGE = "near_passage", "Took a passage on the same subject as evidence"
    EVENT_ORDER = "event_order", "Ordered events as they are told, not as they happened"


@dataclass(frozen=True)
class Explanation:
    misreading: Misreading
    plain: str  # what the student did, in the words the feedback uses
    practise: str  # what to practise next

    @property
    def label(self) -> str:
        return self.misreading.label


EXPLANATIONS = {
    e.misreading: e
    for e in [
        Explanation(
            Misreading.WRONG_OUTLET,
            "This outlet did not report this: the words come from another outlet's article.",
            "Before saying who reported something, find the sentence in that outlet's own article.",
        ),
        Explanation(
            Misreading.HOST_FOR_OUTLET,
            "This page is a copy hosted by another site, not the outlet's own page.",
            "Look at the edges of the page: credits, “originally appeared in” notes, "
            "links and forms that the outlet would not put there.",
        ),
        Explanation(
            Misreading.COPY_ORIGIN,
            "The page's own clues say it came from somewhere else than you chose.",
            "Find the line that gives the copy away (a republication note, inserted links, "
            "a comment form) before deciding where it comes from.",
        ),
        Explanation(
            Misreading.PAGE_FURNITURE,
            "This line is the outlet's reporting; the page furniture (an injected link, "
            "a caption, a site menu) is another line.",
            "Read each line and ask: did the reporter write this, or the website around it?",
        ),
        Explanation(
            Misreading.OTHER_SPEAKER,
            "These words are real, but someone else in the coverage said them.",
            "Look for the name next to the quotation marks before repeating a quote.",
        ),
        Explanation(
            Misreading.SAME_ARTICLE_SPEAKER,
            "These words are real, but another person in the same article said them.",
            "When an article quotes several people, check which name each quotation belongs to.",
        ),
        Explanation(
            Misreading.ALTERED_QUOTE,
            "These words look like the quotation, but they were changed, and the change "
            "alters the meaning.",
            "Compare a quotation word by word with the source, especially small words "
            "such as “not”, “never” and “will”.",
        ),
        Explanation(
            Misreading.SAID_VS_REPORTED,
            "You mixed up the person or body who said it with the outlet that reported it.",
            "Separate the two questions: who is speaking, and who is passing it on?",
        ),
        Explanation(
            Misreading.SOURCE_KIND,
            "The article gives a different kind of source: check whether a person is named, "
            "an official is left unnamed, or a body speaks as a whole.",
            "Read the attribution (“said”, “according to”) and name who stands behind the words.",
        ),
        Explanation(
            Misreading.HEDGE_FOR_FACT,
            "The article hedges (“suspected”, “widely believed”); it does not state this as fact.",
            "Watch for the small words that tell you how sure a report is.",
        ),
        Explanation(
            Misreading.FACT_FOR_HEDGE,
            "The article is surer than you read it: it says this in its own words, or at "
            "least names who is suspected.",
            "Tell the article's own statements apart from hedges and from what it leaves out.",
        ),
        Explanation(
            Misreading.OTHER_OUTLET_NUMBER,
            "That number is real, but another outlet gives it, not this one.",
            "Before quoting a number, check which outlet gives it and who it credits.",
        ),
        Explanation(
            Misreading.INVENTED_NUMBER,
            "No article gives this number.",
            "Find the number and its qualifier (“about”, “more than”) in the text itself.",
        ),
        Explanation(
            Misreading.NUMBERS_COMPARED,
            "Put the outlets' numbers side by side: they do not say what you chose.",
            "Line up each outlet's figure, with its qualifier, before saying they agree or differ.",
        ),
        Explanation(
            Misreading.NEAR_PASSAGE,
            "This passage is about the same events, but it does not say this.",
            "Look for the sentence that says the claim itself, not one on the same topic.",
        ),
        Explanation(
            Misreading.EVENT_ORDER,
            "The articles do not tell the events in the order they happened.",
            "Go by the dates the articles give, not by where an event appears in the text.",
        ),
    ]
}


def explain(value) -> Explanation | None:
    """The plain words for a stored tag, or None for an untagged (or correct) option."""
    if not value:
        return None
    try:
        return EXPLANATIONS[Misreading(value)]
    except ValueError:
        return None


ORDERING = "ordering"  # Question.Kind.ORDERING; a wrong order has no option to carry a tag


def of_answer(*, kind: str, is_correct: bool, choice_misreading: str | None) -> str | None:
    """The misreading behind one answer: the chosen option's tag; for a wrong order, the
    event-order misreading (the options of an ordering question are not wrong options)."""
    if is_correct:
        return None
    if kind == ORDERING:
        return Misreading.EVENT_ORDER.value
    return choice_misreading or None
