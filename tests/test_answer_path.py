"""The answer path's speed-ups keep its answers: the attempt query compiled once per
connection returns what the ORM returns, the compare-topic lock still holds, and the
feedback's sources rendered once per question version are fresh, the learner's own
and never shown before release, and the answer's quick parse agrees with the form."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from quizapp.forms import AnswerForm
from quizapp.models import Assignment, Attempt, Question
from quizapp.models.learning import _attempt_for_question_queryset, attempt_for_question
from quizapp.services.assessments import assignment_release
from tests.factories import (
    AssignmentFactory,
    CitationFactory,
    ClassroomFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    answer_data,
)

pytestmark = pytest.mark.django_db

TOPIC = "framing-april-1-strike"


def as_dict(attempt):
    fields = {f.attname: getattr(attempt, f.attname) for f in Attempt._meta.concrete_fields}
    fields["question_stamp"] = attempt.question_stamp
    fields["learner_has_held_feedback"] = attempt.learner_has_held_feedback
    return fields


@pytest.fixture
def learner():
    return UserFactory(username="pat")


@pytest.fixture
def practice(learner):
    quiz = QuizFactory(questions=[QuestionFactory(compare_topic=TOPIC), QuestionFactory()])
    return Attempt.objects.create(
        learner=learner, quiz=quiz, question_ids=list(quiz.questions.values_list("id", flat=True))
    )


@pytest.fixture
def assigned(learner):
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    assignment = AssignmentFactory(classroom=classroom, feedback="after_due")
    quiz = assignment.quiz
    return Attempt.objects.create(
        learner=learner,
        quiz=quiz,
        assignment=assignment,
        requires_submit=True,
        deadline=timezone.now() + datetime.timedelta(minutes=30),
        question_ids=list(quiz.questions.values_list("id", flat=True)),
    )


@pytest.mark.parametrize("related", [("assignment",), ("quiz", "assignment")])
@pytest.mark.parametrize("which", ["practice", "assigned"])
def test_the_prepared_attempt_query_returns_what_the_orm_returns(request, learner, related, which):
    attempt = request.getfixturevalue(which)
    for _ in range(2):  # the second call runs the SQL compiled by the first
        for number in (1, 2, 3, 4):
            fast = attempt_for_question(
                user_id=learner.pk, attempt_id=attempt.pk, number=number, related=related
            )
            slow = _attempt_for_question_queryset(learner.pk, attempt.pk, number, related).first()
            assert as_dict(fast) == as_dict(slow)
            for name in related:
                assert Attempt._meta.get_field(name).is_cached(fast)
                assert getattr(fast, name) == getattr(slow, name)
    assert fast.learner_has_held_feedback is (which == "assigned")
    assert fast.question_stamp is None  # number 4 is past the end of the attempt


def test_the_prepared_query_finds_only_the_learners_own_attempt(learner, practice):
    other = UserFactory(username="someone-else")
    assert attempt_for_question(user_id=other.pk, attempt_id=practice.pk, number=1) is None
    assert attempt_for_question(user_id=learner.pk, attempt_id=practice.pk + 99, number=1) is None
    # a question number too large to prepare runs the same query through the ORM
    huge = attempt_for_question(user_id=learner.pk, attempt_id=practice.pk, number=10**6)
    assert huge.pk == practice.pk and huge.question_stamp is None


def test_answering_a_question_with_a_compare_topic_runs_four_queries(
    client, learner, practice, django_assert_num_queries
):
    """No assignment of the learner holds feedback back (read with the attempt), so the
    compare link needs no query of its own. The savepoint pair is the test's."""
    client.force_login(learner)
    url = reverse("attempt_question", args=[practice.id, 1])
    client.get(url)  # this process caches the question
    question = Question.objects.get(pk=practice.question_ids[0], compare_topic=TOPIC)
    data = answer_data(practice, question.choices.first())
    with django_assert_num_queries(4 + 2):
        html = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("compare_topic", args=[TOPIC]) in html


