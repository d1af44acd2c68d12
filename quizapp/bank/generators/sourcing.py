"""Skill 4 — "How does the article support this?": the kind of source behind a quote.

The four answers are built to exclude each other: a person named (whether speaking,
writing or issuing a statement), an official left unnamed, another outlet's report, or
a body speaking as a whole with no person named. Claims a curator marked as unfit
(garbled attribution, words relayed second-hand) are left out.
"""

from quizapp.bank.generators.base import (
    ChoiceSpec,
    QuestionSpec,
    article_label,
    capitalized,
    cite,
    excluded,
    finish_choices,
    occasion_phrase,
    quoted,
    speaker_phrase,
    word_count,
)
from quizapp.bank.misreadings import Misreading
from quizapp.models import Claim, Passage, Skill

NAMED = "A named person, speaking or writing on the record"
UNNAMED = "An official the article does not name"
OUTLET = "Another news outlet's report"
BODY = "A statement by a government or group as a whole, with no person named"
CATEGORIES = (NAMED, UNNAMED, OUTLET, BODY)

WHY_NOT = {
    NAMED: "No person is named as the source of these words.",
    UNNAMED: "The source is not an official left unnamed.",
    OUTLET: "The article does not credit these words to another outlet's reporting.",
    BODY: "The words are not credited to a government or group as a whole.",
}


def misreading(wrong: str, correct: str) -> Misreading:
    """Taking a speaker for an outlet's report (or the reverse) confuses who said it with
    who reported it; the other confusions are about what kind of source speaks."""
    if OUTLET in (wrong, correct):
        return Misreading.SAID_VS_REPORTED
    return Misreading.SOURCE_KIND


def category(claim) -> str | None:
    """The one category that fits, or None for claims left out of this skill."""
    if (
        excluded(claim, Skill.SOURCING)
        or claim.passage.kind == Passage.Kind.HEADLINE
        or word_count(claim.quote) < 2
        or "spokes" in claim.speaker_text.lower()
    ):
        return None
    speaker = claim.speaker
    if claim.sourcing == Claim.Sourcing.OUTLET_REPORT:
        return OUTLET
    if speaker is not None and speaker.kind == "person":
        return NAMED
    if claim.sourcing == Claim.Sourcing.UNNAMED_OFFICIAL and speaker is None:
        return UNNAMED
    if claim.sourcing == Claim.Sourcing.OFFICIAL_STATEMENT and speaker is not None:
        return BODY
    return None


def generate(bank) -> list[QuestionSpec]:
    drafts = []
    for claim in bank.claims:
        correct = category(claim)
        if correct is None:
            continue
        article = claim.passage.article
        label = article_label(article)
        source = f"{speaker_phrase(claim)}{occasion_phrase(claim)}"
        choices = [
            ChoiceSpec(
                text,
                is_correct=text == correct,
                feedback=(
                    f"Yes: the article attributes the words to {source}."
                    if text == correct
                    else WHY_NOT[text]
                ),
                misreading=None if text == correct else misreading(text, correct),
            )
            for text in CATEGORIES
        ]
        drafts.append(
            QuestionSpec(
                key=f"sourcing:{claim.key}",
                skill=Skill.SOURCING,
                stem=f"{capitalized(label)} prints the words {quoted(claim.quote)}. What source does it give for them?",
                explanation=(
                    f"{capitalized(label)} attributes the words to {source}: "
                    f"{correct[0].lower()}{correct[1:]}. Who stands behind a quote tells you how much weight it can bear."
                ),
                choices=finish_choices(choices, claim.key),
                citations=[cite(claim)],
                difficulty=2 if correct in (NAMED, UNNAMED) else 3,
                article_slugs=[article.slug],
                topic=bank.topic_for_claim(claim),
            )
        )
    return drafts
