"""Assessments that assess: one attempt per assignment however it is started, held-back
feedback that no page gives away, no side doors, shuffled choices, retakes, time limits,
and results with "Practise my mistakes now" once the feedback is out."""

import datetime
import sqlite3
import threading
from collections import Counter

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Assignment, Attempt, Choice, Citation, Question, Response
from quizapp.reports.classes import class_grid
from quizapp.services import assessments, attempt_choices, attempt_start
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    PassageFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db

SECRET_EXPLANATION = "EXPLANATION-THAT-GIVES-THE-KEY"
SECRET_WHY = "WHY-THIS-OPTION-IS-WRONG"
SECRET_QUOTE = "the exact words the key rests on"


def keyed_question(passage, topic=""):
    question = QuestionFactory(explanation=SECRET_EXPLANATION, compare_topic=topic)
    question.choices.filter(is_correct=False).update(
        feedback=SECRET_WHY, misreading="same_article_speaker"
    )
    Citation.objects.create(question=question, passage=passage, quote=SECRET_QUOTE)
    return question


@pytest.fixture
def student():
    return UserFactory(username="sam")


@pytest.fixture
def classroom(student):
    room = ClassroomFactory(name="Class A")
    room.students.add(student)
    return room


@pytest.fixture
def passage():
    return PassageFactory(text=f"Officials said {SECRET_QUOTE} on Sunday.")


@pytest.fixture
def assessment(classroom, passage):
    """An assessment with feedback after the due date, open now."""
    questions = [keyed_question(passage, topic="framing-april-1-strike")] + [
        keyed_question(passage) for _ in range(2)
    ]
    quiz = QuizFactory(questions=questions, mode="assessment")
    return AssignmentFactory(classroom=classroom, quiz=quiz)


def start(client, assignment, with_assignment=True):
    data = {"assignment": assignment.id} if with_assignment else {}
    return client.post(reverse("quiz_start", args=[assignment.quiz.slug]), data)


def nth(attempt, number):
    return Question.objects.get(pk=attempt.question_ids[number - 1])


# --- one attempt per assignment -----------------------------------------------


def test_an_assessment_quiz_defaults_to_feedback_after_the_due_date(assessment):
    assert assessment.feedback == Assignment.Feedback.AFTER_DUE
    assert AssignmentFactory().feedback == Assignment.Feedback.AFTER_ANSWER
    assert assessment.attempts_allowed == 1 and assessment.shuffle_choices


def test_a_double_start_returns_the_same_attempt(client, student, assessment):
    client.force_login(student)
    first, second = start(client, assessment), start(client, assessment)
    assert first.url == second.url
    assert Attempt.objects.filter(assignment=assessment).count() == 1


def test_the_database_refuses_a_second_attempt_with_the_same_number(student, assessment):
    Attempt.objects.create(learner=student, quiz=assessment.quiz, assignment=assessment)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(learner=student, quiz=assessment.quiz, assignment=assessment)
    # Practice attempts (no assignment) are not limited by it.
    Attempt.objects.create(learner=student, quiz=assessment.quiz)
    Attempt.objects.create(learner=student, quiz=assessment.quiz)


def on_a_database_file(monkeypatch, tmp_path):
    """SQLite's in-memory test database is shared between threads through SQLite's
    shared cache, whose table locks fail at once ("database table is locked") instead of
    waiting; the app's own SQLite database is a file, where a second writer waits for
    the first. Threads started after this use a copy of the test database in a file,
    as the app would."""
    if connection.vendor != "sqlite":
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    monkeypatch.setitem(connections.settings[connection.alias], "NAME", str(path))


def in_a_thread(work):
    """Run ``work`` on a connection of its own (a new thread), and return its result."""
    out = []

    def run():
        try:
            out.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return out[0]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_make_one_attempt(monkeypatch, tmp_path):
    """Both requests pass the "is there an attempt?" check before either inserts; the
    constraint lets one INSERT through and the other gets that attempt back."""
    student = UserFactory(username="racer")
    room = ClassroomFactory()
    room.students.add(student)
    assignment = AssignmentFactory(classroom=room, quiz=QuizFactory(mode="assessment"))
    on_a_database_file(monkeypatch, tmp_path)
    both_checked = threading.Barrier(2, timeout=20)
    real = assessments.published_question_ids

    def after_the_check(quiz):
        ids = real(quiz)
        both_checked.wait()
        return ids

    monkeypatch.setattr(assessments, "published_question_ids", after_the_check)
    results, errors = [], []

    def start_in_thread():
        try:
            results.append(
                attempt_start(learner=student, quiz=assignment.quiz, assignment=assignment).id
            )
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(results) == 2 and results[0] == results[1]
    assert in_a_thread(lambda: Attempt.objects.filter(assignment=assignment).count()) == 1


