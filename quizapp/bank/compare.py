"""Compare coverage: for each thing the evidence covers, what each outlet's article says
about it, and whether the outlets agree, disagree or stay silent.

Topics and verdicts are computed from the evidence (facts, figures, claims, framing),
never written per topic; only the titles of quotation topics come from a fixture
(fixtures/evidence/topics.json), since a topic key is not a sentence.
"""

import difflib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from quizapp.common.numbers import overlaps, value_range
from quizapp.common.text import article_label, excluded, normalize
from quizapp.models import Framing


def topic_slug(kind: str, key: str) -> str:
    """The one way a topic's slug is written: the generators link questions to it."""
    return f"{kind}-{key.replace('_', '-')}"


FRAMING_TOPIC = topic_slug("framing", "april-1-strike")


@dataclass
class Mention:
    text: str  # what the outlet says, verbatim
    passage: object
    note: str = ""  # attribution, qualifier or occasion

    @property
    def url(self):
        return self.passage.highlight_url(self.text)


@dataclass
class Coverage:
    """One outlet's column: what its articles on the story say about a topic."""

    outlet: object
    articles: list
    mentions: list = field(default_factory=list)
    near_miss: str = ""

    @property
    def article(self):
        return self.articles[0]

    @property
    def reviewed(self):
        """Every article of the outlet has had its coverage reviewed by an instructor."""
        return all(a.coverage_reviewed for a in self.articles)

    @property
    def silent(self):
        """Says nothing about it — known only once the coverage was reviewed."""
        return not self.mentions and self.reviewed

    @property
    def unreviewed(self):
        """Nothing linked yet, and nobody has checked: not the same as silent."""
        return not self.mentions and not self.reviewed


@dataclass
class Topic:
    slug: str
    kind: str  # figure | fact | quotes | person | framing
    title: str
    coverage: list
    verdict: str  # agree | disagree | differ | quoted | one outlet
    summary: str
    notes: list = field(default_factory=list)

    @property
    def reporting(self):
        return [c for c in self.coverage if c.mentions]

    @property
    def silent(self):
        return [c for c in self.coverage if c.silent]

    @property
    def unreviewed(self):
        return [c for c in self.coverage if c.unreviewed]


KIND_LABELS = {
    "figure": "Numbers",
    "framing": "Framing",
    "person": "What one person said, and where",
    "quotes": "Statements quoted by several outlets",
    "fact": "Reported facts",
}


def quote_topic_titles() -> dict:
    path = Path(settings.BASE_DIR) / "fixtures" / "evidence" / "topics.json"
    if not path.exists():
        return {}
    return {row["key"]: row["title"] for row in json.loads(path.read_text(encoding="utf-8"))}


def _coverage(bank, mentions_by_outlet, near=None):
    """One column per outlet (several articles of one outlet share it), by outlet name."""
    near = near or {}
    by_outlet = bank.outlet_articles()
    return [
        Coverage(
            articles[0].outlet,
            articles,
            mentions_by_outlet.get(key, []),
            near.get(key, ""),
        )
        for key, articles in sorted(by_outlet.items(), key=lambda item: item[1][0].outlet.name)
    ]


def _silence(coverage) -> str:
    silent = [c.outlet.name for c in coverage if c.silent]
    unreviewed = [c.outlet.name for c in coverage if c.unreviewed]
    return (f" Silent: {', '.join(silent)}." if silent else "") + (
        f" Not yet reviewed: {', '.join(unreviewed)}." if unreviewed else ""
    )


def figure_topics(bank):
    by_measure = defaultdict(list)
    for figure in bank.figures:
        by_measure[figure.measure].append(figure)
    for measure, figures in sorted(by_measure.items()):
        outlets = {f.passage.article.outlet.key for f in figures}
        if len(outlets) < 2:
            continue
        mentions = defaultdict(list)
        for f in figures:
            note = f"{f.qualifier} {f.value_text}".strip()
            if f.attributed_to:
                note += f" — attributed to “{f.attributed_to}”"
            if excluded(f, "figures"):
                note += ". Not counted as this outlet's own figure: read the passage for why."
            mentions[f.passage.article.outlet.key].append(Mention(f.quote, f.passage, note))
        numeric = [f for f in figures if f.value is not None and not excluded(f, "figures")]
        ranges = [value_range(f.qualifier, f.value) for f in numeric]
        clash = [
            (a, b)
            for i, a in enumerate(numeric)
            for b in numeric[i + 1 :]
            if a.passage.article_id != b.passage.article_id
            and not overlaps(ranges[numeric.index(a)], ranges[numeric.index(b)])
        ]
        coverage = _coverage(bank, mentions)
        if clash:
            a, b = clash[0]
            verdict = "disagree"
            summary = (
                f"The outlets disagree: {article_label(a.passage.article)} gives “{a.quote}”, "
                f"{article_label(b.passage.article)} gives “{b.quote}”."
            )
        else:
            verdict = "agree"
            summary = "The figures are consistent with each other (read the qualifiers)."
        yield Topic(
            slug=topic_slug("figure", measure),
            kind="figure",
            title=f"How many: {figures[0].measure_label}",
            coverage=coverage,
            verdict=verdict,
            summary=summary + _silence(coverage),
        )


def fact_topics(bank):
    for fact in bank.facts:
        mentions = defaultdict(list)
        for c in fact.citations.all():
            mentions[c.passage.article.outlet.key].append(Mention(c.quote, c.passage))
        near = {m["outlet"]: m["note"] for m in fact.near_misses if m.get("outlet")}
        coverage = _coverage(bank, mentions, near)
        count = len([c for c in coverage if c.mentions])
        yield Topic(
            slug=topic_slug("fact", fact.key),
            kind="fact",
            title=fact.statement,
            coverage=coverage,
            verdict="agree" if count > 1 else "one outlet",
            summary=(
                f"{count} of {len(coverage)} outlets report this, each in its own words."
                if count > 1
                else "Only one outlet reports this."
            )
            + _silence(coverage),
        )


