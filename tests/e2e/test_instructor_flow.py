"""An instructor in a real browser: authoring a question, a quiz and an assignment in
the Django admin (select2 autocompletes included), who may go where, and the class
report with its CSV."""

import csv
import datetime
import io

from django.utils import timezone

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_student_flow import log_in

STEM = "Who said the US commitment to defending Israel is “ironclad” in the e2e test?"
EXPLANATION = "The Times of Israel quotes John Kirby saying it, in his own words."
WRONG_QUOTE = "our commitment is iron-clad"
GRID_HEADER = [
    "student",
    "assignment",
    "status",
    "answered",
    "correct",
    "questions",
    "score %",
    "late",
]
QUIZ_TITLE = "E2E: who vouched for Israel"


def admin_log_in(page, username="instructor"):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def pick_autocomplete(page, select_id, search, result):
    """Choose in a Django admin autocomplete (select2) as a user does: open it, type,
    wait for the one result the search finds, press Enter."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    search_box.press_sequentially(search)
    options = page.locator(".select2-container--open .select2-results__option")
    highlighted = page.locator(
        ".select2-container--open .select2-results__option--highlighted", has_text=result
    )
    highlighted.wait_for()
    assert options.count() == 1, options.all_inner_texts()
    search_box.press("Enter")
    page.locator(".select2-container--open").wait_for(state="detached")
    assert (
        result in page.locator(f"#{select_id} + .select2 .select2-selection__rendered").inner_text()
    )


def save(page):
    with page.expect_navigation():
        page.locator("input[name=_save]").first.click()


def test_instructor_authors_a_question_and_quiz_assigns_it_and_the_student_gets_it(
    page, new_context, instructors_group
):
    from quizapp.models import Assignment, Passage, Question, Quiz

    right_quote = "our commitment is ironclad"
    # Kirby's words in the Times of Israel article; the test types no passage text.
    passage = Passage.objects.get(
        article__slug="toi-white-house-not-seeking-war", text__contains=right_quote
    )
    assert WRONG_QUOTE not in passage.text
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_log_in(page)

    # Questions → Add
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name="Add question").click()
    page.wait_for_url("**/admin/quizapp/question/add/")
    page.get_by_label("Skill").select_option(label="Who said it")
    page.get_by_label("Stem").fill(STEM)
    page.get_by_label("Explanation").fill(EXPLANATION)
    page.get_by_label("Status").select_option(label="Published")
    for row, text in enumerate(["John Kirby", "Joe Biden", "Lloyd Austin"]):
        page.locator(f"#id_choices-{row}-text").fill(text)
    page.locator("#id_choices-0-is_correct").check()
    pick_autocomplete(page, "id_citations-0-passage", "ironclad Kirby", str(passage))
    page.locator("#id_citations-0-quote").fill(WRONG_QUOTE)
    save(page)

    error = page.locator(".inline-related .errorlist").filter(has_text="word for word")
    error.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.screenshot(path="/tmp/e2e-admin-error.png")
    message = error.inner_text()
    assert f"“{WRONG_QUOTE}” is not in {passage.reference} word for word" in message
    assert passage.text in message
    assert not Question.objects.filter(stem=STEM).exists()
    # The form came back with everything typed so far, the passage still chosen.
    assert page.locator("#id_citations-0-passage").input_value() == str(passage.id)
    assert page.locator("#id_choices-0-text").input_value() == "John Kirby"

    page.locator("#id_citations-0-quote").fill(right_quote)
    save(page)
    page.wait_for_url("**/admin/quizapp/question/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    question = Question.objects.get(stem=STEM)
    assert question.status == Question.Status.PUBLISHED
    assert question.choices.get(is_correct=True).text == "John Kirby"
    assert [(c.passage_id, c.quote) for c in question.citations.all()] == [
        (passage.id, right_quote)
    ]

    # Quizzes → Add, with the question picked in the inline
    page.goto("/admin/")
    page.get_by_role("link", name="Quizzes", exact=True).click()
    page.get_by_role("link", name="Add quiz").click()
    page.get_by_label("Title").fill(QUIZ_TITLE)
    page.get_by_label("Slug").fill("e2e-who-vouched")
    page.get_by_label("Mode").select_option(label="Assessment")
    page.get_by_label("Status").select_option(label="Published")
    page.locator("#id_items-0-position").fill("1")
    pick_autocomplete(page, "id_items-0-question", "e2e ironclad", str(question))
    save(page)
    page.wait_for_url("**/admin/quizapp/quiz/")
    quiz = Quiz.objects.get(title=QUIZ_TITLE)
    assert list(quiz.questions.all()) == [question]

    # Classrooms → Demo class → a new row in the Assignments inline
    now = timezone.localtime()
    opens, due = now - datetime.timedelta(hours=2), now + datetime.timedelta(days=3)
    page.goto("/admin/")
    page.get_by_role("link", name="Classrooms", exact=True).click()
    page.get_by_role("link", name="Demo class", exact=True).click()
    row = Assignment.objects.filter(classroom__name="Demo class").count()
    pick_autocomplete(page, f"id_assignments-{row}-quiz", QUIZ_TITLE, QUIZ_TITLE)
    page.locator(f"#id_assignments-{row}-opens_0").fill(opens.strftime("%Y-%m-%d"))
    page.locator(f"#id_assignments-{row}-opens_1").fill(opens.strftime("%H:%M:%S"))
    page.locator(f"#id_assignments-{row}-due_0").fill(due.strftime("%Y-%m-%d"))
    page.locator(f"#id_assignments-{row}-due_1").fill(due.strftime("%H:%M:%S"))
    save(page)
    page.wait_for_url("**/admin/quizapp/classroom/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assignment = Assignment.objects.get(quiz=quiz, classroom__name="Demo class")
    assert abs(assignment.opens - opens) < datetime.timedelta(seconds=1)
    assert abs(assignment.due - due) < datetime.timedelta(seconds=1)

    # The student, in a browser of their own, finds it under Assignments and starts it.
    student = new_context().new_page()
    student.set_default_timeout(10_000)
    log_in(student)
    assignments = student.locator("section[aria-labelledby=assignments-heading]")
    card = assignments.locator(
        "li.desk-row", has=student.get_by_role("heading", name=QUIZ_TITLE, exact=True)
    )
    assert "Demo class" in card.locator(".meta").inner_text()
    card.get_by_role("button", name=f"Start {QUIZ_TITLE}").click()
    student.wait_for_url("**/questions/1/")
    assert student.locator("#question-stem").inner_text() == STEM
    assert sorted(student.locator("input[name=choice] + label").all_inner_texts()) == [
        "Joe Biden",
        "John Kirby",
        "Lloyd Austin",
    ]


def test_a_student_is_kept_out_of_the_admin(page, demo_data):
    log_in(page, "student")

    page.goto("/admin/")

    assert page.url.endswith("/admin/login/?next=/admin/")
    assert "You are authenticated as student, but are not authorized" in page.content()
    assert page.locator("#content-main").get_by_role("button", name="Log in").is_visible()
    assert page.get_by_role("link", name="Site administration").count() == 0


def test_an_instructor_gets_not_found_for_a_class_they_do_not_teach(page, other_class):
    log_in(page, "instructor")

    response = page.goto(f"/classes/{other_class.id}/report/")
    csv_response = page.request.get(f"/classes/{other_class.id}/report/grid.csv")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We could not find that page"
    assert other_class.name not in page.content()
    assert csv_response.status == 404


def answer_the_demo_assignment(wrong):
    """The demo student answers every question of the demo assignment, the first
    ``wrong`` of them wrongly. Returns (assignment, questions answered)."""
    from django.contrib.auth import get_user_model

    from quizapp.models import Assignment, Question
    from quizapp.services import answer_submit, attempt_start, attempt_submit

    student = get_user_model().objects.get(username="student")
    assignment = Assignment.objects.select_related("quiz").get(classroom__name="Demo class")
    attempt = attempt_start(learner=student, quiz=assignment.quiz, assignment=assignment)
    questions = Question.objects.in_bulk(attempt.question_ids)
    for number, question_id in enumerate(attempt.question_ids):
        question = questions[question_id]
        choices = list(question.choices.all())
        right = number >= wrong
        if question.kind == Question.Kind.ORDERING:
            order = [c.id for c in sorted(choices, key=lambda c: c.correct_position)]
            answer_submit(
                attempt=attempt,
                question=question,
                choices=choices,
                order=order if right else order[::-1],
                confidence="certain" if right else "guessing",
            )
        else:
            choice = next(c for c in choices if c.is_correct == right)
            answer_submit(
                attempt=attempt,
                question=question,
                choices=choices,
                choice_id=choice.id,
                confidence="certain" if right else "guessing",
            )
    attempt.refresh_from_db()
    assert attempt.finished is None  # an assessment waits for the Submit step
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.finished
    return assignment, len(attempt.question_ids)


def test_the_class_report_shows_the_students_work_and_its_csv_downloads(page, demo_data):
    assignment, total = answer_the_demo_assignment(wrong=5)
    correct = total - 5
    percent = round(100 * correct / total)
    log_in(page, "instructor")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Classes").click()
    page.wait_for_url("**/classes/")
    page.get_by_role("link", name="Report for Demo class").click()
    page.wait_for_url("**/classes/*/report/")
    page.screenshot(path="/tmp/e2e-class-report.png", full_page=True)

    grid = page.locator("section[aria-labelledby=grid-heading] table")
    assert assignment.quiz.title in grid.locator("thead").inner_text()
    student_row = grid.locator("tbody tr", has=page.get_by_role("rowheader", name="student"))
    assert student_row.locator("td").inner_text() == f"{percent}% ({correct}/{total})"

    skills = page.locator("section[aria-labelledby=skills-heading]")
    # One skills display: the table, with the whole class as its first row.
    assert skills.locator("svg").count() == 0
    by_student = skills.get_by_role("region", name="Skills by student")
    assert by_student.locator("tbody tr").first.locator("th").inner_text() == "Whole class"
    assert by_student.locator("thead th").count() >= 2
    assert by_student.get_by_role("rowheader", name="student").is_visible()

    items = page.locator("section[aria-labelledby=items-heading] table")
    assert items.locator("tbody tr").count() == total
    assert items.locator("thead th").all_inner_texts() == [
        "Question",
        "Answers",
        "Facility",
        "Discrimination",
        "Median time",
        "Most chosen wrong answer",
    ]
    facilities = items.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert sorted(facilities) == sorted(["0%"] * 5 + ["100%"] * correct)
    # The student answered in the browser: each answer was timed.
    assert all(
        t.endswith(" s") for t in items.locator("tbody tr td:nth-child(5)").all_inner_texts()
    )
    time_on_task = page.locator("section[aria-labelledby=time-heading]")
    assert time_on_task.get_by_role("rowheader", name="student").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this grid as CSV").click()
    raw = download.value.path().read_bytes()
    text = raw.decode("utf-8-sig")  # the app starts the file with a BOM for spreadsheets
    rows = list(csv.reader(io.StringIO(text)))

    assert download.value.suggested_filename == f"class-{assignment.classroom_id}-grid.csv"
    assert rows[0] == GRID_HEADER
    assert rows[1:] == [
        [
            "student",
            assignment.quiz.title,
            "done",
            str(total),
            str(correct),
            str(total),
            str(percent),
            "no",
        ]
    ]
