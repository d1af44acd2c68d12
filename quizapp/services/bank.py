"""Writes that touch several models. Each is a keyword-only function, atomic."""

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from quizapp.bank.generators import GENERATORS, ChoiceSpec, CitationSpec, EvidenceBank, QuestionSpec
from quizapp.bank.rules import problem_text, question_problems
from quizapp.models import (
    SEED_STORY,
    Article,
    Assignment,
    Attempt,
    Choice,
    Citation,
    Claim,
    EventCitation,
    EvidenceReview,
    FactCitation,
    Figure,
    Framing,
    Passage,
    Person,
    ProvenanceClue,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Skill,
    Story,
)

QUIZ_SIZE = 10
ARTICLE_QUIZ_SIZE = 12
MIXED_PER_SKILL = 2


def default_story() -> Story | None:
    """The story pages and tests mean when they name none: the seed story, else the first."""
    return Story.objects.filter(slug=SEED_STORY).first() or Story.objects.order_by("id").first()


def evidence_bank(story: Story | None = None) -> EvidenceBank:
    """Fetch everything the generators read about one story, in a stable order, in a few
    queries. Generators compare outlets only within the bank, so nothing from another
    story can become an option, a column or "silent"."""
    story = story or default_story()
    return evidence_banks([story])[story.id if story else None]


def _split_cited(rows, owner: str, story_of) -> dict:
    """Events or facts (``owner``) with their citations, one copy per story, in the
    order of ``rows``: each copy's ``citations.all()`` gives only that story's citations."""
    copies = {}
    for citation in rows:
        item = getattr(citation, owner)
        story_id = story_of(citation.passage)
        key = (story_id, item.id)
        if key not in copies:
            copy_ = copy.copy(item)
            copy_._prefetched_objects_cache = {"citations": []}
            copies[key] = copy_
        setattr(citation, owner, copies[key])
        copies[key]._prefetched_objects_cache["citations"].append(citation)
    by_story = defaultdict(list)
    for (story_id, _), item in copies.items():
        by_story[story_id].append(item)
    return by_story


def evidence_banks(stories) -> dict:
    """``evidence_bank`` for several stories at once, keyed by story id, in the same
    number of queries whatever the number of stories (the /compare/ list shows them
    all). A None story gives the bank of articles with no story (none, in practice)."""
    stories = list(stories)
    ids = [s.id for s in stories if s is not None]
    in_stories = Q(article__story__in=ids)
    if any(s is None for s in stories):
        in_stories |= Q(article__story__isnull=True)
    on_passage = Q(passage__article__story__in=ids)
    if any(s is None for s in stories):
        on_passage |= Q(passage__article__story__isnull=True)
    # A withdrawn article (deleted while students' answers cite it) is never built from.
    on_passage &= Q(passage__article__withdrawn__isnull=True)

    def story_of(passage):
        return passage.article.story_id

    passages = defaultdict(lambda: defaultdict(list))
    for passage in (
        Passage.objects.filter(in_stories, article__withdrawn__isnull=True)
        .select_related("article__outlet")
        .order_by("article__slug", "position")
    ):
        passages[story_of(passage)][passage.article.slug].append(passage)
    articles = defaultdict(list)
    article_q = Q(story__in=ids)
    if any(s is None for s in stories):
        article_q |= Q(story__isnull=True)
    for article in Article.objects.current().filter(article_q).with_outlets().order_by("slug"):
        articles[article.story_id].append(article)
    source = "passage__article__outlet"
    # Generators quote people: paraphrases and claims by a still-proposed person stay out.
    claims = defaultdict(list)
    for claim in (
        Claim.objects.confirmed()
        .filter(on_passage, kind=Claim.Kind.QUOTE)
        .exclude(speaker__review=EvidenceReview.DRAFT)
        .select_related(source, "speaker")
        .order_by("key")
    ):
        claims[story_of(claim.passage)].append(claim)
    speakers = {c.speaker_id for rows in claims.values() for c in rows}
    persons = list(
        Person.objects.exclude(review=EvidenceReview.DRAFT).filter(id__in=speakers).order_by("key")
    )
    figures, framings, clues = defaultdict(list), defaultdict(list), defaultdict(list)
    for figure in (
        Figure.objects.confirmed().filter(on_passage).select_related(source).order_by("key")
    ):
        figures[story_of(figure.passage)].append(figure)
    for framing in (
        Framing.objects.filter(on_passage)
        .select_related(source)
        .order_by("passage__article__slug", "-is_primary", "id")
    ):
        framings[story_of(framing.passage)].append(framing)
    for clue in (
        ProvenanceClue.objects.filter(on_passage)
        .select_related(source)
        .order_by("passage__article__slug", "passage__position", "id")
    ):
        clues[story_of(clue.passage)].append(clue)
    events = _split_cited(
        EventCitation.objects.filter(on_passage)
        .select_related(source, "event")
        .order_by("event__date", "event__key", "id"),
        "event",
        story_of,
    )
    facts = _split_cited(
        FactCitation.objects.filter(on_passage)
        .select_related(source, "fact")
        .order_by("fact__key", "id"),
        "fact",
        story_of,
    )
    banks = {}
    for story in stories:
        sid = story.id if story else None
        mine = {c.speaker_id for c in claims[sid]}
        banks[sid] = EvidenceBank(
            outlets=sorted({a.outlet for a in articles[sid]}, key=lambda o: o.key),
            articles=articles[sid],
            passages=dict(passages[sid]),
            persons=[p for p in persons if p.id in mine],
            claims=claims[sid],
            figures=figures[sid],
            events=events[sid],
            facts=facts[sid],
            framings=framings[sid],
            clues=clues[sid],
            story=story,
        )
    return banks


