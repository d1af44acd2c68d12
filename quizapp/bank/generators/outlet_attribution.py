"""Skill 1 — "Which outlet reported …?": built from facts that list every passage, in
any article, that reports them, so an outlet that also reported it is never wrong.

Wrong options come only from outlets of the same story whose every article has had its
coverage reviewed: for an unreviewed article, a missing link says nothing."""

from quizapp.bank.generators.base import (
    ChoiceSpec,
    CitationSpec,
    QuestionSpec,
    article_label,
    capitalized,
    finish_choices,
    quoted,
    stable_order,
)
from quizapp.bank.misreadings import Misreading
from quizapp.models import Passage, Skill


def silent_feedback(bank, key: str) -> str:
    articles = bank.outlet_articles()[key]
    if len(articles) == 1:
        return f"{capitalized(article_label(articles[0]))} does not report this."
    return f"None of the {len(articles)} {articles[0].outlet.name} articles on this story reports this."


def generate(bank) -> list[QuestionSpec]:
    articles_by_outlet = bank.outlet_article()
    drafts = []
    for fact in bank.facts:
        citations = list(fact.citations.all())
        mentioning = {c.passage.article.outlet.key for c in citations}
        # A photo caption shows a thing; it is not the outlet's reporting of it.
        reporting = sorted(
            {
                c.passage.article.outlet.key
                for c in citations
                if c.passage.kind != Passage.Kind.CAPTION
            }
        )
        unsafe = mentioning | set(fact.ambiguous_outlets or [])
        silent = [key for key in sorted(bank.reviewed_outlets()) if key not in unsafe]
        if not reporting or len(silent) < 2:
            continue
        answer = stable_order(reporting, fact.key)[0]
        answer_article = articles_by_outlet[answer]
        near = {m["outlet"]: m["note"] for m in fact.near_misses if m.get("outlet")}
        wrong = stable_order(silent, f"{fact.key}:wrong")[:3]
        choices = [
            ChoiceSpec(
                answer_article.outlet.name,
                is_correct=True,
                feedback=f"Yes: {article_label(answer_article)} reports it.",
            ),
            *[
                ChoiceSpec(
                    articles_by_outlet[key].outlet.name,
                    feedback=near.get(key) or silent_feedback(bank, key),
                    misreading=Misreading.WRONG_OUTLET,
                )
                for key in wrong
            ],
        ]
        answer_cites = [
            c
            for c in citations
            if c.passage.article.outlet.key == answer and c.passage.kind != Passage.Kind.CAPTION
        ]
        also = [articles_by_outlet[key] for key in sorted(mentioning) if key != answer]
        also_text = (
            " It is also in " + " and ".join(article_label(a) for a in also) + "."
            if also
            else " No other reviewed article on this story reports it."
            if set(articles_by_outlet) - bank.reviewed_outlets()
            else " No other article in the set reports it."
        )
        drafts.append(
            QuestionSpec(
                key=f"outlet_attribution:{fact.key}",
                skill=Skill.OUTLET_ATTRIBUTION,
                stem=f"Which of these outlets reported the following? {fact.statement}",
                explanation=(
                    f"{capitalized(article_label(answer_article))} reports it: "
                    f"{quoted(answer_cites[0].quote)}.{also_text}"
                ),
                choices=finish_choices(choices, fact.key),
                citations=[CitationSpec(c.passage, c.quote) for c in answer_cites],
                difficulty=1 if len(reporting) == 1 else 2,
                article_slugs=[answer_article.slug],
                topic=bank.topic_if_exists("fact", fact.key),
            )
        )
    return drafts
