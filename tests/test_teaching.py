"""The teacher's workspace at /classes/: create a class, assign, roster; password resets."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from quizapp.models import Assignment, Attempt, Classroom
from tests.factories import AssignmentFactory, ClassroomFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"
UTC = datetime.UTC


@pytest.fixture
def teacher():
    return UserFactory(username="teacher", first_name="Tess", is_staff=True)


@pytest.fixture
def bob():
    """Another instructor, with a class of his own."""
    bob = UserFactory(username="bob", is_staff=True)
    ClassroomFactory(name="Bob's class").instructors.add(bob)
    return bob


@pytest.fixture
def classroom(teacher):
    room = ClassroomFactory(name="Period 1", join_code="PERIOD22", time_zone="America/New_York")
    room.instructors.add(teacher)
    return room


@pytest.fixture
def kid(classroom):
    kid = UserFactory(username="kid2", first_name="Ana", last_name="Diaz")
    classroom.students.add(kid)
    return kid


def shown_code(html):
    return re.search(r'<strong class="join-code">([A-Z0-9]+)</strong>', html).group(1)


# --- landing -------------------------------------------------------------------


def test_instructors_land_on_their_classes_and_students_on_quizzes(client, teacher):
    UserFactory(username="pupil")
    for username, landing in (("teacher", "/classes/"), ("pupil", "/quizzes/")):
        response = client.post(
            reverse("login"), {"username": username, "password": "pw-for-tests-123"}
        )
        assert response["Location"] == landing
        client.logout()


def test_a_next_parameter_still_wins_after_login(client, teacher):
    response = client.post(
        reverse("login"),
        {"username": "teacher", "password": "pw-for-tests-123", "next": "/progress/"},
    )
    assert response["Location"] == "/progress/"


# --- creating a class ---------------------------------------------------------


def test_class_list_offers_a_new_class(client, teacher):
    client.force_login(teacher)
    html = client.get(reverse("class_list")).content.decode()
    assert reverse("class_create") in html


def test_the_join_code_shown_is_the_one_saved(client, teacher):
    client.force_login(teacher)
    code = shown_code(client.get(reverse("class_create")).content.decode())
    response = client.post(
        reverse("class_create"),
        {"name": "Period 3", "time_zone": "Europe/Berlin", "join_code": code},
    )
    classroom = Classroom.objects.get(name="Period 3")
    assert response["Location"] == reverse("class_detail", args=[classroom.id])
    assert (classroom.join_code, classroom.time_zone) == (code, "Europe/Berlin")
    assert list(classroom.instructors.all()) == [teacher]


def test_a_taken_join_code_is_refused_and_a_fresh_one_shown(client, teacher, classroom):
    client.force_login(teacher)
    response = client.post(
        reverse("class_create"),
        {"name": "Period 3", "time_zone": "UTC", "join_code": classroom.join_code},
    )
    assert response.status_code == 200
    assert not Classroom.objects.filter(name="Period 3").exists()
    fresh = shown_code(response.content.decode())
    assert fresh != classroom.join_code and len(fresh) == 8


def test_an_unknown_time_zone_is_refused(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("class_create"), {"name": "P", "time_zone": "Mars/Olympus", "join_code": "ABCD2345"}
    )
    assert response.status_code == 200
    assert not Classroom.objects.filter(name="P").exists()


def test_students_cannot_create_classes(client, kid):
    client.force_login(kid)
    assert client.get(reverse("class_create")).status_code == 404
    assert client.post(reverse("class_create"), {"name": "Mine"}).status_code == 404


# --- assigning ----------------------------------------------------------------


def test_due_dates_are_read_in_the_class_time_zone(client, teacher, classroom):
    quiz = QuizFactory(title="Who said it")
    client.force_login(teacher)
    page = client.get(reverse("class_assign", args=[classroom.id])).content.decode()
    assert "America/New_York" in page and "Who said it" in page
    response = client.post(
        reverse("class_assign", args=[classroom.id]),
        {
            "quiz": quiz.id,
            "opens": "2030-01-08T08:00",
            "due": "2030-01-10T09:30",
            "accept_late": "on",
        },
    )
    assert response["Location"] == reverse("class_detail", args=[classroom.id])
    assignment = Assignment.objects.get(classroom=classroom)
    # 09:30 in New York in January is 14:30 UTC.
    assert assignment.due == datetime.datetime(2030, 1, 10, 14, 30, tzinfo=UTC)
    assert assignment.opens == datetime.datetime(2030, 1, 8, 13, 0, tzinfo=UTC)
    detail = client.get(reverse("class_detail", args=[classroom.id])).content.decode()
    assert "Thu 10 Jan, 09:30" in detail and "America/New_York" in detail


def test_a_due_date_before_the_opening_is_refused(client, teacher, classroom):
    quiz = QuizFactory()
    client.force_login(teacher)
    response = client.post(
        reverse("class_assign", args=[classroom.id]),
        {"quiz": quiz.id, "opens": "2030-01-10T08:00", "due": "2030-01-09T08:00"},
    )
    assert response.status_code == 200
    assert "must be after the opening date" in response.content.decode()
    assert not Assignment.objects.exists()


def test_only_published_quizzes_can_be_assigned(client, teacher, classroom):
    draft = QuizFactory(status="draft", title="Unfinished quiz")
    client.force_login(teacher)
    page = client.get(reverse("class_assign", args=[classroom.id])).content.decode()
    assert "Unfinished quiz" not in page
    response = client.post(
        reverse("class_assign", args=[classroom.id]),
        {"quiz": draft.id, "opens": "2030-01-08T08:00", "due": "2030-01-10T08:00"},
    )
    assert response.status_code == 200 and not Assignment.objects.exists()


def test_another_instructor_cannot_assign_to_my_class(client, bob, classroom):
    quiz = QuizFactory()
    client.force_login(bob)
    url = reverse("class_assign", args=[classroom.id])
    assert client.get(url).status_code == 404
    data = {"quiz": quiz.id, "opens": "2030-01-08T08:00", "due": "2030-01-10T08:00"}
    assert client.post(url, data).status_code == 404
    assert not Assignment.objects.exists()


# --- the class page: progress and roster ----------------------------------------


def test_class_page_shows_progress_and_names(client, teacher, classroom, kid):
    other = UserFactory(username="ben7")
    classroom.students.add(other)
    assignment = AssignmentFactory(classroom=classroom)
    Attempt.objects.create(
        learner=kid,
        quiz=assignment.quiz,
        assignment=assignment,
        question_ids=[],
        finished=assignment.opens,
    )
    client.force_login(teacher)
    html = client.get(reverse("class_detail", args=[classroom.id])).content.decode()
    assert "Ana Diaz" in html and "kid2" in html and "ben7" in html
    assert "1 of 2" in html  # done
    assert "PERIOD22" in html


def test_class_page_runs_a_fixed_number_of_queries(
    client, teacher, classroom, django_assert_max_num_queries
):
    for _ in range(3):
        AssignmentFactory(classroom=classroom)
    classroom.students.add(*[UserFactory() for _ in range(10)])
    client.force_login(teacher)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("class_detail", args=[classroom.id])).status_code == 200


def test_removing_a_student_keeps_their_account(client, teacher, classroom, kid):
    client.force_login(teacher)
    response = client.post(
        reverse("class_student_remove", args=[classroom.id, kid.id]), follow=True
    )
    assert "is no longer in Period 1" in response.content.decode()
    assert not classroom.students.filter(pk=kid.pk).exists()
    assert User.objects.filter(pk=kid.pk).exists()


def test_another_instructor_cannot_touch_my_roster_or_code(client, bob, classroom, kid):
    client.force_login(bob)
    assert client.get(reverse("class_detail", args=[classroom.id])).status_code == 404
    for url in (
        reverse("class_student_remove", args=[classroom.id, kid.id]),
        reverse("class_student_reset", args=[classroom.id, kid.id]),
        reverse("class_code", args=[classroom.id]),
    ):
        assert client.post(url).status_code == 404, url
    classroom.refresh_from_db()
    assert classroom.join_code == "PERIOD22"
    assert classroom.students.filter(pk=kid.pk).exists()


def test_a_student_of_another_class_cannot_be_removed_through_mine(client, teacher, classroom):
    stranger = UserFactory(username="stranger")
    ClassroomFactory().students.add(stranger)
    client.force_login(teacher)
    url = reverse("class_student_remove", args=[classroom.id, stranger.id])
    assert client.post(url).status_code == 404


def test_regenerating_the_join_code(client, teacher, classroom, kid):
    client.force_login(teacher)
    response = client.post(reverse("class_code", args=[classroom.id]), follow=True)
    classroom.refresh_from_db()
    assert classroom.join_code != "PERIOD22" and len(classroom.join_code) == 8
    assert f"New join code: {classroom.join_code}" in response.content.decode()
    assert classroom.students.filter(pk=kid.pk).exists()


# --- password resets ------------------------------------------------------------


def reset_link(html):
    return re.search(r'id="reset-link-url"[^>]*value="([^"]+)"', html).group(1)


def test_an_instructor_makes_a_one_time_reset_link_for_a_student(client, teacher, classroom, kid):
    client.force_login(teacher)
    response = client.post(reverse("class_student_reset", args=[classroom.id, kid.id]), follow=True)
    link = reset_link(response.content.decode())
    client.logout()
    # Django's reset view moves the token into the session, then shows the form.
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "Your password is changed" in done.content.decode()
    assert User.objects.get(username="kid2").check_password(PASSWORD)
    again = client.get(link, follow=True).content.decode()
    assert "does not work any more" in again


def test_the_reset_link_is_shown_once(client, teacher, classroom, kid):
    client.force_login(teacher)
    client.post(reverse("class_student_reset", args=[classroom.id, kid.id]))
    first = client.get(reverse("class_detail", args=[classroom.id])).content.decode()
    second = client.get(reverse("class_detail", args=[classroom.id])).content.decode()
    assert "reset-link-url" in first and "reset-link-url" not in second


def test_no_reset_link_for_a_staff_account_in_the_roster(client, teacher, classroom, bob):
    classroom.students.add(bob)
    client.force_login(teacher)
    response = client.post(reverse("class_student_reset", args=[classroom.id, bob.id]), follow=True)
    html = response.content.decode()
    assert "reset-link-url" not in html and "belongs to staff" in html


def test_password_reset_by_email(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(username="ema", email="ema@example.org")
    client.post(reverse("password_reset"), {"email": "ema@example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ema@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert User.objects.get(username="ema").check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_says_the_same(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode() and not mail.outbox


def test_the_login_page_links_to_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


# --- sign-up asks for a name ----------------------------------------------------


def test_signup_asks_for_a_first_name(client):
    data = {"username": "nameless", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("signup"), data)
    assert "Tell us your first name" in response.content.decode()
    assert not User.objects.filter(username="nameless").exists()
    client.post(reverse("signup"), {**data, "first_name": "Noor", "last_name": "K"})
    assert User.objects.get(username="nameless").get_full_name() == "Noor K"
