"""Read-only aggregates for a learner's results and progress."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Attempt, Confidence, Response, Skill
from .models.learning import released_q
from .review import review_summary  # noqa: F401  (re-exported for the views)

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
