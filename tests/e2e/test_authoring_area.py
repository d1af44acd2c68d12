"""The authoring area as an instructor meets it: the front page grouped by job, finding a
question by its wording, and previewing it from its change page — at 1280 and 360 px."""

from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible

PASSWORD = "pw-for-tests-123"
SHOTS = Path("/tmp/e2e-shots")
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
WORDING = "Which passage says the US told Iran it had not been involved in the strike?"


@pytest.fixture
def author(transactional_db):
    from quizapp.access.roles import instructors_group
    from tests.factories import QuestionFactory, UserFactory

    user = UserFactory(username="tess", is_staff=True)
    user.groups.add(instructors_group())
    for i in range(12):
        QuestionFactory(stem=f"Which outlet reported fact number {i} in its own words?")
    return QuestionFactory(stem=WORDING)


def shot(page, name, size):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"authoring-{name}-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_author_finds_and_previews_a_question(page, author, size):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    captions = page.locator("#content-main caption a.section").all_text_contents()
    assert captions == ["Stories & articles", "Evidence", "Questions & quizzes", "Classes"]
    assert page.locator(".group-description").count() == 4
    shot(page, "index", size)
    assert_accessible(page)

    page.get_by_role("link", name="Questions", exact=True).click()
    page.locator("#searchbar").fill(WORDING)
    page.locator("#searchbar").press("Enter")
    first = page.locator("#result_list tbody tr").first
    assert WORDING in first.inner_text()
    shot(page, "search", size)
    if size == "wide":
        width = page.locator("#result_list th.column-short_stem").bounding_box()["width"]
        assert width > 400, width  # the question column is readable, not ~90 px
    assert_accessible(page)

    first.locator("th a, td a").first.click()
    page.wait_for_url("**/change/**")
    shot(page, "change", size)
    # No axe check here: Django admin's tabular inlines and select2 widgets have
    # unlabelled cells (label, aria-input-field-name) that need their own templates.
    page.get_by_role("link", name="Preview as student").first.click()
    page.wait_for_url("**/preview/**")
    assert WORDING in page.locator("body").inner_text()
    shot(page, "preview", size)
    assert_accessible(page)
