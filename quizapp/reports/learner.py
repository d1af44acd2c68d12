"""Read-only aggregates for a learner's results and progress."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from quizapp.learning.spaced_review import review_summary  # noqa: F401  (re-exported for the views)
from quizapp.models import Assignment, Attempt, Confidence, Quiz, Response, Skill
from quizapp.models.learning import released_q

MASTERY_WINDOW = 20


@dataclass(frozen=True)
class Share:
    correct: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.correct / self.total) if self.total else None


def mastery_by_skill(user) -> list[tuple[str, str, Share]]:
    """Share correct over each skill's last MASTERY_WINDOW answers, with the count it
    rests on. One query; the window is applied in Python over that learner's rows."""
    rows = (
        Response.objects.filter(attempt__learner=user)
        .filter(released_q("attempt__"))
        .order_by("-answered_at", "-id")
        .values_list("question__skill", "is_correct")
    )
    recent = defaultdict(list)
    for skill, correct in rows.iterator():
        if len(recent[skill]) < MASTERY_WINDOW:
            recent[skill].append(correct)
    return [
        (skill.value, skill.label, Share(sum(recent[skill.value]), len(recent[skill.value])))
        for skill in Skill
    ]


def calibration(user) -> list[tuple[str, str, Share]]:
    """Accuracy at each confidence level: does "certain" mean right?"""
    return calibration_of(
        Response.objects.filter(attempt__learner=user).filter(released_q("attempt__"))
    )


def calibration_of(responses) -> list[tuple[str, str, Share]]:
    """Share right at each confidence level (and unsaid) over these responses: one query."""
    shares = {
        row["confidence"]: Share(row["right"], row["total"])
        for row in responses.order_by()
        .values("confidence")
        .annotate(total=Count("id"), right=Count("id", filter=Q(is_correct=True)))
    }
    return [
        (value, label, shares.get(value, Share(0, 0)))
        for value, label in [*Confidence.choices, ("", "Not said")]
    ]


def attempt_history(user, limit=50):
    return (
        Attempt.objects.of(user)
        .select_related("quiz", "assignment__classroom")
        .order_by("-started", "-id")[:limit]
    )


def skill_breakdown(responses) -> list[tuple[str, Share]]:
    """Per-skill score for one attempt's responses (already fetched with questions)."""
    counts = defaultdict(lambda: [0, 0])
    for response in responses:
        counts[response.question.skill][0] += response.is_correct
        counts[response.question.skill][1] += 1
    return [
        (Skill(skill).label, Share(*counts[skill])) for skill in Skill.values if skill in counts
    ]


# --- the learner's quiz list ---------------------------------------------------------


@dataclass
class AssignmentRow:
    """One assignment as the student sees it. ``progress`` is where they are (not
    started, in progress, submitted, scored); ``score`` is set only once the
    assignment's feedback is released for the attempt it counts (see released_q)."""

    assignment: Assignment
    attempt: Attempt | None  # the latest attempt
    progress: str
    availability: str  # open, due soon, late, closed, unavailable
    score: Share | None
    counted: Attempt | None  # the attempt the score is of
    can_retake: bool


@dataclass
class QuizRow:
    quiz: Quiz
    attempt: Attempt | None  # the latest practice attempt
    best: Share | None  # best finished practice attempt; None: not tried


@dataclass
class QuizGroup:
    key: str
    label: str
    purpose: str
    rows: list[QuizRow]

    @property
    def best(self) -> Share | None:
        """The best score over this group's quizzes."""
        scores = [row.best for row in self.rows if row.best is not None]
        return max(scores, key=_ratio) if scores else None

    @property
    def in_progress(self) -> bool:
        return any(row.attempt is not None and row.attempt.finished is None for row in self.rows)


def _ratio(share: Share) -> float:
    return share.correct / share.total if share.total else 0.0


def _share(attempt: Attempt) -> Share:
    return Share(attempt.score, attempt.total)


def quiz_list_for(user, now=None) -> tuple[list[AssignmentRow], list[QuizGroup]]:
    """The student's assignments (soonest due first) and the shared practice quizzes
    grouped by skill (then one group of single-article quizzes), with the student's best
    score. Four queries whatever the number of quizzes, classes and attempts."""
    now = now or timezone.now()
    assignments = list(
        Assignment.objects.for_student(user)
        .visible(now)
        .select_related("quiz", "classroom")
        .order_by("due", "id")
    )
    attempts = list(
        Attempt.objects.of(user)
        .filter(kind=Attempt.Kind.QUIZ)
        .only(
            "id", "quiz_id", "assignment_id", "question_ids", "started", "finished",
            "answered", "score", "number",
        )
        .order_by("started", "id")
    )  # fmt: skip
    by_key = defaultdict(list)
    for attempt in attempts:
        by_key[(attempt.quiz_id, attempt.assignment_id)].append(attempt)
    rows = [
        _assignment_row(assignment, by_key.get((assignment.quiz_id, assignment.id), []), now)
        for assignment in assignments
    ]
    quizzes = (
        Quiz.objects.shared_practice()
        .annotate(size=Count("items", filter=Q(items__question__status="published")))
        .order_by("title", "id")
    )
    groups = {
        skill.value: QuizGroup(skill.value, skill.label, skill.purpose, []) for skill in Skill
    }
    groups["article"] = QuizGroup(
        "article",
        "One article at a time",
        "Every skill on a single article: read it closely, then answer.",
        [],
    )
    groups["mixed"] = QuizGroup(
        "mixed", "All skills", "A mix of every skill across the coverage.", []
    )
    for quiz in quizzes:
        practice = by_key.get((quiz.id, None), [])
        finished = [_share(a) for a in practice if a.finished is not None]
        row = QuizRow(
            quiz=quiz,
            attempt=practice[-1] if practice else None,
            best=max(finished, key=_ratio) if finished else None,
        )
        key = quiz.skill or ("article" if quiz.article_id else "mixed")
        groups[key].rows.append(row)
    return rows, [group for group in groups.values() if group.rows]


def _assignment_row(assignment, attempts, now) -> AssignmentRow:
    latest = attempts[-1] if attempts else None
    counted = assignment.counted_attempt([a for a in attempts if a.finished is not None])
    score = None
    if counted is not None and assignment.feedback_released(counted.finished, now):
        score = _share(counted)
    if latest is None:
        progress = "not started"
    elif latest.finished is None:
        progress = "in progress"
    else:
        progress = "scored" if score is not None else "submitted"
    availability = assignment.availability(now)
    can_retake = assignment.allows_another(latest, now)
    return AssignmentRow(assignment, latest, progress, availability, score, counted, can_retake)
