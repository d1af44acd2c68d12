"""Matched pre/post forms from the bank, and the report of how much the class improved."""

import datetime
import math
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizapp.models import Assignment, FormPair, Question, Skill
from quizapp.reports.prepost import prepost_report
from quizapp.services import answer_submit, attempt_start, attempt_submit
from quizapp.services.prepost import (
    GENERATOR_DIFFICULTY,
    MIN_RESPONSES,
    form_pair_create,
    item_difficulty,
    match_forms,
    mean,
    question_facts,
)
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- building the forms -----------------------------------------------------------


def test_two_forms_from_the_real_bank_are_disjoint_balanced_and_on_separate_facts(
    client, teacher, classroom, bank
):
    client.force_login(teacher)
    # Every framing question is about who carried out one strike, and timelines share
    # their events: the seed bank holds one pair of each on separate facts.
    counts = dict.fromkeys(Skill.values, 2) | {"framing": 1, "timeline": 1}
    data = {"title": "Unit 1"} | {f"count_{skill}": str(n) for skill, n in counts.items()}
    response = client.post(reverse("form_pairs", args=[classroom.id]), data)
    pair = FormPair.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("form_pair_report", args=[classroom.id, pair.id])
    pre = list(pair.pre.questions.all())
    post = list(pair.post.questions.all())
    assert not {q.id for q in pre} & {q.id for q in post}
    for skill, n in counts.items():
        assert sum(q.skill == skill for q in pre) == sum(q.skill == skill for q in post) == n
    difficulty = item_difficulty(pre + post)
    assert abs(mean(difficulty[q.id] for q in pre) - mean(difficulty[q.id] for q in post)) <= 0.1
    facts = question_facts(pre + post)
    pre_facts = set().union(*(facts[q.id] for q in pre))
    assert not pre_facts & set().union(*(facts[q.id] for q in post))
    assert all(q.status == Question.Status.PUBLISHED for q in pre + post)
    assert pair.pre.mode == pair.post.mode == "assessment"
    pre_assignment = Assignment.objects.get(classroom=classroom, quiz=pair.pre)
    post_assignment = Assignment.objects.get(classroom=classroom, quiz=pair.post)
    assert pre_assignment.due <= post_assignment.opens
    # The forms are the instructor's own assessments: one attempt, feedback held back
    # until each form is due.
    assert pair.pre.owner == pair.post.owner == teacher
    for assignment in (pre_assignment, post_assignment):
        assert assignment.feedback == Assignment.Feedback.AFTER_DUE
        assert assignment.holds_feedback and assignment.attempts_allowed == 1
    refused = client.post(
        reverse("form_pairs", args=[classroom.id]), {"title": "Unit 2", "count_framing": "3"}
    )
    assert refused.status_code == 400
    assert "Framing: the bank has too few questions" in refused.content.decode()
    assert FormPair.objects.count() == 1


def test_asking_for_more_than_the_bank_holds_is_refused_with_the_skill_named(
    client, teacher, classroom
):
    QuestionFactory.create_batch(3, skill="framing")
    client.force_login(teacher)
    data = {"title": "Unit 1", "count_framing": "2"}
    response = client.post(reverse("form_pairs", args=[classroom.id]), data)
    assert response.status_code == 400
    assert "Framing: the bank has too few questions" in response.content.decode()
    assert not FormPair.objects.exists()


def test_forms_use_the_shared_bank_and_the_instructors_own_never_anothers(classroom, teacher):
    other = UserFactory(username="other-teacher", is_staff=True)
    theirs = QuestionFactory.create_batch(4, skill="framing", owner=other)
    with pytest.raises(ValidationError) as error:
        form_pair_create(classroom=classroom, instructor=teacher, title="x", counts={"framing": 1})
    assert error.value.code == "not_enough_questions"
    mine = QuestionFactory.create_batch(2, skill="framing", owner=teacher)
    shared = QuestionFactory.create_batch(2, skill="framing")
    pair = form_pair_create(
        classroom=classroom, instructor=teacher, title="x", counts={"framing": 2}
    )
    used = {q.id for quiz in (pair.pre, pair.post) for q in quiz.questions.all()}
    assert used == {q.id for q in mine + shared}
    assert not used & {q.id for q in theirs}


