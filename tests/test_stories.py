"""Open content: stories scope every comparison, and an outlet is called silent only
after an instructor reviewed its article's coverage (the closed-world rule)."""

from pathlib import Path

import pytest
from django.urls import reverse

from quizapp.bank.compare import all_topics
from quizapp.models import Article, FactCitation, Passage, Question, Story
from quizapp.services import evidence_bank, quiz_build
from quizapp.services.content import (
    coverage_link,
    coverage_mark_reviewed,
    passage_mark_nothing_new,
)
from quizapp.sources.corpus import article_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCAL = "The Local Courier"


def copy_of(slug, *, outlet="local-courier", outlet_name=LOCAL, story=None, new_slug="local-copy"):
    """A new outlet's article whose text is a seed article's (so it reports the same facts)."""
    source = Article.objects.get(slug=slug)
    return article_import(
        path=Path(f"{new_slug}.txt"),
        text=source.source_text(),
        outlet=outlet,
        outlet_name=outlet_name,
        story=story,
        headline="A local paper's account of the weekend",
        published="2024-04-16",
        slug=new_slug,
    )


def review_like(copy, source_slug):
    """Review the copy's coverage with the right links: the source article's, passage
    for passage; every other reporting passage reports nothing new."""
    by_position = {p.position: p for p in copy.passages.all()}
    linked = set()
    for citation in FactCitation.objects.filter(passage__article__slug=source_slug):
        passage = by_position[citation.passage.position]
        coverage_link(passage=passage, fact=citation.fact, quote=citation.quote)
        linked.add(passage.id)
    for passage in copy.passages.filter(kind=Passage.Kind.REPORTING).exclude(id__in=linked):
        passage_mark_nothing_new(passage=passage)
    coverage_mark_reviewed(article=copy)


def options_naming(name):
    return [
        (question, choice)
        for question in Question.objects.published().prefetch_related("choices", "citations")
        for choice in question.choices.all()
        if choice.text == name
    ]


def test_unreviewed_article_is_never_a_wrong_option_and_shows_not_yet_reviewed(bank, client):
    client.force_login(UserFactory())  # compare pages need a login
    copy_of("cnn-biden-no-counterstrike")
    quiz_build()
    wrong = [(q.key, c.text) for q, c in options_naming(LOCAL) if not c.is_correct]
    assert wrong == []
    for question in Question.objects.published().prefetch_related("choices"):
        for choice in question.choices.all():
            assert "Local Courier article does not" not in choice.feedback, question.key
    # The fact both CNN and the copy report, seen on the compare page.
    fact = FactCitation.objects.filter(passage__article__slug="cnn-biden-no-counterstrike")[0].fact
    topic = next(t for t in all_topics(evidence_bank()) if t.slug == f"fact-{fact.key}")
    local = next(c for c in topic.coverage if c.outlet.name == LOCAL)
    assert local.unreviewed and not local.silent
    html = client.get(reverse("compare_topic", args=[topic.slug])).content.decode()
    assert "Not yet reviewed" in html
    assert f"of {len(topic.coverage)} outlets" in topic.summary or topic.verdict == "one outlet"


def test_after_review_the_new_outlet_is_right_where_it_reports_and_wrong_only_where_silent(bank):
    copy = copy_of("cnn-biden-no-counterstrike")
    review_like(copy, "cnn-biden-no-counterstrike")
    quiz_build()
    reported = set(
        FactCitation.objects.filter(passage__article=copy).values_list("fact__key", flat=True)
    )
    text = copy.source_text().lower()
    offered = options_naming(LOCAL)
    assert any(not c.is_correct for _, c in offered), "reviewed: may now be a wrong option"
    for question, choice in offered:
        if question.key.startswith("outlet_attribution:"):
            fact_key = question.key.removeprefix("outlet_attribution:")
            assert choice.is_correct == (fact_key in reported), question.key
        elif not choice.is_correct:
            # "Which outlet's article gives / uses these words?": not the copy's words.
            quote = question.citations.all()[0].quote.lower()
            assert quote not in text, question.key


