"""Learning: attempts at quizzes, one response per question, and the review schedule."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone


def new_seed() -> int:
    return secrets.randbelow(2**31)


def released_q(prefix: str = "", now=None) -> models.Q:
    """Rows (attempts, or with ``prefix="attempt__"`` responses) whose right/wrong may be
    shown to the learner now: practice, assignments with feedback after each answer, and
    assignment attempts whose feedback has been released (see Assignment.feedback)."""
    now = now or timezone.now()
    a = f"{prefix}assignment__"
    done = models.Q(**{f"{prefix}finished__isnull": False})
    return (
        models.Q(**{f"{prefix}assignment__isnull": True})
        | models.Q(**{f"{a}feedback__in": ["after_answer", ""]})
        | (done & models.Q(**{f"{a}feedback": "after_submit"}))
        | (done & models.Q(**{f"{a}feedback": "after_due", f"{a}due__lte": now}))
        | (done & models.Q(**{f"{a}feedback": "on_release", f"{a}released__lte": now}))
    )


class Confidence(models.TextChoices):
    GUESSING = "guessing", "Guessing"
    FAIRLY_SURE = "fairly_sure", "Fairly sure"
    CERTAIN = "certain", "Certain"


class AttemptQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(learner=user)

    def unfinished(self):
        return self.filter(finished__isnull=True)

    def released(self, now=None):
        """Attempts whose right/wrong the learner may see now."""
        return self.filter(released_q("", now))

    def with_question_stamp(self, number: int):
        """Annotate ``question_stamp``: the ``updated`` stamp of question ``number``
        (1-based) of each attempt, read in the same query as the attempt, so a process
        that cached that question can tell whether its copy is current."""
        from .questions import Question

        return self.annotate(
            stamped_question_id=Cast(KT(f"question_ids__{number - 1}"), models.BigIntegerField())
        ).annotate(
            question_stamp=Subquery(
                Question.objects.filter(pk=OuterRef("stamped_question_id")).values("updated")[:1]
            )
        )


class Attempt(models.Model):
    """One sitting of a quiz (or of a review session), in a fixed question order."""

    class Kind(models.TextChoices):
        QUIZ = "quiz", "Quiz"
        REVIEW = "review", "Review"
        MISTAKES = "mistakes", "Mistakes practice"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUIZ)
    quiz = models.ForeignKey(
        "Quiz", on_delete=models.PROTECT, null=True, blank=True, related_name="attempts"
    )
    assignment = models.ForeignKey(
        "Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts"
    )
    question_ids = models.JSONField(
        default=list, help_text="The questions in the order this attempt shows them."
    )
    started = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)
    answered = models.PositiveIntegerField(default=0, help_text="Questions answered so far.")
    score = models.PositiveIntegerField(default=0, help_text="Questions answered right so far.")
    last_answered_at = models.DateTimeField(null=True, blank=True)
    number = models.PositiveSmallIntegerField(
        default=1, help_text="Which attempt at the assignment this is (1 = the first)."
    )
    seed = models.PositiveIntegerField(
        default=new_seed, help_text="Orders this attempt's choices (and questions if shuffled)."
    )
    requires_submit = models.BooleanField(
        default=False,
        help_text="Finished only when the learner submits it, not by answering the last question.",
    )
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Time limit: answers after this are refused."
    )
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Mistakes practice: the attempt whose missed questions it repeats.",
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["learner", "quiz", "finished"])]
        constraints = [
            # A double Start (two tabs, a double click, a crafted request) cannot make a
            # second attempt: the second INSERT fails and the service returns the first.
            models.UniqueConstraint(
                fields=["learner", "assignment", "number"],
                condition=models.Q(assignment__isnull=False),
                name="attempt_one_per_assignment_number",
            )
        ]

    def __str__(self):
        return f"{self.learner} · {self.title} · {self.started:%Y-%m-%d %H:%M}"

    @property
    def title(self):
        if self.kind == self.Kind.MISTAKES and self.quiz_id:
            return f"Your mistakes: {self.quiz.title}"
        return self.quiz.title if self.quiz_id else "Review"

    def feedback_released(self, now=None) -> bool:
        """May the learner see right/wrong and the key for this attempt now?"""
        if not self.assignment_id:
            return True
        return self.assignment.feedback_released(self.finished, now)

    def time_left(self, now=None):
        if self.deadline is None or self.finished:
            return None
        return max(self.deadline - (now or timezone.now()), datetime.timedelta(0))

    @property
    def total(self) -> int:
        return len(self.question_ids)


class Response(models.Model):
    """A learner's answer to one question in one attempt: at most one, by constraint."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey("Question", on_delete=models.PROTECT, related_name="responses")
    choice = models.ForeignKey(
        "Choice", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    order = models.JSONField(
        default=list, blank=True, help_text="Ordering questions: choice ids in the order given."
    )
    answer_text = models.TextField(
        blank=True, help_text="What the learner chose, as they saw it, kept if the choice changes."
    )
    is_correct = models.BooleanField()
    confidence = models.CharField(max_length=20, choices=Confidence.choices, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    # 64-bit: a 32-bit column overflowed (PostgreSQL refused the INSERT) once a learner
    # came back to an attempt 24.8 days later, leaving that attempt unanswerable.
    time_taken_ms = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="response_one_per_attempt_question"
            )
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_id}: {'right' if self.is_correct else 'wrong'}"
