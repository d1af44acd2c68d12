"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Run them with ``.venv/bin/python -m pytest tests/e2e``. Without Chromium they are
skipped, unless ``SOURCEWISE_REQUIRE_BROWSER=1`` says they must run (CI), in which
case they fail."""

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the main thread; the ORM calls the
# tests make there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("SOURCEWISE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_MISSING = "Chromium not installed: apt-get install -y chromium to run the browser tests"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "sourcewise-demo"
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _chromium_installed():
    """Runs before the browser is launched, so a missing Chromium says what to do."""
    if not CHROMIUM.exists():
        if os.environ.get("SOURCEWISE_REQUIRE_BROWSER") == "1":
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Playwright's own browser download does not work here; use Debian's.
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Lets tests write ``page.goto("/quizzes/")``."""
    return live_server.url


@pytest.fixture
def page(page):
    # Fail in seconds, not Playwright's default 30.
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def demo_data(transactional_db, bank):
    """The corpus, evidence, question bank and demo accounts, as `make run` loads them
    (the bank restored from the session's build; the flush after each test removes it)."""
    call_command("seed_demo", stdout=io.StringIO())


def practise_freely():
    """These browser tests practise bank questions that the demo assessment also asks.
    While that assessment's feedback is held back, practice leaves its questions out
    (tests/test_assessments.py); here it gives feedback after each answer instead."""
    from quizapp.models import Assignment

    Assignment.objects.filter(classroom__name="Demo class").update(
        feedback=Assignment.Feedback.AFTER_ANSWER
    )


@dataclass
class ShortQuiz:
    quiz: object
    single: object  # single-choice question, shown first
    correct_choice: object
    timeline: object  # ordering question, shown second
    events_in_order: list  # the timeline's choices, earliest first


@pytest.fixture
def short_quiz(demo_data):
    """A published two-question quiz built from the real bank: one single-choice
    question whose source link does not depend on the answer, then one timeline."""
    from quizapp.models import Question, Quiz, QuizQuestion

    practise_freely()

    single = (
        Question.objects.published()
        .filter(kind=Question.Kind.SINGLE_CHOICE, citations__choice__isnull=True)
        .order_by("key")
        .first()
    )
    timeline = (
        Question.objects.published().filter(kind=Question.Kind.ORDERING).order_by("key").first()
    )
    quiz = Quiz.objects.create(
        slug="e2e-short",
        title="A short test quiz",
        status=Question.Status.PUBLISHED,
    )
    QuizQuestion.objects.create(quiz=quiz, question=single, position=1)
    QuizQuestion.objects.create(quiz=quiz, question=timeline, position=2)
    return ShortQuiz(
        quiz=quiz,
        single=single,
        correct_choice=single.choices.get(is_correct=True),
        timeline=timeline,
        events_in_order=list(timeline.choices.order_by("correct_position")),
    )


@dataclass
class FindEvidenceQuiz:
    quiz: object
    question: object  # a find-the-evidence question: one choice per passage
    correct_choice: object


@pytest.fixture
def find_evidence_quiz(demo_data):
    """A published one-question quiz: find the passage of the New York Times article
    that says the US told Iran it had not been involved in the April 1 strike."""
    from quizapp.models import Question, Quiz, QuizQuestion

    practise_freely()
    question = Question.objects.published().get(
        key="find_evidence:fact:us-told-iran-not-involved", kind=Question.Kind.FIND_EVIDENCE
    )
    quiz = Quiz.objects.create(
        slug="e2e-find-evidence",
        title="A find-the-evidence test quiz",
        status=Question.Status.PUBLISHED,
    )
    QuizQuestion.objects.create(quiz=quiz, question=question, position=1)
    return FindEvidenceQuiz(
        quiz=quiz, question=question, correct_choice=question.choices.get(is_correct=True)
    )


@pytest.fixture
def other_class(demo_data):
    """A class the demo instructor does not teach, with its own instructor."""
    from django.contrib.auth import get_user_model

    from quizapp.models import Classroom

    other = get_user_model().objects.create_user(
        "other-instructor", password=DEMO_PASSWORD, is_staff=True
    )
    classroom = Classroom.objects.create(name="Someone else's class", join_code="OTHER234")
    classroom.instructors.add(other)
    return classroom


@pytest.fixture
def instructors_group(demo_data):
    """The demo instructor in the Instructors group with its permissions (seed_demo
    re-creates the group after a transactional test's flush removed it)."""
    from django.contrib.auth import get_user_model

    from quizapp.access.roles import instructors_group

    group = instructors_group()
    get_user_model().objects.get(username="instructor").groups.add(group)
    return group
