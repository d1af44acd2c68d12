import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from quizapp.models import Classroom
from tests.factories import ClassroomFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


def signup(client, **extra):
    data = {
        "first_name": "Nia",
        "username": "newstudent",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(reverse("signup"), data, follow=True)


def test_signup_with_a_join_code_joins_that_class(client):
    classroom = ClassroomFactory(join_code="ABCD2345")
    response = signup(client, join_code="abcd2345")
    assert "You joined" in response.content.decode()
    assert classroom.students.filter(username="newstudent").exists()
    assert response.wsgi_request.user.is_authenticated


def test_signup_without_a_code_is_for_self_practice(client):
    response = signup(client)
    assert "Pick a practice quiz" in response.content.decode()
    assert not Classroom.objects.filter(students__username="newstudent").exists()


def test_signup_with_an_unknown_code_is_refused_and_creates_no_account(client):
    response = signup(client, join_code="NOPE")
    assert "No class has that join code" in response.content.decode()
    assert not User.objects.filter(username="newstudent").exists()


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(
        reverse("signup"), {"username": "x", "password1": PASSWORD, "password2": "other"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()


def test_joining_a_class_later(client):
    user = UserFactory()
    classroom = ClassroomFactory(join_code="JOIN7777")
    client.force_login(user)
    client.post(reverse("join_class"), {"join_code": "join7777"})
    assert classroom.students.filter(pk=user.pk).exists()
    response = client.post(reverse("join_class"), {"join_code": "WRONG"}, follow=True)
    assert "No class has that join code" in response.content.decode()


def test_login_logout_and_password_change_pages_use_the_site_style(client):
    for name in ("login", "signup"):
        html = client.get(reverse(name)).content.decode()
        assert 'class="skip-link"' in html
    user = UserFactory()
    client.post(reverse("login"), {"username": user.username, "password": "pw-for-tests-123"})
    assert "Change your password" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-123", "new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("quiz_list")).status_code == 302


def test_wrong_password_says_so(client):
    UserFactory(username="ana")
    response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
    assert "Your username and password didn" in response.content.decode()


def test_migrations_create_no_accounts(db):
    assert not User.objects.exists()


def test_seed_demo_creates_the_demo_class_and_is_repeatable(bank, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "classroom-secret-1")
    out = io.StringIO()
    for _ in range(2):
        call_command("seed_demo", stdout=out)
    assert "classroom-secret-1" in out.getvalue()
    student = User.objects.get(username="student")
    instructor = User.objects.get(username="instructor")
    assert student.check_password("classroom-secret-1") and not student.is_staff
    assert instructor.is_staff and not instructor.is_superuser
    classroom = Classroom.objects.get(name="Demo class")
    assert list(classroom.students.all()) == [student]
    assert list(classroom.instructors.all()) == [instructor]
    assert classroom.assignments.count() == 1
    assert classroom.assignments.get().quiz.slug == "the-april-2024-coverage"
