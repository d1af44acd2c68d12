import io

import pytest
from django.core.management import call_command

from quizapp.models import Article


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def corpus(db):
    """The five committed articles, loaded from fixtures/corpus/ as `make run` does."""
    call_command("load_corpus", stdout=io.StringIO())

    return {article.slug: article for article in Article.objects.all()}


@pytest.fixture
def evidence(corpus):
    """The committed evidence fixtures, validated and loaded."""
    from quizapp.evidence import evidence_load

    evidence_load()
    return corpus


@pytest.fixture
def bank(evidence):
    """The real question bank, built from the committed evidence as `make run` does."""
    from quizapp.services import quiz_build

    return quiz_build()


def pytest_terminal_summary(terminalreporter):
    """Show the measured quality of evidence drafting in every test run's output."""
    from tests.test_drafting import DRAFTING_REPORT
    from tests.test_suggest import SUGGESTION_REPORT

    if SUGGESTION_REPORT:
        r = SUGGESTION_REPORT
        terminalreporter.write_sep("-", "coverage-review suggestions, leave one article out")
        terminalreporter.write_line(
            f"recall@3 {r['recall_at_3']:.0%} ({r['links']} curated links), "
            f"precision@1 {r['precision_at_1']:.0%} ({r['passages']} passages)"
        )

    if DRAFTING_REPORT:
        r = DRAFTING_REPORT
        terminalreporter.write_sep("-", "evidence drafting against the curated corpus")
        terminalreporter.write_line(
            f"speaker attribution: precision {r['precision']:.0%} ({r['guessed']} attributed "
            f"quotations), recall {r['recall']:.0%} ({r['total']} curated quotations)"
        )
