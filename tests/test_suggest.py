"""Coverage-review suggestions, measured on the curated corpus leave-one-article-out:
each seed article's fact links are hidden, facts are suggested for its passages from
the other four articles, and the suggestions are compared with the curation."""

import pytest
from django.db.models import Prefetch

from quizapp.evidence.suggest import Suggester, candidates_for, leave_one_article_out, numbers
from quizapp.models import Article, Fact, FactCitation, Passage

pytestmark = pytest.mark.django_db


def curated_facts():
    return list(
        Fact.objects.prefetch_related(
            Prefetch("citations", queryset=FactCitation.objects.select_related("passage"))
        ).order_by("key")
    )


def test_suggestions_leave_one_article_out(evidence, quality_report):
    corpus = list(Passage.objects.values_list("text", flat=True))
    report = leave_one_article_out(list(Article.objects.order_by("slug")), curated_facts(), corpus)
    quality_report(
        "coverage-review suggestions, leave one article out",
        [
            f"recall@3 {report['recall_at_3']:.0%} ({report['links']} curated links), "
            f"precision@1 {report['precision_at_1']:.0%} ({report['passages']} passages)"
        ],
    )
    assert report["passages"] > 80
    # Measured 0.71 / 0.75 (before character n-grams: 0.68 / 0.63); the issue aims at
    # recall@3 >= 0.8, which word and character overlap do not reach: docs/coverage.md.
    assert report["recall_at_3"] >= 0.68
    assert report["precision_at_1"] >= 0.70


def test_the_fact_a_passage_states_almost_verbatim_ranks_first(evidence):
    facts = curated_facts()
    nyt = Article.objects.get(slug="nyt-how-israel-miscalculated")
    suggester = Suggester(
        candidates_for(facts, excluding_article_id=nyt.id),
        list(Passage.objects.values_list("text", flat=True)),
    )
    fact = next(f for f in facts if f.key == "us-told-iran-not-involved")
    text = "The White House made clear to Iran that the US had not been involved in the strike."
    assert fact in [f for f, _ in suggester.top(text, 3)]


def test_numbers_read_alike_in_digits_and_words():
    assert numbers("Iran launched three hundred drones") == numbers("about 300 drones") == {"300"}
    assert "99%" in numbers("99 percent were intercepted") & numbers("99% of them")
    assert numbers("1,200 troops") == {"1200"}
    assert "24" in numbers("two dozen ships")