class QuestionRejected(Exception):
    """A generated question broke the rules; ``problems`` are the rules' ValidationErrors."""

    def __init__(self, key: str, problems: list[ValidationError]):
        self.key = key
        self.problems = problems
        self.codes = [p.code for p in problems]
        super().__init__(f"{key}: " + " ".join(problem_text(p) for p in problems))


def draft_problems(draft: QuestionSpec) -> list[ValidationError]:
    return question_problems(
        kind=draft.kind,
        stem=draft.stem,
        explanation=draft.explanation,
        choices=draft.choices,
        citations=[(c.passage, c.quote) for c in draft.citations]
        + [(c.passage, c.quote) for choice in draft.choices for c in choice.citations],
    )


def generate_drafts(bank: EvidenceBank | None = None) -> dict[str, list[QuestionSpec]]:
    """Drafts for one story's bank, or (no bank) for every story, each story generated
    on its own. Keys of stories other than the seed carry the story's prefix."""
    banks = [bank] if bank is not None else evidence_banks(Story.objects.order_by("id")).values()
    drafts = defaultdict(list)
    for one in banks:
        prefix = one.story.key_prefix if one.story else ""
        for skill in Skill.values:
            for draft in GENERATORS[skill](one):
                if prefix:
                    draft.key = f"{prefix}{draft.key}"[:160]
                    draft.topic = f"{prefix}{draft.topic}" if draft.topic else ""
                drafts[skill].append(draft)
    return {skill: drafts[skill] for skill in Skill.values}


