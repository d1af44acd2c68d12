"""The teacher's workspace: create a class, assign quizzes, manage the roster.

Every page is scoped: a class the user does not teach is a 404."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizapp.forms import AssignmentForm, ClassroomForm
from quizapp.models import Assignment, Attempt, Quiz
from quizapp.reports.classes import class_grid
from quizapp.services import assignment_release
from quizapp.services.classes import (
    assignment_create,
    assignment_update,
    classroom_code_regenerate,
    classroom_create,
    classroom_student_remove,
    student_password_reset_link,
)
from quizapp.views.classes import taught_class


def require_instructor(request):
    if not request.user.is_staff:
        raise Http404("Only instructors have classes.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_create(request):
    """Render the new-class form; on a valid POST create the class and open it."""
    require_instructor(request)
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = classroom_create(instructor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Class created. Its join code is {classroom.join_code}.")
            return redirect("class_detail", class_id=classroom.id)
    return render(request, "quizapp/class_form.html", {"form": form})


@login_required
@require_safe
def class_detail(request, class_id):
    """Render one class: join code, assignments with progress, and the roster."""
    classroom = taught_class(request, class_id)
    grid = class_grid(classroom)
    progress = []
    for index, assignment in enumerate(grid.assignments):
        counts = Counter(cells[index].status for _, cells in grid.rows())
        progress.append(
            {
                "assignment": assignment,
                "done": counts["done"],
                "in_progress": counts["in progress"],
                "not_started": counts["not started"],
            }
        )
    with timezone.override(classroom.zone):
        return render(
            request,
            "quizapp/class_detail.html",
            {
                "classroom": classroom,
                "progress": progress,
                "students": grid.students,
                "now": timezone.now(),
                "reset_link": request.session.pop(f"reset-link-{classroom.id}", None),
            },
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_assign(request, class_id):
    """Render the assign form (quiz, dates, assessment settings); dates are read and shown
    in the class's time zone."""
    classroom = taught_class(request, class_id)
    # Shared quizzes and the instructor's own, never another instructor's.
    quizzes = Quiz.objects.published().visible_to_staff(request.user).order_by("title")
    with timezone.override(classroom.zone):
        form = AssignmentForm(request.POST or None, quizzes=quizzes)
        if request.method == "POST" and form.is_valid():
            try:
                assignment = assignment_create(
                    classroom=classroom, quiz=form.cleaned_data["quiz"], **form.settings()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Assigned “{assignment.quiz}”.")
                return redirect("class_detail", class_id=classroom.id)
        return render(request, "quizapp/class_assign.html", {"classroom": classroom, "form": form})


def taught_assignment(request, class_id, assignment_id):
    classroom = taught_class(request, class_id)
    assignment = get_object_or_404(
        Assignment.objects.select_related("quiz").annotate(started=Exists(
            Attempt.objects.filter(assignment=OuterRef("pk"))
        )),
        pk=assignment_id,
        classroom=classroom,
    )  # fmt: skip
    assignment.classroom = classroom
    return classroom, assignment


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_assignment_edit(request, class_id, assignment_id):
    """Render one assignment's dates and settings for editing, in the class's time zone;
    the settings that shape attempts are fixed once a student has started."""
    classroom, assignment = taught_assignment(request, class_id, assignment_id)
    with timezone.override(classroom.zone):
        form = AssignmentForm(request.POST or None, instance=assignment, started=assignment.started)
        if request.method == "POST" and form.is_valid():
            try:
                assignment_update(assignment=assignment, **form.settings())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved the settings of “{assignment.quiz}”.")
                return redirect("class_detail", class_id=classroom.id)
        return render(
            request,
            "quizapp/class_assign.html",
            {"classroom": classroom, "form": form, "assignment": assignment, "now": timezone.now()},
        )


@login_required
@require_POST
def class_assignment_release(request, class_id, assignment_id):
    """Release an assignment's held-back feedback to its students now."""
    classroom, assignment = taught_assignment(request, class_id, assignment_id)
    if assignment.feedback != Assignment.Feedback.ON_RELEASE:
        messages.error(request, "This assignment's feedback is not waiting for a release.")
    else:
        assignment_release(assignment=assignment)
        messages.success(request, f"Feedback on “{assignment.quiz}” is now shown to students.")
    return redirect("class_assignment_edit", class_id=classroom.id, assignment_id=assignment.id)


@login_required
@require_POST
def class_code_regenerate(request, class_id):
    """Give the class a new join code; the old one stops working."""
    classroom = taught_class(request, class_id)
    code = classroom_code_regenerate(classroom=classroom)
    messages.success(request, f"New join code: {code}. The old code no longer works.")
    return redirect("class_detail", class_id=classroom.id)


def class_member(request, class_id, student_id):
    classroom = taught_class(request, class_id)
    student = get_object_or_404(get_user_model(), pk=student_id, classes_attended=classroom)
    return classroom, student


@login_required
@require_POST
def class_student_remove(request, class_id, student_id):
    """Take a student out of the class (their account and answers stay)."""
    classroom, student = class_member(request, class_id, student_id)
    try:
        classroom_student_remove(classroom=classroom, student=student)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{display_name(student)} is no longer in {classroom}.")
    return redirect("class_detail", class_id=classroom.id)


@login_required
@require_POST
def class_student_reset(request, class_id, student_id):
    """Make a one-time link with which the student chooses a new password."""
    classroom, student = class_member(request, class_id, student_id)
    try:
        path = student_password_reset_link(classroom=classroom, student=student)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # Shown once on the class page (after the redirect), never stored in the database.
        request.session[f"reset-link-{classroom.id}"] = {
            "student": display_name(student),
            "url": request.build_absolute_uri(path),
        }
    return redirect("class_detail", class_id=classroom.id)


def display_name(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()
