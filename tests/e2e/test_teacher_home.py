"""A teacher who has never seen Django admin: log in, create a class, assign a quiz, see a
student join, reset their password and remove them — at 1280 px and at 360 px, with
axe-core finding no serious or critical problems on any of these pages."""

import datetime
from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible

PASSWORD = "pw-for-tests-123"
NEW_PASSWORD = "a-long-unusual-passphrase-42"
SHOTS = Path("/tmp/e2e-shots")
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.fixture
def teacher_world(transactional_db):
    from tests.factories import QuizFactory, UserFactory

    UserFactory(username="tess", first_name="Tess", last_name="Teacher", is_staff=True)
    QuizFactory(title="Who said it? Quotes in the coverage")
    return None


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def check(page, name, size):
    """Every page of the path: no sideways scrolling, no serious axe findings, a screenshot."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"teacher-{name}-{size}.png"), full_page=True)
    assert fits_the_width(page), f"{name} scrolls sideways at {size}"
    assert_accessible(page)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_teacher_runs_a_class_without_the_admin(page, new_context, teacher_world, size):
    from quizapp.models import Assignment, Classroom

    page.set_viewport_size(VIEWPORTS[size])
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/classes/")
    check(page, "home-empty", size)

    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("Period 2 civics")
    page.get_by_label("Time zone").select_option("America/Chicago")
    code = page.locator("strong.join-code").inner_text()
    check(page, "new-class", size)
    page.get_by_role("button", name="Create class").click()
    page.wait_for_url("**/classes/*/")
    classroom = Classroom.objects.get(name="Period 2 civics")
    assert classroom.join_code == code
    assert page.locator("#join-code").inner_text() == code

    page.get_by_role("link", name="Assign a quiz").first.click()
    page.get_by_label("Quiz", exact=True).select_option(label="Who said it? Quotes in the coverage")
    page.get_by_label("Opens").fill("2030-03-02T08:00")
    page.get_by_label("Due", exact=True).fill("2030-03-09T15:30")
    assert "America/Chicago" in page.locator("main").inner_text()
    check(page, "assign", size)
    page.get_by_role("button", name="Assign").click()
    page.wait_for_url(f"**/classes/{classroom.id}/")
    assignment = Assignment.objects.get(classroom=classroom)
    # 15:30 in Chicago on 9 March 2030 (still standard time) is 21:30 UTC.
    assert assignment.due == datetime.datetime(2030, 3, 9, 21, 30, tzinfo=datetime.UTC)
    assert "Sat 9 Mar, 15:30" in page.locator("main").inner_text()

    # A student signs up with the code, on their own device.
    student = new_context(viewport=VIEWPORTS[size]).new_page()
    student.goto(page.url.split("/classes/")[0] + "/accounts/signup/")
    student.get_by_label("First name").fill("Ana")
    student.get_by_label("Last name (optional)").fill("Diaz")
    student.get_by_label("Username").fill("ana2")
    student.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    student.get_by_label("Password confirmation").fill(NEW_PASSWORD)
    student.get_by_label("Class join code (optional)").fill(code.lower())
    student.get_by_role("button", name="Create my account").click()
    student.wait_for_url("**/quizzes/")
    assert "You joined Period 2 civics" in student.content()

    page.reload()
    roster = page.locator("section[aria-labelledby=roster-heading]")
    assert "Ana Diaz" in roster.inner_text()
    assert "0 of 1" in page.locator("section[aria-labelledby=assignments-heading]").inner_text()
    check(page, "class", size)

    roster.get_by_role("button", name="Reset password of Ana Diaz").click()
    link = page.get_by_label("Link").input_value()
    check(page, "reset-link", size)
    student.goto(link)
    student.get_by_label("New password", exact=True).fill("another-long-passphrase-7")
    student.get_by_label("New password confirmation").fill("another-long-passphrase-7")
    student.get_by_role("button", name="Save my new password").click()
    student.get_by_role("heading", name="Your password is changed").wait_for()

    page.get_by_role("button", name="Remove Ana Diaz from class").click()
    assert "Ana Diaz (ana2) is no longer in Period 2 civics" in page.locator("main").inner_text()
    assert not classroom.students.exists()

    page.get_by_role("button", name="Give the class a new code").click()
    classroom.refresh_from_db()
    assert classroom.join_code != code
    assert page.locator("#join-code").inner_text() == classroom.join_code

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Classes").click()
    assert "Period 2 civics" in page.locator("main").inner_text()
    check(page, "home", size)


def test_a_forgotten_password_is_reset_by_email(page, transactional_db, settings):
    from django.core import mail

    from tests.factories import UserFactory

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(username="ema", email="ema@example.org")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    check(page, "reset-form", "phone")
    page.get_by_label("Email").fill("ema@example.org")
    page.get_by_role("button", name="Send me a reset link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    page.goto(link.strip())
    check(page, "reset-confirm", "phone")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    page.get_by_role("heading", name="Your password is changed").wait_for()
