"""Class reports: only the class's instructors see them; figures come from the database;
the number of queries does not grow with the class."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.bench.synthetic import synthetic_class
from quizapp.models import Attempt, Response
from quizapp.reports.classes import class_report, item_analysis
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def take(student, assignment, answers, *, finished=True, when=None):
    """Record an attempt: answers maps question → True (right) / False (wrong)."""
    quiz = assignment.quiz
    attempt = Attempt.objects.create(
        learner=student,
        quiz=quiz,
        assignment=assignment,
        number=Attempt.objects.filter(learner=student, assignment=assignment).count() + 1,
        question_ids=list(quiz.items.values_list("question_id", flat=True)),
    )
    for question, right in answers.items():
        choice = question.choices.filter(is_correct=right).first()
        Response.objects.create(
            attempt=attempt,
            question=question,
            choice=choice,
            answer_text=choice.text,
            is_correct=right,
        )
    if finished:
        Attempt.objects.filter(pk=attempt.pk).update(finished=when or timezone.now())
    return attempt


def urls(classroom, student):
    return [
        reverse("class_report", args=[classroom.id]),
        reverse("class_grid_csv", args=[classroom.id]),
        reverse("class_items_csv", args=[classroom.id]),
        reverse("class_student", args=[classroom.id, student.id]),
    ]


def test_only_the_class_instructors_and_superusers_see_its_pages(client, classroom, teacher):
    student = UserFactory(username="kid")
    classroom.students.add(student)
    other_teacher = UserFactory(username="other", is_staff=True)
    ClassroomFactory().instructors.add(other_teacher)
    for user, expected in (
        (student, 404),
        (other_teacher, 404),
        (teacher, 200),
        (UserFactory(username="root", is_superuser=True, is_staff=True), 200),
    ):
        client.force_login(user)
        for url in urls(classroom, student):
            assert client.get(url).status_code == expected, (user, url)


def test_a_student_of_another_class_is_a_404(client, classroom, teacher):
    client.force_login(teacher)
    stranger = UserFactory(username="stranger")
    assert client.get(reverse("class_student", args=[classroom.id, stranger.id])).status_code == 404


def test_class_list_shows_size_open_assignments_and_completion(client, classroom, teacher):
    students = [UserFactory(username=f"s{i}") for i in range(3)]
    classroom.students.add(*students)
    assignment = AssignmentFactory(classroom=classroom)
    take(students[0], assignment, dict.fromkeys(assignment.quiz.questions.all(), True))
    client.force_login(teacher)
    html = client.get(reverse("class_list")).content.decode()
    assert "Period 1" in html and "1 of 1" in html and "1 of 3" in html


def test_grid_shows_not_started_in_progress_done_score_and_late(classroom):
    kids = [UserFactory(username=n) for n in ("ana", "ben", "cy", "dee")]
    classroom.students.add(*kids)
    assignment = AssignmentFactory(
        classroom=classroom,
        due=timezone.now() - datetime.timedelta(hours=1),
        opens=timezone.now() - datetime.timedelta(days=3),
    )
    q1, q2, q3 = list(assignment.quiz.questions.order_by("quiz_items__position"))
    take(
        kids[0],
        assignment,
        {q1: True, q2: True, q3: False},
        when=timezone.now() - datetime.timedelta(days=1),
    )
    take(kids[1], assignment, {q1: True}, finished=False)
    take(kids[3], assignment, {q1: True, q2: True, q3: True})
    report = class_report(classroom)
    cells = {s.username: report.grid[(s.id, assignment.id)] for s in kids}
    assert (cells["ana"].status, cells["ana"].percent, cells["ana"].late) == ("done", 67, False)
    assert (cells["ben"].status, cells["ben"].answered, cells["ben"].late) == (
        "in progress",
        1,
        True,
    )
    assert cells["cy"].status == "not started"
    assert (cells["dee"].status, cells["dee"].late) == ("done", True)


def test_item_analysis_facility_discrimination_and_top_wrong_answer(classroom):
    kids = [UserFactory(username=f"k{i}") for i in range(6)]
    classroom.students.add(*kids)
    questions = QuestionFactory.create_batch(3)
    assignment = AssignmentFactory(classroom=classroom, quiz=QuizFactory(questions=questions))
    q1, q2, q3 = questions
    # Scores 3,3,2,1,1,0: top third k0,k1; bottom third k4,k5.
    pattern = [(1, 1, 1), (1, 1, 1), (1, 1, 0), (0, 1, 0), (1, 0, 0), (0, 0, 0)]
    for kid, answers in zip(kids, pattern, strict=True):
        take(kid, assignment, {q: bool(a) for q, a in zip(questions, answers, strict=True)})
    items = {item.question.id: item for item in item_analysis(classroom)}
    assert items[q1.id].facility == pytest.approx(4 / 6)
    assert items[q1.id].discrimination == pytest.approx(1.0 - 0.5)
    assert items[q3.id].discrimination == pytest.approx(1.0)
    assert items[q3.id].top_wrong == "Wrong one" and items[q3.id].top_wrong_count == 4


def test_item_analysis_uses_first_attempts_only(classroom):
    kid = UserFactory(username="retaker")
    classroom.students.add(kid)
    assignment = AssignmentFactory(classroom=classroom)
    questions = list(assignment.quiz.questions.all())
    take(kid, assignment, dict.fromkeys(questions, False))
    take(kid, assignment, dict.fromkeys(questions, True))
    assert all(item.facility == 0 for item in item_analysis(classroom))


def test_grid_csv_opens_with_headers_and_one_row_per_student_assignment(client, classroom, teacher):
    kids = [UserFactory(username=f"c{i}") for i in range(2)]
    classroom.students.add(*kids)
    assignment = AssignmentFactory(classroom=classroom)
    take(kids[0], assignment, dict.fromkeys(assignment.quiz.questions.all(), True))
    client.force_login(teacher)
    response = client.get(reverse("class_grid_csv", args=[classroom.id]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "student",
        "assignment",
        "status",
        "answered",
        "correct",
        "questions",
        "score %",
        "late",
    ]
    assert rows[1][:3] == ["c0", assignment.quiz.title, "done"] and len(rows) == 3


def test_items_csv_has_headers(client, classroom, teacher):
    kid = UserFactory(username="one")
    classroom.students.add(kid)
    assignment = AssignmentFactory(classroom=classroom)
    take(kid, assignment, dict.fromkeys(assignment.quiz.questions.all(), True))
    client.force_login(teacher)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("class_items_csv", args=[classroom.id])).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][:6] == [
        "question id",
        "skill",
        "question",
        "first attempts",
        "facility",
        "discrimination",
    ]
    assert len(rows) == 1 + assignment.quiz.items.count()


def test_report_page_shows_chart_with_table_and_student_page_links_sources(client, bank, teacher):
    room = synthetic_class(students=6, questions=5, name="Small")
    room.instructors.add(teacher)
    client.force_login(teacher)
    html = client.get(reverse("class_report", args=[room.id])).content.decode()
    assert '<svg role="img"' in html and "the table below has the numbers" in html
    assert "Most chosen wrong answer" in html
    student = room.students.first()
    page = client.get(reverse("class_student", args=[room.id, student.id])).content.decode()
    assert "?highlight=" in page and "#p-" in page


@pytest.mark.parametrize("size", [5, 200])
def test_report_runs_a_fixed_number_of_queries(
    client, bank, teacher, size, django_assert_max_num_queries
):
    room = synthetic_class(students=size, questions=20, name=f"Class {size}")
    room.instructors.add(teacher)
    client.force_login(teacher)
    for name in ("class_report", "class_grid_csv", "class_items_csv"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name, args=[room.id])).status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("class_list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("class_student", args=[room.id, room.students.first().id]))


def test_every_figure_counts_the_same_attempts_finished_first_ones(classroom):
    ana, ben = UserFactory(username="ana"), UserFactory(username="ben")
    classroom.students.add(ana, ben)
    assignment = AssignmentFactory(classroom=classroom)
    questions = list(assignment.quiz.questions.all())
    take(ana, assignment, dict.fromkeys(questions, True))
    take(ana, assignment, dict.fromkeys(questions, False))  # a retake: not counted
    take(ben, assignment, {questions[0]: False}, finished=False)  # in progress: grid only
    report = class_report(classroom)
    skill = questions[0].skill
    assert report.class_mastery[skill] == report.mastery[ana.id][skill]
    assert (report.class_mastery[skill].correct, report.class_mastery[skill].total) == (3, 3)
    assert ben.id not in report.mastery
    assert [item.attempts for item in report.items] == [1, 1, 1]
    assert report.grid[(ben.id, assignment.id)].status == "in progress"


def test_the_report_filters_to_one_assignment_and_says_what_it_counts(client, classroom, teacher):
    kid = UserFactory(username="kid2", first_name="Ana", last_name="Diaz")
    classroom.students.add(kid)
    first = AssignmentFactory(classroom=classroom, quiz=QuizFactory(title="First quiz"))
    second = AssignmentFactory(classroom=classroom, quiz=QuizFactory(title="Second quiz"))
    take(kid, first, dict.fromkeys(first.quiz.questions.all(), True))
    client.force_login(teacher)
    url = reverse("class_report", args=[classroom.id])
    whole = client.get(url).content.decode()
    assert "First quiz" in whole and "Second quiz" in whole and "Ana Diaz" in whole
    assert "first attempt at each assignment, once it is finished" in whole
    one = client.get(url, {"assignment": second.id})
    grid = one.context["report"]
    assert [a.id for a in grid.assignments] == [second.id]
    assert not grid.items and not grid.class_mastery
    other = AssignmentFactory()  # another class's assignment
    assert client.get(url, {"assignment": other.id}).status_code == 404
    assert client.get(url, {"assignment": "x"}).status_code == 404


def test_the_grid_fills_every_assignment_column(classroom):
    kid = UserFactory(username="kid")
    classroom.students.add(kid)
    assignments = [AssignmentFactory(classroom=classroom) for _ in range(3)]
    for assignment in assignments:
        take(kid, assignment, dict.fromkeys(assignment.quiz.questions.all(), True))
    report = class_report(classroom)
    assert [report.grid[(kid.id, a.id)].status for a in assignments] == ["done"] * 3


def test_two_synthetic_classes_of_one_database_do_not_collide(bank):
    small = synthetic_class(students=3, questions=4, name="Benchmark 3x4")
    large = synthetic_class(students=5, questions=6, name="Benchmark 5x6")
    assert small.students.count() == 3 and large.students.count() == 5
    assert not set(small.students.all()) & set(large.students.all())


def grading_world(classroom, grading):
    questions = [QuestionFactory() for _ in range(4)]
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=questions),
        grading=grading,
        attempts_allowed=4,
    )
    student = UserFactory(username="kid")
    classroom.students.add(student)
    return questions, assignment, student


def marks(questions, right, answered=None):
    """Answers to the first ``answered`` questions (all by default), ``right`` of them right."""
    return {q: n < right for n, q in enumerate(questions[: answered or len(questions)])}


def counted_by_report(classroom):
    from quizapp.reports.classes import first_attempts

    return list(first_attempts(classroom).values_list("id", flat=True))


def test_with_best_grading_the_report_counts_the_best_finished_attempt(classroom):
    """Not an attempt in progress, however well it is going; the model's rule (what the
    student's quiz list shows) picks the same attempt."""
    questions, assignment, student = grading_world(classroom, "best")
    first = take(student, assignment, marks(questions, 1))
    better = take(student, assignment, marks(questions, 2))
    take(student, assignment, marks(questions, 3, answered=3), finished=False)
    assert counted_by_report(classroom) == [better.id]
    finished = list(Attempt.objects.filter(finished__isnull=False).order_by("number"))
    assert assignment.counted_attempt(finished).id == better.id == finished[1].id != first.id


def test_with_best_grading_the_earliest_of_equal_scores_counts(classroom):
    questions, assignment, student = grading_world(classroom, "best")
    earlier = take(student, assignment, marks(questions, 2))
    take(student, assignment, marks(questions, 2))
    assert counted_by_report(classroom) == [earlier.id]
    finished = list(Attempt.objects.order_by("number"))
    assert assignment.counted_attempt(finished).id == earlier.id


def test_with_first_grading_a_better_retake_does_not_count(classroom):
    questions, assignment, student = grading_world(classroom, "first")
    first = take(student, assignment, marks(questions, 1))
    take(student, assignment, marks(questions, 4))
    assert counted_by_report(classroom) == [first.id]
    assert assignment.counted_attempt(list(Attempt.objects.order_by("number"))).id == first.id
