"""Time on task in the class report: the median time per question (item analysis) and
each student's total and median per answer, from Response.time_taken_ms, over the
report's one attempt set (first finished attempts), worked out by hand."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Attempt, Response
from quizapp.reports.classes import as_duration, class_report, item_analysis
from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def take(student, assignment, seconds, *, finished=True):
    """An attempt answering the quiz's questions in order, each taking ``seconds[i]``
    (None: not timed); right every time."""
    quiz = assignment.quiz
    attempt = Attempt.objects.create(
        learner=student,
        quiz=quiz,
        assignment=assignment,
        number=Attempt.objects.filter(learner=student, assignment=assignment).count() + 1,
        question_ids=list(quiz.items.order_by("position").values_list("question_id", flat=True)),
    )
    questions = [item.question for item in quiz.items.order_by("position")]
    for question, taken in zip(questions, seconds, strict=False):
        choice = question.choices.get(is_correct=True)
        Response.objects.create(
            attempt=attempt,
            question=question,
            choice=choice,
            answer_text=choice.text,
            is_correct=True,
            time_taken_ms=None if taken is None else taken * 1000,
        )
    if finished:
        Attempt.objects.filter(pk=attempt.pk).update(finished=timezone.now())
    return attempt


@pytest.fixture
def timed_class(classroom):
    """ana 10/20/60 s, ben 30/40/untimed, cy 50/5/7 s, all first finished attempts;
    not counted: ana's retake (999 s), dan's unfinished attempt (500 s), and eve, who
    has left the class (1 s each)."""
    ana, ben, cy, dan, eve = (UserFactory(username=n) for n in ("ana", "ben", "cy", "dan", "eve"))
    classroom.students.add(ana, ben, cy, dan, eve)
    assignment = AssignmentFactory(classroom=classroom)
    take(ana, assignment, [10, 20, 60])
    take(ben, assignment, [30, 40, None])
    take(cy, assignment, [50, 5, 7])
    take(ana, assignment, [999, 999, 999])  # a retake: the first attempt counts
    take(dan, assignment, [500], finished=False)
    take(eve, assignment, [1, 1, 1])
    classroom.students.remove(eve)
    return classroom, assignment, {u.username: u for u in (ana, ben, cy, dan, eve)}


def test_median_time_per_question(timed_class):
    classroom, assignment, _ = timed_class
    questions = [item.question for item in assignment.quiz.items.order_by("position")]
    report = class_report(classroom)
    medians = {item.question.id: item.median_ms for item in report.items}
    # Current members' first finished attempts only (eve has left the class):
    # q1: 10, 30, 50 → 30 s; q2: 5, 20, 40 → 20 s; q3: 7, 60 (ben's is untimed) → 33.5 s.
    assert [medians[q.id] for q in questions] == [30_000, 20_000, 33_500]
    # The items CSV computes them in its own query: the same numbers.
    assert {i.question.id: i.median_ms for i in item_analysis(classroom)} == medians


def test_total_and_median_per_student(timed_class):
    classroom, _, people = timed_class
    times = class_report(classroom).times
    # ana 10+20+60 = 90 s, median 20 s; ben 30+40 = 70 s over 2 answers, median 35 s;
    # cy 50+5+7 = 62 s, median 7 s; dan has no finished attempt; eve has left.
    ana, ben, cy = (times[people[n].id] for n in ("ana", "ben", "cy"))
    assert (ana.answers, ana.total_ms, ana.median_ms) == (3, 90_000, 20_000)
    assert (ben.answers, ben.total_ms, ben.median_ms) == (2, 70_000, 35_000)
    assert (cy.answers, cy.total_ms, cy.median_ms) == (3, 62_000, 7_000)
    assert people["dan"].id not in times and people["eve"].id not in times


def test_one_assignments_report_times_only_its_attempts(timed_class):
    classroom, assignment, people = timed_class
    other = AssignmentFactory(classroom=classroom)
    take(people["ana"], other, [100, 100, 100])
    assert class_report(classroom).times[people["ana"].id].total_ms == 390_000
    assert class_report(classroom, assignment=assignment).times[people["ana"].id].total_ms == (
        90_000
    )


def test_the_report_page_shows_time_on_task(client, teacher, timed_class):
    classroom, _, _ = timed_class
    client.force_login(teacher)
    html = client.get(reverse("class_report", args=[classroom.id])).content.decode()
    section = html.split('id="time-heading"', 1)[1].split("</section>", 1)[0]
    assert "Over the same attempts as the rest of this report" in section
    ana_row = section.split(">ana<", 1)[1].split("</tr>", 1)[0]
    assert "<td>3</td>" in ana_row and "1 min 30 s" in ana_row and "20 s" in ana_row
    assert "No finished answers yet" in section.split(">dan<", 1)[1].split("</tr>", 1)[0]
    assert ">eve<" not in section
    items = html.split('id="items-heading"', 1)[1].split("</section>", 1)[0]
    assert "Median time" in items and "34 s" in items  # 33.5 s


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (None, ""),
        (0, "0 s"),
        (400, "0 s"),
        (59_499, "59 s"),
        (59_500, "1 min 00 s"),
        (125_000, "2 min 05 s"),
        (3_600_000, "1 h 00 min"),
        (4_335_000, "1 h 12 min"),
    ],
)
def test_durations_read_as_people_write_them(ms, text):
    assert as_duration(ms) == text


def test_the_report_runs_the_same_number_of_queries_with_more_answers(
    client, teacher, classroom, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assignment = AssignmentFactory(classroom=classroom)
    student = UserFactory(username="first")
    classroom.students.add(student)
    take(student, assignment, [3, 4, 5])
    client.force_login(teacher)
    url = reverse("class_report", args=[classroom.id])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        more = UserFactory(username=f"s{n}")
        classroom.students.add(more)
        take(more, assignment, [n, n + 1, None if n % 5 == 0 else n * 2])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_items_csv_has_the_median_seconds(client, teacher, timed_class):
    import csv
    import io

    classroom, assignment, _ = timed_class
    client.force_login(teacher)
    body = client.get(reverse("class_items_csv", args=[classroom.id])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][-1] == "median seconds"
    ids = [str(item.question_id) for item in assignment.quiz.items.order_by("position")]
    by_id = {row[0]: row[-1] for row in rows[1:]}
    assert [by_id[i] for i in ids] == ["30.0", "20.0", "33.5"]
