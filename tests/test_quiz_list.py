"""The student's quiz list (/quizzes/): assignments first with their status, then the
shared practice quizzes grouped by skill with one sentence each and the best scores."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Assignment, Attempt, Skill
from quizapp.reports.learner import quiz_list_for
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("quiz_list")


@pytest.fixture
def student():
    return UserFactory(username="ana")


@pytest.fixture
def classroom(student):
    room = ClassroomFactory(name="Period 3", time_zone="Europe/Berlin")
    room.students.add(student)
    return room


def attempt_at(student, quiz, *, assignment=None, score=None, answered=None, number=1, ago=1):
    """An attempt with its counters as the database keeps them: ``score`` of the quiz's
    questions right; finished when ``score`` is given."""
    ids = list(quiz.items.order_by("position").values_list("question_id", flat=True))
    started = timezone.now() - datetime.timedelta(hours=ago)
    return Attempt.objects.create(
        learner=student,
        quiz=quiz,
        assignment=assignment,
        question_ids=ids,
        number=number,
        started=started,
        answered=len(ids) if score is not None else (answered or 0),
        score=score or 0,
        finished=started + datetime.timedelta(minutes=5) if score is not None else None,
    )


def row_of(html, title):
    return html.split(f">{title}<", 1)[1].split("</li>", 1)[0]


def test_it_needs_a_login(client):
    assert client.get(URL).status_code == 302


def test_it_rejects_post(client, student):
    client.force_login(student)
    assert client.post(URL).status_code == 405


def test_assignments_show_not_started_in_progress_and_the_due_date_in_the_class_zone(
    client, student, classroom
):
    due = datetime.datetime(2031, 6, 2, 13, 0, tzinfo=datetime.UTC)
    AssignmentFactory(classroom=classroom, quiz=QuizFactory(title="Fresh"), due=due)
    begun = AssignmentFactory(classroom=classroom, quiz=QuizFactory(title="Begun"), due=due)
    attempt_at(student, begun.quiz, assignment=begun, answered=2)
    client.force_login(student)
    html = client.get(URL).content.decode()
    assert "Not started" in row_of(html, "Fresh")
    assert "Start Fresh" in row_of(html, "Fresh")
    assert "In progress: 2 of 3 answered" in row_of(html, "Begun")
    assert "Resume Begun" in row_of(html, "Begun")
    # 13:00 UTC in Berlin in June (summer time) is 15:00 CEST.
    assert '2 June 2031, 15:00 <abbr title="Europe/Berlin">CEST</abbr>' in row_of(html, "Fresh")
    assert html.index(">Fresh<") < html.index('id="practice-heading"')


def test_a_held_score_is_not_shown_before_release_and_is_after(client, student, classroom):
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Held test"),
        feedback=Assignment.Feedback.ON_RELEASE,
    )
    attempt_at(student, assignment.quiz, assignment=assignment, score=2)
    client.force_login(student)
    row = row_of(client.get(URL).content.decode(), "Held test")
    assert "Submitted" in row and "when your instructor releases it" in row
    assert "Score" not in row and "2 of 3" not in row and "67%" not in row

    Assignment.objects.filter(pk=assignment.pk).update(released=timezone.now())
    row = row_of(client.get(URL).content.decode(), "Held test")
    assert "Score: 2 of 3</a> (67%)" in row


def test_after_the_due_date_feedback_waits_for_the_due_date(client, student, classroom):
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(title="Due later"),
        feedback=Assignment.Feedback.AFTER_DUE,
    )
    attempt_at(student, assignment.quiz, assignment=assignment, score=3)
    client.force_login(student)
    row = row_of(client.get(URL).content.decode(), "Due later")
    assert "shown after the due date" in row and "Score" not in row


def test_the_counted_attempt_follows_the_grading_rule(student, classroom):
    assignment = AssignmentFactory(
        classroom=classroom,
        attempts_allowed=3,
        grading=Assignment.Grading.FIRST,
        feedback=Assignment.Feedback.AFTER_SUBMIT,
    )
    attempt_at(student, assignment.quiz, assignment=assignment, score=1, number=1, ago=3)
    attempt_at(student, assignment.quiz, assignment=assignment, score=3, number=2, ago=2)
    attempt_at(student, assignment.quiz, assignment=assignment, score=2, number=3, ago=1)
    [row], _ = quiz_list_for(student)
    assert (row.score.correct, row.score.total, row.progress) == (1, 3, "scored")
    Assignment.objects.filter(pk=assignment.pk).update(grading=Assignment.Grading.BEST)
    [row], _ = quiz_list_for(student)
    assert (row.score.correct, row.counted.number) == (3, 2)
    assert not row.can_retake  # three of three used


def test_practice_is_grouped_by_skill_with_its_sentence_and_best_scores(client, student):
    sourcing = QuizFactory(title="Sourcing one", skill=Skill.SOURCING)
    QuizFactory(title="Sourcing two", skill=Skill.SOURCING)
    timeline = QuizFactory(title="Timeline one", skill=Skill.TIMELINE)
    attempt_at(student, sourcing, score=1, ago=3)
    attempt_at(student, sourcing, score=2, ago=2)  # best: 2 of 3
    attempt_at(student, sourcing, answered=1, ago=1)  # unfinished: not a score
    attempt_at(student, timeline, score=3)
    attempt_at(UserFactory(), timeline, score=0)  # someone else's
    _, groups = quiz_list_for(student)
    by_key = {group.key: group for group in groups}
    assert list(by_key) == ["sourcing", "timeline"]  # skill order, only those with quizzes
    rows = {row.quiz.title: row for row in by_key["sourcing"].rows}
    assert (rows["Sourcing one"].best.correct, rows["Sourcing one"].best.total) == (2, 3)
    assert rows["Sourcing two"].best is None
    assert by_key["sourcing"].best.percent == 67
    assert by_key["sourcing"].in_progress
    assert by_key["timeline"].best.percent == 100

    client.force_login(student)
    html = client.get(URL).content.decode()
    section = html.split('id="group-sourcing"', 1)[1].split("</details>", 1)[0]
    assert "How it is sourced" in section and "Best: 67%" in section
    assert Skill.SOURCING.purpose in section
    assert "best 2 of 3" in row_of(section, "Sourcing one")
    assert "not tried" in row_of(section, "Sourcing two")
    assert "Resume Sourcing one" in section
    assert 'href="#skill-sourcing"' in html  # the in-page index


def test_every_skill_has_one_sentence_in_one_place():
    for skill in Skill:
        assert skill.purpose.endswith(".") and skill.purpose.count(".") == 1


def test_an_assigned_attempt_is_not_a_practice_score(client, student, classroom):
    quiz = QuizFactory(title="Both ways", skill=Skill.FRAMING)
    assignment = AssignmentFactory(
        classroom=classroom, quiz=quiz, feedback=Assignment.Feedback.ON_RELEASE
    )
    attempt_at(student, quiz, assignment=assignment, score=3)
    _, [group] = quiz_list_for(student)
    assert group.rows[0].best is None


def test_the_list_runs_a_fixed_number_of_queries(
    client, student, classroom, django_assert_max_num_queries
):
    client.force_login(student)
    with django_assert_max_num_queries(6):
        client.get(URL)
    skills = list(Skill)
    for n in range(30):
        quiz = QuizFactory(skill=skills[n % len(skills)], questions=QuestionFactory.create_batch(2))
        attempt_at(student, quiz, score=n % 3)
        attempt_at(student, quiz, answered=1)
        assignment = AssignmentFactory(classroom=classroom, quiz=quiz)
        if n % 2:
            attempt_at(student, quiz, assignment=assignment, score=1)
    with django_assert_max_num_queries(6):
        html = client.get(URL).content.decode()
    assert html.count("Score: 1 of 2") == 15 and html.count("Not started") == 15
    assert html.count("<details") == len(skills)
