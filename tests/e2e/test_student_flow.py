"""A student takes a quiz in a real browser: htmx feedback, no JavaScript, keyboard
only, a phone screen, resuming, and what the page gives away before an answer."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def log_in(page, username="student"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Instructors land on their classes, students on their quizzes.
    page.wait_for_url("**/classes/" if username == "instructor" else "**/quizzes/")


def quiz_card(page, quiz):
    """The quiz's row on the quiz list; a practice quiz's skill group is opened first."""
    title = page.locator(".desk-row-title").get_by_text(quiz.title, exact=True)
    group = page.locator("details", has=title)
    if group.count() and group.first.get_attribute("open") is None:
        group.first.locator("summary").click()
    return page.locator("li.desk-row", has=title)


def start_quiz(page, quiz):
    page.goto("/quizzes/")
    quiz_card(page, quiz).get_by_role("button", name="Start").click()
    page.wait_for_url("**/questions/1/")


def is_answer_post(response):
    return response.request.method == "POST" and "/questions/" in response.url


def shown_choices(quiz, question):
    """The choices in the order the student's latest attempt at ``quiz`` shows them."""
    from quizapp.models import Attempt
    from quizapp.services import attempt_choices

    attempt = Attempt.objects.filter(quiz=quiz).latest("id")
    return attempt_choices(attempt, question, question.choices.all())


def choose_places(page, events_in_order):
    for place, event in enumerate(events_in_order, start=1):
        page.get_by_label(event.text, exact=True).select_option(str(place))


def submit_answer(page):
    """Check the answer and return the POST's response, once the feedback is on the page."""
    with page.expect_response(is_answer_post) as posted:
        page.get_by_role("button", name="Check my answer").click()
    page.locator("#feedback").wait_for()
    return posted.value


def wait_for_feedback_focus(page):
    # expect() polls without eval(), which the app's Content-Security-Policy forbids.
    expect(page.locator("#feedback")).to_be_focused()


