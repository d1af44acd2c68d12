"""The class report on a 1280 px laptop (every skill column visible), on a 360 px phone
(usable, no tiny chart labels), filtered to one assignment, and printed."""

from pathlib import Path

import pytest

from tests.e2e.axe import assert_accessible

PASSWORD = "pw-for-tests-123"
SHOTS = Path("/tmp/e2e-shots")


@pytest.fixture
def busy_class(transactional_db):
    """Twelve named students, three assignments, questions of every skill."""
    from django.utils import timezone

    from quizapp.models import Attempt, Response, Skill
    from tests.factories import (
        AssignmentFactory,
        ClassroomFactory,
        QuestionFactory,
        QuizFactory,
        UserFactory,
    )

    teacher = UserFactory(username="tess", is_staff=True)
    room = ClassroomFactory(name="Period 5")
    room.instructors.add(teacher)
    students = [
        UserFactory(username=f"s{i}", first_name=f"Student{i}", last_name="Longername")
        for i in range(12)
    ]
    room.students.add(*students)
    skills = [skill.value for skill in Skill]
    for n in range(3):
        questions = [QuestionFactory(skill=skills[(n * 3 + i) % len(skills)]) for i in range(4)]
        assignment = AssignmentFactory(
            classroom=room,
            quiz=QuizFactory(title=f"Week {n + 1}: reading sources", questions=questions),
        )
        for k, student in enumerate(students):
            attempt = Attempt.objects.create(
                learner=student, quiz=assignment.quiz, assignment=assignment,
                question_ids=[q.id for q in questions],
            )  # fmt: skip
            for i, question in enumerate(questions):
                right = (k + i + n) % 3 != 0
                choice = question.choices.filter(is_correct=right).first()
                Response.objects.create(
                    attempt=attempt, question=question, choice=choice,
                    answer_text=choice.text, is_correct=right,
                )  # fmt: skip
            Attempt.objects.filter(pk=attempt.pk).update(finished=timezone.now())
    return room


def log_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/classes/")


def overflow(page, selector) -> int:
    """How many pixels of a table hide behind its horizontal scroll."""
    return page.evaluate(
        "s => { const r = document.querySelector(s); return r.scrollWidth - r.clientWidth; }",
        selector,
    )


def test_at_1280_px_the_whole_grid_and_every_skill_are_visible(page, busy_class):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page)
    page.goto(f"/classes/{busy_class.id}/report/")
    page.screenshot(path=str(SHOTS / "report-wide.png"), full_page=True)
    assert overflow(page, "section[aria-labelledby=grid-heading] .table-scroll") <= 0
    assert "Not started" not in page.locator("section[aria-labelledby=grid-heading]").inner_text()
    assert overflow(page, "section[aria-labelledby=skills-heading] .table-scroll") <= 0
    assert page.locator("section[aria-labelledby=skills-heading] svg").count() == 0
    assert "Whole class" in page.locator("section[aria-labelledby=skills-heading]").inner_text()
    assert_accessible(page)

    page.locator("#report-assignment").select_option(index=2)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/report/?assignment=*")
    heads = page.locator("section[aria-labelledby=grid-heading] thead th").all_inner_texts()
    assert len(heads) == 2 and "Week 2" in heads[1]
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "report-print.png"), full_page=True)
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".report-filter").is_visible()


def test_at_360_px_the_report_is_usable(page, busy_class):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    page.goto(f"/classes/{busy_class.id}/report/")
    page.screenshot(path=str(SHOTS / "report-phone.png"), full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # The first column stays in view while the grid scrolls sideways.
    region = page.locator("section[aria-labelledby=grid-heading] .table-scroll")
    region.evaluate("el => el.scrollLeft = 400")
    name = page.locator("section[aria-labelledby=grid-heading] tbody th").first
    assert name.bounding_box()["x"] >= 0 and name.is_visible()
    assert page.locator(".chart svg").first.is_hidden()
    assert_accessible(page)
    page.goto("/classes/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
