"""What a learner sees when things go wrong: an expired session in the htmx flow goes
to the login page and back to the question; a busy database says "try again" after a
bounded wait; a stale CSRF token says "reload". (The browser side is in
tests/e2e/test_failures.py.)"""

import sqlite3
import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client
from django.urls import reverse

from quizapp.middleware import database_busy
from quizapp.models import Attempt, Response
from tests.factories import QuizFactory, UserFactory, answer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt():
    learner = UserFactory()
    quiz = QuizFactory()
    return Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        question_ids=list(quiz.items.order_by("position").values_list("question_id", flat=True)),
    )


def answer(client, attempt, **headers):
    question = attempt.quiz.items.order_by("position").first().question
    return client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.get(is_correct=True)),
        **headers,
    )


def test_an_expired_session_sends_htmx_to_the_login_page_and_back(client, attempt):
    response = answer(client, attempt, HTTP_HX_REQUEST="true")
    question_url = reverse("attempt_question", args=[attempt.id, 1])
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={question_url}"
    assert b"site-header" not in response.content


def test_an_expired_session_without_htmx_is_a_plain_redirect(client, attempt):
    response = answer(client, attempt)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "HX-Redirect" not in response


def test_logging_in_from_the_redirect_returns_to_the_question(client, attempt):
    target = answer(client, attempt, HTTP_HX_REQUEST="true")["HX-Redirect"]
    response = client.post(
        target, {"username": attempt.learner.username, "password": "pw-for-tests-123"}
    )
    assert response["Location"] == reverse("attempt_question", args=[attempt.id, 1])


def locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.parametrize("htmx", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_a_locked_database_says_try_again(client, attempt, monkeypatch, htmx):
    monkeypatch.setattr("quizapp.services.learning.answer_submit", locked)
    client.force_login(attempt.learner)
    response = answer(client, attempt, **htmx)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "not saved" in response.content.decode() and "try again" in response.content.decode()
    monkeypatch.undo()
    assert answer(client, attempt, **htmx).status_code == 200
    assert Response.objects.filter(attempt=attempt).count() == 1


class LockTimeout(Exception):
    sqlstate = "55P03"


def test_postgresql_lock_timeouts_count_as_busy_and_other_errors_do_not():
    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = LockTimeout()
    assert database_busy(error)
    assert not database_busy(OperationalError("no such table: quizapp_response"))
    assert not database_busy(ValueError("database is locked"))


def test_other_database_errors_still_fail_loudly(attempt, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such column: nonsense")

    monkeypatch.setattr("quizapp.services.learning.answer_submit", broken)
    client = Client(raise_request_exception=False)
    client.force_login(attempt.learner)
    assert answer(client, attempt).status_code == 500


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's busy timeout",
)
def test_a_sqlite_writer_waits_a_bounded_time_for_the_lock_then_is_busy(tmp_path):
    timeout = django_settings.DATABASES["default"]["OPTIONS"]["timeout"]
    assert 1 <= timeout <= 10
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")  # as the app's database is
    holder.execute("CREATE TABLE t (x integer)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    wrapper = DatabaseWrapper(
        {**django_settings.DATABASES["default"], "NAME": str(path), "TEST": {}}, alias="lock"
    )
    started = time.monotonic()
    with pytest.raises(OperationalError) as raised, wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")
    waited = time.monotonic() - started
    wrapper.close()
    holder.execute("ROLLBACK")
    holder.close()
    assert database_busy(raised.value)
    assert timeout - 1 <= waited <= timeout + 3


def test_a_stale_csrf_token_says_the_page_is_out_of_date(attempt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(attempt.learner)
    response = answer(client, attempt)
    assert response.status_code == 403
    assert "This page is out of date" in response.content.decode()
