"""Every figure on the class report, on a small factory class computed by hand.

Three students and a fourth who left; two assignments; answers with every confidence.
The expected numbers are worked out in the comments, so a report that counts wrong
answers instead of right ones, adds the wrong totals or moves the lateness boundary
fails here."""

import datetime

import pytest

from quizapp.models import Attempt, Response
from quizapp.reports.classes import BAR_WIDTH, bar_chart, class_report
from quizapp.reports.learner import Share
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.datetime(2024, 4, 20, 17, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)


def answer(attempt, question, right, confidence, when):
    choice = question.choices.filter(is_correct=right).first()
    Response.objects.create(
        attempt=attempt,
        question=question,
        choice=choice,
        answer_text=choice.text,
        is_correct=right,
        confidence=confidence,
        answered_at=when,
    )


def start(student, assignment, when=None):
    quiz = assignment.quiz
    attempt = Attempt.objects.create(
        learner=student,
        quiz=quiz,
        assignment=assignment,
        number=Attempt.objects.filter(learner=student, assignment=assignment).count() + 1,
        question_ids=list(quiz.items.order_by("position").values_list("question_id", flat=True)),
    )
    Attempt.objects.filter(pk=attempt.pk).update(started=when or DUE - datetime.timedelta(hours=2))
    return attempt


@pytest.fixture
def school():
    classroom = ClassroomFactory(name="Period 2")
    ana, ben, cy, zed = (UserFactory(username=name) for name in ("ana", "ben", "cy", "zed"))
    classroom.students.add(ana, ben, cy, zed)
    q1 = QuestionFactory(skill="outlet_attribution")
    q2 = QuestionFactory(skill="outlet_attribution")
    q3 = QuestionFactory(skill="quote_attribution")
    q4 = QuestionFactory(skill="figures")
    first = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[q1, q2, q3]),
        opens=DUE - datetime.timedelta(days=3),
        due=DUE,
    )
    second = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[q4]),
        opens=DUE - datetime.timedelta(days=3),
        due=DUE + datetime.timedelta(days=1),
    )
    hour = datetime.timedelta(hours=1)
    # ana: finishes the first assignment exactly at the due time (on time), 2 of 3.
    attempt = start(ana, first)
    answer(attempt, q1, True, "certain", DUE - hour)
    answer(attempt, q2, False, "certain", DUE - hour)
    answer(attempt, q3, True, "guessing", DUE)
    # ana: the second assignment, right, confidence not said.
    answer(start(ana, second), q4, True, "", DUE)
    # ben: finishes one second after the due time (late), 2 of 3.
    attempt = start(ben, first)
    answer(attempt, q1, True, "fairly_sure", DUE - hour)
    answer(attempt, q2, True, "", DUE - hour)
    answer(attempt, q3, False, "guessing", DUE + SECOND)
    # ben: a second attempt, begun later, does not replace the first on the grid.
    start(ben, first, when=DUE + hour)
    # cy: one answer, wrong and certain; still in progress.
    answer(start(cy, first), q1, False, "certain", DUE - hour)
    # zed answered, then left the class: none of zed's answers count.
    answer(start(zed, first), q1, True, "certain", DUE - hour)
    classroom.students.remove(zed)
    return {
        "classroom": classroom,
        "students": (ana, ben, cy),
        "assignments": (first, second),
        "questions": (q1, q2, q3, q4),
    }


def test_the_grid_status_score_and_lateness_at_exactly_the_due_time(school):
    ana, ben, cy = school["students"]
    first, second = school["assignments"]
    report = class_report(school["classroom"], now=DUE)
    assert [s.username for s in report.students] == ["ana", "ben", "cy"]
    assert report.assignments == [first, second]

    def cell(student, assignment):
        c = report.grid[(student.id, assignment.id)]
        return (c.status, c.correct, c.answered, c.total, c.percent, c.late)

    assert cell(ana, first) == ("done", 2, 3, 3, 67, False)  # finished at the due time
    assert cell(ben, first) == ("done", 2, 3, 3, 67, True)  # one second after it
    assert cell(cy, first) == ("in progress", 0, 1, 3, None, False)  # now == due: not late
    assert cell(ana, second) == ("done", 1, 1, 1, 100, False)
    assert cell(ben, second) == ("not started", 0, 0, 1, None, False)
    assert cell(cy, second) == ("not started", 0, 0, 1, None, False)
    later = class_report(school["classroom"], now=DUE + SECOND)
    assert later.grid[(cy.id, first.id)].late is True
    assert report.grid[(ana.id, first.id)].attempt_id == (
        Attempt.objects.get(learner=ana, assignment=first).id
    )


def test_completion_counts_done_cells_of_current_students(school):
    report = class_report(school["classroom"], now=DUE)
    # 3 students × 2 assignments; done: ana ×2, ben ×1.
    assert report.completion() == Share(3, 6)


