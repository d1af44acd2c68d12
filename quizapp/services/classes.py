"""Instructors running their classes: create, assign, manage the roster."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quizapp.models import Assignment, Classroom
from quizapp.models.classes import new_join_code

# Fixed once a student has started (see assignment_update).


@transaction.atomic
def classroom_create(*, instructor, name: str, time_zone: str, join_code: str) -> Classroom:
    """A new class taught by `instructor`, with the join code the instructor was shown."""
    classroom = Classroom(name=name, time_zone=time_zone, join_code=join_code)
    classroom.full_clean()
    classroom.save()
    classroom.instructors.add(instructor)
    return classroom


@transaction.atomic
def classroom_code_regenerate(*, classroom: Classroom) -> str:
    """Give the class a new join code (the old one stops working); returns it."""
    code = new_join_code()
    while Classroom.objects.filter(join_code=code).exists():
        code = new_join_code()
    classroom.join_code = code
    classroom.save(update_fields=["join_code"])
    return code


@transaction.atomic
def assignment_create(*, classroom: Classroom, quiz, opens, due, **settings) -> Assignment:
    """Set ``quiz`` to the class from ``opens`` to ``due``, with the assessment settings
    given (see docs/assessments.md); the others keep their defaults."""
    unknown = set(settings) - set(Assignment.SETTINGS)
    if unknown:
        raise TypeError(f"Not assignment settings: {sorted(unknown)}")
    assignment = Assignment(classroom=classroom, quiz=quiz, opens=opens, due=due, **settings)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, opens, due, **settings) -> Assignment:
    """Change an assignment's dates and settings. Settings that shape an attempt when it
    starts (feedback timing, time limit, shuffling) are refused once a student has
    started: every student of an assignment takes it under the same rules."""
    unknown = set(settings) - set(Assignment.SETTINGS)
    if unknown:
        raise TypeError(f"Not assignment settings: {sorted(unknown)}")
    # Compared with the stored row: a ModelForm has already copied its values onto
    # ``assignment``.
    stored = Assignment.objects.filter(pk=assignment.pk).values(*Assignment.ATTEMPT_SHAPING).get()
    changed = {k for k, v in settings.items() if k in stored and stored[k] != v}
    if changed and assignment.attempts.exists():
        raise ValidationError(
            "Students have started this assignment: its feedback timing, time limit and "
            "shuffling stay as they were.",
            code="assignment_started",
        )
    assignment.opens, assignment.due = opens, due
    for name, value in settings.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    return assignment


def _student_of(classroom: Classroom, student):
    if not classroom.students.filter(pk=student.pk).exists():
        raise ValidationError("That student is not in this class.", code="not_in_class")
    if student.is_staff or student.is_superuser:
        raise ValidationError(
            "This account belongs to staff; its owner manages it.", code="staff_account"
        )


@transaction.atomic
def classroom_student_remove(*, classroom: Classroom, student) -> None:
    """Take the student out of the class; their account and past answers stay."""
    _student_of(classroom, student)
    classroom.students.remove(student)


def student_password_reset_link(*, classroom: Classroom, student) -> str:
    """A link (path) the student opens once to choose a new password.

    Django's reset token is bound to the current password hash and login time, so the
    link stops working once used, once the student logs in, and after
    PASSWORD_RESET_TIMEOUT."""
    _student_of(classroom, student)
    if not student.is_active:
        raise ValidationError("This account is disabled.", code="inactive_account")
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(student.pk)),
            "token": default_token_generator.make_token(student),
        },
    )
