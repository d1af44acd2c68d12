"""GIFT and Moodle XML exports carry any text an instructor can type, and nothing else:
a title with a newline does not become a question, a control character does not make
the XML ill-formed, and importing the file gives back the same questions.

The XML is read with a real XML parser (expat, through ElementTree). The GIFT reader
below follows Moodle's own importer (question/format/gift/format.php): questions are
separated by blank lines, `//` lines are comments, escapes are swapped for placeholders
before the structure is read and back after, every field is trimmed."""

import html
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank.exchange import (
    _general_feedback,
    _moodle_feedback,
    export_gift,
    export_moodle_xml,
    export_text,
)
from quizapp.models import Choice, Question, Quiz, QuizQuestion

pytestmark = pytest.mark.django_db

# ---- a GIFT reader that behaves as Moodle's ---------------------------------------

ESCAPES = [("\\:", ":"), ("\\#", "#"), ("\\=", "="), ("\\{", "{"), ("\\}", "}"), ("\\~", "~")]
ESCAPES.append(("\\n", "\n"))
PHP_SPACE = " \t\n\r\0\x0b"
FORMATS = {"moodle", "html", "plain", "markdown"}
WEIGHT = re.compile(r"%-*([0-9]{1,2})\.?([0-9]*)%")


def escaped_pre(text):
    text = text.replace("\\\\", "&&092;")
    for index, (escape, _) in enumerate(ESCAPES):
        text = text.replace(escape, f"&&{index:03d};")
    return text.replace("&&092;", "\\")


def escaped_post(text):
    for index, (_, char) in enumerate(ESCAPES):
        text = text.replace(f"&&{index:03d};", char)
    return text


def with_format(text):
    if text.startswith("[") and "]" in text and text[1 : text.index("]")] in FORMATS:
        text = text[text.index("]") + 1 :]
    return escaped_post(text).strip(PHP_SPACE)


def read_gift(document: str) -> tuple[list[str], list[dict]]:
    categories, questions, block = [], [], []
    for line in [*document.split("\n"), ""]:
        line = line.strip(PHP_SPACE)
        if line:
            block.append(line)
            continue
        if not block:
            continue
        lines = [" " if part.startswith("//") else part for part in block]
        block = []
        text = "\n".join(lines).strip(PHP_SPACE)
        if not text:
            continue
        text = escaped_pre(text)
        if text.startswith("$CATEGORY:"):
            categories.append(text[10:].strip(PHP_SPACE))
            continue
        assert text.startswith("::"), text
        name, _, text = text[2:].partition("::")
        text = text.strip(PHP_SPACE)
        start, finish = text.index("{"), text.index("}")
        assert text.endswith("}") and finish == len(text) - 1, text
        answers = text[start + 1 : finish].strip(PHP_SPACE)
        stem = text[:start]
        general = ""
        if "####" in answers:
            cut = answers.rindex("####")
            answers, general = answers[:cut].strip(PHP_SPACE), answers[cut + 4 :]
        assert "~" in answers, "Moodle reads it as a multiple-choice question only with a ~"
        parts = answers.replace("=", "~=").split("~")
        if not parts[0].strip(PHP_SPACE):
            parts = parts[1:]
        choices = []
        for part in parts:
            part = part.strip(PHP_SPACE)
            correct = part.startswith("=")
            if correct:
                part = part[1:]
            else:
                assert not WEIGHT.match(part), f"read as a weighted answer: {part!r}"
            text_, _, feedback = part.partition("#")
            choices.append(
                {
                    "text": with_format(text_.strip(PHP_SPACE)),
                    "correct": correct,
                    "feedback": with_format(feedback.strip(PHP_SPACE)),
                }
            )
        questions.append(
            {
                "name": escaped_post(name),
                "stem": with_format(stem),
                "feedback": with_format(general),
                "choices": choices,
            }
        )
    return categories, questions


# ---- generated questions -------------------------------------------------------------

# Anything a browser can send; the database cannot store NUL (PostgreSQL) or lone
# surrogates, so those are left to the export_text property below.
typed = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=60
)
tricky = st.sampled_from(
    [
        "\n::Injected::Which? {=yes ~no}\n\n",
        "A stem {=right ~wrong}",
        "x\x0by",
        "\x1f\x7f\x85\ufffe",
        "%50%half",
        "[html]<b>bold</b>",
        "\\n not a newline \\",
        "// not a comment",
        "$CATEGORY: elsewhere",
        "a #b ####c",
        "]]> <!-- & <",
        "trailing\\",
    ]
)
field = st.one_of(typed, tricky, st.builds(lambda a, b: a + b, tricky, typed))
nonblank = field.filter(lambda text: export_text(text) != "")

question_spec = st.fixed_dictionaries(
    {
        "stem": nonblank,
        "explanation": field,
        "ordering": st.booleans(),
        "choices": st.lists(
            st.tuples(nonblank, field), min_size=3, max_size=4, unique_by=lambda c: c[0]
        ),
    }
)