def test_an_assigned_quiz_started_from_any_card_continues_the_assignment(
    client, student, classroom
):
    assignment = AssignmentFactory(classroom=classroom)  # a practice quiz, also on a card
    client.force_login(student)
    start(client, assignment, with_assignment=False)
    attempt = Attempt.objects.get(learner=student)
    assert attempt.assignment == assignment
    start(client, assignment)
    assert Attempt.objects.filter(learner=student).count() == 1


def test_no_crafted_retake_after_finishing(client, student, classroom):
    assignment = AssignmentFactory(classroom=classroom)
    client.force_login(student)
    start(client, assignment)
    attempt = Attempt.objects.get()
    for number in range(1, attempt.total + 1):
        question = nth(attempt, number)
        client.post(
            reverse("attempt_question", args=[attempt.id, number]),
            answer_data(attempt, question.choices.get(is_correct=True)),
        )
    attempt.refresh_from_db()
    assert attempt.finished
    response = start(client, assignment)
    assert response.url == reverse("attempt_results", args=[attempt.id])
    response = start(client, assignment, with_assignment=False)  # from a practice card
    assert Attempt.objects.filter(assignment=assignment).count() == 1
    grid = class_grid(classroom)
    assert grid.grid[(student.id, assignment.id)].attempt_id == attempt.id


def test_retakes_count_the_attempt_the_instructor_chose(client, student, classroom):
    assignment = AssignmentFactory(
        classroom=classroom, attempts_allowed=2, grading=Assignment.Grading.BEST
    )
    client.force_login(student)
    scores = []
    for pick_right in (False, True):
        start(client, assignment)
        attempt = Attempt.objects.filter(assignment=assignment).order_by("-number").first()
        for number in range(1, attempt.total + 1):
            question = nth(attempt, number)
            choice = question.choices.filter(is_correct=pick_right).first()
            client.post(
                reverse("attempt_question", args=[attempt.id, number]),
                answer_data(attempt, choice),
            )
        attempt.refresh_from_db()
        scores.append((attempt.number, attempt.score))
    assert scores == [(1, 0), (2, 3)]
    start(client, assignment)  # a third start: none left
    assert Attempt.objects.filter(assignment=assignment).count() == 2
    assert class_grid(classroom).grid[(student.id, assignment.id)].correct == 3
    Assignment.objects.filter(pk=assignment.pk).update(grading=Assignment.Grading.FIRST)
    assert class_grid(classroom).grid[(student.id, assignment.id)].correct == 0
    teacher = UserFactory(username="teach", is_staff=True)
    classroom.instructors.add(teacher)
    client.force_login(teacher)
    html = client.get(reverse("class_report", args=[classroom.id])).content.decode()
    assert "counts the first attempt" in html


# --- held-back feedback: nothing gives the key away before release ------------

LEAKS = [
    "The misreading:",  # which reading error a wrong answer embodies tells it was wrong
    SECRET_EXPLANATION,
    SECRET_WHY,
    SECRET_QUOTE,
    "Not quite",
    "The answer:",
    "feedback-right",
    "feedback-wrong",
    "dot-right",
    "dot-wrong",
    ", right<",
    ", wrong<",
    "Your results:",
    "?highlight=",
]


def student_urls(attempt):
    urls = [
        reverse("quiz_list"),
        reverse("progress"),
        reverse("review"),
        reverse("attempt_resume", args=[attempt.id]),
        reverse("attempt_results", args=[attempt.id]),
        reverse("compare_list"),
        reverse("compare_topic", args=["framing-april-1-strike"]),
    ]
    urls += [reverse("attempt_question", args=[attempt.id, n]) for n in range(1, attempt.total + 1)]
    return urls


def assert_no_key(client, attempt, extra=()):
    for url in [*student_urls(attempt), *extra]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        for leak in LEAKS:
            assert leak not in html, (url, leak)


