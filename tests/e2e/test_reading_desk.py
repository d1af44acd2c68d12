"""The question page as a reading desk, keyboard only, at 1280 px and on a 360 px phone:
the skip link to the answer, question numbers as one tab stop, a multiple-choice
answer with the cited source opened beside the question and closed again, a timeline
put in order with Move up / Move down, a passage found in the article; axe-core finds
no serious or critical violation in any of these states. Screenshots go to
/tmp/desk-shots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.test_compare_and_evidence import radio_value
from tests.e2e.test_student_flow import PHONE, log_in, press_tab_until, scroll_width, start_quiz

SHOTS = Path("/tmp/desk-shots")
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def focused(page, expression):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def open_page(new_context, screen):
    page = new_context(**SCREENS[screen]).new_page()
    page.set_default_timeout(10_000)
    return page


def tab_stops_in(page, selector):
    """How many elements inside ``selector`` the Tab key can reach."""
    return page.evaluate(
        f"[...document.querySelectorAll('{selector} a, {selector} button, {selector} input')]"
        ".filter(e => e.tabIndex >= 0).length"
    )


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_keyboard_alone_answers_a_choice_reads_the_source_and_orders_a_timeline(
    new_context, short_quiz, screen
):
    page = open_page(new_context, screen)
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    assert_accessible(page)
    shot(page, f"{screen}-1-question")

    # The first Tab stop is the skip link; it lands on the answer.
    page.keyboard.press("Tab")
    assert focused(page, "el.textContent.trim()") == "Skip to the answer"
    page.keyboard.press("Enter")
    assert focused(page, "el.id") == "answer-area"
    # The question numbers are one tab stop, and arrow keys move along them.
    assert tab_stops_in(page, ".dots") == 1
    page.locator(".dots a[aria-current]").focus()
    page.keyboard.press("ArrowRight")
    assert focused(page, "el.textContent.trim()").startswith("2")
    assert tab_stops_in(page, ".dots") == 1
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert focused(page, "el.textContent.trim()").startswith("1")  # back on the one stop
    page.locator("#answer-area").focus()

    from tests.e2e.test_student_flow import shown_choices

    target = shown_choices(short_quiz.quiz, short_quiz.single).index(short_quiz.correct_choice)
    page.keyboard.press("Tab")
    assert focused(page, "el.name") == "choice"
    page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    press_tab_until(page, "el.type === 'submit' && el.closest('#question-card')")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_be_focused()
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
    assert tab_stops_in(page, ".dots") == 1  # the answered number, swapped in, too
    assert_accessible(page)

    # The source opens beside the question (a bottom sheet on the phone), focus in it.
    press_tab_until(page, "el.hasAttribute('data-source-link')")
    page.keyboard.press("Enter")
    sheet = page.locator("#source-sheet")
    expect(sheet).to_be_visible()
    expect(page.locator("#source-sheet-title")).to_be_focused()
    expect(sheet.locator("mark").first).to_be_visible()
    assert "/questions/1/" in page.url  # still on the quiz
    shot(page, f"{screen}-2-source-open")
    assert_accessible(page)
    box, card = sheet.bounding_box(), page.locator("#question-card").bounding_box()
    if screen == "desktop":
        assert box["x"] >= card["x"] + card["width"]  # beside the question
    else:
        assert box["y"] + box["height"] == pytest.approx(740, abs=2)  # at the bottom
        assert box["width"] == pytest.approx(360, abs=1)
    assert scroll_width(page) <= SCREENS[screen].get("viewport", {}).get("width", 1280)

    # Escape closes it and focus goes back to the link that opened it.
    page.keyboard.press("Escape")
    expect(sheet).to_be_hidden()
    assert focused(page, "el.hasAttribute('data-source-link')")
    # ...and so does the Close button.
    page.keyboard.press("Enter")
    expect(page.locator("#source-sheet-title")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page, "el.hasAttribute('data-source-close')")
    page.keyboard.press("Enter")
    expect(sheet).to_be_hidden()
    assert focused(page, "el.hasAttribute('data-source-link')")

    # The timeline, with Move up only: bring each event up to its place in turn.
    press_tab_until(page, "el.textContent.trim() === 'Next question'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/2/")
    shot(page, f"{screen}-3-timeline")
    assert_accessible(page)
    # One Move down first, so the test moves something whatever order the attempt shows.
    press_tab_until(page, "el.title === 'Move down'")
    page.keyboard.press("Enter")
    assert focused(page, "el.title") == "Move down"  # focus stays with the event
    for place, event in enumerate(short_quiz.events_in_order):
        rows = page.locator(".place-row label").all_inner_texts()
        steps = rows.index(event.text) - place
        if steps == 0:
            continue
        press_tab_until(page, f"el.title === 'Move up' && el.textContent.endsWith({event.text!r})")
        for _ in range(steps):
            page.keyboard.press("Enter")
        assert focused(page, "el.title") == "Move up"  # focus stays with the event
    rows = page.locator(".place-row label").all_inner_texts()
    assert rows == [e.text for e in short_quiz.events_in_order]
    places = page.locator(".place-row select").evaluate_all("els => els.map(s => s.value)")
    assert places == [str(n) for n in range(1, len(rows) + 1)]
    shot(page, f"{screen}-4-timeline-ordered")
    press_tab_until(page, "el.type === 'submit' && el.closest('#question-card')")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_be_focused()
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
    assert_accessible(page)


def test_an_empty_timeline_says_so_once_and_a_drag_puts_an_event_in_place(page, short_quiz):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    page.goto(page.url.replace("/questions/1/", "/questions/2/"))
    page.get_by_role("button", name="Check my answer").click()
    error = page.locator(".form-error")
    expect(error).to_be_visible()
    assert error.inner_text().count("Give each event its place") == 1
    assert page.locator(".place-row.has-error").count() == 0
    assert_accessible(page)

    # Drag the last event to the top with the mouse (SortableJS).
    rows = page.locator(".place-row")
    last = rows.nth(rows.count() - 1).locator("label").inner_text()
    handle = rows.nth(rows.count() - 1).locator(".drag-handle")
    top = rows.nth(0).bounding_box()
    handle.hover()
    page.mouse.down()
    page.mouse.move(top["x"] + 20, top["y"] + 5, steps=12)
    page.mouse.move(top["x"] + 20, top["y"] + 2, steps=4)
    page.mouse.up()
    expect(rows.nth(0).locator("label")).to_have_text(last)
    places = page.locator(".place-row select").evaluate_all("els => els.map(s => s.value)")
    assert places == [str(n) for n in range(1, rows.count() + 1)]
    shot(page, "desktop-5-timeline-dragged")


def test_rows_marked_by_the_server_are_cleared_once_the_order_is_complete(page, short_quiz):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    page.goto(page.url.replace("/questions/1/", "/questions/2/"))
    selects = page.locator(".place-row select")
    # Two events given place 1: the server marks both rows (JavaScript leaves the
    # selects alone until the order is complete).
    for n in range(selects.count()):
        selects.nth(n).evaluate(f"(s) => {{ s.value = '{1 if n < 2 else n + 1}'; }}")
    page.get_by_role("button", name="Check my answer").click()
    marked = page.locator(".place-row.has-error")
    expect(marked).to_have_count(2)
    assert marked.first.locator(".row-error").inner_text().startswith("Another event has place 1")
    assert_accessible(page)
    shot(page, "desktop-9-timeline-rows-marked")
    marked.first.get_by_role("button", name="Move down").first.click()
    expect(page.locator(".place-row.has-error")).to_have_count(0)
    assert page.locator(".place-row select[aria-invalid]").count() == 0


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_keyboard_alone_finds_the_passage_in_the_article(new_context, find_evidence_quiz, screen):
    page = open_page(new_context, screen)
    log_in(page)
    start_quiz(page, find_evidence_quiz.quiz)
    statement = page.locator(".evidence-statement")
    expect(statement).to_be_visible()
    assert statement.bounding_box()["y"] < page.locator(".evidence-headline").bounding_box()["y"]
    assert_accessible(page)
    shot(page, f"{screen}-6-evidence")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"find-the-evidence page height at {screen}: {height}px")
    assert scroll_width(page) <= SCREENS[screen].get("viewport", {}).get("width", 1280)

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to the answer
    page.keyboard.press("Tab")
    assert focused(page, "el.name") == "choice"
    values = page.locator("input[name=choice]").evaluate_all("els => els.map(e => e.value)")
    target = values.index(radio_value(find_evidence_quiz.correct_choice))
    page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses, does not send
    assert page.locator("#feedback").count() == 0
    checked = page.locator("input[name=choice]:checked")
    assert checked.get_attribute("value") == radio_value(find_evidence_quiz.correct_choice)
    shot(page, f"{screen}-7-evidence-chosen")
    assert_accessible(page)
    press_tab_until(page, "el.type === 'submit' && el.closest('#question-card')")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_be_focused()
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
    assert_accessible(page)


def test_without_javascript_the_source_is_the_article_page_with_a_way_back(new_context, short_quiz):
    page = new_context(java_script_enabled=False, **DESKTOP).new_page()
    page.set_default_timeout(10_000)
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    page.get_by_label(short_quiz.correct_choice.text, exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    page.locator("#feedback").wait_for()
    question = page.url
    quote = page.locator("#feedback figure.citation blockquote").first.inner_text()
    page.locator("#feedback").get_by_role("link", name="Read it in the source").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("p.passage mark").first.inner_text() == quote
    shot(page, "desktop-8-nojs-article")
    page.get_by_role("link", name="Back to the question").click()
    page.wait_for_url(question)
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
