"""Skill 5 — numbers across outlets: what figure an outlet gives, and whether outlets agree.

Figures are compared as ranges (quizapp/common/numbers.py), so that a wrong option is never a
number the article's own figure would allow.
"""

from collections import defaultdict
from decimal import Decimal

from quizapp.bank.generators.base import (
    ChoiceSpec,
    QuestionSpec,
    article_label,
    capitalized,
    cite,
    excluded,
    finish_choices,
    quoted,
    stable_order,
)
from quizapp.bank.misreadings import Misreading
from quizapp.common.numbers import overlaps, value_range
from quizapp.models import Skill

SHOWN_QUALIFIER = {"a dozen or so": "about", "About": "about"}
NOT_COUNTS = ("how ", "length", "share")


def shown(qualifier: str, value: Decimal) -> str:
    """A figure as an option: digits, with its qualifier ("about 300", "more than 100")."""
    number = f"{value.normalize():f}"
    return f"{SHOWN_QUALIFIER.get(qualifier, qualifier)} {number}".strip()


def numeric(figures):
    return [
        f
        for f in figures
        if f.value is not None
        and f.value > 1
        and not excluded(f, Skill.FIGURES)
        and not f.measure_label.lower().startswith(NOT_COUNTS)
    ]


def nice(value: Decimal) -> Decimal:
    """Round a made-up number the way a reporter would: to 5 or 10 when it is large."""
    step = Decimal(10) if value >= 100 else Decimal(5) if value >= 20 else Decimal(1)
    return (value / step).quantize(Decimal(1)) * step


def attribution(figure) -> str:
    return f" (the article's attribution: “{figure.attributed_to}”)" if figure.attributed_to else ""


def value_question(figure, same_measure, bank) -> QuestionSpec | None:
    article = figure.passage.article
    label = article_label(article)
    # Every figure this article gives for the measure: none may become a wrong answer.
    own_ranges = [
        value_range(f.qualifier, f.value)
        for f in same_measure
        if f.passage.article_id == article.id
    ]
    correct_text = shown(figure.qualifier, figure.value)
    wrong = []
    for other in same_measure:
        if other.passage.article_id == article.id:
            continue
        rng = value_range(other.qualifier, other.value)
        text = shown(other.qualifier, other.value)
        if not any(overlaps(rng, r) for r in own_ranges) and text not in {w[0] for w in wrong}:
            wrong.append(
                (
                    text,
                    f"That is {article_label(other.passage.article)}'s figure "
                    f"({quoted(other.quote)}), not this article's.",
                    [cite(other)],
                    Misreading.OTHER_OUTLET_NUMBER,
                )
            )
    taken = bank.corpus_numbers
    candidates = stable_order(["0.4", "0.6", "0.7", "1.5", "1.7", "2.5", "3"], figure.key)
    for factor in candidates:
        if len(wrong) >= 3:
            break
        number = nice(figure.value * Decimal(factor))
        rng = value_range(figure.qualifier, number)
        text = shown(figure.qualifier, number)
        if (
            number < 2
            or number in taken
            or text in {w[0] for w in wrong} | {correct_text}
            or any(overlaps(rng, value_range(f.qualifier, f.value)) for f in same_measure)
        ):
            continue
        wrong.append((text, "No article gives this number.", [], Misreading.INVENTED_NUMBER))
    if len(wrong) < 2:
        return None
    choices = [
        ChoiceSpec(correct_text, is_correct=True, feedback=f"Yes: {quoted(figure.quote)}."),
        *[
            ChoiceSpec(text, feedback=why, citations=cites, misreading=misreading)
            for text, why, cites, misreading in wrong[:3]
        ],
    ]
    others = [f for f in same_measure if f.passage.article_id != article.id]
    comparison = ""
    if others:
        listed = "; ".join(f"{article_label(f.passage.article)}: {quoted(f.quote)}" for f in others)
        comparison = f" Other outlets: {listed}."
    return QuestionSpec(
        key=f"figures:value:{figure.key}",
        skill=Skill.FIGURES,
        stem=f"What number does {label} give for the {figure.measure_label}?",
        explanation=(
            f"{capitalized(label)} says {quoted(figure.quote)}{attribution(figure)}.{comparison}"
            + (
                " Read the qualifier too: “about”, “more than” and “up to” are part of the figure."
                if any(f.qualifier for f in same_measure)
                else ""
            )
        ),
        choices=finish_choices(choices, figure.key),
        citations=[cite(figure)],
        difficulty=2 if others else 1,
        article_slugs=[article.slug],
        topic=bank.topic_if_exists("figure", figure.measure),
    )