def press_tab_until(page, condition, limit=60):
    """Press Tab until the focused element satisfies the JS expression ``condition``
    (evaluated with ``el`` bound to document.activeElement)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def everything_in_the_page(page):
    """The page's HTML, and its text and attribute values as the browser decoded them,
    so a leak is found whatever the escaping."""
    decoded = page.evaluate(
        "document.documentElement.textContent + '\\n' + [...document.querySelectorAll('*')]"
        ".flatMap(e => [...e.attributes].map(a => a.value)).join('\\n')"
    )
    return page.content() + "\n" + decoded


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_student_answers_with_htmx_sees_focused_feedback_then_the_cited_words_in_the_article(
    page, short_quiz
):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    page.evaluate("window.__marker = 1")

    page.get_by_label(short_quiz.correct_choice.text, exact=True).check()
    response = submit_answer(page)
    wait_for_feedback_focus(page)
    page.screenshot(path="/tmp/e2e-desktop-feedback.png", full_page=True)

    assert response.request.all_headers().get("hx-request") == "true"
    assert "<html" not in response.text()
    assert page.evaluate("window.__marker") == 1
    assert page.evaluate("document.activeElement.id") == "feedback"
    feedback = page.locator("#feedback")
    assert feedback.locator(".verdict").inner_text().endswith("Right")
    assert feedback.locator(".explanation").inner_text() == short_quiz.single.explanation
    assert feedback.get_by_role("link", name="Read it in the source").count() >= 1

    page.get_by_role("link", name="Next question").click()
    page.wait_for_url("**/questions/2/")
    page.evaluate("window.__marker = 2")
    choose_places(page, list(reversed(short_quiz.events_in_order)))
    response = submit_answer(page)
    wait_for_feedback_focus(page)
    page.screenshot(path="/tmp/e2e-desktop-timeline-feedback.png", full_page=True)

    assert response.request.all_headers().get("hx-request") == "true"
    assert page.evaluate("window.__marker") == 2
    assert feedback.locator(".verdict").inner_text().endswith("Not quite")
    assert feedback.locator(".explanation").inner_text() == short_quiz.timeline.explanation

    page.get_by_role("link", name="See your results").click()
    page.wait_for_url("**/results/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your results: 1 of 2"

    page.get_by_role("link", name="See the feedback and sources for question 1").click()
    page.wait_for_url("**/questions/1/")
    citation = page.locator("#feedback figure.citation").first
    quote = citation.locator("blockquote").inner_text()
    link = citation.get_by_role("link", name="Read it in the source")
    # With JavaScript the passage opens beside the question, the quiz stays.
    link.click()
    expect(page.locator("#source-sheet mark").first).to_have_text(quote)
    assert "/questions/1/" in page.url
    # The link itself (what it does without JavaScript) goes to the article.
    question_url = page.url
    page.goto(link.evaluate("el => el.href"))
    page.wait_for_url("**/articles/**")
    fragment = urlparse(page.url).fragment
    cited = short_quiz.single.citations.select_related("passage").get(choice__isnull=True)
    assert (
        page.get_by_role("link", name="Back to the question").get_attribute("href")
        == urlparse(question_url).path
    )

    assert quote == cited.quote
    assert fragment == cited.passage.anchor
    assert page.locator(f"p.passage[id='{fragment}']").count() == 1
    assert page.locator(f"[id='{fragment}'] mark").first.inner_text() == quote
    assert page.locator(f"[id='{fragment}']").is_visible()


def test_without_javascript_answers_post_the_full_page_and_reach_the_results(
    new_context, short_quiz
):
    page = new_context(java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    log_in(page)
    start_quiz(page, short_quiz.quiz)

    page.get_by_label(short_quiz.correct_choice.text, exact=True).check()
    first = submit_answer(page)
    first_body = first.text()
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
    page.get_by_role("link", name="Next question").click()
    page.wait_for_url("**/questions/2/")
    choose_places(page, short_quiz.events_in_order)
    second = submit_answer(page)
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")
    page.get_by_role("link", name="See your results").click()
    page.wait_for_url("**/results/")

    assert "hx-request" not in first.request.all_headers()
    assert "hx-request" not in second.request.all_headers()
    assert "<html" in first_body
    assert page.get_by_role("heading", level=1).inner_text() == "Your results: 2 of 2"


def test_keyboard_alone_answers_a_choice_and_a_timeline(page, short_quiz):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    choices = shown_choices(short_quiz.quiz, short_quiz.single)
    target = choices.index(short_quiz.correct_choice)

    press_tab_until(page, "el.name === 'choice'")
    page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    checked = page.locator("input[name=choice]:checked")
    assert checked.get_attribute("value") == f"o{target + 1}"
    press_tab_until(page, "el.type === 'submit' && el.closest('#question-card')")
    page.keyboard.press("Enter")
    wait_for_feedback_focus(page)
    assert page.locator("#feedback .verdict").inner_text().endswith("Right")

    press_tab_until(page, "el.textContent.trim() === 'Next question'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/2/")
    places = {event.text: place for place, event in enumerate(short_quiz.events_in_order, 1)}
    for _ in places:
        press_tab_until(page, "el.tagName === 'SELECT'")
        event = page.evaluate("document.activeElement.labels[0].textContent.trim()")
        page.keyboard.type(str(places[event]))
    chosen = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('select')]"
        ".map(s => [s.labels[0].textContent.trim(), s.value]))"
    )
    assert chosen == {text: str(place) for text, place in places.items()}
    press_tab_until(page, "el.type === 'submit' && el.closest('#question-card')")
    page.keyboard.press("Enter")
    wait_for_feedback_focus(page)

    assert page.locator("#feedback .verdict").inner_text().endswith("Right")


def test_on_a_360px_phone_questions_and_feedback_need_no_sideways_scrolling(
    new_context, short_quiz
):
    page = new_context(**PHONE).new_page()
    page.set_default_timeout(10_000)
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    widths = {"choice question": scroll_width(page)}
    page.screenshot(path="/tmp/e2e-phone-question.png", full_page=True)

    page.get_by_label(short_quiz.correct_choice.text, exact=True).check()
    submit_answer(page)
    wait_for_feedback_focus(page)
    widths["choice feedback"] = scroll_width(page)
    page.screenshot(path="/tmp/e2e-phone-feedback.png", full_page=True)
    page.get_by_role("link", name="Next question").click()
    page.wait_for_url("**/questions/2/")
    widths["timeline question"] = scroll_width(page)
    page.screenshot(path="/tmp/e2e-phone-timeline-question.png", full_page=True)
    choose_places(page, list(reversed(short_quiz.events_in_order)))
    submit_answer(page)
    wait_for_feedback_focus(page)
    widths["timeline feedback"] = scroll_width(page)
    page.screenshot(path="/tmp/e2e-phone-timeline-feedback.png", full_page=True)

    assert {screen: width for screen, width in widths.items() if width > 360} == {}


def test_resume_returns_to_the_first_unanswered_question(page, short_quiz):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    page.get_by_label(short_quiz.correct_choice.text, exact=True).check()
    submit_answer(page)

    page.goto("/quizzes/")
    quiz_card(page, short_quiz.quiz).get_by_role("button", name="Resume").click()
    page.wait_for_url("**/questions/2/")

    assert page.locator(".progress-label").inner_text().startswith("Question 2 of 2")
    assert page.locator("#question-stem").inner_text() == short_quiz.timeline.stem


def test_question_pages_hold_no_answer_key_before_an_answer(page, short_quiz):
    log_in(page)
    start_quiz(page, short_quiz.quiz)
    single_html = everything_in_the_page(page)
    radios = page.locator("input[name=choice]").evaluate_all(
        "els => els.map(e => ({value: e.value, data: Object.keys(e.dataset)}))"
    )
    page.goto(page.url.replace("/questions/1/", "/questions/2/"))
    timeline_html = everything_in_the_page(page)
    selects = page.locator("select").evaluate_all(
        "els => els.map(s => ({name: s.name, data: Object.keys(s.dataset),"
        " options: [...s.options].map(o => o.value)}))"
    )
    events = short_quiz.events_in_order
    places = ["", *[str(n) for n in range(1, len(events) + 1)]]

    for html in (single_html, timeline_html):
        assert "is_correct" not in html
        assert "correct_position" not in html
    assert short_quiz.single.explanation not in single_html
    assert short_quiz.timeline.explanation not in timeline_html
    for choice in short_quiz.single.choices.exclude(feedback=""):
        assert choice.feedback not in single_html
    for event in events:
        assert event.feedback not in timeline_html
    # Named by position as shown, never by choice id (ids follow the order of writing).
    assert [r["value"] for r in radios] == [
        f"o{n}" for n in range(1, short_quiz.single.choices.count() + 1)
    ]
    assert all(r["data"] == [] for r in radios)
    assert [s["name"] for s in selects] == [f"item_{n}" for n in range(1, len(events) + 1)]
    assert all(s["options"] == places and s["data"] == [] for s in selects)
