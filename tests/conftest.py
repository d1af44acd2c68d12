import pytest

from quizapp.models import Article
from tests.factories import ClassroomFactory, UserFactory
from tests.prebuilt import STAGES, prebuild


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests render templates without running collectstatic first, and hash passwords
    with a fast hasher (the real one takes most of a second per login on purpose)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def teacher():
    """An instructor (staff, no group: what a class's own instructor needs)."""
    return UserFactory(username="teacher", is_staff=True)


@pytest.fixture
def classroom(teacher):
    """A class taught by ``teacher``, with no students yet."""
    room = ClassroomFactory(name="Period 1")
    room.instructors.add(teacher)
    return room


PREBUILT = {}


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database; when the collected tests use the corpus, evidence or bank, also
    those, built on it once per session (see tests/prebuilt.py), as far as the furthest stage
    a collected test asks for: a run that needs only the corpus does not build the bank.
    The database stays empty."""
    wanted = {
        stage
        for item in request.session.items
        for stage in set(STAGES) & set(getattr(item, "fixturenames", ()))
    }
    if wanted:
        with django_db_blocker.unblock():
            PREBUILT["setup"] = prebuild(upto=max(wanted, key=STAGES.index))


@pytest.fixture
def _prebuilt_stage(request, db):
    """Restore, for this test, the furthest stage of setup it asked for."""
    stage = next(s for s in reversed(STAGES) if s in request.fixturenames)
    if "setup" not in PREBUILT or stage not in PREBUILT["setup"].stages:
        PREBUILT["setup"] = prebuild()  # asked for with request.getfixturevalue
    return stage, PREBUILT["setup"].restore(stage)


@pytest.fixture
def corpus(_prebuilt_stage):
    """The five committed articles, loaded from fixtures/corpus/ as `make run` does."""
    return {article.slug: article for article in Article.objects.all()}


@pytest.fixture
def evidence(corpus):
    """The corpus plus the committed evidence fixtures, validated and loaded."""
    return corpus


@pytest.fixture
def bank(evidence, _prebuilt_stage):
    """The real question bank, built from the committed evidence as `make run` does:
    what quiz_build returned."""
    stage, report = _prebuilt_stage
    if stage != "bank":
        raise pytest.UsageError("Ask for `bank` as a test argument, not after `corpus`.")
    return report


QUALITY = "quality report"
QUALITY_REPORTS = {}  # title -> lines, in the process that prints the summary


@pytest.fixture
def quality_report(request):
    """`quality_report(title, lines)`: measured quality (drafting, suggestions) printed at the
    end of every test run. Carried on the test's report, so it reaches the summary from a
    pytest-xdist worker too."""

    def record(title, lines):
        request.node.user_properties.append((QUALITY, (title, list(lines))))

    return record


def pytest_runtest_logreport(report):
    if report.when == "call":
        for key, value in report.user_properties:
            if key == QUALITY:
                title, lines = value
                QUALITY_REPORTS[title] = lines


def pytest_terminal_summary(terminalreporter):
    for title, lines in sorted(QUALITY_REPORTS.items()):
        terminalreporter.write_sep("-", title)
        for line in lines:
            terminalreporter.write_line(line)
