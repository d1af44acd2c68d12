"""When answering fails, the answer area says what happened and what to do: log in
again (and come back to the question), reload, or try again. Nothing fails silently."""

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from quizapp.models import Attempt, Response
from tests.factories import QuizFactory, UserFactory

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def attempt(transactional_db):
    learner = UserFactory(username="failing-learner")
    quiz = QuizFactory(title="Failure quiz")
    return Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        question_ids=list(quiz.items.order_by("position").values_list("question_id", flat=True)),
    )


def log_in(page, username, next_url=""):
    page.goto(f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def question_url(attempt):
    return f"/attempts/{attempt.id}/questions/1/"


def open_question(page, attempt):
    log_in(page, attempt.learner.username, question_url(attempt))
    page.wait_for_url(f"**{question_url(attempt)}")


def check_answer(page):
    page.get_by_label("Right answer").check()
    page.get_by_role("button", name="Check my answer").click()


def failure_box(page):
    return page.locator("#answer-area [data-htmx-failure]")


def test_an_expired_session_goes_to_the_login_page_and_back_to_the_question(page, attempt):
    open_question(page, attempt)
    page.context.clear_cookies(name="sessionid")
    check_answer(page)
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("#question-card")).to_have_count(0)
    expect(page.locator(".site-header")).to_have_count(1)
    page.get_by_label("Username").fill(attempt.learner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{question_url(attempt)}")
    check_answer(page)
    expect(page.locator("#feedback")).to_be_visible()
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_a_stale_page_after_logging_in_again_elsewhere_says_reload(page, attempt):
    open_question(page, attempt)
    other = page.context.new_page()
    other.goto("/quizzes/")
    other.get_by_role("button", name="Log out").click()
    log_in(other, attempt.learner.username)
    other.close()
    check_answer(page)
    box = failure_box(page)
    expect(box).to_have_attribute("data-htmx-failure", "csrf")
    expect(box).to_contain_text("Reload the page, then answer again")
    expect(box).to_be_focused()
    box.get_by_role("button", name="Reload the page").click()
    page.wait_for_load_state()
    check_answer(page)
    expect(page.locator("#feedback")).to_be_visible()
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_a_busy_database_says_try_again_and_the_retry_saves(page, attempt, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    open_question(page, attempt)
    monkeypatch.setattr("quizapp.services.learning.answer_submit", locked)
    check_answer(page)
    box = failure_box(page)
    expect(box).to_have_attribute("data-htmx-failure", "busy")
    expect(box).to_contain_text("not saved")
    expect(page.get_by_role("button", name="Check my answer")).to_be_enabled()
    assert not Response.objects.filter(attempt=attempt).exists()
    monkeypatch.undo()
    box.get_by_role("button", name="Try again").click()
    expect(page.locator("#feedback")).to_be_visible()
    expect(failure_box(page)).to_have_count(0)
    assert Response.objects.filter(attempt=attempt).count() == 1


def test_a_lost_connection_says_try_again(page, attempt):
    open_question(page, attempt)

    def drop_posts(route):
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page.route(f"**{question_url(attempt)}", drop_posts)
    check_answer(page)
    box = failure_box(page)
    expect(box).to_have_attribute("data-htmx-failure", "network")
    page.unroute(f"**{question_url(attempt)}")
    box.get_by_role("button", name="Try again").click()
    expect(page.locator("#feedback")).to_be_visible()


def test_a_server_error_says_try_again_or_reload(page, attempt, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    open_question(page, attempt)
    monkeypatch.setattr("quizapp.services.learning.answer_submit", broken)
    check_answer(page)
    box = failure_box(page)
    expect(box).to_have_attribute("data-htmx-failure", "error")
    expect(box.get_by_role("button", name="Try again")).to_be_visible()
    expect(box.get_by_role("button", name="Reload the page")).to_be_visible()
