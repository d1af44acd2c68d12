"""Every URL the app serves × every kind of visitor → the expected status.

A new URL fails ``test_every_url_is_in_the_matrix`` until it is added here, so no page
ships without someone deciding who may see it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import get_resolver, reverse

from quizapp.models import Assignment, Attempt, FormPair, Question
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

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
ANY_INSTRUCTOR = {
    "anonymous": "login",
    "student": 404,
    "other_student": 404,
    **dict.fromkeys(["instructor", "other_instructor", "superuser"], 200),
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
    # The source panel exists only once the feedback on that answer is shown: here the
    # question is unanswered, so a 404 for its owner too (tests/test_reading_desk.py
    # and tests/test_assessments.py cover when it opens).
    "attempt_source": (lambda w: [w["attempt"].id, 1, 1], {**OWNER_ONLY, "student": 404}),
    "attempt_results": (lambda w: [w["attempt"].id], {**OWNER_ONLY, "student": 302}),
    "attempt_submit": (lambda w: [w["attempt"].id], POST_ONLY),
    "attempt_mistakes": (lambda w: [w["attempt"].id], POST_ONLY),
    "progress": (lambda w: [], LOGGED_IN),
    "review": (lambda w: [], LOGGED_IN),
    "class_list": (lambda w: [], ANY_INSTRUCTOR),
    "class_report": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_grid_csv": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_items_csv": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_student": (lambda w: [w["classroom"].id, w["student"].id], CLASS_STAFF),
    "class_misreadings": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "student_misreadings": (lambda w: [w["classroom"].id, w["student"].id], CLASS_STAFF),
    "form_pairs": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "form_pair_report": (lambda w: [w["classroom"].id, w["pair"].id], CLASS_STAFF),
    "class_create": (lambda w: [], ANY_INSTRUCTOR),
    "class_detail": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_assign": (lambda w: [w["classroom"].id], CLASS_STAFF),
    "class_assignment_edit": (lambda w: [w["classroom"].id, w["assignment"].id], CLASS_STAFF),
    "class_assignment_release": (lambda w: [w["classroom"].id, w["assignment"].id], POST_ONLY),
    "class_code": (lambda w: [w["classroom"].id], POST_ONLY),
    "class_student_remove": (lambda w: [w["classroom"].id, w["student"].id], POST_ONLY),
    "class_student_reset": (lambda w: [w["classroom"].id, w["student"].id], POST_ONLY),
    "password_reset": (lambda w: [], PUBLIC),
    "password_reset_done": (lambda w: [], PUBLIC),
    "password_reset_confirm": (lambda w: ["MQ", "not-a-token"], PUBLIC),
    "password_reset_complete": (lambda w: [], PUBLIC),
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
    assignment = AssignmentFactory(classroom=classroom, quiz=quiz)
    attempt = Attempt.objects.create(
        learner=users["student"],
        quiz=quiz,
        question_ids=list(quiz.items.values_list("question_id", flat=True)),
    )
    article = ArticleFactory()
    pair = FormPair.objects.create(
        classroom=classroom,
        title="Unit 1",
        pre=QuizFactory(),
        post=QuizFactory(),
        skill_counts={"outlet_attribution": 3},
    )
    return {
        "pair": pair,
        "users": users,
        "classroom": classroom,
        "quiz": quiz,
        "attempt": attempt,
        "article": article,
        "student": users["student"],
        "assignment": assignment,
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


# --- two instructors sharing a server: admin lists, filters, change views, actions ---


@pytest.fixture
def two_classes():
    """Two instructors, each with a class and an assignment, one student in both classes
    (with an attempt at each assignment and a practice attempt), each instructor with a
    quiz and a question of their own, and the shared bank."""
    group = Group.objects.get(name="Instructors")
    t1 = UserFactory(username="teacher_one", is_staff=True)
    t2 = UserFactory(username="teacher_two", is_staff=True)
    for teacher in (t1, t2):
        teacher.groups.add(group)
    student = UserFactory(username="both_classes")
    rooms, assignments, attempts = {}, {}, {}
    for key, teacher in (("one", t1), ("two", t2)):
        room = ClassroomFactory(name=f"Room of teacher {key}")
        room.instructors.add(teacher)
        room.students.add(student)
        quiz = QuizFactory(title=f"Quiz owned by teacher {key}", owner=teacher)
        assignment = AssignmentFactory(classroom=room, quiz=quiz)
        rooms[key], assignments[key] = room, assignment
        attempts[key] = Attempt.objects.create(
            learner=student, quiz=quiz, assignment=assignment, question_ids=[]
        )
    shared = QuizFactory(title="Shared bank quiz")
    practice = Attempt.objects.create(learner=student, quiz=shared, question_ids=[])
    return {
        "t1": t1,
        "t2": t2,
        "student": student,
        "rooms": rooms,
        "assignments": assignments,
        "attempts": attempts,
        "practice": practice,
        "shared_quiz": shared,
        "own_question": QuestionFactory(stem="A question teacher two wrote", owner=t2),
        "shared_question": QuestionFactory(stem="A shared bank question"),
    }


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:quizapp_{model}_{action}", args=args)


def test_admin_lists_and_filters_show_only_the_instructors_classes(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    attempts = client.get(admin_url("attempt")).content.decode()
    assert admin_url("attempt", "change", w["attempts"]["one"].id) in attempts
    assert admin_url("attempt", "change", w["attempts"]["two"].id) not in attempts
    assert admin_url("attempt", "change", w["practice"].id) not in attempts
    for model in ("attempt", "assignment"):
        html = client.get(admin_url(model)).content.decode()
        assert "Room of teacher one" in html and "Room of teacher two" not in html, model
    assignments = client.get(admin_url("assignment")).content.decode()
    assert admin_url("assignment", "change", w["assignments"]["two"].id) not in assignments
    quizzes = client.get(admin_url("quiz")).content.decode()
    assert "Quiz owned by teacher one" in quizzes and "Shared bank quiz" in quizzes
    assert "Quiz owned by teacher two" not in quizzes
    questions = client.get(admin_url("question")).content.decode()
    assert "A shared bank question" in questions
    assert "A question teacher two wrote" not in questions
    # A filter value naming the other class shows nothing of it.
    html = client.get(admin_url("attempt"), {"class": w["rooms"]["two"].id}).content.decode()
    assert admin_url("attempt", "change", w["attempts"]["two"].id) not in html


def test_admin_change_views_of_the_other_instructor_are_not_found(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    for url in (
        admin_url("attempt", "change", w["attempts"]["two"].id),
        admin_url("attempt", "change", w["practice"].id),
        admin_url("assignment", "change", w["assignments"]["two"].id),
        admin_url("classroom", "change", w["rooms"]["two"].id),
        admin_url("quiz", "change", w["assignments"]["two"].quiz.id),
        admin_url("question", "change", w["own_question"].id),
        admin_url("question", "preview", w["own_question"].id),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert "teacher two" not in response.content.decode(), url
    assert client.get(admin_url("attempt", "change", w["attempts"]["one"].id)).status_code == 200


def test_shared_quizzes_and_questions_are_read_only_to_instructors(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    quiz, question = w["shared_quiz"], w["shared_question"]
    page = client.get(admin_url("quiz", "change", quiz.id))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(admin_url("quiz", "change", quiz.id), {}).status_code == 403
    assert client.post(admin_url("question", "change", question.id), {}).status_code == 403
    assert client.post(admin_url("quiz", "delete", quiz.id), {"post": "yes"}).status_code == 403
    for model, action, obj in (
        ("quiz", "unpublish_quizzes", quiz),
        ("question", "unpublish", question),
    ):
        client.post(admin_url(model), {"action": action, "_selected_action": [obj.pk]})
        obj.refresh_from_db()
        assert obj.status == "published", model
    # Their own quiz they may unpublish; the other instructor's assigned quiz they may not.
    theirs, mine = w["assignments"]["two"].quiz, w["assignments"]["one"].quiz
    client.post(
        admin_url("quiz"), {"action": "unpublish_quizzes", "_selected_action": [mine.pk, theirs.pk]}
    )
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.status == "draft" and theirs.status == "published"


def test_an_instructor_duplicates_a_shared_question_to_make_a_variant(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    client.post(
        admin_url("question"),
        {"action": "duplicate", "_selected_action": [w["shared_question"].pk]},
    )
    copy = Question.objects.get(stem__startswith="(Copy) A shared bank question")
    assert copy.owner == w["t1"]
    assert client.get(admin_url("question", "change", copy.id)).status_code == 200
    assert 'name="_save"' in client.get(admin_url("question", "change", copy.id)).content.decode()


def test_bank_editors_change_the_shared_bank(client, two_classes):
    from quizapp.access.roles import bank_editors_group

    w = two_classes
    w["t1"].groups.add(bank_editors_group())
    client.force_login(w["t1"])
    question = w["shared_question"]
    client.post(admin_url("question"), {"action": "unpublish", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert question.status == "draft"
    assert (
        'name="_save"'
        in client.get(admin_url("quiz", "change", w["shared_quiz"].id)).content.decode()
    )


def test_admin_actions_touch_only_the_instructors_own_assignments(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    ids = [w["assignments"]["one"].pk, w["assignments"]["two"].pk]
    client.post(admin_url("assignment"), {"action": "release_feedback", "_selected_action": ids})
    one, two = (Assignment.objects.get(pk=pk) for pk in ids)
    assert one.released is not None and two.released is None


def test_an_assignment_cannot_use_another_instructors_quiz(client, two_classes):
    w = two_classes
    client.force_login(w["t1"])
    data = {
        "classroom": w["rooms"]["one"].id,
        "quiz": w["assignments"]["two"].quiz.id,
        "opens_0": "2026-01-01", "opens_1": "09:00",
        "due_0": "2026-02-01", "due_1": "09:00",
        "feedback": "after_due", "attempts_allowed": "1", "grading": "first",
    }  # fmt: skip
    response = client.post(admin_url("assignment", "add"), data)
    assert response.status_code == 200
    assert not Assignment.objects.filter(classroom=w["rooms"]["one"], quiz=data["quiz"]).exists()
    data["quiz"] = w["shared_quiz"].id
    assert client.post(admin_url("assignment", "add"), data).status_code == 302
    data["classroom"] = w["rooms"]["two"].id
    assert client.post(admin_url("assignment", "add"), data).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_head_is_answered_like_get_everywhere(client, world, role, evidence_for_compare):
    """Health checks and link checkers send HEAD: every URL that answers GET answers
    HEAD with the same status, an empty body, and refuses it only where GET is refused."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    urls = [reverse(name, args=args(world)) for name, (args, _) in MATRIX.items()]
    for url in urls + ADMIN_URLS:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, (role, url, got.status_code)
        assert head.content == b"", (role, url)
