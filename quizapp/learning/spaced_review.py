"""The spaced-review schedule, derived from a learner's answers with FSRS (the fsrs
package). A question enters the schedule when it is answered wrong; every later answer
to it, in a quiz or a review, moves it along. Deriving the schedule from the responses
keeps answer submission to one INSERT and can never drift from what was answered."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from fsrs import Card, Rating, Scheduler

from quizapp.models import Attempt, Confidence, Response
from quizapp.models.learning import released_q

SCHEDULER = Scheduler(
    learning_steps=(datetime.timedelta(minutes=10), datetime.timedelta(days=1)),
    relearning_steps=(datetime.timedelta(days=1),),
    enable_fuzzing=False,
)
RATING_WHEN_RIGHT = {
    Confidence.GUESSING: Rating.Hard,
    Confidence.FAIRLY_SURE: Rating.Good,
    Confidence.CERTAIN: Rating.Easy,
    "": Rating.Good,
}


@dataclass
class Scheduled:
    question_id: int
    due: datetime.datetime
    reviews: int
    lapses: int


def review_schedule(user) -> list[Scheduled]:
    """Every question on the learner's schedule, soonest due first. One query."""
    rows = (
        # Answers whose right/wrong is still held back (an unreleased assessment) stay
        # off the schedule, and a mistakes round does not move it.
        Response.objects.filter(attempt__learner=user)
        .filter(released_q("attempt__"))
        .exclude(attempt__kind=Attempt.Kind.MISTAKES)
        .order_by("answered_at", "id")
        .values_list("question_id", "is_correct", "confidence", "answered_at")
    )
    cards: dict[int, tuple[Card, int, int]] = {}
    for question_id, is_correct, confidence, answered_at in rows.iterator():
        entry = cards.get(question_id)
        if entry is None and is_correct:
            continue  # right the first time: nothing to review
        card, reviews, lapses = entry or (Card(card_id=question_id), 0, 0)
        rating = RATING_WHEN_RIGHT.get(confidence, Rating.Good) if is_correct else Rating.Again
        card, _ = SCHEDULER.review_card(card, rating, review_datetime=answered_at)
        cards[question_id] = (card, reviews + 1, lapses + (not is_correct))
    scheduled = [
        Scheduled(question_id, card.due, reviews, lapses)
        for question_id, (card, reviews, lapses) in cards.items()
    ]
    return sorted(scheduled, key=lambda s: (s.due, s.question_id))


def due_questions(user, now=None) -> list[int]:
    now = now or timezone.now()
    return [s.question_id for s in review_schedule(user) if s.due <= now]


def review_summary(user, now=None) -> dict:
    now = now or timezone.now()
    schedule = review_schedule(user)
    upcoming = [s.due for s in schedule if s.due > now]
    return {
        "scheduled": len(schedule),
        "due": sum(1 for s in schedule if s.due <= now),
        "next_due": min(upcoming, default=None),
    }