@transaction.atomic
def question_save(
    *,
    question: Question,
    choices: list[ChoiceSpec],
    citations: list[CitationSpec],
    articles=None,
) -> Question:
    """Save ``question`` with exactly these choices and citations, replacing any it had:
    the one writer of a question's content (the build, the JSON import, the admin's
    duplicate). ``articles`` defaults to the articles the citations quote."""
    question.save()
    question.choices.all().delete()
    question.citations.all().delete()
    saved = Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            text=choice.text,
            is_correct=choice.is_correct,
            correct_position=choice.correct_position,
            feedback=choice.feedback,
            passage=choice.passage,
            misreading=choice.misreading,
        )
        for position, choice in enumerate(choices, start=1)
    )
    Citation.objects.bulk_create(
        [
            *(
                Citation(
                    question=question, choice=row, passage=c.passage, quote=c.quote, position=i
                )
                for row, choice in zip(saved, choices, strict=True)
                for i, c in enumerate(choice.citations)
            ),
            *(
                Citation(question=question, passage=c.passage, quote=c.quote, position=i)
                for i, c in enumerate(citations)
            ),
        ]
    )
    if articles is None:
        quoted = [*citations, *(c for choice in choices for c in choice.citations)]
        articles = {c.passage.article for c in quoted}
    question.articles.set(articles)
    return question


@transaction.atomic
def question_duplicate(*, question: Question, owner=None) -> Question:
    """A hand-written draft copy of ``question``, with its choices and citations, owned
    by ``owner`` (an instructor's variant of a shared question; None: shared)."""
    citations = list(question.citations.all())

    def cited(choice_id):
        return [CitationSpec(c.passage, c.quote) for c in citations if c.choice_id == choice_id]

    copy = Question(
        owner=owner,
        skill=question.skill,
        kind=question.kind,
        stem=f"(Copy) {question.stem}",
        explanation=question.explanation,
        difficulty=question.difficulty,
        status=Question.Status.DRAFT,
        origin=Question.Origin.HAND_WRITTEN,
    )
    choices = [
        ChoiceSpec(
            c.text,
            c.is_correct,
            c.feedback,
            c.correct_position,
            cited(c.id),
            c.passage,
            c.misreading,
        )
        for c in question.choices.all()
    ]
    return question_save(
        question=copy,
        choices=choices,
        citations=cited(None),
        articles=list(question.articles.all()),
    )


def held_question_ids() -> set[int]:
    """Questions students have been given: held by an attempt (started, answered or not,
    of any kind) or answered."""
    held = set()
    for ids in Attempt.objects.values_list("question_ids", flat=True).iterator(chunk_size=2000):
        held.update(ids)
    held.update(Response.objects.values_list("question_id", flat=True).distinct())
    return held


def given_question_ids() -> set[int]:
    """Questions whose wording must stay as students saw it: held (see above), or in a
    quiz assigned to a class."""
    return held_question_ids() | set(
        QuizQuestion.objects.filter(quiz_id__in=Assignment.objects.values("quiz_id")).values_list(
            "question_id", flat=True
        )
    )


RETIRED_KEY = "~v"


def question_retire(*, question: Question) -> None:
    """Take a question students were given out of the bank, unchanged: draft, and its key
    (if generated) freed as ``<key>~v<id>`` so no build touches it again. Attempts that
    hold it keep showing it and grading by its key; new attempts skip it (draft)."""
    key = question.key
    if key and RETIRED_KEY not in key:
        key = f"{key[: 150 - len(str(question.pk))]}{RETIRED_KEY}{question.pk}"
    Question.objects.filter(pk=question.pk).update(key=key, status=Question.Status.DRAFT)


@dataclass
class BuildReport:
    created: dict = field(default_factory=lambda: defaultdict(int))
    updated: dict = field(default_factory=lambda: defaultdict(int))
    versioned: dict = field(default_factory=lambda: defaultdict(int))
    unchanged: dict = field(default_factory=lambda: defaultdict(int))
    kept_edited: dict = field(default_factory=lambda: defaultdict(int))
    retired: int = 0
    quizzes: int = 0


