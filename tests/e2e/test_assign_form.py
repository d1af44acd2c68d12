"""A teacher assigns a quiz with its settings (feedback when released, two attempts, a
time limit) and edits them later, at 1280 px and 360 px, keyboard-friendly and with no
serious axe findings."""

import datetime

import pytest

from tests.e2e.test_quiz_list import VIEWPORTS, check

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def teaching(transactional_db):
    from tests.factories import ClassroomFactory, QuizFactory, UserFactory

    teacher = UserFactory(username="tess", is_staff=True)
    room = ClassroomFactory(name="Period 2", time_zone="America/Chicago")
    room.instructors.add(teacher)
    QuizFactory(title="Who said it? Quotes in the coverage", mode="assessment")
    return room


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_teacher_assigns_with_settings_and_edits_them(page, teaching, size):
    from quizapp.models import Assignment

    page.set_viewport_size(VIEWPORTS[size])
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/classes/")
    page.goto(f"/classes/{teaching.id}/assign/")
    check(page, "assign-empty", size)

    page.get_by_label("Quiz", exact=True).select_option(label="Who said it? Quotes in the coverage")
    page.get_by_label("Opens").fill("2030-03-02T08:00")
    page.get_by_label("Due", exact=True).fill("2030-03-09T15:30")
    feedback = page.get_by_role("group", name="When students see right/wrong and the answer key")
    feedback.get_by_label("When the instructor releases it").check()
    page.get_by_label("Attempts allowed").fill("2")
    page.get_by_role("group", name="With more than one attempt").get_by_label(
        "Best attempt"
    ).check()
    page.get_by_label("Time limit in minutes (optional)").fill("2000")
    # Keyboard: the question-order checkbox toggles with Space.
    page.get_by_label("Shuffle the order of the questions for each student").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Assign").click()
    assert "at most 1440 minutes" in page.locator("main").inner_text()
    check(page, "assign-error", size)
    page.get_by_label("Time limit in minutes (optional)").fill("40")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_url(f"**/classes/{teaching.id}/")
    saved = Assignment.objects.get()
    assert (saved.feedback, saved.attempts_allowed, saved.grading) == ("on_release", 2, "best")
    assert (saved.time_limit_minutes, saved.shuffle_questions) == (40, True)
    # 15:30 in Chicago on 9 March 2030 (still standard time) is 21:30 UTC.
    assert saved.due == datetime.datetime(2030, 3, 9, 21, 30, tzinfo=datetime.UTC)
    assert "not yet released" in page.locator("main").inner_text()
    check(page, "class", size)

    page.get_by_role("link", name="Settings of Who said it? Quotes in the coverage").click()
    assert page.get_by_label("Due", exact=True).input_value() == "2030-03-09T15:30"
    check(page, "edit", size)
    page.get_by_role("button", name="Release feedback now").click()
    assert "now shown to students" in page.locator("main").inner_text()
    saved.refresh_from_db()
    assert saved.released is not None
