"""What every generator shares: the evidence it reads and the drafts it returns.

Generators are pure: they read an ``EvidenceBank`` (plain objects already fetched)
and return unsaved ``QuestionSpec`` objects. The same bank gives the same drafts in
the same order, so ``build_quizzes`` is deterministic.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from quizapp.bank.compare import all_topics, topic_slug
from quizapp.common.numbers import numbers_in_corpus
from quizapp.common.text import (  # noqa: F401  (the generators' shared vocabulary, imported from here)
    article_label,
    capitalized,
    excluded,
    normalize,
    quoted,
    stable_order,
    word_count,
    words_overlap,
)


@dataclass(frozen=True)
class CitationSpec:
    passage: object  # Passage
    quote: str

    def as_data(self):
        return [self.passage.article.slug, self.passage.position, self.quote]


@dataclass
class ChoiceSpec:
    text: str
    is_correct: bool = False
    feedback: str = ""
    correct_position: int | None = None
    citations: list[CitationSpec] = field(default_factory=list)
    passage: object = None  # find-the-evidence: the passage this choice stands for
    misreading: str | None = None  # wrong options: the Misreading it embodies

    def as_data(self):
        return [
            self.misreading,
            [self.passage.article.slug, self.passage.position] if self.passage else None,
            self.text,
            self.is_correct,
            self.feedback,
            self.correct_position,
            [c.as_data() for c in self.citations],
        ]


@dataclass
class QuestionSpec:
    key: str
    skill: str
    stem: str
    explanation: str
    choices: list[ChoiceSpec]
    citations: list[CitationSpec]
    difficulty: int = 2
    kind: str = "single_choice"
    article_slugs: list[str] = field(default_factory=list)
    topic: str = ""

    def fingerprint(self) -> str:
        data = [
            self.skill,
            self.kind,
            self.stem,
            self.explanation,
            self.difficulty,
            [c.as_data() for c in self.choices],
            [c.as_data() for c in self.citations],
            sorted(self.article_slugs),
            self.topic,
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@dataclass
class EvidenceBank:
    """Everything generators read, fetched once. Lists are in a stable order."""

    outlets: list  # Outlet
    articles: list  # Article, with .outlet
    passages: dict  # slug -> [Passage]
    persons: list
    claims: list  # Claim, with passage.article.outlet and speaker
    figures: list
    events: list  # Event, with prefetched citations
    facts: list  # Fact, with prefetched citations
    framings: list
    clues: list
    story: object = None  # Story: every list above is about this one story

    def article_text(self, slug: str) -> str:
        return "\n".join(p.text for p in self.passages.get(slug, []))

    def outlet_article(self):
        """One article per outlet (the first by slug), to name the outlet's reporting."""
        chosen = {}
        for article in self.articles:
            chosen.setdefault(article.outlet.key, article)
        return chosen

    def outlet_articles(self) -> dict:
        """Every article of the story, grouped by outlet key."""
        grouped = defaultdict(list)
        for article in self.articles:
            grouped[article.outlet.key].append(article)
        return dict(grouped)

    def reviewed_outlets(self) -> set[str]:
        """Outlets every article of which has had its coverage reviewed. Only these may be
        said not to report something: for an unreviewed article, "no passage linked to the
        fact" means nobody has looked, not that the outlet was silent."""
        return {
            key
            for key, articles in self.outlet_articles().items()
            if all(a.coverage_reviewed for a in articles)
        }

    @cached_property
    def topic_slugs(self) -> set[str]:
        """The compare-coverage topics that exist, so questions link only to real ones
        (worked out once per bank, i.e. once per build). Unprefixed: generators name
        topics as if the story were the only one; build_quizzes adds the prefix."""
        prefix = self.story.key_prefix if self.story else ""
        return {topic.slug.removeprefix(prefix) for topic in all_topics(self)}

    @cached_property
    def corpus_numbers(self):
        """Every number the articles give (read once per bank, not once per figure)."""
        return numbers_in_corpus(self)

    def topic_for_claim(self, claim) -> str:
        for slug in (
            topic_slug("quotes", claim.topic),
            topic_slug("person", claim.speaker.key if claim.speaker else ""),
        ):
            if slug in self.topic_slugs:
                return slug
        return ""

    def topic_if_exists(self, kind: str, key: str) -> str:
        slug = topic_slug(kind, key)
        return slug if slug in self.topic_slugs else ""


PRONOUNS = {"he", "she", "they", "it", "we", "the leaders", "the official"}


def speaker_phrase(claim) -> str:
    """Who is quoted, as a phrase that reads inside a sentence: the text's own words,
    lower-cased after a leading article, or the named body when the text says "they"."""
    text = claim.speaker_text.strip()
    if claim.speaker and text.lower() in PRONOUNS - {"the official"}:
        return claim.speaker.name
    first, _, rest = text.partition(" ")
    if first in {"A", "An", "The", "One"}:
        return f"{first.lower()} {rest}"
    return text


SENTENCE_STARTS = {
    "In",
    "On",
    "At",
    "After",
    "During",
    "Following",
    "Told",
    "Said",
    "Wrote",
    "Reported",
    "Earlier",
}


def occasion_phrase(claim) -> str:
    """The occasion in parentheses, or nothing. A leading "In"/"On"… is lower-cased to
    read inside a sentence; names and days ("Sunday morning") keep their capital."""
    occasion = claim.occasion.strip()
    if not occasion:
        return ""
    first, _, rest = occasion.partition(" ")
    if first in SENTENCE_STARTS:
        occasion = f"{first.lower()} {rest}".strip()
    return f" ({occasion})"


def cite(obj) -> CitationSpec:
    return CitationSpec(obj.passage, obj.quote)


def finish_choices(choices: list[ChoiceSpec], salt: str) -> list[ChoiceSpec]:
    """Put the options in a stable order that does not always show the answer first."""
    return stable_order(choices, salt, key=lambda c: c.text)