def test_a_pair_needs_at_least_one_skill_and_dates_in_order(classroom, teacher):
    with pytest.raises(ValidationError) as error:
        form_pair_create(classroom=classroom, instructor=teacher, title="x", counts={})
    assert error.value.code == "empty"
    QuestionFactory.create_batch(4)
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        form_pair_create(
            classroom=classroom,
            instructor=teacher,
            title="x",
            counts={"outlet_attribution": 1},
            pre_opens=now,
            pre_due=now + datetime.timedelta(days=2),
            post_opens=now + datetime.timedelta(days=1),
        )
    assert error.value.code == "dates"


def q(id, skill="framing"):
    return SimpleNamespace(id=id, skill=skill)


def test_match_forms_never_puts_questions_on_the_same_fact_in_both_forms():
    questions = [q(1), q(2), q(3), q(4)]
    facts = {1: {"f"}, 2: {"f"}, 3: {"g"}, 4: {"h"}}
    difficulty = dict.fromkeys(range(1, 5), 0.5)
    pre, post = match_forms(questions, {"framing": 1}, difficulty, facts)
    assert len(pre) == len(post) == 1
    assert not facts[pre[0].id] & facts[post[0].id]
    with pytest.raises(ValidationError) as error:
        match_forms(questions, {"framing": 2}, difficulty, {i: {"f"} for i in range(1, 5)})
    assert error.value.code == "not_enough_questions"


def test_match_forms_balances_difficulty_by_swapping_within_a_skill():
    questions = [q(1), q(2), q(3), q(4), q(5, "sourcing"), q(6, "sourcing")]
    facts = {i: {i} for i in range(1, 7)}
    difficulty = {1: 0.1, 2: 0.2, 3: 0.8, 4: 0.9, 5: 0.5, 6: 0.5}
    for salt in ("x", "y", "z"):
        pre, post = match_forms(
            questions, {"framing": 2, "sourcing": 1}, difficulty, facts, salt=salt
        )
        gap = abs(mean(difficulty[x.id] for x in pre) - mean(difficulty[x.id] for x in post))
        assert gap <= 0.1 + 1e-9, salt


def test_match_forms_refuses_forms_it_cannot_balance():
    questions = [q(1), q(2)]
    with pytest.raises(ValidationError) as error:
        match_forms(questions, {"framing": 1}, {1: 0.1, 2: 0.9}, {1: {1}, 2: {2}})
    assert error.value.code == "unbalanced"


def test_difficulty_is_facility_where_answers_exist_else_the_generators():
    answered = QuestionFactory(difficulty=1)
    fresh = QuestionFactory(difficulty=3)
    quiz = QuizFactory(questions=[answered])
    for n in range(MIN_RESPONSES):
        attempt = attempt_start(learner=UserFactory(username=f"s{n}"), quiz=quiz)
        pick = answered.choices.filter(is_correct=n < 2).first()  # 2 of 5 right
        answer_submit(
            attempt=attempt,
            question=answered,
            choices=list(answered.choices.all()),
            choice_id=pick.id,
        )
    difficulty = item_difficulty([answered, fresh])
    assert difficulty[answered.id] == pytest.approx(1 - 2 / 5)
    assert difficulty[fresh.id] == GENERATOR_DIFFICULTY[3]


# --- the report, against hand-computed values -------------------------------------


SCORES = {
    # student: (pre A, pre B, post A, post B) as right answers out of 2
    "ann": (0, 2, 2, 2),
    "bob": (1, 0, 1, 1),
    "cat": (1, 1, 2, 1),
    "dan": (2, 1, 2, 2),
}
CONFIDENCE = {  # student: (pre, post); everyone else gives none on at least one form
    "ann": ("certain", "certain"),
    "bob": ("guessing", "fairly_sure"),
    "cat": ("certain", ""),
}


def take(student, assignment, questions, right_a, right_b, confidence=""):
    attempt = attempt_start(learner=student, quiz=assignment.quiz, assignment=assignment)
    a, b = questions
    for group, right in ((a, right_a), (b, right_b)):
        for i, question in enumerate(group):
            choices = list(question.choices.all())
            pick = next(c for c in choices if c.is_correct == (i < right))
            answer_submit(
                attempt=attempt,
                question=question,
                choices=choices,
                choice_id=pick.id,
                confidence=confidence,
            )
    attempt.refresh_from_db()
    # An assessment's feedback is held back, so answering every question does not hand
    # the attempt in: the student submits it.
    assert attempt.requires_submit and attempt.finished is None
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.finished
    return attempt


