"""Finding evidence — the learner is shown a claim and an article and picks the passage
that supports it (or that gives a different number). Every passage of the article's
reporting is a choice; every passage the evidence cites for the claim is correct, so a
second passage saying the same thing is never marked wrong. Only a coverage-reviewed
article is searched: in an unreviewed one, an unlinked passage may well say it too."""

from collections import defaultdict

from quizapp.bank.generators.base import (
    ChoiceSpec,
    CitationSpec,
    QuestionSpec,
    article_label,
    capitalized,
    cite,
    excluded,
    quoted,
    stable_order,
)
from quizapp.bank.generators.figures import numeric
from quizapp.bank.misreadings import Misreading
from quizapp.common.numbers import overlaps, value_range
from quizapp.models import Passage, Skill

MAX_CORRECT = 3  # a claim half the article supports is no search


def reporting(passages):
    return [p for p in passages if p.kind == Passage.Kind.REPORTING]


def passage_choices(passages, correct_ids, feedback_right, feedback_wrong):
    return [
        ChoiceSpec(
            p.text.strip(),
            is_correct=p.id in correct_ids,
            feedback=feedback_right if p.id in correct_ids else feedback_wrong,
            passage=p,
            misreading=None if p.id in correct_ids else Misreading.NEAR_PASSAGE,
        )
        for p in passages
    ]


def fact_question(fact, bank) -> QuestionSpec | None:
    by_article = defaultdict(list)
    for c in fact.citations.all():
        if c.passage.kind == Passage.Kind.REPORTING and c.passage.article.coverage_reviewed:
            by_article[c.passage.article.slug].append(c)
    if not by_article:
        return None
    slug = stable_order(sorted(by_article), f"find:{fact.key}")[0]
    cites = by_article[slug]
    correct = {c.passage.id for c in cites}
    passages = reporting(bank.passages[slug])
    if len(correct) > MAX_CORRECT or len(passages) < 4:
        return None
    article = passages[0].article
    label = article_label(article)
    return QuestionSpec(
        key=f"find_evidence:fact:{fact.key}",
        skill=Skill.FIND_EVIDENCE,
        kind="find_evidence",
        stem=f"Find the evidence: which passage of {label} supports this? {fact.statement}",
        explanation=(
            f"{capitalized(label)} says it in "
            + ("this passage" if len(correct) == 1 else f"{len(correct)} passages")
            + ": "
            + "; ".join(quoted(c.quote) for c in cites)
            + ". Other passages may be about the same events without saying this."
        ),
        choices=passage_choices(
            passages,
            correct,
            "Yes: this passage says it.",
            "This passage does not say it. Look for the words that do.",
        ),
        citations=[CitationSpec(c.passage, c.quote) for c in cites],
        difficulty=3 if len(passages) > 25 else 2,
        article_slugs=[slug],
        topic=bank.topic_if_exists("fact", fact.key),
    )


def contradiction_questions(bank):
    """Two outlets give numbers for the same thing that cannot both be right: find the
    passage in the second article that gives a different number."""
    by_measure = defaultdict(list)
    for figure in numeric(bank.figures):
        by_measure[figure.measure].append(figure)
    for measure, figures in sorted(by_measure.items()):
        for a in figures:
            for b in figures:
                if a.passage.article_id == b.passage.article_id:
                    continue
                if not b.passage.article.coverage_reviewed:
                    continue
                if overlaps(value_range(a.qualifier, a.value), value_range(b.qualifier, b.value)):
                    continue
                same = [f for f in figures if f.passage.article_id == b.passage.article_id]
                correct = {f.passage.id for f in same}
                passages = reporting(bank.passages[b.passage.article.slug])
                la, lb = article_label(a.passage.article), article_label(b.passage.article)
                yield QuestionSpec(
                    key=f"find_evidence:differs:{a.key}:{b.key}",
                    skill=Skill.FIND_EVIDENCE,
                    kind="find_evidence",
                    stem=(
                        f"{capitalized(la)} gives {quoted(a.quote)} for the {a.measure_label}. "
                        f"Which passage of {lb} gives a different number?"
                    ),
                    explanation=(
                        f"{capitalized(lb)}: {quoted(b.quote)}. The two figures cannot both be exact: "
                        "when outlets disagree, look at whom each credits for its number."
                    ),
                    choices=passage_choices(
                        passages,
                        correct,
                        "Yes: this passage gives a different number.",
                        "This passage gives no number for this.",
                    ),
                    citations=[cite(a), cite(b)],
                    difficulty=2,
                    article_slugs=[b.passage.article.slug],
                    topic=bank.topic_if_exists("figure", measure),
                )


def generate(bank) -> list[QuestionSpec]:
    drafts = [
        d
        for fact in bank.facts
        if not excluded(fact, Skill.FIND_EVIDENCE)
        if (d := fact_question(fact, bank))
    ]
    drafts += list(contradiction_questions(bank))
    return drafts
