"""Matched pre/post forms: two assessments from the bank with the same skill mix and
similar difficulty, no question in both and no two questions on the same fact.

Difficulty is 1 − facility (the share who answered right) where at least
MIN_RESPONSES answers exist, and the generator's difficulty otherwise (1/2/3 read as
0.25/0.5/0.75). A question's "facts" are the passages its key cites, every Fact those
passages report, and the evidence its key names; the two forms share none.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from quizapp.bank.generators.base import stable_order
from quizapp.models import (
    Assignment,
    Citation,
    FactCitation,
    FormPair,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Skill,
)

MIN_RESPONSES = 5
MAX_GAP = 0.1
GENERATOR_DIFFICULTY = {1: 0.25, 2: 0.5, 3: 0.75}
MAX_PER_SKILL = 10
SPLIT_TRIES = 30
MATCH_TRIES = 8


def item_difficulty(questions) -> dict[int, float]:
    """Question id → difficulty in [0, 1], higher is harder."""
    answered = {
        row["question_id"]: row
        for row in Response.objects.filter(question__in=[q.id for q in questions])
        .values("question_id")
        .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    }
    result = {}
    for question in questions:
        row = answered.get(question.id)
        if row and row["n"] >= MIN_RESPONSES:
            result[question.id] = 1 - row["right"] / row["n"]
        else:
            result[question.id] = GENERATOR_DIFFICULTY.get(question.difficulty, 0.5)
    return result


def question_facts(questions) -> dict[int, set]:
    """Question id → what it is about: cited passages, the facts they report, and the
    evidence a generated question's key names."""
    ids = [q.id for q in questions]
    passages = defaultdict(set)
    for question_id, passage_id in Citation.objects.filter(
        question_id__in=ids, choice__isnull=True
    ).values_list("question_id", "passage_id"):
        passages[question_id].add(passage_id)
    facts_in = defaultdict(set)
    for passage_id, fact_id in FactCitation.objects.filter(
        passage_id__in={p for ps in passages.values() for p in ps}
    ).values_list("passage_id", "fact_id"):
        facts_in[passage_id].add(fact_id)
    result = {}
    for question in questions:
        tokens = {("passage", p) for p in passages[question.id]}
        tokens |= {("fact", f) for p in passages[question.id] for f in facts_in[p]}
        if question.key:
            tokens.add(("evidence", question.key.rsplit(":", 1)[-1]))
        result[question.id] = tokens
    return result


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def match_forms(candidates, counts, difficulty, facts, *, salt="") -> tuple[list, list]:
    """Pick two disjoint forms: ``counts[skill]`` questions of each skill on each, no
    fact on both forms, mean difficulties at most MAX_GAP apart. Raises
    ValidationError (code "not_enough_questions" or "unbalanced") when no try works."""
    counts = {skill: n for skill, n in counts.items() if n}
    problem = None
    for attempt in range(MATCH_TRIES):
        try:
            return _match(candidates, counts, difficulty, facts, salt=f"{salt}:{attempt}")
        except ValidationError as error:
            problem = error
    raise problem


def _match(candidates, counts, difficulty, facts, *, salt):
    by_skill = defaultdict(list)
    for question in candidates:
        by_skill[question.skill].append(question)
    forms = Forms(difficulty, facts)
    # The skills with the fewest questions to spare go first; the large pools adapt.
    for skill in sorted(counts, key=lambda s: (len(by_skill[s]) / counts[s], s)):
        wanted = counts[skill]
        # A greedy split can paint itself into a corner; try a few other orders.
        for attempt in range(SPLIT_TRIES):
            order = stable_order(by_skill[skill], f"{salt}:{skill}:{attempt}", key=lambda q: q.id)
            added = _split_skill(forms, order, wanted)
            if len(added) == 2 * wanted:
                break
            for question, form in added:
                forms.remove(question, form)
        else:
            raise ValidationError(
                f"{Skill(skill).label}: the bank has too few questions of this skill on "
                f"separate facts to put {wanted} on each form without a fact on both. "
                "Ask for fewer.",
                code="not_enough_questions",
            )
    size = sum(counts.values())
    _balance(forms, by_skill, size)
    gap = abs(forms.total(0) - forms.total(1)) / size if size else 0.0
    if gap > MAX_GAP + 1e-9:
        raise ValidationError(
            f"The two forms differ by {gap:.2f} in mean difficulty (at most {MAX_GAP} allowed). "
            "Ask for other skills or more questions.",
            code="unbalanced",
        )
    return forms.questions


def _split_skill(forms, order, wanted) -> list:
    """Deal ``wanted`` questions to each form from ``order``: the form with the lower
    difficulty so far takes the next question, if the other form has none of its facts."""
    added, taken = [], [0, 0]
    for question in order:
        if taken == [wanted, wanted]:
            break
        open_forms = [f for f in (0, 1) if taken[f] < wanted and forms.fits(question, f)]
        if not open_forms:
            continue
        form = min(open_forms, key=lambda f: (forms.total(f), f))
        forms.add(question, form)
        added.append((question, form))
        taken[form] += 1
    return added