def test_class_and_student_mastery_add_right_answers_per_skill(school):
    ana, ben, cy = school["students"]
    report = class_report(school["classroom"], now=DUE)
    # Finished first attempts only: cy's answer (in progress) does not count yet.
    # outlet: ana R W, ben R R -> 3 of 4 (zed's right answer left with zed).
    # quote: ana R, ben W -> 1 of 2. figures: ana R -> 1 of 1.
    assert report.class_mastery == {
        "outlet_attribution": Share(3, 4),
        "quote_attribution": Share(1, 2),
        "figures": Share(1, 1),
    }
    assert report.skills() == [
        ("outlet_attribution", "Who reported it"),
        ("quote_attribution", "Who said it"),
        ("figures", "Numbers across outlets"),
    ]
    rows = {student.username: shares for student, shares in report.student_rows()}
    assert rows == {
        "ana": [Share(1, 2), Share(1, 1), Share(1, 1)],
        "ben": [Share(2, 2), Share(0, 1), Share(0, 0)],
        "cy": [Share(0, 0), Share(0, 0), Share(0, 0)],
    }
    assert ben.id in report.mastery and not any(
        s.username == "zed" for s, _ in report.student_rows()
    )


def test_calibration_counts_right_answers_per_confidence_level(school):
    report = class_report(school["classroom"], now=DUE)
    # guessing: ana R, ben W -> 1/2. fairly sure: ben R -> 1/1.
    # certain: ana R, ana W -> 1/2 (cy's, in progress, and zed's are not counted).
    # not said: ben R, ana R -> 2/2.
    assert report.calibration == [
        ("Guessing", Share(1, 2)),
        ("Fairly sure", Share(1, 1)),
        ("Certain", Share(1, 2)),
        ("Not said", Share(2, 2)),
    ]


def test_chart_data(school):
    report = class_report(school["classroom"], now=DUE)
    assert report.class_shares() == [Share(3, 4), Share(1, 2), Share(1, 1)]
    calibration = report.calibration_chart()
    # 50 %, 100 %, 50 %, 100 % of a 200-pixel bar; 20 pixels per bar.
    assert [b["label"] for b in calibration["bars"]] == [
        "Guessing",
        "Fairly sure",
        "Certain",
        "Not said",
    ]
    assert [b["width"] for b in calibration["bars"]] == [100, 200, 100, 200]
    assert [b["y"] for b in calibration["bars"]] == [0, 20, 40, 60]
    assert calibration["height"] == 80
    assert calibration["bars"][2]["share"] == Share(1, 2) and BAR_WIDTH == 200
    third = bar_chart([("a third", Share(1, 3))])
    assert third == {
        "bars": [{"label": "a third", "share": Share(1, 3), "y": 0, "width": 66}],
        "height": 20,
    }


def test_an_empty_chart_keeps_one_bar_of_height():
    assert bar_chart([]) == {"bars": [], "height": 20}
    report = class_report(ClassroomFactory(), now=DUE)
    assert report.completion() == Share(0, 0) and report.items == []


def test_item_analysis_lists_the_hardest_question_first(school):
    q1, q2, q3, q4 = school["questions"]
    report = class_report(school["classroom"], now=DUE)
    # First finished attempts: ana (q1 R, q2 W, q3 R; q4 R) and ben (q1 R, q2 R, q3 W).
    # cy has not finished; zed's attempt is not a current student's.
    facility = [(item.question, item.attempts, item.facility) for item in report.items]
    assert facility == [
        (q2, 2, 0.5),
        (q3, 2, 0.5),
        (q1, 2, 1.0),
        (q4, 1, 1.0),
    ]
    hardest = report.items[0]
    assert (hardest.top_wrong, hardest.top_wrong_count) == ("Wrong one", 1)
    assert (report.items[2].top_wrong, report.items[2].top_wrong_count) == ("", 0)


def test_the_most_chosen_wrong_answer_is_the_one_shown(school):
    from quizapp.reports.classes import item_analysis, student_answers

    classroom = school["classroom"]
    question = QuestionFactory(skill="figures")
    assignment = AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[question]),
        opens=DUE - datetime.timedelta(days=3),
        due=DUE,
    )
    picks = {"ana": "Wrong one", "ben": "Wrong two", "cy": "Wrong two"}
    for student in school["students"]:
        attempt = start(student, assignment)
        choice = question.choices.get(text=picks[student.username])
        Response.objects.create(
            attempt=attempt,
            question=question,
            choice=choice,
            answer_text=choice.text,
            is_correct=False,
            answered_at=DUE - datetime.timedelta(hours=1),
        )
    (item,) = [i for i in item_analysis(classroom) if i.question == question]
    assert (item.attempts, item.facility, item.top_wrong, item.top_wrong_count) == (
        3,
        0.0,
        "Wrong two",
        2,
    )
    ana = school["students"][0]
    mine = list(student_answers(classroom, ana))
    assert [a.assignment for a in mine] == [*school["assignments"], assignment]
    assert {a.learner for a in mine} == {ana}
