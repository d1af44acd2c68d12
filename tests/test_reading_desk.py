"""The student's reading desk: one quotation style, the time zone of due dates, the
headline printed once, and the question page (the source beside the question, the
article to find evidence in, ordering errors on their rows, keyboard shortcuts)."""

import datetime

import pytest
from django.urls import reverse

from quizapp.models import Attempt, Choice, Citation, Response
from quizapp.templatetags.quotes import single_quotes
from quizapp.views.learning import evidence_prompt
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClassroomFactory,
    PassageFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Kirby said ““ironclad””.", "Kirby said “ironclad”."),
        ("One “pair” only.", "One “pair” only."),
    ],
)
def test_explanations_never_show_doubled_quotation_marks(text, shown):
    assert single_quotes(text) == shown


def test_due_dates_show_the_class_time_zone(client):
    student = UserFactory(username="kid")
    room = ClassroomFactory(time_zone="America/New_York")
    room.students.add(student)
    AssignmentFactory(
        classroom=room,
        opens=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        due=datetime.datetime(2030, 1, 10, 14, 30, tzinfo=datetime.UTC),
    )
    client.force_login(student)
    html = client.get(reverse("quiz_list")).content.decode()
    assert '10 January 2030, 09:30 <abbr title="America/New_York">EST</abbr>' in html


def test_the_headline_is_printed_once(client):
    client.force_login(UserFactory())  # the reader needs a login
    article = ArticleFactory(headline="Iran strikes back")
    PassageFactory(article=article, position=1, text="Iran strikes back", kind="headline")
    PassageFactory(article=article, position=2, text="Body text.")
    html = client.get(reverse("article_detail", args=[article.slug])).content.decode()
    assert '<h1 id="article-title" class="visually-hidden">' in html
    other = ArticleFactory(headline="A headline not in the text")
    PassageFactory(article=other, position=1, text="Body only.")
    html = client.get(reverse("article_detail", args=[other.slug])).content.decode()
    assert '<h1 id="article-title">A headline not in the text</h1>' in html


# --- the question page as a reading desk ---------------------------------------


def question_page(client, attempt, number=1, **extra):
    return client.get(reverse("attempt_question", args=[attempt.id, number]), **extra)


def source_url(attempt, number=1, index=1):
    return reverse("attempt_source", args=[attempt.id, number, index])


@pytest.fixture
def learner(client):
    user = UserFactory(username="desk")
    client.force_login(user)
    return user


def cited_question(*, quote="the exact cited words", before="Officials said"):
    """A practice question whose (choice-independent) citation marks ``quote`` in the
    middle passage of a five-passage article."""
    article = ArticleFactory(headline="A strike and its aftermath")
    passages = [
        PassageFactory(article=article, position=n, text=f"Passage {n} of the article.")
        for n in (1, 2, 4, 5)
    ]
    cited = PassageFactory(article=article, position=3, text=f"{before} {quote} on Sunday.")
    question = QuestionFactory()
    Citation.objects.create(question=question, passage=cited, quote=quote)
    return question, cited, passages


def practice_attempt(learner, *questions):
    quiz = QuizFactory(questions=list(questions))
    return Attempt.objects.create(
        learner=learner, quiz=quiz, question_ids=[q.id for q in questions]
    )


def answer(client, attempt, choice, number=1, **extra):
    return client.post(
        reverse("attempt_question", args=[attempt.id, number]),
        answer_data(attempt, choice),
        **extra,
    )


