"""Instructors' class pages: the class list, the class report and its CSV, one student."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from quizapp.common.spreadsheet import csv_download
from quizapp.models import Attempt, Classroom
from quizapp.reports.classes import (
    ATTEMPT_SET,
    TIME_ON_TASK,
    class_grid,
    class_report,
    item_analysis,
    student_answers,
)
from quizapp.reports.misreadings import misreading_report


def taught_class(request, class_id) -> Classroom:
    """A class the user teaches (any class for a superuser), or 404 for everyone else."""
    return get_object_or_404(Classroom.objects.taught_by(request.user), pk=class_id)


@login_required
@require_safe
def class_list(request):
    """Render the instructor's classes with size, open assignments and completion."""
    if not request.user.is_staff:
        raise Http404("Only instructors have classes.")
    now = timezone.now()
    classes = (
        Classroom.objects.taught_by(request.user)
        .annotate(
            size=Count("students", distinct=True),
            open_assignments=Count(
                "assignments",
                filter=Q(assignments__opens__lte=now, assignments__due__gte=now),
                distinct=True,
            ),
            assignment_count=Count("assignments", distinct=True),
        )
        .order_by("name")
    )
    done = Counter(
        class_id
        for class_id, _, _ in Attempt.objects.filter(
            assignment__classroom__in=classes,
            finished__isnull=False,
            learner__classes_attended=F("assignment__classroom"),
        )
        .values_list("assignment__classroom", "assignment", "learner")
        .distinct()
    )
    rows = [
        {
            "classroom": c,
            "done": done.get(c.id, 0),
            "expected": c.size * c.assignment_count,
        }
        for c in classes
    ]
    return render(request, "quizapp/class_list.html", {"rows": rows})


@login_required
@require_safe
def class_report_view(request, class_id):
    """Render the class report (or, with ?assignment=ID, one assignment's): grid,
    skills, item analysis and calibration."""
    classroom = taught_class(request, class_id)
    assignments = list(classroom.assignments.select_related("quiz").order_by("due", "id"))
    chosen = request.GET.get("assignment", "")
    assignment = next((a for a in assignments if str(a.id) == chosen), None)
    if chosen and assignment is None:
        raise Http404("No such assignment in this class.")
    # One reverse() for the whole grid instead of one per student row.
    student_base = reverse("class_student", args=[classroom.id, 0]).removesuffix("0/")
    return render(
        request,
        "quizapp/class_report.html",
        {
            "report": class_report(classroom, assignment=assignment),
            "assignments": assignments,
            "assignment": assignment,
            "attempt_set": ATTEMPT_SET,
            "time_note": TIME_ON_TASK,
            "student_base": student_base,
        },
    )


@login_required
@require_safe
def class_grid_csv(request, class_id):
    """The students × assignments grid as CSV."""
    classroom = taught_class(request, class_id)
    report = class_grid(classroom)
    response, writer = csv_download(f"class-{classroom.id}-grid.csv")
    writer.writerow(
        ["student", "assignment", "status", "answered", "correct", "questions", "score %", "late"]
    )
    for student, cells in report.rows():
        for assignment, cell in zip(report.assignments, cells, strict=True):
            writer.writerow(
                [
                    student.get_username(),
                    assignment.quiz.title,
                    cell.status,
                    cell.answered,
                    cell.correct,
                    cell.total,
                    "" if cell.percent is None else cell.percent,
                    "yes" if cell.late else "no",
                ]
            )
    return response


@login_required
@require_safe
def class_items_csv(request, class_id):
    """The item analysis as CSV."""
    classroom = taught_class(request, class_id)
    response, writer = csv_download(f"class-{classroom.id}-items.csv")
    writer.writerow(
        [
            "question id",
            "skill",
            "question",
            "first attempts",
            "facility",
            "discrimination",
            "most chosen wrong answer",
            "times chosen",
            "median seconds",
        ]
    )
    for item in item_analysis(classroom):
        writer.writerow(
            [
                item.question.id,
                item.question.get_skill_display(),
                item.question.stem,
                item.attempts,
                "" if item.facility is None else f"{item.facility:.2f}",
                "" if item.discrimination is None else f"{item.discrimination:.2f}",
                item.top_wrong,
                item.top_wrong_count,
                "" if item.median_ms is None else f"{item.median_ms / 1000:.1f}",
            ]
        )
    return response


@login_required
@require_safe
def student_detail(request, class_id, student_id):
    """Render one student's attempts and answers in this class, with sources."""
    classroom = taught_class(request, class_id)
    student = get_object_or_404(get_user_model(), pk=student_id, classes_attended=classroom)
    return render(
        request,
        "quizapp/class_student.html",
        {
            "classroom": classroom,
            "student": student,
            "attempts": student_answers(classroom, student),
        },
    )


@login_required
@require_safe
def class_misreadings(request, class_id):
    """Render what the class misread: each misreading's count, the questions where it
    happened and what to practise, and a students × misreadings table."""
    classroom = taught_class(request, class_id)
    return render(
        request,
        "quizapp/misreadings.html",
        {"classroom": classroom, "report": misreading_report(classroom), "student": None},
    )


@login_required
@require_safe
def student_misreadings(request, class_id, student_id):
    """Render what one student of the class misread, with the questions and what to practise."""
    classroom = taught_class(request, class_id)
    student = get_object_or_404(get_user_model(), pk=student_id, classes_attended=classroom)
    return render(
        request,
        "quizapp/misreadings.html",
        {
            "classroom": classroom,
            "report": misreading_report(classroom, student=student),
            "student": student,
        },
    )