@transaction.atomic
def quiz_build(*, progress=None) -> BuildReport:
    """Build the question bank and quizzes from confirmed evidence.

    Deterministic and idempotent: a question is keyed by the generator and evidence
    that made it and rewritten only when its content changed; a question an
    instructor edited is never touched. Generated questions the evidence no longer
    supports are set back to draft. A changed question students were given (see
    given_question_ids) is never rewritten: it is retired as it stands and the new
    content becomes a new question that takes its key and its places in quizzes, so
    started attempts show and grade what the students saw and new attempts get the
    new version.
    """
    say = progress or (lambda message: None)
    report = BuildReport()
    drafts_by_skill = generate_drafts()
    articles = {a.slug: a for a in Article.objects.current()}
    existing = {q.key: q for q in Question.objects.filter(key__isnull=False)}
    produced = set()
    given = None  # read once, and only if a question changed
    for skill, drafts in drafts_by_skill.items():
        say(f"{Skill(skill).label}: {len(drafts)} questions")
        for draft in drafts:
            if problems := draft_problems(draft):
                raise QuestionRejected(draft.key, problems)
            produced.add(draft.key)
            fingerprint = draft.fingerprint()
            question = existing.get(draft.key)
            if question is not None and question.edited:
                report.kept_edited[skill] += 1
                continue
            if question is not None and question.fingerprint == fingerprint:
                if question.status != Question.Status.PUBLISHED:
                    question.status = Question.Status.PUBLISHED
                    question.save(update_fields=["status", "updated"])
                report.unchanged[skill] += 1
                continue
            is_new = question is None
            retired = None
            if question is not None:
                given = given_question_ids() if given is None else given
                if question.id in given:
                    question_retire(question=question)
                    retired, question = question, None
            question = question or Question(key=draft.key, origin=Question.Origin.GENERATED)
            question.skill = draft.skill
            question.kind = draft.kind
            question.stem = draft.stem
            question.explanation = draft.explanation
            question.difficulty = draft.difficulty
            question.compare_topic = draft.topic
            question.status = Question.Status.PUBLISHED
            question.fingerprint = fingerprint
            question.full_clean(exclude=["key"])
            question_save(
                question=question,
                choices=draft.choices,
                citations=draft.citations,
                articles=[articles[slug] for slug in draft.article_slugs],
            )
            if retired is not None:
                QuizQuestion.objects.filter(question=retired).update(question=question)
                report.versioned[skill] += 1
            (report.created if is_new else report.updated)[skill] += 1
    stale = Question.objects.filter(
        origin=Question.Origin.GENERATED, edited=False, status=Question.Status.PUBLISHED
    ).exclude(key__in=produced)
    report.retired = stale.update(status=Question.Status.DRAFT)
    say("quizzes")
    report.quizzes = _build_quizzes(articles)
    return report


def _set_quiz(key, *, slug, title, description, mode, skill="", article=None, questions) -> bool:
    quiz = Quiz.objects.filter(key=key).first()
    if quiz is not None and quiz.edited:
        return False
    quiz = quiz or Quiz(key=key, origin=Question.Origin.GENERATED)
    quiz.slug, quiz.title, quiz.description = slug, title, description
    quiz.mode, quiz.skill, quiz.article = mode, skill, article
    quiz.status = Question.Status.PUBLISHED
    quiz.save()
    current = list(quiz.items.order_by("position").values_list("question_id", flat=True))
    wanted = [q.id for q in questions]
    if current != wanted:
        quiz.items.all().delete()
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question_id=qid, position=i)
            for i, qid in enumerate(wanted, start=1)
        )
    return True


SKILL_BLURBS = {
    Skill.OUTLET_ATTRIBUTION: "Which outlet reported what? Tell the five articles apart.",
    Skill.QUOTE_ATTRIBUTION: "Match the words to the person who said them.",
    Skill.CLAIM_RECALL: "What did they actually say? Spot the altered quote.",
    Skill.SOURCING: "Named, unnamed, a statement or another outlet: who stands behind a quote?",
    Skill.FIGURES: "Drones, missiles, casualties: do the outlets' numbers agree?",
    Skill.FRAMING: "Stated as fact, or hedged? How each article says who struck Damascus.",
    Skill.PROVENANCE: "Where did this copy come from, and what gives it away?",
    Skill.TIMELINE: "Put the events in order.",
    Skill.FIND_EVIDENCE: "Don't take the claim's word for it: find the passage that says it.",
}


