"""The student's quiz list on a phone and a laptop: assignments first, practice grouped
by skill (collapsed, with an index), best scores, and no serious axe findings."""

from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import DEMO_PASSWORD, practise_freely

SHOTS = Path("/tmp/lists-shots")
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def check(page, name, size):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"quiz-list-{name}-{size}.png"), full_page=True)
    assert fits_the_width(page), f"{name} scrolls sideways at {size}"
    assert_accessible(page)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_student_scans_the_quiz_list_and_starts_practice(page, demo_data, size):
    from quizapp.models import Attempt, Quiz

    practise_freely()
    page.set_viewport_size(VIEWPORTS[size])
    log_in(page, "student")
    page.wait_for_url("**/quizzes/")
    check(page, "start", size)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    # It was one 5,300 px page of 41 Start buttons.
    assert height < (2800 if size == "phone" else 1800), height
    main = page.locator("main")
    assignments = main.locator("section#assignments")
    assert "Not started" in assignments.inner_text()
    assert "due" in assignments.inner_text()

    # The index opens a skill's section; its quizzes say "not tried".
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Timeline").click()
    timeline = page.locator("details#group-timeline")
    assert timeline.get_attribute("open") is not None
    assert "not tried" in timeline.inner_text()
    check(page, "timeline-open", size)

    # Keyboard: a skill's summary toggles with Enter.
    summary = page.locator("details#group-sourcing > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details#group-sourcing").get_attribute("open") is not None

    quiz = Quiz.objects.shared_practice().filter(skill="timeline").order_by("title").first()
    timeline.get_by_role("button", name=f"Start {quiz.title}").click()
    page.wait_for_url("**/attempts/**")
    assert Attempt.objects.get(quiz=quiz).assignment_id is None
