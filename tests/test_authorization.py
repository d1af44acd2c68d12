"""Every URL the app serves × every kind of visitor → the expected status.

A new URL fails ``test_every_url_is_in_the_matrix`` until it is added here, so no page
ships without someone deciding who may see it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse

from quizapp.models import Attempt

from .factories import ArticleFactory, AssignmentFactory, ClassroomFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "other_student", "instructor", "other_instructor", "superuser"]

# name → (args builder, {role: status}); "login" means a redirect to the login page.
PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)}
OWNER_ONLY = {"anonymous": "login", "student": 200, **dict.fromkeys(ROLES[2:], 404)}
CLASS_STAFF = {
    "anonymous": "login",
    "student": 404,
    "other_student": 404,
    "instructor": 200,
    "other_instructor": 404,
    "superuser": 200,
}
POST_ONLY = {"anonymous": "login", **dict.fromkeys(ROLES[1:], 405)}

MATRIX = {
    "home": (lambda w: [], PUBLIC),
    "article_list": (lambda w: [], LOGGED_IN),
    "article_detail": (lambda w: [w["article"].slug], LOGGED_IN),
    "compare_list": (lambda w: [], LOGGED_IN),
    "compare_topic": (lambda w: ["framing-april-1-strike"], LOGGED_IN),
    "quiz_list": (lambda w: [], LOGGED_IN),
    "quiz_start": (lambda w: [w["quiz"].slug], POST_ONLY),
    "attempt_resume": (lambda w: [w["attempt"].id], {**OWNER_ONLY, "student": 302}),
    "attempt_question": (lambda w: [w["attempt"].id, 1], OWNER_ONLY),
    "attempt_results": (lambda w: [w["attempt"].id], {**OWNER_ONLY, "student": 302}),
    "attempt_submit": (lambda w: [w["attempt"].id], POST_ONLY),
    "attempt_mistakes": (lambda w: [w["attempt"].id], POST_ONLY),
    "progress": (lambda w: [], LOGGED_IN),
    "review": (lambda w: [], LOGGED_IN),
    "class_list": (
        lambda w: [],
        {
            "anonymous": "login",
            "student": 404,
            "other_student": 404,
            "instructor": 200,
            "other_instructor": 200,
            "superuser": 200,
        },
    ),
    "class_report": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_grid_csv": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_items_csv": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_student": (lambda w: [w["classroom"].id, w["student"].id], CLASS_STAFF),
    "signup": (lambda w: [], {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "join_class": (lambda w: [], POST_ONLY),
    "login": (lambda w: [], {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "logout": (lambda w: [], dict.fromkeys(ROLES, 405)),
    "password_change": (lambda w: [], LOGGED_IN),
    "password_change_done": (lambda w: [], LOGGED_IN),
}

ADMIN_URLS = [
    "/admin/",
    "/admin/quizapp/question/",
    "/admin/quizapp/classroom/",
    "/admin/quizapp/attempt/",
]
ADMIN_EXPECTED = {
    "anonymous": 302,
    "student": 302,
    "other_student": 302,
    "instructor": 200,
    "other_instructor": 200,
    "superuser": 200,
}


@pytest.fixture
def world():
    group = Group.objects.get(name="Instructors")
    users = {
        "student": UserFactory(username="student1"),
        "other_student": UserFactory(username="student2"),
        "instructor": UserFactory(username="teacher1", is_staff=True),
        "other_instructor": UserFactory(username="teacher2", is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    for role in ("instructor", "other_instructor"):
        users[role].groups.add(group)
    classroom = ClassroomFactory()
    classroom.instructors.add(users["instructor"])
    classroom.students.add(users["student"])
    ClassroomFactory().instructors.add(users["other_instructor"])
    quiz = QuizFactory()
    AssignmentFactory(classroom=classroom, quiz=quiz)
    attempt = Attempt.objects.create(
        learner=users["student"],
        quiz=quiz,
        question_ids=list(quiz.items.values_list("question_id", flat=True)),
    )
    article = ArticleFactory()
    return {
        "users": users,
        "classroom": classroom,
        "quiz": quiz,
        "attempt": attempt,
        "article": article,
        "student": users["student"],
    }


def app_url_names():
    return {
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and not name.startswith("admin")
    } - {"django.contrib.auth.views.LoginView"}


def test_every_url_is_in_the_matrix():
    assert app_url_names() == set(MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_everywhere(client, world, role, evidence_for_compare):
    if role != "anonymous":
        client.force_login(world["users"][role])
    for name, (args, expected) in MATRIX.items():
        url = reverse(name, args=args(world))
        response = client.get(url)
        want = expected[role]
        if want == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
                role,
                name,
            )
        else:
            assert response.status_code == want, (role, name, response.status_code)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == ADMIN_EXPECTED[role], (role, url)


@pytest.fixture
def evidence_for_compare(evidence):
    """Compare pages need the real evidence."""
    return evidence
