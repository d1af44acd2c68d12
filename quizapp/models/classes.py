"""Classes: who teaches, who learns, and what is assigned when."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
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

    def visible(self, now=None):
        """Assignments students can see: opened already."""
        return self.filter(opens__lte=now or timezone.now())


class Assignment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey("Quiz", on_delete=models.PROTECT, related_name="assignments")
    opens = models.DateTimeField(default=timezone.now)
    due = models.DateTimeField()
    accept_late = models.BooleanField(
        default=True, help_text="Let students still answer after the due date (marked late)."
    )

    objects = AssignmentQuerySet.as_manager()

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