def answer_everything(client, attempt, pick_right=lambda n: n != 1):
    """Answer every question (the first one wrong), full page and htmx; return the
    answer pages' HTML."""
    pages = []
    for number in range(1, attempt.total + 1):
        question = nth(attempt, number)
        choice = question.choices.filter(is_correct=pick_right(number)).first()
        response = client.post(
            reverse("attempt_question", args=[attempt.id, number]),
            answer_data(attempt, choice),
            **({"HTTP_HX_REQUEST": "true"} if number % 2 else {}),
        )
        pages.append(response.content.decode())
    return pages


def source_urls(attempt):
    """The panel beside each question that opens the passage its feedback cites."""
    return [reverse("attempt_source", args=[attempt.id, n, 1]) for n in range(1, attempt.total + 1)]


def assert_no_source(client, attempt):
    """The source panel exists only with released feedback: the cited passage, with
    its words marked, is the key."""
    for url in source_urls(attempt):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code == 404, url
            assert "Location" not in response.headers, url
            html = response.content.decode()
            for leak in LEAKS:
                assert leak not in html, (url, leak)


def test_no_response_shows_the_key_before_release(client, student, assessment, evidence):
    client.force_login(student)
    start(client, assessment)
    attempt = Attempt.objects.get()
    assert_no_key(client, attempt)
    assert_no_source(client, attempt)
    for html in answer_everything(client, attempt):
        assert "Answer saved" in html
        for leak in LEAKS:
            assert leak not in html, leak
    assert_no_source(client, attempt)
    attempt.refresh_from_db()
    assert attempt.finished is None  # waits for Submit
    html = client.get(reverse("attempt_results", args=[attempt.id])).content.decode()
    assert "Submit quiz" in html
    client.post(reverse("attempt_submit", args=[attempt.id]))
    attempt.refresh_from_db()
    assert attempt.finished is not None
    assert_no_key(client, attempt)
    assert_no_source(client, attempt)
    # Answers cannot be added after submitting; the practice door is shut too.
    Response.objects.filter(attempt=attempt).delete()
    html = client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, nth(attempt, 1).choices.first()),
    ).content.decode()
    assert "You have submitted this quiz" in html
    assert not Response.objects.filter(attempt=attempt).exists()


def test_after_release_everything_is_shown(client, student, assessment, evidence):
    client.force_login(student)
    start(client, assessment)
    attempt = Attempt.objects.get()
    answer_everything(client, attempt)
    client.post(reverse("attempt_submit", args=[attempt.id]))
    Assignment.objects.filter(pk=assessment.pk).update(
        opens=timezone.now() - datetime.timedelta(days=3),
        due=timezone.now() - datetime.timedelta(minutes=1),
    )
    results = client.get(reverse("attempt_results", args=[attempt.id])).content.decode()
    assert "Your results: 2 of 3" in results
    assert "The answer:</strong> Right answer" in results  # beside the wrong one
    assert SECRET_QUOTE in results and "?highlight=" in results
    assert "Practise my mistakes now" in results
    page = client.get(reverse("attempt_question", args=[attempt.id, 1])).content.decode()
    assert "Not quite" in page and SECRET_EXPLANATION in page and "dot-wrong" in page
    assert "The misreading:" in page and "another person quoted in the same article" in page
    panel = client.get(source_urls(attempt)[0], HTTP_HX_REQUEST="true").content.decode()
    assert f"<mark>{SECRET_QUOTE}</mark>" in panel
    assert "2 of 3" in client.get(reverse("progress")).content.decode()
    topic = client.get(reverse("compare_topic", args=["framing-april-1-strike"]))
    assert "available after you submit" not in topic.content.decode()


def test_feedback_on_release_waits_for_the_instructor(client, student, classroom, passage):
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[keyed_question(passage)]),
        feedback=Assignment.Feedback.ON_RELEASE,
    )
    client.force_login(student)
    start(client, assignment)
    attempt = Attempt.objects.get()
    answer_everything(client, attempt, pick_right=lambda n: False)
    client.post(reverse("attempt_submit", args=[attempt.id]))
    results = reverse("attempt_results", args=[attempt.id])
    assert "when your instructor releases them" in client.get(results).content.decode()
    assessments.assignment_release(assignment=assignment)
    assert SECRET_EXPLANATION not in client.get(results).content.decode()  # key, not prose
    assert "The answer:</strong> Right answer" in client.get(results).content.decode()