def _story_of(question, fallback):
    for article in question.articles.all():
        return article.story
    return fallback


def _build_quizzes(articles) -> int:
    """Skill, article and mixed quizzes, each inside one story: a quiz never puts two
    stories' outlets side by side. The seed story keeps its quiz keys and slugs."""
    published = list(
        Question.objects.published()
        .filter(origin=Question.Origin.GENERATED)
        .prefetch_related("articles__story", "citations")
        .order_by("key")
    )
    fallback = default_story()
    by_story = defaultdict(list)
    for question in published:
        story = _story_of(question, fallback)
        if story is not None:
            by_story[story].append(question)
    count = 0
    for story, questions in sorted(by_story.items(), key=lambda item: item[0].id):
        count += _build_story_quizzes(story, questions)
    for slug, article in sorted(articles.items()):
        about = [q for q in published if any(a.slug == slug for a in q.articles.all())]
        picked = _round_robin(about, ARTICLE_QUIZ_SIZE)
        if picked:
            count += _set_quiz(
                f"article:{slug}",
                slug=f"article-{slug}"[:120],
                title=f"Read closely: {article.outlet.name}",
                description=f"Questions on one article: {article.headline}",
                mode=Quiz.Mode.PRACTICE,
                article=article,
                questions=picked,
            )
    return count


def _build_story_quizzes(story, published) -> int:
    prefix = story.key_prefix
    by_skill = defaultdict(list)
    for question in published:
        by_skill[question.skill].append(question)
    count = 0
    for skill in Skill:
        questions = by_skill.get(skill.value, [])
        chunks = [questions[i : i + QUIZ_SIZE] for i in range(0, len(questions), QUIZ_SIZE)]
        for number, chunk in enumerate(chunks, start=1):
            suffix = f" · set {number} of {len(chunks)}" if len(chunks) > 1 else ""
            count += _set_quiz(
                f"{prefix}skill:{skill.value}:{number}",
                slug=f"{prefix}{skill.value.replace('_', '-')}-{number}"[:120],
                title=f"{skill.label}{suffix}" + ("" if story.is_seed else f" · {story.title}"),
                description=SKILL_BLURBS[skill],
                mode=Quiz.Mode.PRACTICE,
                skill=skill.value,
                questions=chunk,
            )
    mixed = _round_robin(published, MIXED_PER_SKILL * len(Skill), per_skill=MIXED_PER_SKILL)
    if story.is_seed:
        count += _set_quiz(
            "mixed:april-2024",
            slug="the-april-2024-coverage",
            title="The April 2024 coverage",
            description="Every skill, across all five outlets: who said it, who reported it, "
            "how it is sourced, the numbers, the framing, the copies and the timeline.",
            mode=Quiz.Mode.ASSESSMENT,
            questions=mixed,
        )
    elif mixed:
        count += _set_quiz(
            f"mixed:{story.slug}",
            slug=f"{story.slug}-coverage"[:120],
            title=f"{story.title}: the coverage",
            description="Every skill, across the outlets that covered this story.",
            mode=Quiz.Mode.ASSESSMENT,
            questions=mixed,
        )
    return count


def _round_robin(questions, limit, per_skill=None):
    """Take questions skill by skill in turn, so a quiz mixes every skill it can, and
    never two that rest on the same words (one would give the other away)."""
    by_skill = defaultdict(list)
    for question in questions:
        by_skill[question.skill].append(question)
    picked, used_words = [], set()
    taken = defaultdict(int)
    while len(picked) < limit and any(by_skill.values()):
        for skill in Skill.values:
            if not by_skill.get(skill) or len(picked) >= limit:
                continue
            if per_skill and taken[skill] >= per_skill:
                by_skill[skill] = []
                continue
            question = by_skill[skill].pop(0)
            words = {(c.passage_id, c.quote) for c in question.citations.all()}
            if words & used_words:
                continue
            picked.append(question)
            used_words |= words
            taken[skill] += 1
    return picked
