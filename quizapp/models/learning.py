"""Learning: attempts at quizzes, one response per question, and the review schedule."""

import datetime
import secrets
import weakref

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.query import get_related_populators
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
        from quizapp.models.questions import Question

        return self.annotate(
            stamped_question_id=Cast(KT(f"question_ids__{number - 1}"), models.BigIntegerField())
        ).annotate(
            question_stamp=Subquery(
                Question.objects.filter(pk=OuterRef("stamped_question_id"))
                .order_by()
                .values("updated")[:1]
            )
        )

    def with_feedback_holds(self):
        """Annotate ``learner_has_held_feedback``: does any class of the learner have an
        assignment that holds its feedback back? When not, nothing can be locked for
        the learner (see services.locked_quiz_ids), so no further query is needed.
        The assignments of Assignment.objects.for_student(learner).holding_feedback(),
        without the join through the classroom table: PostgreSQL plans the attempt query
        in a third of the time then (it plans it on every request)."""
        from quizapp.models.classes import Assignment, Classroom

        classes = Classroom.students.through.objects.filter(
            user_id=OuterRef(OuterRef("learner_id"))
        ).values("classroom_id")
        return self.annotate(
            learner_has_held_feedback=Exists(
                Assignment.objects.holding_feedback().filter(classroom_id__in=classes)
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


# The answer path's attempt query, compiled once per database connection object and
# question number. Building and compiling it with the ORM cost more CPU than running
# it; only the learner's and the attempt's ids change between requests, so the SQL is
# built with two impossible ids in their places and those parameters are swapped.
_USER_SLOT = -731_000_001
_ATTEMPT_SLOT = -731_000_002
_PREPARED_NUMBERS = 500  # question numbers beyond this use the ORM directly
_prepared: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _attempt_for_question_queryset(user_id, attempt_id, number, related):
    return (
        Attempt.objects.filter(learner_id=user_id, pk=attempt_id)
        .select_related(*related)
        .with_question_stamp(number)
        .with_feedback_holds()
        .order_by()
    )


def _prepare(alias, number, related):
    queryset = _attempt_for_question_queryset(_USER_SLOT, _ATTEMPT_SLOT, number, related)
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    params = list(params)
    user_at = [i for i, p in enumerate(params) if p == _USER_SLOT]
    attempt_at = [i for i, p in enumerate(params) if p == _ATTEMPT_SLOT]
    if len(user_at) != 1 or len(attempt_at) != 1:
        return None  # an SQL shape this code does not know: use the ORM
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return {
        "sql": sql,
        "params": params,
        "user_at": user_at[0],
        "attempt_at": attempt_at[0],
        "compiler": compiler,
        "converters": compiler.get_converters([s[0] for s in select[0 : compiler.col_count]]),
        "init_list": [f[0].target.attname for f in select[start:end]],
        "span": (start, end),
        "populators": get_related_populators(klass_info, select, alias),
        "annotations": dict(compiler.annotation_col_map),
    }


def attempt_for_question(*, user_id, attempt_id, number, related=()) -> "Attempt | None":
    """The attempt ``attempt_id`` of user ``user_id`` (None if there is no such attempt
    of theirs), with ``related`` joined, ``question_stamp`` (see with_question_stamp) and
    ``learner_has_held_feedback`` (see with_feedback_holds), in one query. The same as
    ``_attempt_for_question_queryset(...).first()``, without compiling the query on
    every request (tests/test_answer_path.py compares the two)."""
    alias = router.db_for_read(Attempt)
    connection = connections[alias]  # one object per thread: never shared
    per_connection = _prepared.setdefault(connection, {})
    key = (number, tuple(related))
    if key not in per_connection and 1 <= number <= _PREPARED_NUMBERS:
        per_connection[key] = _prepare(alias, number, tuple(related))
    prepared = per_connection.get(key)
    if prepared is None:
        return _attempt_for_question_queryset(user_id, attempt_id, number, related).first()
    params = list(prepared["params"])
    params[prepared["user_at"]] = user_id
    params[prepared["attempt_at"]] = attempt_id
    with connection.cursor() as cursor:
        cursor.execute(prepared["sql"], params)
        rows = cursor.fetchmany(1)
    if not rows:
        return None
    if prepared["converters"]:
        rows = prepared["compiler"].apply_converters(rows, prepared["converters"])
    row = list(rows)[0]
    start, end = prepared["span"]
    attempt = Attempt.from_db(alias, prepared["init_list"], row[start:end])
    for populator in prepared["populators"]:
        populator.populate(row, attempt)
    for name, position in prepared["annotations"].items():
        setattr(attempt, name, row[position])
    return attempt