def test_a_locked_compare_topic_stays_locked_on_the_htmx_answer_path(client, learner, practice):
    """A held assessment in one of the learner's classes asks on the same topic: the
    practice feedback must not link to it."""
    classroom = ClassroomFactory()
    classroom.students.add(learner)
    AssignmentFactory(
        classroom=classroom,
        quiz=QuizFactory(questions=[QuestionFactory(compare_topic=TOPIC)]),
        feedback="after_due",
    )
    client.force_login(learner)
    question = Question.objects.get(pk=practice.question_ids[0], compare_topic=TOPIC)
    html = client.post(
        reverse("attempt_question", args=[practice.id, 1]),
        answer_data(practice, question.choices.first()),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "available after you submit" in html
    assert reverse("compare_topic", args=[TOPIC]) not in html


# --- the feedback's "In the source", rendered once per question version -------------


@pytest.fixture
def sourced():
    """A question citing one passage itself, and one more for each wrong choice."""
    question = QuestionFactory()
    CitationFactory(question=question, quote="QUOTE-FOR-EVERYONE")
    for n, choice in enumerate(question.choices.filter(is_correct=False), start=1):
        CitationFactory(question=question, choice=choice, quote=f"QUOTE-FOR-WRONG-{n}")
    return question


def practice_of(question, username):
    learner = UserFactory(username=username)
    quiz = QuizFactory(questions=[question])
    return learner, Attempt.objects.create(learner=learner, quiz=quiz, question_ids=[question.id])


def answer(client, learner, attempt, choice, **headers):
    client.force_login(learner)
    url = reverse("attempt_question", args=[attempt.id, 1])
    return client.post(url, answer_data(attempt, choice), **headers).content.decode()


def test_each_learner_sees_the_sources_of_their_own_choice(client, sourced):
    first, second = sourced.choices.filter(is_correct=False).order_by("id")
    ana, ana_attempt = practice_of(sourced, "ana")
    ben, ben_attempt = practice_of(sourced, "ben")
    html = answer(client, ana, ana_attempt, first, HTTP_HX_REQUEST="true")
    assert "QUOTE-FOR-EVERYONE" in html and "QUOTE-FOR-WRONG-1" in html
    assert "QUOTE-FOR-WRONG-2" not in html
    html = answer(client, ben, ben_attempt, second, HTTP_HX_REQUEST="true")
    assert "QUOTE-FOR-EVERYONE" in html and "QUOTE-FOR-WRONG-2" in html
    assert "QUOTE-FOR-WRONG-1" not in html and "Wrong one" not in html  # nothing of Ana's
    client.force_login(ana)
    page = client.get(reverse("attempt_question", args=[ana_attempt.id, 1])).content.decode()
    assert "QUOTE-FOR-WRONG-1" in page and "QUOTE-FOR-WRONG-2" not in page


def test_a_source_edited_elsewhere_is_shown_at_once(client, sourced):
    """Another server saves the question (the admin saves it with its inlines): its
    `updated` stamp, read with the attempt, retires this process's rendering."""
    wrong = sourced.choices.filter(is_correct=False).order_by("id").first()
    ana, ana_attempt = practice_of(sourced, "ana")
    ben, ben_attempt = practice_of(sourced, "ben")
    assert "QUOTE-FOR-EVERYONE" in answer(client, ana, ana_attempt, wrong)
    sourced.citations.filter(choice=None).update(quote="A QUOTE CORRECTED BY THE EDITOR")
    Question.objects.filter(pk=sourced.pk).update(
        updated=sourced.updated + datetime.timedelta(seconds=1)
    )  # as a save elsewhere would; no signal reaches this process
    html = answer(client, ben, ben_attempt, wrong, HTTP_HX_REQUEST="true")
    assert "A QUOTE CORRECTED BY THE EDITOR" in html and "QUOTE-FOR-EVERYONE" not in html


def test_held_sources_appear_only_once_released(client, sourced):
    classroom = ClassroomFactory()
    sam = UserFactory(username="sam")
    classroom.students.add(sam)
    assignment = AssignmentFactory(
        classroom=classroom, quiz=QuizFactory(questions=[sourced]), feedback="on_release"
    )
    held = Attempt.objects.create(
        learner=sam,
        quiz=assignment.quiz,
        assignment=assignment,
        requires_submit=True,
        question_ids=[sourced.id],
    )
    wrong = sourced.choices.filter(is_correct=False).order_by("id").first()
    ana, ana_attempt = practice_of(sourced, "ana")
    assert "QUOTE-FOR-WRONG-1" in answer(client, ana, ana_attempt, wrong)  # rendered now
    html = answer(client, sam, held, wrong, HTTP_HX_REQUEST="true")
    assert "Answer saved" in html and "QUOTE" not in html
    client.post(reverse("attempt_submit", args=[held.id]))
    url = reverse("attempt_question", args=[held.id, 1])
    assert "QUOTE" not in client.get(url).content.decode()
    assignment_release(assignment=assignment)
    page = client.get(url).content.decode()
    assert "QUOTE-FOR-EVERYONE" in page and "QUOTE-FOR-WRONG-1" in page


# --- the answer's quick parse agrees with the form ----------------------------------


def form_and_quick(question, choices, data):
    form = AnswerForm(question, choices, QueryDict(urlencode(data, doseq=True)))
    quick = AnswerForm.quick_clean(question, choices, QueryDict(urlencode(data, doseq=True)))
    return form, quick


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "o1"},
        {"choice": "o3", "confidence": "certain"},
        {"choice": "o2", "confidence": ""},
        {"choice": "o2", "confidence": "very"},
        {"choice": "o4"},
        {"choice": "o0"},
        {"choice": " o1"},
        {"choice": "O1"},
        {"choice": ""},
        {"choice": ["o1", "o2"]},
        {},
        {"confidence": "guessing"},
        {"choice": "12"},
    ],
)
def test_the_quick_parse_of_a_choice_agrees_with_the_form(data):
    question = QuestionFactory()
    choices = list(question.choices.order_by("-id"))
    form, quick = form_and_quick(question, choices, data)
    if form.is_valid():
        assert quick == form.cleaned_data
    else:
        assert quick is None