@pytest.fixture
def taught(classroom):
    def forms():
        return (
            QuestionFactory.create_batch(2, skill="outlet_attribution"),
            QuestionFactory.create_batch(2, skill="sourcing"),
        )

    pre_questions, post_questions = forms(), forms()
    pre_quiz = QuizFactory(questions=[*pre_questions[0], *pre_questions[1]], mode="assessment")
    post_quiz = QuizFactory(questions=[*post_questions[0], *post_questions[1]], mode="assessment")
    pre = AssignmentFactory(classroom=classroom, quiz=pre_quiz)
    post = AssignmentFactory(classroom=classroom, quiz=post_quiz)
    pair = FormPair.objects.create(
        classroom=classroom,
        title="Unit 1",
        pre=pre_quiz,
        post=post_quiz,
        skill_counts={"outlet_attribution": 2, "sourcing": 2},
    )
    for name, (pa, pb, qa, qb) in SCORES.items():
        student = UserFactory(username=name)
        classroom.students.add(student)
        before, after = CONFIDENCE.get(name, ("", ""))
        take(student, pre, pre_questions, pa, pb, before)
        take(student, post, post_questions, qa, qb, after)
    eve, fay, gus = (UserFactory(username=n) for n in ("eve", "fay", "gus"))
    classroom.students.add(eve, fay, gus)
    take(eve, pre, pre_questions, 2, 1)
    take(fay, post, post_questions, 0, 0)
    return pair


T_3 = 3.182446  # t(0.975, df=3), from a t table
T_1 = 12.706205  # t(0.975, df=1)


def expected_ci(d, n, t):
    se = math.sqrt(1 / n + d * d / (2 * n))
    return (d - t * se, d + t * se)


def test_per_skill_gain_share_improved_and_effect_size_match_hand_computed_values(taught):
    report = prepost_report(taught)
    a, b = report.skills
    assert a.label == "Who reported it" and a.n == 4
    # Who reported it: pre 0, .5, .5, 1 → .5; post 1, .5, 1, 1 → .875
    assert (a.pre, a.post) == (0.5, 0.875)
    assert a.gain == pytest.approx((0.875 - 0.5) / (1 - 0.5))  # 0.75
    assert a.improved == 0.5  # ann and cat
    # differences 1, 0, .5, 0: mean .375, sd √(.6875 / 3)
    d = 0.375 / math.sqrt(0.6875 / 3)
    assert a.effect == pytest.approx(d) == pytest.approx(0.78335, abs=1e-5)
    assert a.ci == pytest.approx(expected_ci(d, 4, T_3), abs=1e-5)
    # How it is sourced: pre 1, 0, .5, .5 → .5; post 1, .5, .5, 1 → .75
    assert (b.label, b.pre, b.post) == ("How it is sourced", 0.5, 0.75)
    assert b.gain == pytest.approx(0.5)
    assert b.improved == 0.5  # bob and dan
    d = 0.25 / math.sqrt(4 * 0.25**2 / 3)  # differences 0, .5, 0, .5
    assert b.effect == pytest.approx(d) == pytest.approx(0.86603, abs=1e-5)
    assert b.ci == pytest.approx(expected_ci(d, 4, T_3), abs=1e-5)


def test_overall_row_pools_the_skills(taught):
    overall = prepost_report(taught).overall
    # pre .5, .25, .5, .75 → .5; post 1, .5, .75, 1 → .8125
    assert (overall.n, overall.pre, overall.post) == (4, 0.5, 0.8125)
    assert overall.gain == pytest.approx(0.625)
    assert overall.improved == 1.0


