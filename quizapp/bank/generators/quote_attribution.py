"""Skill 2 — "Who said …?": a named person's words; the wrong options never said them."""

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

MIN_WORDS = 4


def generate(bank) -> list[QuestionSpec]:
    on_record = [
        c
        for c in bank.claims
        if c.sourcing == Claim.Sourcing.ON_RECORD and c.speaker and c.speaker.kind == "person"
    ]
    speakers = sorted({c.speaker for c in on_record}, key=lambda p: p.key)
    drafts = []
    for claim in on_record:
        if word_count(claim.quote) < MIN_WORDS or excluded(claim, Skill.QUOTE_ATTRIBUTION):
            continue
        same_words = [c for c in bank.claims if words_overlap(c.quote, claim.quote)]
        if any(c.speaker_id is None for c in same_words):
            # An unnamed source said these words too: any named option might be them.
            continue
        sayers = {c.speaker_id for c in same_words}
        pool = [p for p in speakers if p.id not in sayers]
        if len(pool) < 3:
            continue
        wrong = stable_order(pool, claim.key, key=lambda p: p.key)[:3]
        article = claim.passage.article
        quoted_here = {c.speaker_id for c in on_record if c.passage.article_id == article.id}
        label = article_label(article)
        occasion = occasion_phrase(claim)
        who = speaker_phrase(claim)
        choices = [
            ChoiceSpec(
                claim.speaker.name,
                is_correct=True,
                feedback=f"Yes: {label} attributes these words to {who}{occasion}.",
            ),
            *[
                ChoiceSpec(
                    person.name,
                    feedback=f"{person.name} is not quoted saying these words in any of the articles on this story.",
                    misreading=(
                        Misreading.SAME_ARTICLE_SPEAKER
                        if person.id in quoted_here
                        else Misreading.OTHER_SPEAKER
                    ),
                )
                for person in wrong
            ],
        ]
        drafts.append(
            QuestionSpec(
                key=f"quote_attribution:{claim.key}",
                skill=Skill.QUOTE_ATTRIBUTION,
                stem=f"In {label}, who is quoted saying {quoted(claim.quote)}?",
                explanation=(
                    f"{capitalized(label)} attributes these words to {who}{occasion}. "
                    "Check who is speaking before you repeat a quote."
                ),
                choices=finish_choices(choices, claim.key),
                citations=[cite(claim)],
                difficulty=1 if word_count(claim.quote) > 12 else 2,
                article_slugs=[article.slug],
                topic=bank.topic_for_claim(claim),
            )
        )
    return drafts