def agreement_question(measure, figures, bank) -> QuestionSpec | None:
    """Two outlets give a number for the same thing: do they agree?"""
    by_outlet = {}
    for figure in figures:
        by_outlet.setdefault(figure.passage.article.outlet.key, figure)
    if len(by_outlet) != 2:
        return None
    a, b = sorted(by_outlet.values(), key=lambda f: f.passage.article.outlet.name)
    ra, rb = value_range(a.qualifier, a.value), value_range(b.qualifier, b.value)
    exact_same = ra == rb
    disjoint = not overlaps(ra, rb)
    if not (exact_same or disjoint):
        return None  # "about 300" vs "more than 300": neither yes nor no is clean
    la, lb = article_label(a.passage.article), article_label(b.passage.article)
    text_a = shown(a.qualifier, a.value)
    text_b = shown(b.qualifier, b.value)
    agree = f"They agree: both give {text_a}" if exact_same else None
    differ = f"They differ: {la} says {text_a}, {lb} says {text_b}"
    options = []
    if exact_same:
        options.append(
            ChoiceSpec(agree, is_correct=True, feedback="Yes: both give the same number.")
        )
        options.append(
            ChoiceSpec(
                f"They differ: {la} gives a larger number than {lb}",
                feedback="No: both give the same number.",
                misreading=Misreading.NUMBERS_COMPARED,
            )
        )
    else:
        options.append(
            ChoiceSpec(differ, is_correct=True, feedback="Yes: the numbers do not match.")
        )
        options.append(
            ChoiceSpec(
                f"They agree: both give {text_a}",
                feedback=f"No: {lb} says {quoted(b.quote)}.",
                misreading=Misreading.OTHER_OUTLET_NUMBER,
            )
        )
        options.append(
            ChoiceSpec(
                f"They agree: both give {text_b}",
                feedback=f"No: {la} says {quoted(a.quote)}.",
                misreading=Misreading.OTHER_OUTLET_NUMBER,
            )
        )
    options.append(
        ChoiceSpec(
            f"Only {la} gives a number for this",
            feedback=f"No: {lb} gives one too: {quoted(b.quote)}.",
            misreading=Misreading.NUMBERS_COMPARED,
        )
    )
    label = a.measure_label
    return QuestionSpec(
        key=f"figures:agree:{measure}",
        skill=Skill.FIGURES,
        stem=(f"Do {la} and {lb} agree on the {label}?"),
        explanation=(
            f"{capitalized(la)}: {quoted(a.quote)}. {capitalized(lb)}: {quoted(b.quote)}. "
            + (
                "Same number, from different reporting."
                if exact_same
                else "When outlets disagree on a number, look at who each credits for it."
            )
        ),
        choices=finish_choices(options, measure),
        citations=[cite(a), cite(b)],
        difficulty=3,
        article_slugs=[a.passage.article.slug, b.passage.article.slug],
        topic=bank.topic_if_exists("figure", measure),
    )


def outlet_question(figure, same_measure, bank) -> QuestionSpec | None:
    """Which outlet's article gives this exact figure?"""
    own = value_range(figure.qualifier, figure.value)
    holders = {
        f.passage.article.outlet.key
        for f in same_measure
        if overlaps(value_range(f.qualifier, f.value), own)
    }
    phrase = figure.quote.lower()
    # An outlet is a wrong option only when all its articles in the story were reviewed
    # and none of them gives the figure (in the evidence or in these very words).
    reviewed = bank.reviewed_outlets()
    wrong = [
        articles[0]
        for key, articles in sorted(bank.outlet_articles().items())
        if key not in holders
        and key in reviewed
        and not any(phrase in bank.article_text(a.slug).lower() for a in articles)
    ]
    if len(wrong) < 2 or len(holders) > 1:
        return None
    wrong = stable_order(wrong, figure.key, key=lambda a: a.slug)[:3]
    article = figure.passage.article
    choices = [
        ChoiceSpec(article.outlet.name, is_correct=True, feedback=f"Yes: {quoted(figure.quote)}."),
        *[
            ChoiceSpec(
                a.outlet.name,
                feedback=(
                    f"{capitalized(article_label(a))} does not give this figure"
                    + (
                        ": it says "
                        + "; ".join(
                            quoted(f.quote)
                            for f in same_measure
                            if f.passage.article.outlet_id == a.outlet_id
                        )
                        if any(f.passage.article.outlet_id == a.outlet_id for f in same_measure)
                        else ""
                    )
                    + "."
                ),
                misreading=(
                    Misreading.OTHER_OUTLET_NUMBER
                    if any(f.passage.article_id == a.id for f in same_measure)
                    else Misreading.WRONG_OUTLET
                ),
            )
            for a in wrong
        ],
    ]
    return QuestionSpec(
        key=f"figures:outlet:{figure.key}",
        skill=Skill.FIGURES,
        stem=f"Which outlet's article gives this figure for the {figure.measure_label}: {quoted(figure.quote)}?",
        explanation=f"Only {article_label(article)} gives {quoted(figure.quote)}.",
        choices=finish_choices(choices, f"outlet:{figure.key}"),
        citations=[cite(figure)],
        difficulty=2,
        article_slugs=[article.slug],
        topic=bank.topic_if_exists("figure", figure.measure),
    )


def generate(bank) -> list[QuestionSpec]:
    by_measure = defaultdict(list)
    for figure in numeric(bank.figures):
        by_measure[figure.measure].append(figure)
    drafts = []
    for measure in sorted(by_measure):
        figures = by_measure[measure]
        for figure in figures:
            for build in (value_question, outlet_question):
                if draft := build(figure, figures, bank):
                    drafts.append(draft)
        if draft := agreement_question(measure, figures, bank):
            drafts.append(draft)
    return drafts
