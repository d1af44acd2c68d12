"""Skill 4 — "How does the article support this?": the kind of source behind a quote.

Only claims whose sourcing is unambiguous are used: a named person quoted in a
statement or a post is both "named" and "written", so it is left out rather than
given a key a careful reader could dispute.
"""

import re

from ..models import Claim, Passage, Skill
from .base import (
    ChoiceDraft,
    QuestionDraft,
    article_label,
    capitalized,
    cite,
    finish_choices,
    quoted,
    word_count,
)

NAMED = "A named person, speaking on the record"
UNNAMED = "An official the article does not name"
OUTLET = "Another news outlet's report"
WRITTEN = "A written statement issued by a government or group"

CATEGORY = {
    Claim.Sourcing.ON_RECORD: NAMED,
    Claim.Sourcing.UNNAMED_OFFICIAL: UNNAMED,
    Claim.Sourcing.OUTLET_REPORT: OUTLET,
    Claim.Sourcing.OFFICIAL_STATEMENT: WRITTEN,
}

WHY_NOT = {
    NAMED: "The article names no one speaking on the record for these words.",
    UNNAMED: "The source is not an unnamed official.",
    OUTLET: "The article does not credit these words to another outlet's reporting.",
    WRITTEN: "The words are not from a written statement.",
}

WRITTEN_HINTS = re.compile(r"statement|wrote|posted|on X\b|tweet", re.IGNORECASE)


def category(claim) -> str | None:
    """The one category that fits, or None when more than one could be argued."""
    if claim.passage.kind == Passage.Kind.HEADLINE or word_count(claim.quote) < 2:
        return None
    speaker = claim.speaker
    if claim.sourcing == Claim.Sourcing.ON_RECORD:
        if speaker is None or speaker.kind != "person":
            return None
        if WRITTEN_HINTS.search(claim.passage.text) or WRITTEN_HINTS.search(claim.occasion):
            return None
        return NAMED
    if claim.sourcing == Claim.Sourcing.UNNAMED_OFFICIAL:
        return UNNAMED if speaker is None else None
    if claim.sourcing == Claim.Sourcing.OUTLET_REPORT:
        return OUTLET
    if claim.sourcing == Claim.Sourcing.OFFICIAL_STATEMENT:
        return WRITTEN if speaker is not None and speaker.kind == "organization" else None
    return None


def generate(bank) -> list[QuestionDraft]:
    drafts = []
    for claim in bank.claims:
        correct = category(claim)
        if correct is None:
            continue
        article = claim.passage.article
        label = article_label(article)
        occasion = f" ({claim.occasion})" if claim.occasion else ""
        choices = [
            ChoiceDraft(
                text,
                is_correct=text == correct,
                feedback=(
                    f"Yes: the article attributes the words to {claim.speaker_text}{occasion}."
                    if text == correct
                    else WHY_NOT[text]
                ),
            )
            for text in (NAMED, UNNAMED, OUTLET, WRITTEN)
        ]
        drafts.append(
            QuestionDraft(
                key=f"sourcing:{claim.key}",
                skill=Skill.SOURCING,
                stem=f"{capitalized(label)} prints the words {quoted(claim.quote)}. What source does it give for them?",
                explanation=(
                    f"{capitalized(label)} attributes the words to {claim.speaker_text}{occasion}: "
                    f"{correct[0].lower()}{correct[1:]}. Who stands behind a quote tells you how much weight it can bear."
                ),
                choices=finish_choices(choices, claim.key),
                citations=[cite(claim)],
                difficulty=2 if correct in (NAMED, UNNAMED) else 3,
                article_slugs=[article.slug],
            )
        )
    return drafts