@pytest.mark.parametrize(
    "places",
    [
        ["1", "2", "3", "4"],
        ["4", "3", "2", "1"],
        ["1", "1", "3", "4"],
        ["1", "2", "3"],
        ["1", "2", "3", "5"],
        ["0", "2", "3", "1"],
        ["01", "2", "3", "4"],
        [" 1", "2", "3", "4"],
        ["\u00b9", "2", "3", "4"],
        ["1", "2", "3", ""],
    ],
)
@pytest.mark.parametrize("confidence", ["", "fairly_sure", "sure"])
def test_the_quick_parse_of_a_timeline_agrees_with_the_form(places, confidence):
    question = QuestionFactory(kind="ordering")
    choices = list(question.choices.order_by("-id"))
    data = {f"item_{n}": place for n, place in enumerate(places, start=1)}
    data.update(confidence=confidence, choice="o1")
    form, quick = form_and_quick(question, choices, data)
    if form.is_valid():
        assert quick == form.cleaned_data
    else:
        assert quick is None


def test_held_feedback_is_read_for_the_learners_classes_only(learner, practice):
    """The attempt query's flag agrees with Assignment.objects.for_student(...)."""

    def flag():
        attempt = attempt_for_question(user_id=learner.pk, attempt_id=practice.pk, number=1)
        expected = Assignment.objects.for_student(learner).holding_feedback().exists()
        assert attempt.learner_has_held_feedback is expected
        return expected

    assert flag() is False
    mine, other = ClassroomFactory(), ClassroomFactory()
    mine.students.add(learner)
    AssignmentFactory(classroom=mine, feedback="after_answer")
    AssignmentFactory(classroom=other, feedback="after_due")  # not the learner's class
    assert flag() is False
    AssignmentFactory(classroom=mine, feedback="on_release")
    assert flag() is True


def test_the_sources_fragment_renders_no_template_comment():
    """A {# #} comment ends at its line; one spread over lines is printed as text."""
    assert render_to_string("quizapp/_sources.html", {"citations": []}).strip() == ""
