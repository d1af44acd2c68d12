"""Compare coverage and find-the-evidence: computed from the evidence, graded exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizapp.bank.compare import all_topics
from quizapp.common.numbers import overlaps, value_range
from quizapp.models import Attempt, Fact, FactCitation, Figure, Question, Response, Story
from quizapp.services import evidence_bank, evidence_banks
from tests.factories import ArticleFactory, PassageFactory, StoryFactory, UserFactory, answer_data

pytestmark = pytest.mark.django_db


def topic(slug):
    return next(t for t in all_topics(evidence_bank()) if t.slug == slug)


def test_ballistic_missile_topic_shows_each_outlets_figure_and_silence(evidence):
    missiles = topic("figure-ballistic-missiles-launched")
    by_outlet = {c.outlet.key: c for c in missiles.coverage}
    assert [m.text for m in by_outlet["nyt"].mentions] == [
        "ballistic missiles: Iran fired 110 of them"
    ]
    assert by_outlet["abc"].mentions[0].note.startswith("more than 100")
    assert by_outlet["axios"].silent
    assert "Not counted as this outlet's own figure" in by_outlet["toi"].mentions[0].note
    assert missiles.verdict == "agree"


def test_figure_verdicts_follow_the_numbers(evidence):
    for t in all_topics(evidence_bank()):
        if t.kind != "figure":
            continue
        figures = [
            f
            for f in Figure.objects.filter(
                measure=t.slug.removeprefix("figure-").replace("-", "_"), value__isnull=False
            )
            if "figures" not in f.exclude_from
        ]
        clash = any(
            a.passage.article_id != b.passage.article_id
            and not overlaps(value_range(a.qualifier, a.value), value_range(b.qualifier, b.value))
            for a in figures
            for b in figures
        )
        assert (t.verdict == "disagree") == clash, t.slug


def test_changing_the_evidence_changes_the_verdict(evidence):
    assert topic("figure-cruise-missiles-launched").verdict == "disagree"
    Figure.objects.filter(key="abc-cruise-missiles").update(value=36)
    assert topic("figure-cruise-missiles-launched").verdict == "agree"


def test_the_g7_statement_is_shown_in_both_translations(evidence):
    g7 = topic("quotes-g7-statement")
    assert g7.verdict == "differ"
    assert any(
        "Iran has set out to destabilize" in n and "further stepped toward the destabilization" in n
        for n in g7.notes
    )


def test_kirby_is_quoted_from_different_occasions(evidence):
    kirby = topic("person-kirby")
    assert "CNN's Jake Tapper" in kirby.notes[0] and "This Week" in kirby.notes[0]


def test_framing_topic_states_who_hedges(evidence):
    framing = topic("framing-april-1-strike")
    assert framing.verdict == "disagree"
    assert (
        "Axios, The New York Times" in framing.summary
        and "ABC News, CNN, The Times of Israel" in framing.summary
    )


def test_fact_topics_list_silent_outlets_with_their_near_misses(evidence):
    fact = topic("fact-us-told-iran-not-involved")
    assert {c.outlet.key for c in fact.reporting} == {"axios", "nyt"}
    assert {c.outlet.key for c in fact.silent} == {"abc", "cnn", "toi"}


def test_compare_pages_render_with_passage_links(client, evidence, django_assert_max_num_queries):
    client.force_login(UserFactory(username="reader"))
    # 12, and the session, the user and whether an assessment locks a topic for them.
    with django_assert_max_num_queries(15):
        html = client.get(reverse("compare_list")).content.decode()
    assert "How many: ballistic missiles Iran launched" in html
    with django_assert_max_num_queries(15):
        page = client.get(
            reverse("compare_topic", args=["figure-ballistic-missiles-launched"])
        ).content.decode()
    assert "110" in page and "Silent:" in page
    assert "/articles/nyt-how-israel-miscalculated/?highlight=" in page and "#p-28" in page
    assert client.get(reverse("compare_topic", args=["no-such-topic"])).status_code == 404


def test_feedback_links_to_how_other_outlets_reported_it(client, bank):
    question = Question.objects.get(key="figures:value:nyt-cruise-missiles")
    assert question.compare_topic == "figure-cruise-missiles-launched"
    user = UserFactory()
    attempt = Attempt.objects.create(
        learner=user, quiz=question.quizzes.first(), question_ids=[question.id]
    )
    client.force_login(user)
    html = client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.first()),
    ).content.decode()
    assert "How did other outlets report this?" in html
    assert reverse("compare_topic", args=["figure-cruise-missiles-launched"]) in html


def test_every_compare_topic_a_question_names_exists(bank):
    slugs = {t.slug for t in all_topics(evidence_bank())}
    named = set(Question.objects.exclude(compare_topic="").values_list("compare_topic", flat=True))
    assert named and named <= slugs


# --- find the evidence ----------------------------------------------------------


def test_at_least_30_find_the_evidence_questions_with_every_cited_passage_correct(bank):
    questions = (
        Question.objects.published()
        .filter(skill="find_evidence")
        .prefetch_related("choices", "citations")
    )
    assert questions.count() >= 30
    for question in questions:
        choices = list(question.choices.all())
        assert all(c.passage_id for c in choices), question.key
        article = choices[0].passage.article_id
        assert all(c.passage.article_id == article for c in choices)
        cited = {c.passage_id for c in question.citations.all() if c.passage.article_id == article}
        assert {c.passage_id for c in choices if c.is_correct} == cited, question.key


def test_a_find_the_evidence_answer_is_graded_by_the_passage(client, bank):
    question = Question.objects.get(key="find_evidence:fact:us-told-iran-not-involved")
    user = UserFactory()
    attempt = Attempt.objects.create(learner=user, question_ids=[question.id], kind="review")
    client.force_login(user)
    url = reverse("attempt_question", args=[attempt.id, 1])
    page = client.get(url).content.decode()
    assert "Choose the passage that holds the evidence" in page
    right = question.choices.filter(is_correct=True).first()
    html = client.post(url, answer_data(attempt, right)).content.decode()
    assert Response.objects.get().is_correct
    assert "How did other outlets report this?" in html


def test_finding_evidence_shows_in_progress_and_the_class_report(client, bank):
    from quizapp.models import Classroom
    from quizapp.reports.classes import class_report
    from tests.factories import AssignmentFactory, QuizFactory

    question = Question.objects.filter(skill="find_evidence").first()
    student = UserFactory(username="finder")
    teacher = UserFactory(username="teacher", is_staff=True)
    room = Classroom.objects.create(name="Evidence class")
    room.students.add(student)
    room.instructors.add(teacher)
    assignment = AssignmentFactory(classroom=room, quiz=QuizFactory(questions=[question]))
    client.force_login(student)
    client.post(reverse("quiz_start", args=[assignment.quiz.slug]), {"assignment": assignment.id})
    attempt = Attempt.objects.get(learner=student)
    client.post(
        reverse("attempt_question", args=[attempt.id, 1]),
        answer_data(attempt, question.choices.filter(is_correct=True).first()),
    )
    assert "Finding evidence" in client.get(reverse("progress")).content.decode()
    assert ("find_evidence", "Finding evidence") in class_report(room).skills()


def another_story(number):
    """A story with one article whose passage reports a fact, an event and a figure."""
    passage = PassageFactory(
        article=ArticleFactory(story=StoryFactory(title=f"Schools {number}")),
        text=f"The district said {number + 3} schools will reopen on Monday.",
    )
    fact = Fact.objects.create(key=f"schools-reopen-{number}", statement="Schools reopen.")
    FactCitation.objects.create(fact=fact, passage=passage, quote="schools will reopen")
    return passage


def test_the_compare_list_runs_as_many_queries_for_five_stories_as_for_one(client, evidence):
    client.force_login(UserFactory(username="reader"))
    another_story(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("compare_list")).status_code == 200
    for number in range(2, 6):
        another_story(number)
    with CaptureQueriesContext(connection) as five:
        html = client.get(reverse("compare_list")).content.decode()
    assert all(f"Schools {n}" in html for n in range(1, 6))
    assert len(five.captured_queries) == len(one.captured_queries)


def test_each_story_bank_holds_only_its_own_citations(evidence):
    passage = another_story(1)
    seed_fact = FactCitation.objects.exclude(passage=passage).first().fact
    FactCitation.objects.create(fact=seed_fact, passage=passage, quote="schools will reopen")
    banks = evidence_banks(Story.objects.all())
    mine = banks[passage.article.story_id]
    assert {f.key for f in mine.facts} == {"schools-reopen-1", seed_fact.key}
    assert all(
        c.passage.article.story_id == passage.article.story_id
        for fact in mine.facts
        for c in fact.citations.all()
    )
    seed = banks[Story.objects.get(slug=Story.seed_slug()).id]
    seed_copy = next(f for f in seed.facts if f.key == seed_fact.key)
    assert passage not in [c.passage for c in seed_copy.citations.all()]
    assert [a.slug for a in mine.articles] == [passage.article.slug]
