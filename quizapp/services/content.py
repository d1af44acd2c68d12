"""Content instructors own: deleting an article they imported, and coverage review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from ..models import (
    Article,
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    ProvenanceClue,
    Question,
    QuizQuestion,
)

EVIDENCE_ON_PASSAGES = (Claim, Figure, FactCitation, EventCitation, Framing, ProvenanceClue)


class ArticleInUse(Exception):
    """The article cannot go: students' answers point at questions that cite it."""


def questions_on(article: Article):
    """Every question built on the article: about it, citing it, or offering its passages."""
    return Question.objects.filter(
        Q(articles=article)
        | Q(citations__passage__article=article)
        | Q(choices__passage__article=article)
    ).distinct()


@transaction.atomic
def article_delete(*, article: Article) -> dict:
    """Delete an article with its passages and the evidence on them.

    Questions built on it that nobody has answered (and that no started attempt holds)
    are deleted; a question students answered is never deleted — if one cites the
    article, the article stays and nothing changes (ArticleInUse says which)."""
    questions = questions_on(article)
    answered = questions.filter(
        Q(responses__isnull=False) | Q(quizzes__attempts__isnull=False)
    ).distinct()
    answered_ids = list(answered.values_list("id", flat=True))
    if answered_ids:
        raise ArticleInUse(
            f"“{article.headline}” was not deleted: {len(answered_ids)} question(s) built on "
            "it have been answered by students or are in a started quiz, and answers are "
            "never deleted. Set those questions to draft (Questions, filter by article) to "
            "stop using them; the article stays as their source."
        )
    question_ids = list(questions.values_list("id", flat=True))
    QuizQuestion.objects.filter(question_id__in=question_ids).delete()
    deleted_questions = (
        Question.objects.filter(id__in=question_ids).delete()[1].get("quizapp.Question", 0)
    )
    touched_facts = set(
        FactCitation.objects.filter(passage__article=article).values_list("fact_id", flat=True)
    )
    touched_events = set(
        EventCitation.objects.filter(passage__article=article).values_list("event_id", flat=True)
    )
    evidence = 0
    for model in EVIDENCE_ON_PASSAGES:
        evidence += model.objects.filter(passage__article=article).delete()[0]
    # A fact or event that only this article reported goes with it.
    Fact.objects.filter(id__in=touched_facts, citations__isnull=True).delete()
    Event.objects.filter(id__in=touched_events, citations__isnull=True).delete()
    article.delete()
    return {"evidence": evidence, "questions_deleted": deleted_questions}


# --- coverage review --------------------------------------------------------------


def story_facts(story):
    """The facts of a story: those with a citation in one of its articles."""
    return Fact.objects.filter(citations__passage__article__story=story).distinct()


def _fact_story_ids(fact: Fact) -> set[int]:
    return set(fact.citations.values_list("passage__article__story_id", flat=True))


@transaction.atomic
def coverage_link(*, passage, fact: Fact, quote: str = "") -> FactCitation:
    """Record that ``passage`` reports ``fact`` (the whole passage unless ``quote`` picks
    the words). Only facts of the passage's own story can be linked."""
    stories = _fact_story_ids(fact)
    if stories and passage.article.story_id not in stories:
        raise ValidationError(
            "“%(fact)s” is a fact of another story; link passages to facts of their own story.",
            code="other_story",
            params={"fact": fact.statement[:80]},
        )
    quote = quote or passage.text.strip()
    citation = FactCitation.objects.filter(fact=fact, passage=passage).first()
    if citation is None:
        citation = FactCitation(fact=fact, passage=passage, quote=quote)
        citation.full_clean()
        citation.save()
    if passage.reports_nothing_new:
        passage.reports_nothing_new = False
        passage.save(update_fields=["reports_nothing_new"])
    return citation


@transaction.atomic
def coverage_unlink(*, passage, fact: Fact) -> int:
    return FactCitation.objects.filter(fact=fact, passage=passage).delete()[0]


@transaction.atomic
def fact_create_from_passage(*, passage, statement: str, quote: str = "") -> Fact:
    """A new fact of the passage's story, reported by this passage."""
    statement = statement.strip()
    if not statement:
        raise ValidationError("Say what the passage reports, in one sentence.", code="empty")
    base = slugify(f"{passage.article.story.slug[:20]} {statement}")[:70].strip("-") or "fact"
    key, number = base, 1
    while Fact.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    fact = Fact(key=key, statement=statement)
    fact.full_clean()
    fact.save()
    coverage_link(passage=passage, fact=fact, quote=quote)
    return fact


@transaction.atomic
def passage_mark_nothing_new(*, passage, nothing_new: bool = True) -> None:
    passage.reports_nothing_new = nothing_new
    passage.save(update_fields=["reports_nothing_new"])


def unreviewed_passages(article: Article) -> list:
    """Reporting passages with neither a fact link nor a "reports nothing new" mark."""
    from ..models import Passage

    linked = set(
        FactCitation.objects.filter(passage__article=article).values_list("passage_id", flat=True)
    )
    return [
        p
        for p in article.passages.filter(kind=Passage.Kind.REPORTING, reports_nothing_new=False)
        if p.id not in linked
    ]


@transaction.atomic
def coverage_mark_reviewed(*, article: Article, reviewed: bool = True) -> Article:
    """Mark (or unmark) the article's coverage as reviewed. Reviewed means every
    reporting passage is linked to its facts or marked as reporting nothing new: from
    then on, a missing link means the outlet did not report the fact."""
    if reviewed and (left := unreviewed_passages(article)):
        raise ValidationError(
            "%(count)d reporting passage(s) are neither linked to a fact nor marked as "
            "reporting nothing new: %(anchors)s.",
            code="coverage_incomplete",
            params={"count": len(left), "anchors": ", ".join(p.anchor for p in left[:20])},
        )
    article.coverage_reviewed = reviewed
    article.save(update_fields=["coverage_reviewed"])
    return article