def test_calibration_is_compared_on_students_who_gave_confidence_on_both_forms(taught):
    report = prepost_report(taught)
    calibration = report.calibration
    # ann: pre certain on 2 right, 2 wrong → Brier 2/4 → .5; post certain, all right → 1.
    # bob: pre guessing (1/3) on 1 right, 3 wrong → (4/9 + 3/9) / 4 = 7/36 → 29/36;
    #      post fairly sure (2/3) on 2 right, 2 wrong → (2/9 + 8/9) / 4 = 10/36 → 26/36.
    assert calibration.n == 2
    assert report.no_confidence == 2  # cat (none on the post-test) and dan
    pre, post = (0.5 + 29 / 36) / 2, (1 + 26 / 36) / 2
    assert calibration.pre == pytest.approx(pre) and calibration.post == pytest.approx(post)
    assert calibration.gain == pytest.approx((post - pre) / (1 - pre))  # 0.6
    assert calibration.gain == pytest.approx(0.6)
    assert calibration.improved == 0.5
    diffs = (0.5, 26 / 36 - 29 / 36)
    d = (sum(diffs) / 2) / (abs(diffs[0] - diffs[1]) / math.sqrt(2))
    assert calibration.effect == pytest.approx(d)
    assert calibration.ci == pytest.approx(expected_ci(d, 2, T_1), abs=1e-5)


def test_students_who_took_one_form_are_counted_separately(taught):
    report = prepost_report(taught)
    assert [s.username for s in report.paired] == ["ann", "bob", "cat", "dan"]
    assert [(e.student.username, e.form, e.score) for e in report.one_form] == [
        ("eve", "pre", 0.75),
        ("fay", "post", 0.0),
    ]
    assert [s.username for s in report.not_taken] == ["gus"]


def test_no_effect_size_without_two_students_or_any_spread(classroom):
    from quizapp.reports.prepost import compare

    assert compare("x", [(0.5, 1.0)]).effect is None
    same = compare("x", [(0.5, 1.0), (0.0, 0.5)])
    assert same.effect is None and same.gain == pytest.approx(0.5 / 0.75)
    assert compare("x", [(1.0, 1.0)]).gain is None
    assert compare("x", []).pre is None


def report_url(pair):
    return reverse("form_pair_report", args=[pair.classroom_id, pair.id])


def test_it_works(client, teacher, taught):
    client.force_login(teacher)
    page = client.get(report_url(taught)).content.decode()
    assert "Who reported it" in page and "0.75" in page  # the normalized gain
    assert "0.78 (" in page  # the effect size with its interval
    assert "eve" in page and "pre-test" in page and "gus" in page
    listing = client.get(reverse("form_pairs", args=[taught.classroom_id])).content.decode()
    assert report_url(taught) in listing


def test_it_rejects_put(client, teacher, taught):
    client.force_login(teacher)
    assert client.put(reverse("form_pairs", args=[taught.classroom_id])).status_code == 405
    assert client.post(report_url(taught)).status_code == 405


def test_it_checks_access(client, taught):
    other = UserFactory(username="other-teacher", is_staff=True)
    ClassroomFactory().instructors.add(other)
    for user in (other, taught.classroom.students.get(username="ann")):
        client.force_login(user)
        assert client.get(report_url(taught)).status_code == 404
        assert client.get(reverse("form_pairs", args=[taught.classroom_id])).status_code == 404
        data = {"title": "Sneaky", "count_outlet_attribution": "1"}
        response = client.post(reverse("form_pairs", args=[taught.classroom_id]), data)
        assert response.status_code == 404
    assert FormPair.objects.count() == 1


def test_a_pair_of_another_class_is_not_found_under_this_one(client, teacher, taught):
    mine = ClassroomFactory()
    mine.instructors.add(teacher)
    client.force_login(teacher)
    assert client.get(reverse("form_pair_report", args=[mine.id, taught.id])).status_code == 404


def test_report_queries_do_not_grow_with_the_class(
    client, teacher, taught, django_assert_num_queries
):
    client.force_login(teacher)
    client.get(report_url(taught))
    with CaptureQueriesContext(connection) as small:
        client.get(report_url(taught))
    pre = Assignment.objects.get(quiz=taught.pre)
    post = Assignment.objects.get(quiz=taught.post)
    questions = [list(a.quiz.questions.order_by("skill", "id")) for a in (pre, post)]
    for n in range(5):
        student = UserFactory(username=f"extra{n}")
        taught.classroom.students.add(student)
        for assignment, qs in zip((pre, post), questions, strict=True):
            take(student, assignment, (qs[:2], qs[2:]), n % 3, 1, "certain")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(report_url(taught))
