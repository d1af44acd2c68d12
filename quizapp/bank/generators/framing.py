"""Skill 6 — framing: which article states the April 1 strike as Israel's, which hedges,
and with what words."""

from quizapp.bank.compare import FRAMING_TOPIC
from quizapp.bank.generators.base import (
    ChoiceSpec,
    QuestionSpec,
    article_label,
    capitalized,
    cite,
    finish_choices,
    normalize,
    quoted,
    stable_order,
)
from quizapp.bank.misreadings import Misreading
from quizapp.models import Framing, Skill

FACT = "It states as fact that Israel carried out the strike"
HEDGED = "It hedges: Israel's role is presented as suspected or widely believed"
SILENT = "It does not say who carried out the strike"
OPTIONS = {Framing.Stance.STATED_AS_FACT: FACT, Framing.Stance.HEDGED: HEDGED}
# Choosing "states it as fact" reads a hedge as more certain than it is; choosing a
# hedge (or silence) reads the article as less sure than it is.
STANCE_MISREADING = {
    FACT: Misreading.HEDGE_FOR_FACT,
    HEDGED: Misreading.FACT_FOR_HEDGE,
    SILENT: Misreading.FACT_FOR_HEDGE,
}
# "Which article states it as fact?" answered with a hedging article, and the reverse.
ASKED_STANCE_MISREADING = {
    Framing.Stance.STATED_AS_FACT: Misreading.HEDGE_FOR_FACT,
    Framing.Stance.HEDGED: Misreading.FACT_FOR_HEDGE,
}


def generate(bank) -> list[QuestionSpec]:
    drafts = []
    by_article = {}
    for framing in bank.framings:
        by_article.setdefault(framing.passage.article.slug, []).append(framing)
    articles = {a.slug: a for a in bank.articles}

    for slug, framings in sorted(by_article.items()):
        primary = framings[0]
        article = articles[slug]
        label = article_label(article)
        correct = OPTIONS[primary.stance]
        choices = [
            ChoiceSpec(
                text,
                is_correct=text == correct,
                feedback=(
                    f"Yes: {quoted(primary.quote)}."
                    if text == correct
                    else f"No: in its own words {label} says {quoted(primary.quote)}."
                ),
                misreading=None if text == correct else STANCE_MISREADING[text],
            )
            for text in (FACT, HEDGED, SILENT)
        ]
        drafts.append(
            QuestionSpec(
                key=f"framing:stance:{slug}",
                skill=Skill.FRAMING,
                stem=(
                    f"In its own words (not in a quote), how does {label} say who carried out "
                    "the April 1 strike on the Iranian compound in Damascus?"
                ),
                explanation=f"{primary.note or capitalized(label) + ' says ' + quoted(primary.quote) + '.'}",
                choices=finish_choices(choices, slug),
                citations=[cite(f) for f in framings],
                difficulty=2,
                article_slugs=[slug],
                topic=FRAMING_TOPIC,
            )
        )

    # Which article uses these exact words?
    for framing in bank.framings:
        article = framing.passage.article
        phrase = normalize(framing.quote)
        # Only outlets whose articles were all reviewed, and none of which uses the words.
        reviewed = bank.reviewed_outlets()
        wrong = [
            articles[0]
            for key, articles in sorted(bank.outlet_articles().items())
            if key != article.outlet.key
            and key in reviewed
            and not any(phrase in normalize(bank.article_text(a.slug)) for a in articles)
        ]
        if len(wrong) < 2:
            continue
        wrong = stable_order(wrong, framing.quote, key=lambda a: a.slug)[:3]
        choices = [
            ChoiceSpec(
                article.outlet.name, is_correct=True, feedback=f"Yes: {quoted(framing.quote)}."
            ),
            *[
                ChoiceSpec(
                    a.outlet.name,
                    feedback=f"{capitalized(article_label(a))} does not use these words.",
                    misreading=Misreading.WRONG_OUTLET,
                )
                for a in wrong
            ],
        ]
        stance = (
            "states it as fact" if framing.stance == Framing.Stance.STATED_AS_FACT else "hedges"
        )
        drafts.append(
            QuestionSpec(
                key=f"framing:words:{article.slug}:{framing.passage.position}:{framing.quote[:40]}",
                skill=Skill.FRAMING,
                stem=f"Which outlet's article describes the April 1 strike in these words: {quoted(framing.quote)}?",
                explanation=(
                    f"{capitalized(article_label(article))} {stance}: {quoted(framing.quote)}. "
                    "Small words such as “suspected” or “widely believed” change how sure a report is."
                ),
                choices=finish_choices(choices, f"words:{framing.quote}"),
                citations=[cite(framing)],
                difficulty=2,
                article_slugs=[article.slug],
                topic=FRAMING_TOPIC,
            )
        )

    # Which article states it as fact / hedges?
    primaries = {slug: fs[0] for slug, fs in by_article.items()}
    for stance, verb in (
        (
            Framing.Stance.STATED_AS_FACT,
            "states as fact, in its own words, that Israel carried out",
        ),
        (Framing.Stance.HEDGED, "hedges, in its own words, on who carried out"),
    ):
        holders = [f for f in primaries.values() if f.stance == stance]
        others = [f for f in primaries.values() if f.stance != stance]
        if len(others) < 2:
            continue
        for framing in holders:
            article = framing.passage.article
            wrong = stable_order(
                others, f"{stance}:{article.slug}", key=lambda f: f.passage.article.slug
            )[:3]
            choices = [
                ChoiceSpec(
                    article.outlet.name, is_correct=True, feedback=f"Yes: {quoted(framing.quote)}."
                ),
                *[
                    ChoiceSpec(
                        f.passage.article.outlet.name,
                        feedback=(
                            f"No: {article_label(f.passage.article)} "
                            f"{'hedges' if f.stance == Framing.Stance.HEDGED else 'states it as fact'}: "
                            f"{quoted(f.quote)}."
                        ),
                        # The question asks for `stance`; this option has the other one.
                        misreading=ASKED_STANCE_MISREADING[stance],
                    )
                    for f in wrong
                ],
            ]
            drafts.append(
                QuestionSpec(
                    key=f"framing:which:{stance}:{article.slug}",
                    skill=Skill.FRAMING,
                    stem=f"Which of these articles {verb} the April 1 strike in Damascus?",
                    explanation=f"{capitalized(article_label(article))}: {quoted(framing.quote)}.",
                    choices=finish_choices(choices, f"{stance}:{article.slug}"),
                    citations=[cite(framing), *[cite(f) for f in wrong]],
                    difficulty=3,
                    article_slugs=[article.slug],
                    topic=FRAMING_TOPIC,
                )
            )
    return drafts
