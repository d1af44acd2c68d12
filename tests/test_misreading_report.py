"""The misreading report per class and per student, and the misreading named in a
student's feedback."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from quizapp.bank.misreadings import EXPLANATIONS, Misreading
from quizapp.models import Question, Response
from quizapp.reports.misreadings import UNTAGGED, misreading_report
from quizapp.services import answer_submit, attempt_start
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db

M = Misreading


def tagged_question(first=M.WRONG_OUTLET, second=M.HEDGE_FOR_FACT, **kwargs):
    question = QuestionFactory(**kwargs)
    wrong = list(question.choices.filter(is_correct=False).order_by("position"))
    wrong[0].misreading = first
    wrong[0].save()
    wrong[1].misreading = second
    wrong[1].save()
    return question


def answer(student, assignment, picks):
    """picks: question -> "right", "wrong0", "wrong1"; ordering questions: "right"/"wrong"."""
    attempt = attempt_start(learner=student, quiz=assignment.quiz, assignment=assignment)
    for question, pick in picks.items():
        choices = list(question.choices.order_by("position"))
        if question.kind == Question.Kind.ORDERING:
            by_place = sorted(choices, key=lambda c: c.correct_position)
            order = [c.id for c in (by_place if pick == "right" else by_place[::-1])]
            answer_submit(attempt=attempt, question=question, choices=choices, order=order)
            continue
        right = [c for c in choices if c.is_correct]
        wrong = [c for c in choices if not c.is_correct]
        chosen = right[0] if pick == "right" else wrong[int(pick[-1])]
        answer_submit(attempt=attempt, question=question, choices=choices, choice_id=chosen.id)
    return attempt


@pytest.fixture
def taught(teacher):
    """A class of three with one assignment of four questions, one of them a timeline."""
    classroom = ClassroomFactory()
    classroom.instructors.add(teacher)
    q1 = tagged_question()
    q2 = tagged_question(M.ALTERED_QUOTE, M.OTHER_SPEAKER)
    q3 = QuestionFactory()  # hand-written, untagged
    q4 = QuestionFactory(kind=Question.Kind.ORDERING, skill="timeline")
    quiz = QuizFactory(questions=[q1, q2, q3, q4])
    # A practice assignment with feedback after each answer (attempts then finish when
    # every question is answered) that allows a retake, which one test makes.
    assignment = AssignmentFactory(
        classroom=classroom, quiz=quiz, feedback="after_answer", attempts_allowed=2
    )
    ann, bob, cat = (UserFactory(username=n) for n in ("ann", "bob", "cat"))
    classroom.students.add(ann, bob, cat)
    answer(ann, assignment, {q1: "wrong0", q2: "wrong0", q3: "wrong0", q4: "wrong"})
    answer(bob, assignment, {q1: "wrong0", q2: "right", q3: "right", q4: "right"})
    answer(cat, assignment, {q1: "wrong1", q2: "wrong0", q3: "wrong1", q4: "wrong"})
    return classroom, assignment, (q1, q2, q3, q4), (ann, bob, cat)


def test_counts_equal_a_direct_count_of_the_responses(taught):
    classroom, assignment, questions, students = taught
    # Noise the report must leave out: another class, and a student who left.
    other = AssignmentFactory(quiz=assignment.quiz)
    stranger = UserFactory(username="stranger")
    other.classroom.students.add(stranger)
    answer(stranger, other, dict.fromkeys(questions[:3], "wrong0"))
    leaver = UserFactory(username="leaver")
    classroom.students.add(leaver)
    answer(leaver, assignment, dict.fromkeys(questions[:3], "wrong1"))
    classroom.students.remove(leaver)
    # A retake is not counted: the report counts each student's first finished attempt.
    retake = answer(students[1], assignment, dict.fromkeys(questions[:3], "wrong1"))
    unfinished = attempt_start(learner=UserFactory(username="slow"), quiz=assignment.quiz)
    classroom.students.add(unfinished.learner)
    unfinished.assignment = assignment
    unfinished.save()
    wrong = questions[0].choices.filter(is_correct=False).first()
    answer_submit(
        attempt=unfinished,
        question=questions[0],
        choices=list(questions[0].choices.all()),
        choice_id=wrong.id,
    )

    report = misreading_report(classroom)
    counts = {row.value: row.count for row in report.rows}
    mine = Response.objects.filter(
        attempt__assignment__classroom=classroom,
        attempt__learner__in=students,
        is_correct=False,
    ).exclude(attempt=retake)
    for value in {*Misreading.values} - {M.EVENT_ORDER}:
        assert counts.get(value, 0) == mine.filter(choice__misreading=value).count(), value
    assert counts[M.EVENT_ORDER] == mine.filter(question__kind="ordering").count() == 2
    assert (
        counts[UNTAGGED]
        == mine.filter(choice__misreading__isnull=True).exclude(question__kind="ordering").count()
    )
    assert report.wrong_total == mine.count() == 9
    # By hand: q1's first wrong option (wrong_outlet) was chosen by ann and bob.
    wrong_outlet = next(r for r in report.rows if r.value == M.WRONG_OUTLET)
    assert (wrong_outlet.count, wrong_outlet.students) == (2, 2)
    assert wrong_outlet.questions == [(questions[0], 2)]


def test_each_students_counts_add_up_to_their_wrong_answers(taught):
    classroom, _, _, (ann, bob, cat) = taught
    report = misreading_report(classroom)
    table = {student.username: counts for student, counts in report.student_rows()}
    assert [sum(table[n]) for n in ("ann", "bob", "cat")] == [4, 1, 4]
    columns = [row.value for row in report.rows]
    assert table["bob"][columns.index(M.WRONG_OUTLET)] == 1


def test_one_students_report_counts_only_their_answers(taught):
    classroom, _, (q1, *_), (ann, _, cat) = taught
    report = misreading_report(classroom, student=cat)
    assert {row.value: row.count for row in report.rows} == {
        M.HEDGE_FOR_FACT: 1,
        M.ALTERED_QUOTE: 1,
        UNTAGGED: 1,
        M.EVENT_ORDER: 1,
    }
    assert report.rows[-1].value == UNTAGGED  # untagged answers come last


def url(classroom, student=None):
    if student:
        return reverse("student_misreadings", args=[classroom.id, student.id])
    return reverse("class_misreadings", args=[classroom.id])


def test_it_works_for_the_class_and_one_student(client, teacher, taught):
    classroom, _, (q1, *_), (ann, *_) = taught
    client.force_login(teacher)
    page = client.get(url(classroom)).content.decode()
    explanation = EXPLANATIONS[M.WRONG_OUTLET]
    assert escape(explanation.label) in page and escape(explanation.practise) in page
    assert escape(q1.stem) in page
    assert "By student" in page and "ann" in page
    page = client.get(url(classroom, ann)).content.decode()
    assert "What ann misread" in page and escape(EXPLANATIONS[M.EVENT_ORDER].practise) in page


def test_it_is_linked_from_the_class_report_and_the_student_page(client, teacher, taught):
    classroom, _, _, (ann, *_) = taught
    client.force_login(teacher)
    assert (
        url(classroom) in client.get(reverse("class_report", args=[classroom.id])).content.decode()
    )
    student_page = client.get(reverse("class_student", args=[classroom.id, ann.id]))
    assert url(classroom, ann) in student_page.content.decode()


def test_it_rejects_post(client, teacher, taught):
    classroom, *_ = taught
    client.force_login(teacher)
    assert client.post(url(classroom)).status_code == 405


def test_it_checks_access(client, taught):
    classroom, _, _, (ann, *_) = taught
    bob_teacher = UserFactory(username="other-teacher", is_staff=True)
    ClassroomFactory().instructors.add(bob_teacher)
    client.force_login(bob_teacher)
    assert client.get(url(classroom)).status_code == 404
    assert client.get(url(classroom, ann)).status_code == 404
    client.force_login(ann)
    assert client.get(url(classroom)).status_code == 404


def test_a_student_of_another_class_is_not_found(client, teacher, taught):
    classroom, *_ = taught
    outsider = UserFactory(username="outsider")
    client.force_login(teacher)
    assert client.get(url(classroom, outsider)).status_code == 404


def test_queries_do_not_grow_with_the_class_or_the_bank(
    client, teacher, taught, django_assert_num_queries
):
    classroom, assignment, _, _ = taught
    client.force_login(teacher)
    client.get(url(classroom))  # warm the session and content type caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(classroom)).status_code == 200
    more = [tagged_question(M.SOURCE_KIND, M.PAGE_FURNITURE) for _ in range(5)]
    bigger = AssignmentFactory(classroom=classroom, quiz=QuizFactory(questions=more))
    for n in range(6):
        student = UserFactory(username=f"extra{n}")
        classroom.students.add(student)
        answer(student, bigger, dict.fromkeys(more, f"wrong{n % 2}"))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url(classroom)).status_code == 200
    ann = classroom.students.get(username="ann")
    with CaptureQueriesContext(connection) as one:
        client.get(url(classroom, ann))
    extra = classroom.students.get(username="extra1")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url(classroom, extra))


# --- the student's feedback ---------------------------------------------------------


@pytest.fixture
def practice(client):
    student = UserFactory(username="reader")
    client.force_login(student)
    question = tagged_question(M.SAME_ARTICLE_SPEAKER, M.ALTERED_QUOTE)
    timeline = QuestionFactory(kind=Question.Kind.ORDERING, skill="timeline")
    quiz = QuizFactory(questions=[question, timeline])
    attempt = attempt_start(learner=student, quiz=quiz)
    return attempt, question, timeline


def question_url(attempt, number):
    return reverse("attempt_question", args=[attempt.id, number])


@pytest.mark.parametrize("htmx", [False, True])
def test_feedback_names_the_misreading_of_the_wrong_option_chosen(client, practice, htmx):
    attempt, question, _ = practice
    number = attempt.question_ids.index(question.id) + 1
    before = client.get(question_url(attempt, number)).content.decode()
    plain = escape(EXPLANATIONS[M.SAME_ARTICLE_SPEAKER].plain)
    assert "another person in the same article said them" in plain
    assert plain not in before  # nothing of the tag shows before the answer's feedback
    wrong = question.choices.filter(is_correct=False).order_by("position").first()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = answer_data(attempt, wrong)
    page = client.post(question_url(attempt, number), data, **headers)
    content = page.content.decode()
    assert plain in content
    assert escape(EXPLANATIONS[M.SAME_ARTICLE_SPEAKER].practise) in content
    assert escape(EXPLANATIONS[M.ALTERED_QUOTE].plain) not in content


def test_feedback_on_a_right_answer_names_no_misreading(client, practice):
    attempt, question, _ = practice
    number = attempt.question_ids.index(question.id) + 1
    right = question.choices.get(is_correct=True)
    response = client.post(question_url(attempt, number), answer_data(attempt, right))
    assert attempt.responses.filter(question=question, is_correct=True).exists()
    assert "The misreading:" not in response.content.decode()


def test_feedback_on_a_wrong_order_names_the_event_order_misreading(client, practice):
    attempt, _, timeline = practice
    number = attempt.question_ids.index(timeline.id) + 1
    by_place = sorted(timeline.choices.all(), key=lambda c: c.correct_position)
    wrong_order = answer_data(attempt, order=by_place[::-1])
    content = client.post(question_url(attempt, number), wrong_order).content.decode()
    assert escape(EXPLANATIONS[M.EVENT_ORDER].plain) in content