class Forms:
    """Two forms being filled, with the facts each covers (counted, so that taking a
    question out frees only the facts no other question on its form has)."""

    def __init__(self, difficulty, facts):
        self.difficulty, self.facts = difficulty, facts
        self.questions = ([], [])
        self.covered = (Counter(), Counter())

    def total(self, form) -> float:
        return sum(self.difficulty[q.id] for q in self.questions[form])

    def fits(self, question, form, *, leaving=None) -> bool:
        """No fact of ``question`` is on the other form (once ``leaving`` has left it)."""
        other = self.covered[1 - form]
        gone = self.facts[leaving.id] if leaving is not None else set()
        return not any(other[f] - (f in gone) > 0 for f in self.facts[question.id])

    def add(self, question, form):
        self.questions[form].append(question)
        self.covered[form].update(self.facts[question.id])

    def remove(self, question, form):
        self.questions[form].remove(question)
        self.covered[form].subtract(self.facts[question.id])


def _balance(forms, by_skill, size):
    """Narrow the difficulty gap by swapping same-skill questions between the forms or
    replacing one with an unused question of its skill, as long as no fact ends up on
    both forms; stop when the gap is small enough or no move narrows it."""
    d = forms.difficulty
    while size and abs(forms.total(0) - forms.total(1)) / size > MAX_GAP:
        gap = forms.total(0) - forms.total(1)
        best, best_gap = None, abs(gap)
        picked = {q.id for form in forms.questions for q in form}
        for a in forms.questions[0]:
            for b in forms.questions[1]:
                new = abs(gap - 2 * (d[a.id] - d[b.id]))
                if (
                    a.skill == b.skill
                    and new < best_gap - 1e-9
                    and forms.fits(b, 0, leaving=a)
                    and forms.fits(a, 1, leaving=b)
                ):
                    best, best_gap = ("swap", a, b), new
        for form, sign in ((0, 1), (1, -1)):
            for old in forms.questions[form]:
                for new_q in by_skill[old.skill]:
                    if new_q.id in picked:
                        continue
                    new = abs(gap + sign * (d[new_q.id] - d[old.id]))
                    if new < best_gap - 1e-9 and forms.fits(new_q, form):
                        best, best_gap = ("replace", form, old, new_q), new
        if best is None:
            return
        if best[0] == "swap":
            _, a, b = best
            forms.remove(a, 0), forms.remove(b, 1)
            forms.add(b, 0), forms.add(a, 1)
        else:
            _, form, old, new_q = best
            forms.remove(old, form)
            forms.add(new_q, form)


def _unique_slug(base: str) -> str:
    slug, number = base, 1
    taken = set(Quiz.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def form_pair_create(
    *,
    classroom,
    instructor,
    title: str,
    counts: dict[str, int],
    pre_opens=None,
    pre_due=None,
    post_opens=None,
    post_due=None,
) -> FormPair:
    """Build a matched pre/post pair of assessments from the published bank and
    assign both to the class (the post-test opening later)."""
    counts = {skill: n for skill, n in counts.items() if n}
    if not counts:
        raise ValidationError("Choose how many questions of at least one skill.", code="empty")
    if unknown := set(counts) - set(Skill.values):
        raise ValidationError(f"Unknown skill {sorted(unknown)[0]!r}.", code="unknown_skill")
    if any(not 0 < n <= MAX_PER_SKILL for n in counts.values()):
        raise ValidationError(
            f"Ask for 1 to {MAX_PER_SKILL} questions per skill.", code="count_range"
        )
    now = timezone.now()
    pre_opens = pre_opens or now
    pre_due = pre_due or pre_opens + timedelta(days=7)
    post_opens = post_opens or pre_due
    post_due = post_due or post_opens + timedelta(days=7)
    if not pre_opens < pre_due <= post_opens < post_due:
        raise ValidationError(
            "The post-test opens after the pre-test is due, and each is due after it opens.",
            code="dates",
        )
    candidates = list(
        Question.objects.published()
        .visible_to_staff(instructor)
        .filter(skill__in=list(counts))
        .order_by("id")
    )
    difficulty = item_difficulty(candidates)
    facts = question_facts(candidates)
    pre_questions, post_questions = match_forms(
        candidates, counts, difficulty, facts, salt=f"{classroom.id}:{title}"
    )
    base = slugify(f"{title} {classroom.id}")[:100] or f"class-{classroom.id}"
    quizzes = []
    for label, questions in (("pre-test", pre_questions), ("post-test", post_questions)):
        quiz = Quiz(
            slug=_unique_slug(f"{base}-{label}"),
            title=f"{title} · {label}",
            description=f"Matched {label} for {classroom.name}.",
            mode=Quiz.Mode.ASSESSMENT,
            status=Question.Status.PUBLISHED,
            owner=instructor,
        )
        quiz.full_clean()
        quiz.save()
        QuizQuestion.objects.bulk_create(
            QuizQuestion(quiz=quiz, question=q, position=i) for i, q in enumerate(questions, 1)
        )
        quizzes.append(quiz)
    for quiz, opens, due in ((quizzes[0], pre_opens, pre_due), (quizzes[1], post_opens, post_due)):
        # Assessments: feedback stays held back until the form is due.
        assignment = Assignment(
            classroom=classroom,
            quiz=quiz,
            opens=opens,
            due=due,
            feedback=Assignment.Feedback.AFTER_DUE,
        )
        assignment.full_clean()
        assignment.save()
    pair = FormPair(
        classroom=classroom,
        title=title,
        pre=quizzes[0],
        post=quizzes[1],
        skill_counts=counts,
        created_by=instructor,
    )
    pair.full_clean()
    pair.save()
    return pair
