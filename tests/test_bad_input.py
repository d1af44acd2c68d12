"""Property-based: malformed, oversized, missing and foreign values posted to every form
a student or instructor can reach never cause a 500, and a rejected post records nothing."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.models import Attempt, Classroom, Question, Response
from tests.factories import AssignmentFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

junk = st.one_of(
    st.text(max_size=40),
    st.text(min_size=2000, max_size=5000, alphabet="ab<>&\"'€\u0000\n"),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e309",
            "NaN",
            "null",
            "[]",
            "{}",
            "<script>",
            "\u202e",
            "%00",
            "1; DROP TABLE x",
        ]
    ),
)
maybe = st.one_of(st.none(), junk)


def form(**fields):
    """A dict strategy where each field may be missing, junk, or a list of junk."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(junk, st.lists(junk, max_size=3), strat)
            for name, strat in fields.items()
        },
    )


@pytest.fixture
def student(client):
    user = UserFactory(username="prop-student")
    client.force_login(user)
    return user


@pytest.fixture
def attempt(student):
    quiz = QuizFactory(
        questions=[QuestionFactory(), QuestionFactory(kind="ordering", skill="timeline")]
    )
    return Attempt.objects.create(
        learner=student,
        quiz=quiz,
        question_ids=list(quiz.items.values_list("question_id", flat=True)),
    )


def counts():
    return (
        Response.objects.count(),
        Attempt.objects.count(),
        User.objects.count(),
        Question.objects.count(),
    )


@SETTINGS
@given(
    data=form(
        choice=st.integers().map(str),
        confidence=st.sampled_from(["certain", "guessing", "x"]),
        item_1=junk,
    )
)
def test_answer_endpoint_never_fails(client, attempt, data):
    for number in (1, 2):
        before = counts()
        response = client.post(reverse("attempt_question", args=[attempt.id, number]), data)
        assert response.status_code in (200, 404)
        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        recorded = Response.objects.filter(attempt=attempt, question=question).first()
        if recorded is None or "form-error" in response.content.decode():
            assert counts()[1:] == before[1:]
        assert Response.objects.filter(attempt=attempt, question=question).count() <= 1


@SETTINGS
@given(data=form(assignment=junk))
def test_quiz_start_never_fails(client, student, data):
    quiz = QuizFactory()
    response = client.post(reverse("quiz_start", args=[quiz.slug]), data)
    assert response.status_code in (302, 404)


@SETTINGS
@given(data=form(join_code=junk))
def test_join_class_never_fails(client, student, data):
    Classroom.objects.get_or_create(join_code="GOOD2345", defaults={"name": "Good"})
    before = Classroom.objects.filter(students=student).count()
    response = client.post(reverse("join_class"), data)
    assert response.status_code == 302
    joined = Classroom.objects.filter(students=student).count()
    assert joined == before or data.get("join_code", "").strip().upper() == "GOOD2345"


@SETTINGS
@given(data=form(username=junk, password1=junk, password2=junk, join_code=junk))
def test_signup_never_fails_and_rejects_without_creating(client, data):
    before = User.objects.count()
    response = client.post(reverse("signup"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert User.objects.count() == before
    client.logout()


@SETTINGS
@given(data=form(username=junk, password=junk))
def test_login_never_fails(client, data):
    response = client.post(reverse("login"), data)
    assert response.status_code in (200, 302, 429)


@SETTINGS
@given(
    data=form(
        skill=junk, kind=junk, stem=junk, explanation=junk, difficulty=junk, status=junk,
        **{"choices-TOTAL_FORMS": junk, "choices-0-text": junk, "choices-0-is_correct": junk, "citations-TOTAL_FORMS": junk, "citations-0-passage": junk, "citations-0-quote": junk},
    )
)  # fmt: skip
def test_admin_question_form_never_fails(client, data):
    user = User.objects.filter(username="prop-teacher").first() or UserFactory(
        username="prop-teacher", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    before = Question.objects.count()
    response = client.post(reverse("admin:quizapp_question_add"), data)
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert Question.objects.count() == before


@SETTINGS
@given(
    data=form(
        name=junk,
        **{"assignments-TOTAL_FORMS": junk, "assignments-0-quiz": junk, "assignments-0-due": junk},
    )
)
def test_admin_class_form_never_fails(client, data):
    user = User.objects.filter(username="prop-teacher2").first() or UserFactory(
        username="prop-teacher2", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    response = client.post(reverse("admin:quizapp_classroom_add"), data)
    assert response.status_code in (200, 302, 400)


def test_foreign_ids_are_404_and_record_nothing(client, student, attempt):
    other = Attempt.objects.create(
        learner=UserFactory(username="victim"), quiz=attempt.quiz, question_ids=attempt.question_ids
    )
    question = Question.objects.get(pk=attempt.question_ids[0])
    choice = question.choices.first()
    assert (
        client.post(
            reverse("attempt_question", args=[other.id, 1]), {"choice": choice.id}
        ).status_code
        == 404
    )
    assert client.post(reverse("quiz_start", args=["no-such-quiz"])).status_code == 404
    closed = AssignmentFactory(quiz=attempt.quiz)
    assert (
        client.post(
            reverse("quiz_start", args=[attempt.quiz.slug]), {"assignment": closed.id}
        ).status_code
        == 404
    )
    assert not Response.objects.exists()


@pytest.mark.parametrize("assignment", ["²", "١٢x", "-1", "9" * 30])
def test_a_garbled_assignment_id_is_not_found(client, student, assignment):
    quiz = QuizFactory(slug="garbled")
    response = client.post(reverse("quiz_start", args=[quiz.slug]), {"assignment": assignment})
    assert response.status_code == 404
