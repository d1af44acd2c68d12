"""Skill 3 — "What did X say?": wrong options are other people's real words, or the
quote altered so that its meaning changes."""

import re

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
    stable_order,
    word_count,
    words_overlap,
)
from quizapp.bank.misreadings import Misreading
from quizapp.models import Claim, Skill

MIN_WORDS = 5

# Edits that reverse what a quote says. Every occurrence is changed, so a quote with two
# negations stays coherent ("We don't seek … We don't seek …" → "We do seek … We do seek …").
# A quote none of these fit gets no altered option rather than an ungrammatical one.
REVERSALS = [
    (r"\bnever be any kind of\b", "always be"),
    (r"\bdon’t\b", "do"),
    (r"\bdon't\b", "do"),
    (r"\bwon’t\b", "will"),
    (r"\bwon't\b", "will"),
    (r"\bwill not\b", "will"),
    (r"\bwould not\b", "would"),
    (r"\bnever\b", "always"),
    (r"\bWe are committed\b", "We are not committed"),
    (r"\bironclad\b", "conditional"),
]


def reverse_meaning(quote: str) -> str | None:
    altered = quote
    for pattern, replacement in REVERSALS:
        altered = re.sub(pattern, replacement, altered)
    return altered if altered != quote else None


def said_by(bank, person_id, text) -> bool:
    return any(c.speaker_id == person_id and words_overlap(c.quote, text) for c in bank.claims)


def generate(bank) -> list[QuestionSpec]:
    drafts = []
    candidates = [
        c
        for c in bank.claims
        if c.sourcing == Claim.Sourcing.ON_RECORD
        and c.speaker
        and c.speaker.kind == "person"
        and word_count(c.quote) >= MIN_WORDS
        and not excluded(c, Skill.CLAIM_RECALL)
    ]
    for claim in candidates:
        others = [
            c
            for c in bank.claims
            if c.speaker_id
            and c.speaker_id != claim.speaker_id
            and word_count(c.quote) >= MIN_WORDS
            and not excluded(c, Skill.CLAIM_RECALL)
            and not words_overlap(c.quote, claim.quote)
            and not said_by(bank, claim.speaker_id, c.quote)
            and not any(
                u.speaker_id is None and words_overlap(u.quote, c.quote) for u in bank.claims
            )
        ]
        # Prefer options of similar length so the answer does not stand out.
        others = sorted(
            stable_order(others, claim.key, key=lambda c: c.key),
            key=lambda c: abs(word_count(c.quote) - word_count(claim.quote)),
        )
        wrong_quotes = []
        for other in others:
            if all(not words_overlap(other.quote, w.quote) for w in wrong_quotes):
                wrong_quotes.append(other)
            if len(wrong_quotes) == 2:
                break
        altered = reverse_meaning(claim.quote)
        if len(wrong_quotes) < 2:
            continue
        article = claim.passage.article
        label = article_label(article)
        name = claim.speaker.name
        choices = [
            ChoiceSpec(
                quoted(claim.quote),
                is_correct=True,
                feedback=f"Yes: these are {name}'s words as {label} quotes them.",
            ),
            *[
                ChoiceSpec(
                    quoted(other.quote),
                    feedback=(
                        f"These are real words, but {article_label(other.passage.article)} "
                        f"attributes them to {speaker_phrase(other)}, not to {name}."
                    ),
                    citations=[cite(other)],
                    misreading=(
                        Misreading.SAME_ARTICLE_SPEAKER
                        if other.passage.article_id == article.id
                        else Misreading.OTHER_SPEAKER
                    ),
                )
                for other in wrong_quotes
            ],
        ]
        if altered and not said_by(bank, claim.speaker_id, altered):
            choices.append(
                ChoiceSpec(
                    quoted(altered),
                    feedback=(
                        "Close, but altered: the real quote says "
                        f"{quoted(claim.quote)}. The change reverses its meaning."
                    ),
                    misreading=Misreading.ALTERED_QUOTE,
                )
            )
        occasion = claim.occasion
        where = f" {occasion}" if re.match(r"(on|in|at|during) ", occasion or "") else ""
        drafts.append(
            QuestionSpec(
                key=f"claim_recall:{claim.key}",
                skill=Skill.CLAIM_RECALL,
                stem=f"According to {label}, what did {name} say{where}?",
                explanation=(
                    f"{capitalized(label)} quotes {speaker_phrase(claim)}{occasion_phrase(claim)}: "
                    f"{quoted(claim.quote)}."
                ),
                choices=finish_choices(choices, claim.key),
                citations=[cite(claim)],
                difficulty=3 if altered else 2,
                article_slugs=[article.slug],
                topic=bank.topic_for_claim(claim),
            )
        )
    return drafts