counter = itertools.count()


def build_quiz(title, specs) -> Quiz:
    quiz = Quiz.objects.create(slug=f"escaping-{next(counter)}", title=title)
    for position, spec in enumerate(specs, start=1):
        question = Question.objects.create(
            skill="timeline" if spec["ordering"] else "outlet_attribution",
            kind="ordering" if spec["ordering"] else "single",
            stem=spec["stem"],
            explanation=spec["explanation"],
        )
        for number, (text, feedback) in enumerate(spec["choices"], start=1):
            Choice.objects.create(
                question=question,
                position=number,
                text=text,
                feedback=feedback,
                is_correct=number == 2,
                correct_position=len(spec["choices"]) + 1 - number if spec["ordering"] else None,
            )
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def expected(quiz) -> list[dict]:
    rows = []
    for item in quiz.items.order_by("position").select_related("question"):
        question = item.question
        rows.append(
            {
                "stem": export_text(question.stem),
                "feedback": export_text(_general_feedback(question)),
                "moodle_feedback": export_text(_moodle_feedback(question)),
                "explanation": export_text(question.explanation),
                "ordering": question.kind == "ordering",
                "choices": [
                    {
                        "text": export_text(c.text),
                        "correct": c.is_correct,
                        "position": c.correct_position,
                        "feedback": export_text(c.feedback),
                    }
                    for c in question.choices.order_by("position")
                ],
            }
        )
    return rows


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(title=field, specs=st.lists(question_spec, min_size=1, max_size=2))
def test_gift_export_reads_back_as_the_same_questions(title, specs):
    quiz = build_quiz(title, specs)
    categories, questions = read_gift(export_gift(quiz))
    want = [q for q in expected(quiz) if not q["ordering"]]
    assert len(categories) == 1 and "\n" not in categories[0]
    assert len(questions) == len(want)
    for got, question in zip(questions, want, strict=True):
        assert got["stem"] == question["stem"]
        assert got["feedback"] == question["feedback"]
        assert got["choices"] == [
            {key: c[key] for key in ("text", "correct", "feedback")} for c in question["choices"]
        ]


def texts(element, path) -> str:
    return element.findtext(path) or ""


@SETTINGS
@given(title=field, specs=st.lists(question_spec, min_size=1, max_size=2))
def test_moodle_xml_parses_and_reads_back_as_the_same_questions(title, specs):
    quiz = build_quiz(title, specs)
    root = ET.fromstring(export_moodle_xml(quiz).encode("utf-8"))
    category, *elements = root.findall("question")
    assert texts(category, "category/text") == export_text(f"$course$/Sourcewise/{title}")
    want = expected(quiz)
    assert len(elements) == len(want)
    for element, question in zip(elements, want, strict=True):
        assert element.get("type") == ("ordering" if question["ordering"] else "multichoice")
        assert texts(element, "questiontext/text") == question["stem"]
        feedback = texts(element, "generalfeedback/text")
        assert feedback == question["moodle_feedback"]
        explanation = feedback.split("\n")[0].removeprefix("<p>").removesuffix("</p>")
        assert html.unescape(explanation.replace("<br>", "\n")) == question["explanation"]
        got = [
            {
                "text": texts(answer, "text"),
                "fraction": answer.get("fraction"),
                "feedback": texts(answer, "feedback/text"),
            }
            for answer in element.findall("answer")
        ]
        choices = question["choices"]
        if question["ordering"]:
            choices = sorted(choices, key=lambda c: c["position"])
        assert got == [
            {
                "text": c["text"],
                "fraction": (
                    f"{c['position']}.0000000"
                    if question["ordering"]
                    else ("100" if c["correct"] else "0")
                ),
                "feedback": c["feedback"],
            }
            for c in choices
        ]


@given(st.text())
def test_export_text_is_always_legal_xml(text):
    clean = export_text(text)
    element = ET.Element("text")
    element.text = clean
    assert ET.fromstring(ET.tostring(element, encoding="unicode")).text in (clean, None)


def one_question(stem) -> list[dict]:
    choices = [("A", ""), ("B", ""), ("C", "")]
    return [{"stem": stem, "explanation": "", "ordering": False, "choices": choices}]


def test_a_title_with_a_newline_does_not_become_a_question():
    quiz = build_quiz("Week 1\n\n::Injected::Pick one {=this ~that}", one_question("Who said it?"))
    _, questions = read_gift(export_gift(quiz))
    assert [q["stem"] for q in questions] == ["Who said it?"]


def test_a_control_character_in_a_stem_leaves_the_moodle_xml_well_formed():
    quiz = build_quiz("Quiz", one_question("Vertical\x0btab?"))
    root = ET.fromstring(export_moodle_xml(quiz))
    assert root.findall("question")[1].findtext("questiontext/text") == "Verticaltab?"