def test_an_article_of_another_story_never_appears_in_the_first_storys_questions(bank, client):
    client.force_login(UserFactory())  # compare pages need a login
    other = Story.objects.create(slug="school-funding", title="School funding in Springfield")
    copy = copy_of(
        "nyt-how-israel-miscalculated",
        outlet="springfield-gazette",
        outlet_name="Springfield Gazette",
        story=other.slug,
        new_slug="gazette-budget",
    )
    for passage in copy.passages.filter(kind=Passage.Kind.REPORTING):
        passage_mark_nothing_new(passage=passage)
    coverage_mark_reviewed(article=copy)
    quiz_build()
    assert options_naming("Springfield Gazette") == []
    seed = evidence_bank(Story.objects.get(slug="israel-iran-april-2024"))
    assert "springfield-gazette" not in {a.outlet.key for a in seed.articles}
    for topic in all_topics(seed):
        assert "Springfield Gazette" not in {c.outlet.name for c in topic.coverage}
        assert len(topic.coverage) == 5
    html = client.get(reverse("compare_list")).content.decode()
    assert "School funding in Springfield" in html
    topic = client.get(reverse("compare_topic", args=["fact-us-not-warned-in-advance"]))
    assert topic.status_code == 200
    assert "Springfield Gazette" not in topic.content.decode()


def test_several_articles_of_one_outlet_share_one_column(bank):
    copy_of("cnn-biden-no-counterstrike", outlet="cnn", outlet_name="", new_slug="cnn-second")
    bank_now = evidence_bank()
    for topic in all_topics(bank_now):
        outlets = [c.outlet.key for c in topic.coverage]
        assert len(outlets) == len(set(outlets)) == 5, topic.slug
        cnn = next(c for c in topic.coverage if c.outlet.key == "cnn")
        assert len(cnn.articles) == 2
        # CNN has an unreviewed article now: never "silent" about anything.
        assert not cnn.silent
    quiz_build()
    for question, choice in options_naming("CNN"):
        if question.skill == "outlet_attribution":
            assert choice.is_correct, question.key


def test_the_seed_articles_ship_reviewed_in_the_seed_story(corpus):
    assert {a.story.slug for a in corpus.values()} == {"israel-iran-april-2024"}
    assert all(a.coverage_reviewed for a in corpus.values())


# --- the coverage-review screen in admin -------------------------------------------


@pytest.fixture
def instructor_client(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    return client


def test_coverage_review_screen_links_suggested_facts_and_marks_reviewed(
    bank, instructor_client, django_assert_max_num_queries
):
    copy = copy_of("axios-us-tells-iran-no-involvement")
    url = reverse("admin:quizapp_article_coverage", args=[copy.pk])
    with django_assert_max_num_queries(20):
        page = instructor_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Not yet reviewed" in html and "Suggested facts" in html
    # Marking reviewed too early is refused with the passages still to do.
    instructor_client.post(url, {"action": "reviewed"})
    copy.refresh_from_db()
    assert not copy.coverage_reviewed
    # Link the first reporting passage to its curated fact, as the screen offers it.
    source = FactCitation.objects.filter(
        passage__article__slug="axios-us-tells-iran-no-involvement"
    )
    citation = source.order_by("passage__position").first()
    passage = copy.passages.get(position=citation.passage.position)
    response = instructor_client.post(
        url, {"action": "link", "passage": passage.pk, "fact": citation.fact.pk}
    )
    assert response.status_code == 302 and response.url.endswith(f"#{passage.anchor}")
    assert FactCitation.objects.filter(passage=passage, fact=citation.fact).exists()
    new = instructor_client.post(
        url, {"action": "create", "passage": passage.pk, "statement": "A new thing happened."}
    )
    assert new.status_code == 302
    assert FactCitation.objects.filter(passage=passage, fact__statement="A new thing happened.")
    for other in copy.passages.filter(kind="reporting").exclude(pk=passage.pk):
        instructor_client.post(url, {"action": "nothing_new", "passage": other.pk})
    instructor_client.post(url, {"action": "reviewed"})
    copy.refresh_from_db()
    assert copy.coverage_reviewed
    assert any(not c.is_correct for _, c in options_naming(LOCAL))  # questions regenerated


def test_coverage_review_refuses_a_fact_of_another_story(bank, instructor_client):
    other = Story.objects.create(slug="other", title="Another story")
    copy = copy_of("cnn-biden-no-counterstrike", story=other.slug)
    fact = FactCitation.objects.filter(passage__article__slug="cnn-biden-no-counterstrike")[0].fact
    url = reverse("admin:quizapp_article_coverage", args=[copy.pk])
    passage = copy.passages.filter(kind="reporting").first()
    response = instructor_client.post(
        url, {"action": "link", "passage": passage.pk, "fact": fact.pk}
    )
    assert response.status_code == 302
    assert not FactCitation.objects.filter(passage=passage).exists()
