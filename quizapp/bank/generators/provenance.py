"""Skill 7 — provenance: where a copy comes from, and which line gives it away."""

from quizapp.bank.generators.base import (
    ChoiceSpec,
    CitationSpec,
    QuestionSpec,
    article_label,
    capitalized,
    cite,
    finish_choices,
    quoted,
    stable_order,
)
from quizapp.bank.misreadings import Misreading
from quizapp.models import Article, Passage, ProvenanceClue, Skill

# Told apart by what the copy shows, so that only one can fit.
ORIGIN_TEXT = {
    Article.Provenance.ORIGINAL: "The outlet's own website",
    Article.Provenance.REPUBLISHED: (
        "A reprint in another newspaper, which says where the article first appeared"
    ),
    Article.Provenance.COPIED: (
        "A copy on an unrelated website, which inserted “See also” links to other stories "
        "and a comment form"
    ),
}
# The clues that settle which kind of copy it is (a credits line does not: copies keep it).
TELLING_KINDS = {
    Article.Provenance.ORIGINAL: {
        ProvenanceClue.Kind.SITE_FURNITURE,
        ProvenanceClue.Kind.HOUSE_STYLE,
        ProvenanceClue.Kind.CREDITS,
    },
    Article.Provenance.REPUBLISHED: {
        ProvenanceClue.Kind.REPUBLICATION_NOTE,
        ProvenanceClue.Kind.INSERTED_LINK,
    },
    Article.Provenance.COPIED: {
        ProvenanceClue.Kind.INSERTED_LINK,
        ProvenanceClue.Kind.COMMENT_FORM,
    },
}
# The clues that settle the question come first in the feedback.
CLUE_WEIGHT = {
    ProvenanceClue.Kind.REPUBLICATION_NOTE: 0,
    ProvenanceClue.Kind.INSERTED_LINK: 1,
    ProvenanceClue.Kind.COMMENT_FORM: 2,
    ProvenanceClue.Kind.SITE_FURNITURE: 3,
    ProvenanceClue.Kind.HOUSE_STYLE: 4,
    ProvenanceClue.Kind.CREDITS: 5,
}

# Clue kinds that show, by themselves, that the page is not the outlet's own.
ADDED_BY_COPIER = {ProvenanceClue.Kind.INSERTED_LINK, ProvenanceClue.Kind.COMMENT_FORM}
SHOWS_REPUBLICATION = {ProvenanceClue.Kind.REPUBLICATION_NOTE}
SITE_FURNITURE = {ProvenanceClue.Kind.SITE_FURNITURE}


def origin_misreading(wrong_text: str) -> Misreading:
    """Calling a copy the outlet's own page takes the host for the outlet; any other
    wrong origin misreads the copy's clues."""
    if wrong_text == ORIGIN_TEXT[Article.Provenance.ORIGINAL]:
        return Misreading.HOST_FOR_OUTLET
    return Misreading.COPY_ORIGIN


def origin_question(article, clues) -> QuestionSpec:
    label = article_label(article)
    correct = ORIGIN_TEXT[article.provenance]
    telling = TELLING_KINDS[article.provenance]
    ranked = sorted(clues, key=lambda c: (CLUE_WEIGHT.get(c.kind, 9), c.passage.position))
    evidence = []
    for clue in ranked:
        if clue.kind in telling and clue.kind not in {e.kind for e in evidence}:
            evidence.append(clue)
    evidence = evidence[:3]
    shown = "; ".join(quoted(c.quote) for c in evidence)
    choices = [
        ChoiceSpec(
            text,
            is_correct=text == correct,
            feedback=(
                f"Yes. What shows it: {shown}." if text == correct else f"No. Look at {shown}."
            ),
            misreading=None if text == correct else origin_misreading(text),
        )
        for text in ORIGIN_TEXT.values()
    ]
    return QuestionSpec(
        key=f"provenance:origin:{article.slug}",
        skill=Skill.PROVENANCE,
        stem=f"Where does this copy of {label} come from?",
        explanation=f"{article.copy_note} The reporting is {article.outlet.name}'s.",
        choices=finish_choices(choices, article.slug),
        citations=[cite(c) for c in evidence],
        difficulty=2,
        article_slugs=[article.slug],
    )


def line(passage) -> str:
    """A passage as a one-line option: without indentation or a list bullet."""
    return passage.text.strip().removeprefix("•").strip()


def line_question(article, clue, clues, passages) -> QuestionSpec | None:
    clue_positions = {c.passage.position for c in clues}
    plain = [
        p
        for p in passages
        if p.kind == Passage.Kind.REPORTING
        and p.position not in clue_positions
        and 40 <= len(p.text) <= 160
    ]
    if len(plain) < 3:
        return None
    label = article_label(article)
    if clue.kind in ADDED_BY_COPIER:
        stem = (
            f"Which of these lines in this copy of {label} was added by the website that "
            f"copied it, not written by {article.outlet.name}?"
        )
        wrong_feedback = f"This is {article.outlet.name}'s reporting."
        misreading = Misreading.PAGE_FURNITURE
    elif clue.kind in SHOWS_REPUBLICATION:
        stem = f"Which of these lines shows that this copy of {label} was republished by another publication?"
        wrong_feedback = (
            "This line is the reporting itself; it says nothing about where the copy comes from."
        )
        misreading = Misreading.COPY_ORIGIN
    elif clue.kind in SITE_FURNITURE:
        stem = f"Which of these lines is part of the web page around {label}, not its reporting?"
        wrong_feedback = "This line is part of the reporting."
        misreading = Misreading.PAGE_FURNITURE
    else:
        return None
    wrong = stable_order(
        plain, f"{article.slug}:{clue.passage.position}:{clue.quote}", key=lambda p: p.anchor
    )[:3]
    choices = [
        ChoiceSpec(clue.quote, is_correct=True, feedback=f"Yes. {clue.explanation}"),
        *[
            ChoiceSpec(
                line(p),
                feedback=wrong_feedback,
                citations=[CitationSpec(p, line(p))],
                misreading=misreading,
            )
            for p in wrong
        ],
    ]
    return QuestionSpec(
        key=f"provenance:line:{article.slug}:{clue.passage.position}:{clue.quote[:40]}",
        skill=Skill.PROVENANCE,
        stem=stem,
        explanation=f"{capitalized(clue.explanation)}",
        choices=finish_choices(choices, f"line:{clue.quote}"),
        citations=[cite(clue)],
        difficulty=1 if clue.kind in ADDED_BY_COPIER else 2,
        article_slugs=[article.slug],
    )


def generate(bank) -> list[QuestionSpec]:
    drafts = []
    clues_by_article = {}
    for clue in bank.clues:
        clues_by_article.setdefault(clue.passage.article.slug, []).append(clue)
    for article in bank.articles:
        clues = clues_by_article.get(article.slug, [])
        if not clues:
            continue
        drafts.append(origin_question(article, clues))
        seen = set()
        for clue in clues:
            if clue.quote in seen:
                continue
            seen.add(clue.quote)
            if draft := line_question(article, clue, clues, bank.passages[article.slug]):
                drafts.append(draft)
    return drafts