def test_feedback_after_submit_shows_once_submitted(client, student, classroom, passage):
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[keyed_question(passage)]),
        feedback=Assignment.Feedback.AFTER_SUBMIT,
    )
    client.force_login(student)
    start(client, assignment)
    attempt = Attempt.objects.get()
    html = answer_everything(client, attempt, pick_right=lambda n: False)[0]
    assert "Not quite" not in html
    client.post(reverse("attempt_submit", args=[attempt.id]))
    page = client.get(reverse("attempt_question", args=[attempt.id, 1])).content.decode()
    assert "Not quite" in page


# --- no side doors ----------------------------------------------------------------


def test_practice_start_of_an_open_assessment_is_refused(client, student, assessment):
    client.force_login(student)
    start(client, assessment)
    attempt = Attempt.objects.get()
    answer_everything(client, attempt)
    client.post(reverse("attempt_submit", args=[attempt.id]))
    response = start(client, assessment, with_assignment=False)
    assert response.url == reverse("quiz_list")
    assert Attempt.objects.count() == 1
    html = client.get(reverse("quiz_list")).content.decode()
    assert "available after you submit" in html


def test_a_practice_quiz_leaves_out_questions_of_a_held_assessment(client, student, assessment):
    shared = QuizFactory(questions=[*assessment.quiz.questions.all(), QuestionFactory()])
    client.force_login(student)
    client.post(reverse("quiz_start", args=[shared.slug]))
    practice = Attempt.objects.get(quiz=shared)
    assert practice.question_ids == [shared.questions.order_by("-id").first().id]


def test_compare_topic_is_locked_for_that_student_and_open_for_others(
    client, student, assessment, evidence
):
    url = reverse("compare_topic", args=["framing-april-1-strike"])
    client.force_login(student)
    html = client.get(url).content.decode()
    assert "available after you submit" in html and "Silent" not in html
    listing = client.get(reverse("compare_list")).content.decode()
    assert f'href="{url}"' not in listing
    client.force_login(UserFactory(username="outsider"))
    assert "available after you submit" not in client.get(url).content.decode()
    assert f'href="{url}"' in client.get(reverse("compare_list")).content.decode()


def test_practice_feedback_withholds_a_locked_compare_link(client, student, assessment):
    """Another question on the same topic, practised: its feedback keeps the lock."""
    question = QuestionFactory(compare_topic="framing-april-1-strike")
    practice = QuizFactory(questions=[question])
    client.force_login(student)
    client.post(reverse("quiz_start", args=[practice.slug]))
    attempt = Attempt.objects.get(quiz=practice)
    html = client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.first()),
    ).content.decode()
    assert "available after you submit" in html
    assert reverse("compare_topic", args=["framing-april-1-strike"]) not in html


# --- visibility -------------------------------------------------------------------


def test_students_see_shared_practice_and_their_classes_quizzes_only(client, student, classroom):
    shared = QuizFactory(title="Shared practice")
    mine = AssignmentFactory(
        classroom=classroom, quiz=QuizFactory(title="Ours", owner=UserFactory())
    )
    theirs = AssignmentFactory(quiz=QuizFactory(title="Theirs", owner=UserFactory()))
    private = QuizFactory(title="Someone's draft idea", owner=UserFactory())
    client.force_login(student)
    html = client.get(reverse("quiz_list")).content.decode()
    assert shared.title in html and mine.quiz.title in html
    assert theirs.quiz.title not in html and private.title not in html
    for quiz in (theirs.quiz, private):
        assert client.post(reverse("quiz_start", args=[quiz.slug])).status_code == 404


# --- shuffling --------------------------------------------------------------------


def test_choice_order_is_stable_within_an_attempt_and_differs_across(student, assessment):
    question = assessment.quiz.questions.first()
    choices = list(question.choices.all())
    orders = set()
    for _ in range(12):
        attempt = Attempt.objects.create(
            learner=UserFactory(), quiz=assessment.quiz, question_ids=[question.id]
        )
        shown = attempt_choices(attempt, question, choices)
        again = attempt_choices(Attempt.objects.get(pk=attempt.pk), question, reversed(choices))
        assert shown == again
        orders.add(tuple(c.id for c in shown))
    assert len(orders) > 1


