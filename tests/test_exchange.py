import io
import json
import xml.etree.ElementTree as ET
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizapp.bank.exchange import (
    ExchangeError,
    export_gift,
    export_json,
    export_moodle_xml,
    import_json,
    moodle_name,
)
from quizapp.models import Question, Quiz
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_json_export_then_import_gives_the_same_bank(bank):
    exported = export_json()
    Question.objects.filter(quiz_items__isnull=True).delete()
    for quiz in Quiz.objects.all():
        quiz.items.all().delete()
    Question.objects.all().delete()
    report = import_json(exported)
    assert report.created == len(json.loads(exported)["questions"])
    assert export_json() == exported


def test_importing_the_same_file_twice_updates_instead_of_duplicating(bank):
    exported = export_json()
    count = Question.objects.count()
    report = import_json(exported)
    assert report.created == 0 and report.updated == count
    assert Question.objects.count() == count


def edited_export(change):
    document = json.loads(export_json())
    change(document["questions"][0])
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q["citations"][0].update(quote="words nobody wrote"), "word for word"),
        (lambda q: q["citations"][0].update(passage="p-999"), "no passage p-999"),
        (lambda q: [c.update(is_correct=True) for c in q["choices"]], "Mark exactly one choice"),
        (lambda q: q.pop("stem"), "missing or malformed field"),
    ],
    ids=["not-verbatim", "unknown-passage", "two-correct", "missing-stem"],
)
def test_a_bad_import_names_the_question_and_saves_nothing(bank, change, message):
    text = edited_export(change)
    before = Question.objects.count()
    Question.objects.all().update(explanation="changed before import")
    with pytest.raises(ExchangeError, match=message):
        import_json(text)
    assert Question.objects.count() == before
    assert not Question.objects.exclude(explanation="changed before import").exists()


def test_import_refuses_files_that_are_not_sourcewise_json(db):
    with pytest.raises(ExchangeError, match="Not valid JSON"):
        import_json("{not json")
    with pytest.raises(ExchangeError, match="Not a Sourcewise question file"):
        import_json('{"questions": []}')


def test_import_command_reports_and_fails_cleanly(bank, tmp_path):
    path = tmp_path / "bank.json"
    call_command("export_questions", "-o", str(path), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_questions", str(path), stdout=out)
    assert "updated" in out.getvalue()
    path.write_text("[]")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_questions", str(path))


def test_moodle_xml_has_one_right_answer_per_multichoice_and_ordered_timelines(bank):
    quiz = Quiz.objects.get(slug="the-april-2024-coverage")
    root = ET.fromstring(export_moodle_xml(quiz))
    questions = root.findall("question")
    assert questions[0].get("type") == "category"
    assert len(questions) - 1 == quiz.items.count()
    sources = [item.question for item in quiz.items.order_by("position", "id")]
    for question, source in zip(questions[1:], sources, strict=True):
        answers = question.findall("answer")
        assert question.find("questiontext/text").text == source.stem
        assert len(answers) == source.choices.count()
        if question.get("type") == "multichoice":
            right = [a.get("fraction") for a in answers].count("100")
            assert right == source.choices.filter(is_correct=True).count() >= 1
        else:
            assert question.get("type") == "ordering"
            assert [a.get("fraction") for a in answers] == [
                f"{i}.0000000" for i in range(1, len(answers) + 1)
            ]


def test_gift_escapes_special_characters_and_skips_timelines(bank):
    quiz = Quiz.objects.get(slug="the-april-2024-coverage")
    text = export_gift(quiz)
    assert "skipped: GIFT cannot express an ordering" in text
    body = [line for line in text.splitlines() if line.startswith("::Q")]
    assert body and all(line.count("{") - line.count("\\{") == 1 for line in body)
    assert "Yes\\: " in text


def test_admin_exports_a_quiz_as_a_download(client, bank):
    user = UserFactory(username="teacher", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    quiz = Quiz.objects.get(slug="the-april-2024-coverage")
    response = client.post(
        reverse("admin:quizapp_quiz_changelist"),
        {"action": "export_quiz_moodle", "_selected_action": [quiz.pk]},
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="the-april-2024-coverage.moodle.xml"'
    )
    ET.fromstring(response.content)


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("Who said it?", "Who said it?"),
        ("word " * 30, ("word " * 16).strip() + "…"),
        ("x" * 100, "x" * 79 + "…"),
        ("A" * 70 + " reported, supposedly", "A" * 70 + " reported…"),
    ],
)
def test_moodle_names_are_cut_at_a_word_boundary(stem, name):
    assert moodle_name(stem) == name
    assert len(moodle_name(stem)) <= 80


def test_moodle_feedback_names_article_and_passage_and_links_the_reader(bank):
    quiz = Quiz.objects.get(slug="the-april-2024-coverage")
    root = ET.fromstring(export_moodle_xml(quiz, base_url="https://sw.example.org/"))
    items = quiz.items.order_by("position", "id").select_related("question")
    checked = 0
    for element, item in zip(root.findall("question")[1:], items, strict=True):
        name = element.findtext("name/text")
        assert item.question.stem.startswith(name.removesuffix("…"))
        citation = item.question.citations.filter(choice__isnull=True).first()
        if citation is None:
            continue
        feedback = element.find("generalfeedback")
        assert feedback.get("format") == "html"
        article = citation.passage.article
        html = feedback.findtext("text")
        assert escape(article.headline) in html
        assert f"({escape(str(article.outlet))}), paragraph {citation.passage.position}" in html
        assert f'href="https://sw.example.org/articles/{article.slug}/?highlight=' in html
        assert f"#{citation.passage.anchor}" in html
        checked += 1
    assert checked


def answered_question():
    """The first exported question, answered (wrongly) in an attempt at one of its quizzes."""
    from quizapp.models import Attempt, Response

    question = Question.objects.get(key=json.loads(export_json())["questions"][0]["key"])
    quiz = question.quizzes.order_by("id").first()
    attempt = Attempt.objects.create(
        learner=UserFactory(username="answered"), quiz=quiz, question_ids=[question.id]
    )
    wrong = question.choices.filter(is_correct=False).first()
    Response.objects.create(
        attempt=attempt, question=question, choice=wrong, is_correct=False, answer_text=wrong.text
    )
    return question, wrong, quiz


def test_reimporting_a_question_students_answered_leaves_it_untouched(bank):
    question, wrong, _ = answered_question()
    choices = list(question.choices.values_list("id", "text", "is_correct"))
    report = import_json(export_json())
    assert report.versioned == 0
    assert list(question.choices.values_list("id", "text", "is_correct")) == choices
    assert question.responses.get().choice_id == wrong.id


def test_importing_a_changed_question_students_answered_makes_a_new_version(bank):
    question, wrong, quiz = answered_question()
    stem, choices = question.stem, list(question.choices.values_list("id", "text", "is_correct"))
    document = json.loads(export_json())
    document["questions"][0]["stem"] = "Which outlet said it first?"
    report = import_json(json.dumps(document))
    assert report.versioned == 1
    question.refresh_from_db()
    assert question.stem == stem and question.status == Question.Status.DRAFT
    assert list(question.choices.values_list("id", "text", "is_correct")) == choices
    assert question.responses.get().choice_id == wrong.id
    new = Question.objects.get(key=document["questions"][0]["key"])
    assert new.stem == "Which outlet said it first?" and new.id != question.id
    assert list(quiz.questions.filter(id__in=[question.id, new.id])) == [new]
