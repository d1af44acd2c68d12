"""Content instructors own: deleting an article they imported, and coverage review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.text import slugify

from quizapp.models import (
    Article,
    Claim,
    Event,
    EventCitation,
    EvidenceReview,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Person,
    ProvenanceClue,
    Question,
    Quiz,
    QuizQuestion,
)
from quizapp.services.bank import held_question_ids, question_retire

EVIDENCE_ON_PASSAGES = (Claim, Figure, FactCitation, EventCitation, Framing, ProvenanceClue)


def questions_on(article: Article):
    """Every question built on the article: about it, citing it, or offering its passages."""
    return Question.objects.filter(
        Q(articles=article)
        | Q(citations__passage__article=article)
        | Q(choices__passage__article=article)
    ).distinct()


@transaction.atomic
def article_delete(*, article: Article, now=None) -> dict:
    """Delete an article with its drafts and every piece of evidence on its passages.

    Questions built on it that no student was given are deleted. Those students were
    given (held by an attempt, or answered) are retired instead — draft, out of every
    new attempt, never rebuilt — and never deleted; then the article cannot go either
    (their citations and choices point at its passages), so it is *withdrawn*: it keeps
    its passages as the record of what those students answered, but students no longer
    see it and builders never read it. Returns counts and whether it was withdrawn."""
    questions = list(questions_on(article))
    held = held_question_ids()
    retired = [q for q in questions if q.id in held]
    for question in retired:
        question_retire(question=question)
    unheld = [q.id for q in questions if q.id not in held]
    QuizQuestion.objects.filter(question_id__in=unheld).delete()
    deleted_questions = (
        Question.objects.filter(id__in=unheld).delete()[1].get("quizapp.Question", 0)
    )
    touched_facts = set(
        FactCitation.objects.filter(passage__article=article).values_list("fact_id", flat=True)
    )
    touched_events = set(
        EventCitation.objects.filter(passage__article=article).values_list("event_id", flat=True)
    )
    speakers = set(
        Claim.objects.filter(
            passage__article=article, speaker__review=EvidenceReview.DRAFT
        ).values_list("speaker_id", flat=True)
    )
    evidence = 0
    for model in EVIDENCE_ON_PASSAGES:
        evidence += model.objects.filter(passage__article=article).delete()[0]
    # A fact or event that only this article reported goes with it; so does a person
    # its drafting proposed whom no other article quotes.
    Fact.objects.filter(id__in=touched_facts, citations__isnull=True).delete()
    Event.objects.filter(id__in=touched_events, citations__isnull=True).delete()
    Person.objects.filter(
        id__in=speakers, review=EvidenceReview.DRAFT, claims__isnull=True
    ).delete()
    # Its own quiz ("Read closely"): deleted, or kept as a draft for the attempts at it.
    for quiz in Quiz.objects.filter(article=article, origin=Question.Origin.GENERATED):
        try:
            with transaction.atomic():
                quiz.delete()
        except (ProtectedError, RestrictedError):  # attempts or assignments point at it
            Quiz.objects.filter(pk=quiz.pk).update(status=Question.Status.DRAFT)
    withdrawn = bool(retired)
    if withdrawn:
        article.withdrawn = now or timezone.now()
        article.save(update_fields=["withdrawn"])
    else:
        article.delete()
    return {
        "evidence": evidence,
        "questions_deleted": deleted_questions,
        "questions_retired": len(retired),
        "withdrawn": withdrawn,
    }


def article_delete_message(article, result) -> str:
    """What deleting the article did, in the instructor's terms."""
    done = (
        f"{result['evidence']} drafted or linked evidence items and "
        f"{result['questions_deleted']} questions no student was given went with it."
    )
    if not result["withdrawn"]:
        return f"Deleted “{article.headline}”: {done}"
    return (
        f"“{article.headline}” was withdrawn rather than deleted: {done} "
        f"{result['questions_retired']} question(s) built on it had been given to students; "
        "they are retired (set to draft, out of every new attempt, never rebuilt) and kept "
        "with the students' answers, and the article stays only as their source. Students "
        "no longer see it and no question is built from it."
    )


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
    from quizapp.models import Passage

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