def test_the_correct_option_position_is_uniform(student):
    """Chi-square goodness of fit over 600 attempts at a 4-option question whose key
    was written first: p > 0.001 with 3 degrees of freedom means statistic < 16.27."""
    question = QuestionFactory()
    Choice.objects.create(question=question, position=4, text="Wrong three")
    choices = list(question.choices.all())
    correct = next(c for c in choices if c.is_correct)
    positions = Counter()
    trials = 600
    for seed in range(trials):
        attempt = Attempt(id=seed + 1, seed=seed)
        positions[attempt_choices(attempt, question, choices).index(correct)] += 1
    expected = trials / len(choices)
    chi_square = sum((positions[i] - expected) ** 2 / expected for i in range(len(choices)))
    assert chi_square < 16.27, positions


def test_shuffling_off_keeps_the_authored_order_but_not_for_timelines(student, classroom):
    assignment = AssignmentFactory(classroom=classroom, shuffle_choices=False)
    question = assignment.quiz.questions.first()
    attempt = Attempt.objects.create(
        learner=student, quiz=assignment.quiz, assignment=assignment, question_ids=[question.id]
    )
    assert attempt_choices(attempt, question, question.choices.all()) == list(
        question.choices.all()
    )


def test_questions_can_be_shuffled_per_attempt(classroom):
    quiz = QuizFactory(questions=QuestionFactory.create_batch(8))
    assignment = AssignmentFactory(classroom=classroom, quiz=quiz, shuffle_questions=True)
    orders = set()
    for n in range(6):
        learner = UserFactory(username=f"shuffled{n}")
        classroom.students.add(learner)
        orders.add(
            tuple(attempt_start(learner=learner, quiz=quiz, assignment=assignment).question_ids)
        )
    assert len(orders) > 1
    assert all(
        sorted(order) == sorted(quiz.questions.values_list("id", flat=True)) for order in orders
    )


# --- time limit ---------------------------------------------------------------------


def test_the_time_limit_is_enforced_on_the_server(client, student, classroom):
    assignment = AssignmentFactory(classroom=classroom, time_limit_minutes=10)
    client.force_login(student)
    start(client, assignment)
    attempt = Attempt.objects.get()
    assert attempt.deadline and attempt.requires_submit
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    question = nth(attempt, 1)
    html = client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.first()),
    ).content.decode()
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.finished is not None  # handed in when the time ran out
    assert "Time is up" in html or "submitted" in html


# --- practise my mistakes -----------------------------------------------------------


def test_practise_my_mistakes_now(client, student, classroom):
    assignment = AssignmentFactory(classroom=classroom)  # feedback after each answer
    client.force_login(student)
    start(client, assignment)
    attempt = Attempt.objects.get()
    answer_everything(client, attempt)  # the first one wrong
    response = client.post(reverse("attempt_mistakes", args=[attempt.id]))
    mistakes = Attempt.objects.get(kind=Attempt.Kind.MISTAKES)
    assert response.url == reverse("attempt_resume", args=[mistakes.id])
    assert mistakes.question_ids == [attempt.question_ids[0]] and mistakes.assignment is None
    question = nth(mistakes, 1)
    client.post(
        reverse("attempt_question", args=[mistakes.id, 1]),
        answer_data(mistakes, question.choices.get(is_correct=True)),
    )
    # Separate from the spaced-review schedule: the right answer here does not move it.
    from quizapp.learning.spaced_review import review_schedule

    schedule = review_schedule(student)
    assert [s.question_id for s in schedule] == [question.id] and schedule[0].reviews == 1
    assert client.post(reverse("attempt_mistakes", args=[attempt.id])).status_code == 302


def test_no_mistakes_practice_before_release(client, student, assessment):
    client.force_login(student)
    start(client, assessment)
    attempt = Attempt.objects.get()
    answer_everything(client, attempt)
    client.post(reverse("attempt_submit", args=[attempt.id]))
    client.post(reverse("attempt_mistakes", args=[attempt.id]))
    assert not Attempt.objects.filter(kind=Attempt.Kind.MISTAKES).exists()


def test_an_unpublished_assigned_quiz_says_so_instead_of_a_start_button(client, student, classroom):
    assignment = AssignmentFactory(classroom=classroom)
    assignment.quiz.status = "draft"
    assignment.quiz.save()
    client.force_login(student)
    html = client.get(reverse("quiz_list")).content.decode()
    card = html.split(assignment.quiz.title, 1)[1].split("</li>", 1)[0]
    assert "taken this quiz back to draft" in card and "Start" not in card