def test_the_source_opens_beside_the_question_once_the_feedback_is_shown(
    client, learner, django_assert_max_num_queries
):
    question, cited, _ = cited_question()
    attempt = practice_attempt(learner, question)
    assert client.get(source_url(attempt), HTTP_HX_REQUEST="true").status_code == 404
    html = answer(
        client, attempt, question.choices.filter(is_correct=False).first()
    ).content.decode()
    assert 'hx-get="sources/1/"' in html
    assert source_url(attempt) == reverse("attempt_question", args=[attempt.id, 1]) + "sources/1/"
    assert 'id="source-sheet"' in html

    question_page(client, attempt)  # this process caches the question
    with django_assert_max_num_queries(6):
        fragment = client.get(source_url(attempt), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert "<mark>the exact cited words</mark>" in html
    # The cited passage with two either side, in order, and nothing further away.
    assert [f"¶{n}" in html for n in range(1, 6)] == [True] * 5
    assert html.index("Passage 2 of") < html.index("<mark>") < html.index("Passage 4 of")
    assert "Open the whole article" in html


def test_without_htmx_the_source_link_goes_to_the_article_with_a_way_back(client, learner):
    question, cited, _ = cited_question()
    attempt = practice_attempt(learner, question)
    answer(client, attempt, question.choices.get(is_correct=True))
    response = client.get(source_url(attempt))
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith(reverse("article_detail", args=[cited.article.slug]) + "?")
    assert target.endswith(f"#{cited.anchor}")
    page = client.get(target).content.decode()
    assert "<mark>the exact cited words</mark>" in page
    back = reverse("attempt_question", args=[attempt.id, 1])
    assert f'href="{back}">Back to the question</a>' in page
    # The feedback's own link (what a browser without JavaScript follows) is the
    # panel's address, relative to the question's, so the same HTML serves everyone.
    html = question_page(client, attempt).content.decode()
    assert '<a href="sources/1/" hx-get="sources/1/"' in html


@pytest.mark.parametrize(
    "query",
    [
        "attempt=abc&question=1",
        "attempt=1&question=",
        "attempt=" + "9" * 40 + "&question=1",
        "attempt=١&question=1",
        "question=2",
    ],
)
def test_a_bad_way_back_from_the_article_is_left_out(client, learner, query):
    article = ArticleFactory()
    PassageFactory(article=article, position=1, text="Body.")
    response = client.get(reverse("article_detail", args=[article.slug]) + "?" + query)
    assert response.status_code == 200
    assert "Back to the question" not in response.content.decode()


def test_no_source_for_another_learner_an_unknown_citation_or_a_post(client, learner):
    question, _, _ = cited_question()
    attempt = practice_attempt(learner, question)
    answer(client, attempt, question.choices.get(is_correct=True))
    assert client.get(source_url(attempt, index=2), HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(source_url(attempt, index=0), HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(source_url(attempt, number=2), HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(source_url(attempt)).status_code == 405
    client.force_login(UserFactory(username="mallory"))
    assert client.get(source_url(attempt), HTTP_HX_REQUEST="true").status_code == 404


def test_a_choice_citation_opens_only_for_the_choice_chosen(client, learner):
    question, cited, _ = cited_question()
    wrong = question.choices.filter(is_correct=False).first()
    other = question.choices.filter(is_correct=False).last()
    Citation.objects.create(question=question, choice=other, passage=cited, quote="on Sunday")
    attempt = practice_attempt(learner, question)
    answer(client, attempt, wrong)
    # Only the question's own citation is in the feedback: index 2 does not exist.
    assert client.get(source_url(attempt, index=2), HTTP_HX_REQUEST="true").status_code == 404


def test_the_question_page_starts_with_a_skip_link_to_the_answer(client, learner):
    attempt = practice_attempt(learner, QuestionFactory(), QuestionFactory())
    html = question_page(client, attempt).content.decode()
    body = html[html.index("<body") :]
    first_link = body[body.index("<a ") : body.index("</a>")]
    assert 'href="#answer-area"' in first_link and "Skip to the answer" in first_link
    assert '<div id="answer-area" tabindex="-1">' in html
    assert '<ol class="dots" data-roving>' in html


# --- find the evidence -------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "ask", "statement"),
    [
        (
            "Find the evidence: which passage of the BBC's article supports this? "
            "The US told Iran it was not involved.",
            "Find the evidence: which passage of the BBC's article supports this?",
            "The US told Iran it was not involved.",
        ),
        (
            "Reuters gives “12” for the dead. Which passage of the BBC's article gives "
            "a different number?",
            "Which passage of the BBC's article gives a different number?",
            "Reuters gives “12” for the dead.",
        ),
        ("Which passage says it?", "Which passage says it?", ""),
    ],
)
def test_the_statement_to_find_is_set_apart_from_the_question(stem, ask, statement):
    assert evidence_prompt(stem) == (ask, statement)


def test_find_the_evidence_shows_the_article_with_the_statement_above_it(client, learner):
    article = ArticleFactory(headline="Strike on the consulate")
    passages = [
        PassageFactory(article=article, position=n, text=f"Paragraph number {n}.")
        for n in range(1, 6)
    ]
    question = QuestionFactory(
        kind="find_evidence",
        skill="find_evidence",
        stem="Find the evidence: which passage supports this? The statement to look for.",
    )
    question.choices.all().delete()
    for n, passage in enumerate(passages, start=1):
        Choice.objects.create(
            question=question, position=n, text=passage.text, passage=passage, is_correct=n == 4
        )
    attempt = practice_attempt(learner, question)
    html = question_page(client, attempt).content.decode()
    assert (
        '<h1 id="question-stem" class="stem">Find the evidence: which passage supports this?</h1>'
        in html
    )
    callout = html.index('class="evidence-statement"')
    assert html.index("The statement to look for.", callout) < html.index("Strike on the consulate")
    assert '<p class="evidence-headline">Strike on the consulate</p>' in html
    # Passages in the article's order, each a labelled radio.
    positions = [html.index(f"Paragraph number {n}.") for n in range(1, 6)]
    assert positions == sorted(positions)
    assert html.count('type="radio" name="choice"') == 5


# --- ordering ------------------------------------------------------------------------


@pytest.fixture
def timeline(learner):
    return practice_attempt(learner, QuestionFactory(kind="ordering", skill="timeline"))


def post_places(client, attempt, places):
    data = {f"item_{n}": str(p) for n, p in enumerate(places, start=1)}
    return client.post(reverse("attempt_question", args=[attempt.id, 1]), data).content.decode()


def test_an_empty_ordering_gives_one_clear_message(client, timeline):
    html = post_places(client, timeline, ["", "", "", ""])
    assert html.count("Give each event its place, from 1 for the earliest to 4") == 1
    assert "Give this event a place." not in html
    assert "has-error" not in html
    assert not Response.objects.exists()


def test_ordering_errors_are_shown_on_the_rows_they_concern(client, timeline):
    html = post_places(client, timeline, ["1", "", "3", ""])
    assert html.count("Give this event a place.") == 2
    assert html.count('class="place-row has-error"') == 2
    assert html.count('aria-invalid="true"') == 2
    assert "2 events need a change: see the marked rows below." in html
    assert 'id="id_item_2_error"' in html and 'aria-describedby="id_item_2_error"' in html

    html = post_places(client, timeline, ["2", "2", "1", "4"])
    assert "Give each event a different place, from 1 to 4." in html
    assert html.count("Another event has place 2 too.") == 2
    assert html.count('class="place-row has-error"') == 2
    # The places given are kept, so only the marked rows need changing.
    assert html.count('<option value="2" selected>') == 2
    assert not Response.objects.exists()


def test_the_ordering_page_loads_its_drag_and_drop_library_from_static(client, timeline):
    html = question_page(client, timeline).content.decode()
    assert '<script src="/static/vendor/sortablejs/Sortable.min.js" defer></script>' in html
    assert "data-ordering" in html