def _claim_mention(claim):
    note = claim.speaker_text + (f" ({claim.occasion})" if claim.occasion else "")
    return Mention(claim.quote, claim.passage, note)


SAME_STATEMENT = 0.6  # similarity above which two different quotes are one statement


def _wording_note(claims) -> list[str]:
    """Say so when two outlets quote the same statement in different words: the quotes
    are alike (most of the words in the same order) but neither contains the other."""
    notes = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.passage.article_id == b.passage.article_id:
                continue
            x, y = normalize(a.quote), normalize(b.quote)
            if x in y or y in x:
                continue
            if difflib.SequenceMatcher(None, x, y).ratio() >= SAME_STATEMENT:
                notes.append(
                    f"The same statement in different words: {article_label(a.passage.article)} "
                    f"quotes “{a.quote}”; {article_label(b.passage.article)} quotes “{b.quote}”. "
                    "A quotation mark promises the speaker's exact words; when two copies "
                    "disagree, at least one is a translation or paraphrase."
                )
    return notes


def quote_topics(bank):
    titles = quote_topic_titles()
    by_topic = defaultdict(list)
    for claim in bank.claims:
        if claim.topic:
            by_topic[claim.topic].append(claim)
    for key, claims in sorted(by_topic.items()):
        if len({c.passage.article.outlet.key for c in claims}) < 2:
            continue
        mentions = defaultdict(list)
        for claim in claims:
            mentions[claim.passage.article.outlet.key].append(_claim_mention(claim))
        coverage = _coverage(bank, mentions)
        notes = _wording_note(claims)
        yield Topic(
            slug=topic_slug("quotes", key),
            kind="quotes",
            title=titles.get(key, key.replace("-", " ").capitalize()),
            coverage=coverage,
            verdict="differ" if notes else "quoted",
            summary=(
                f"Quoted by {len([c for c in coverage if c.mentions])} outlets."
                + (" The wording differs." if notes else "")
                + _silence(coverage)
            ),
            notes=notes,
        )


def person_topics(bank):
    by_person = defaultdict(list)
    for claim in bank.claims:
        if claim.speaker and claim.speaker.kind == "person":
            by_person[claim.speaker].append(claim)
    for person, claims in sorted(by_person.items(), key=lambda item: item[0].key):
        outlets = {c.passage.article.outlet.key for c in claims}
        if len(outlets) < 2:
            continue
        mentions = defaultdict(list)
        occasions = defaultdict(set)
        for claim in claims:
            outlet = claim.passage.article.outlet.key
            mentions[outlet].append(_claim_mention(claim))
            if claim.occasion:
                occasions[outlet].add(claim.occasion)
        coverage = _coverage(bank, mentions)
        notes = []
        if len({frozenset(v) for v in occasions.values()}) > 1:
            listed = "; ".join(
                f"{c.outlet.name}: {', '.join(sorted(occasions[c.outlet.key]))}"
                for c in coverage
                if occasions.get(c.outlet.key)
            )
            notes.append(f"The outlets quote {person.name} from different occasions — {listed}.")
        yield Topic(
            slug=topic_slug("person", person.key),
            kind="person",
            title=f"What {person.name} said, and where",
            coverage=coverage,
            verdict="differ" if notes else "quoted",
            summary=f"{len(outlets)} outlets quote {person.name}." + _silence(coverage),
            notes=notes,
        )


def framing_topics(bank):
    mentions = defaultdict(list)
    stances = {}
    for framing in bank.framings:
        outlet = framing.passage.article.outlet.key
        mentions[outlet].append(
            Mention(framing.quote, framing.passage, framing.get_stance_display())
        )
        if framing.is_primary:
            stances[outlet] = framing.stance
    if not mentions:
        return
    coverage = _coverage(bank, mentions)
    fact = [
        c.outlet.name
        for c in coverage
        if stances.get(c.outlet.key) == Framing.Stance.STATED_AS_FACT
    ]
    hedge = [c.outlet.name for c in coverage if stances.get(c.outlet.key) == Framing.Stance.HEDGED]
    yield Topic(
        slug=FRAMING_TOPIC,
        kind="framing",
        title="Who carried out the April 1 strike in Damascus?",
        coverage=coverage,
        verdict="disagree" if fact and hedge else "agree",
        summary=(
            f"States it as Israel's strike: {', '.join(fact) or 'none'}. "
            f"Hedges (“suspected”, “widely believed”): {', '.join(hedge) or 'none'}."
            + _silence(coverage)
        ),
    )


def all_topics(bank) -> list[Topic]:
    """Every topic of the bank's story. Slugs of stories other than the seed carry the
    story's prefix, so a topic slug names one story's topic wherever it is linked."""
    topics = [
        *figure_topics(bank),
        *framing_topics(bank),
        *person_topics(bank),
        *quote_topics(bank),
        *fact_topics(bank),
    ]
    prefix = bank.story.key_prefix if bank.story else ""
    for topic in topics:
        topic.slug = f"{prefix}{topic.slug}"
    return topics


def grouped(topics):
    groups = defaultdict(list)
    for topic in topics:
        groups[topic.kind].append(topic)
    return [(KIND_LABELS[kind], groups[kind]) for kind in KIND_LABELS if groups.get(kind)]
