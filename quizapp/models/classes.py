"""Classes: who teaches, who learns, and what is assigned when."""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def validate_join_code_shape(code: str) -> None:
    """A code as new_join_code makes them: hard to guess, easy to read aloud."""
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
        raise ValidationError(
            "A join code is %(length)s letters and digits (no 0, O, 1 or I).",
            code="join_code_shape",
            params={"length": JOIN_CODE_LENGTH},
        )


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            "%(name)s is not a time zone name such as Europe/Berlin or America/New_York.",
            code="unknown_time_zone",
            params={"name": name},
        )


def default_time_zone() -> str:
    return settings.TIME_ZONE


class ClassroomQuerySet(models.QuerySet):
    def taught_by(self, user):
        return self if user.is_superuser else self.filter(instructors=user)

    def attended_by(self, user):
        return self.filter(students=user)


class Classroom(models.Model):
    name = models.CharField(max_length=120)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classes_taught", blank=True
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classes_attended", blank=True
    )
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Opening and due dates of this class's assignments are in this time zone.",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class AssignmentQuerySet(models.QuerySet):
    def for_student(self, user):
        return self.filter(classroom__students=user)

    def taught_by(self, user):
        return self if user.is_superuser else self.filter(classroom__instructors=user)

    def visible(self, now=None):
        """Assignments students can see: opened already."""
        return self.filter(opens__lte=now or timezone.now())

    def holding_feedback(self):
        return self.exclude(feedback=Assignment.Feedback.AFTER_ANSWER)


class Assignment(models.Model):
    """A quiz set to a class, with Moodle-style settings for how it is taken and
    when its feedback (right/wrong, the key, the sources) is shown."""

    class Feedback(models.TextChoices):
        AFTER_ANSWER = "after_answer", "After each answer"
        AFTER_SUBMIT = "after_submit", "After the student submits the quiz"
        AFTER_DUE = "after_due", "After the due date"
        ON_RELEASE = "on_release", "When the instructor releases it"

    class Grading(models.TextChoices):
        FIRST = "first", "First attempt"
        BEST = "best", "Best attempt"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey("Quiz", on_delete=models.PROTECT, related_name="assignments")
    opens = models.DateTimeField(default=timezone.now)
    due = models.DateTimeField()
    accept_late = models.BooleanField(
        default=True, help_text="Let students still answer after the due date (marked late)."
    )
    feedback = models.CharField(
        max_length=20,
        choices=Feedback.choices,
        blank=True,
        help_text="When students see whether they were right and the answer key. Leave empty "
        "for the quiz's default: after each answer for a practice quiz, after the due date "
        "for an assessment.",
    )
    released = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the instructor released the feedback (for “when the instructor "
        "releases it”).",
    )
    shuffle_choices = models.BooleanField(
        default=True, help_text="Show each student the choices in their own order."
    )
    shuffle_questions = models.BooleanField(
        default=False, help_text="Show each student the questions in their own order."
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many times a student may take it.",
    )
    grading = models.CharField(
        max_length=10,
        choices=Grading.choices,
        default=Grading.FIRST,
        help_text="With retakes: which attempt the class report counts.",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text="Optional: minutes from Start (at most a day); answers after it are refused.",
    )

    objects = AssignmentQuerySet.as_manager()

    # How it is taken, besides the quiz and the dates: what the teacher's form, the admin
    # and the services accept (docs/assessments.md).
    SETTINGS = (
        "accept_late",
        "feedback",
        "attempts_allowed",
        "grading",
        "time_limit_minutes",
        "shuffle_choices",
        "shuffle_questions",
    )
    # Settings that shape an attempt when it starts: fixed once a student has started.
    ATTEMPT_SHAPING = frozenset(
        {"feedback", "time_limit_minutes", "shuffle_choices", "shuffle_questions"}
    )

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gt=models.F("opens")),
                name="assignment_due_after_opens",
                violation_error_message="The due date must be after the opening date.",
            )
        ]

    def __str__(self):
        return f"{self.quiz} for {self.classroom}"

    def save(self, *args, **kwargs):
        if not self.feedback:
            self.feedback = self.default_feedback(self.quiz)
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "feedback"}
        super().save(*args, **kwargs)

    @classmethod
    def default_feedback(cls, quiz) -> str:
        if quiz is not None and quiz.mode == quiz.Mode.ASSESSMENT:
            return cls.Feedback.AFTER_DUE
        return cls.Feedback.AFTER_ANSWER

    @property
    def holds_feedback(self) -> bool:
        """Right/wrong and the key wait until the attempt is submitted (and more)."""
        return self.feedback != self.Feedback.AFTER_ANSWER

    def feedback_released(self, attempt_finished, now=None) -> bool:
        """Whether an attempt finished at ``attempt_finished`` (None: not yet) may show
        its feedback now."""
        now = now or timezone.now()
        if self.feedback == self.Feedback.AFTER_ANSWER or not self.feedback:
            return True
        if attempt_finished is None:
            return False
        if self.feedback == self.Feedback.AFTER_SUBMIT:
            return True
        if self.feedback == self.Feedback.AFTER_DUE:
            return now >= self.due
        return self.released is not None and self.released <= now

    def release_message(self) -> str:
        if self.feedback == self.Feedback.AFTER_DUE:
            when = date_format(timezone.localtime(self.due), "j F Y, H:i")
            return f"Your answers and the key are shown after the due date ({when})."
        if self.feedback == self.Feedback.ON_RELEASE:
            return "Your answers and the key are shown when your instructor releases them."
        return "Your answers and the key are shown after you submit the quiz."

    DUE_SOON = datetime.timedelta(days=2)

    def availability(self, now=None) -> str:
        """Where the assignment stands for its students: "unavailable" (its quiz went
        back to draft), "closed", "late" (past due, late work accepted), "due soon"
        (within DUE_SOON) or "open"."""
        now = now or timezone.now()
        if not self.quiz.is_published:
            return "unavailable"
        if not self.is_open(now):
            return "closed"
        if self.due < now:
            return "late"
        if self.due - now <= self.DUE_SOON:
            return "due soon"
        return "open"

    def counted_attempt(self, finished):
        """Which of a student's finished attempts (in order) the grade counts: the first,
        or with best grading the highest score (the earliest of equals). The class report
        picks the same attempt in SQL (class_reports.first_attempts)."""
        if not finished:
            return None
        if self.grading == self.Grading.BEST:
            return max(finished, key=lambda a: (a.score, -a.number))
        return finished[0]

    def allows_another(self, latest, now=None) -> bool:
        """May a student whose latest attempt is ``latest`` start another now?"""
        return bool(
            latest is not None
            and latest.finished is not None
            and latest.number < self.attempts_allowed
            and self.is_open(now)
        )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens <= now and (self.accept_late or now <= self.due)

    def closed_message(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens:
            return f"This assignment opens on {date_format(timezone.localtime(self.opens), 'j F Y, H:i')}."
        return "This assignment is closed: the due date has passed."


class FormPair(models.Model):
    """A pre-test and a post-test built together from the bank: the same skill mix,
    similar difficulty, no question (and no fact) in both. See docs/prepost.md."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="form_pairs")
    title = models.CharField(max_length=120)
    pre = models.OneToOneField("Quiz", on_delete=models.PROTECT, related_name="pre_of")
    post = models.OneToOneField("Quiz", on_delete=models.PROTECT, related_name="post_of")
    skill_counts = models.JSONField(help_text="Questions per skill on each form.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.title} ({self.classroom})"
