"""Questions in and out: a JSON round trip, and Moodle XML or GIFT for Moodle.

The JSON keeps choices and citations nested under their question and names passages
by article slug and anchor, so a bank moves between installations that share the
corpus. Nested records with verbatim checks do not fit django-import-export's flat
rows, so this module uses the standard library; Moodle XML is built with ElementTree.
"""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape

from django.db import transaction

from quizapp.bank.generators import ChoiceSpec, CitationSpec
from quizapp.bank.misreadings import Misreading
from quizapp.bank.rules import problem_text, question_problems
from quizapp.models import Passage, Question, QuizQuestion
from quizapp.services import question_save
from quizapp.services.bank import given_question_ids, question_retire

FORMAT = "sourcewise-questions"
VERSION = 1


class ExchangeError(ValueError):
    """A problem with an import file; the message names the question and the problem.
    ``codes`` are the codes of the question rules it broke (quizapp.bank.rules), if any."""

    def __init__(self, message: str, codes=()):
        super().__init__(message)
        self.codes = list(codes)


def _citation(c) -> dict:
    return {"article": c.passage.article.slug, "passage": c.passage.anchor, "quote": c.quote}


def questions_for_export(queryset=None):
    queryset = queryset if queryset is not None else Question.objects.all()
    return queryset.order_by("skill", "key", "id").prefetch_related(
        "choices__passage__article", "citations__passage__article"
    )


def export_json(queryset=None) -> str:
    rows = []
    for question in questions_for_export(queryset):
        citations = list(question.citations.all())
        rows.append(
            {
                "key": question.key,
                "skill": question.skill,
                "kind": question.kind,
                "stem": question.stem,
                "explanation": question.explanation,
                "difficulty": question.difficulty,
                "status": question.status,
                "origin": question.origin,
                "edited": question.edited,
                "compare_topic": question.compare_topic,
                "choices": [
                    {
                        "text": choice.text,
                        "is_correct": choice.is_correct,
                        "correct_position": choice.correct_position,
                        "feedback": choice.feedback,
                        "misreading": choice.misreading,
                        "passage": (
                            {
                                "article": choice.passage.article.slug,
                                "passage": choice.passage.anchor,
                            }
                            if choice.passage_id
                            else None
                        ),
                        "citations": [_citation(c) for c in citations if c.choice_id == choice.id],
                    }
                    for choice in question.choices.all()
                ],
                "citations": [_citation(c) for c in citations if c.choice_id is None],
            }
        )
    document = {"format": FORMAT, "version": VERSION, "questions": rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    versioned: int = 0  # of the updated: given to students, so saved as a new version


def _stored_content(question) -> tuple:
    """What a student sees and is graded by, as stored."""
    cites = list(question.citations.all())
    return (
        question.skill,
        question.kind,
        question.stem,
        question.explanation,
        [
            (
                c.text,
                c.is_correct,
                c.correct_position,
                c.feedback,
                [(x.passage_id, x.quote) for x in cites if x.choice_id == c.id],
                c.passage_id,
                c.misreading or None,
            )
            for c in question.choices.order_by("position", "id")
        ],
        [(x.passage_id, x.quote) for x in cites if x.choice_id is None],
    )


def _incoming_content(fields, choices, citations) -> tuple:
    return (
        fields["skill"],
        fields["kind"],
        fields["stem"],
        fields["explanation"],
        [
            (
                text,
                ok,
                position,
                feedback,
                [(p.id, q) for p, q in cites],
                shown and shown.id,
                m or None,
            )
            for text, ok, position, feedback, cites, shown, m in choices
        ],
        [(p.id, q) for p, q in citations],
    )


# Choice.correct_position is a small integer column: PostgreSQL refuses more, and a
# file is not allowed to find that out with a 500.
MAX_POSITION = 32767


def _position(value) -> int | None:
    """A choice's place in a timeline: none, or a whole number from 1 to MAX_POSITION."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_POSITION:
        raise ValueError(f"correct_position {value!r} (a whole number from 1, or null)")
    return value


def _resolve(passages, cite, where) -> tuple[Passage, str]:
    try:
        key = (cite["article"], cite["passage"])
        quote = cite["quote"]
    except (KeyError, TypeError):
        raise ExchangeError(f"{where}: a citation needs article, passage and quote.") from None
    passage = passages.get(key)
    if passage is None:
        raise ExchangeError(f"{where}: no passage {key[1]} in article {key[0]!r} here.")
    return passage, quote


@transaction.atomic
def import_json(text: str) -> ImportReport:
    """Load questions from export_json's format. All or nothing: the first problem
    stops the import and nothing is saved."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(f"Not valid JSON (line {error.lineno}: {error.msg}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f"Not a Sourcewise question file (expected format {FORMAT!r}).")
    passages = {(p.article.slug, p.anchor): p for p in Passage.objects.select_related("article")}
    report = ImportReport()
    given = None  # read once, and only if the file updates a question
    for number, row in enumerate(document.get("questions", []), start=1):
        where = f"question {number} ({(row.get('stem') or '')[:50]!r})"
        try:
            choices = [
                (
                    c["text"],
                    bool(c.get("is_correct")),
                    _position(c.get("correct_position")),
                    c.get("feedback", ""),
                    [_resolve(passages, x, where) for x in c.get("citations", [])],
                    _choice_passage(passages, c.get("passage"), where),
                    _misreading(c.get("misreading"), where),
                )
                for c in row["choices"]
            ]
            citations = [_resolve(passages, x, where) for x in row.get("citations", [])]
            fields = {
                "skill": row["skill"],
                "kind": row.get("kind", Question.Kind.SINGLE_CHOICE),
                "stem": row["stem"],
                "explanation": row.get("explanation", ""),
                "difficulty": int(row.get("difficulty", 2)),
                "status": row.get("status", Question.Status.DRAFT),
                "origin": row.get("origin", Question.Origin.HAND_WRITTEN),
                "edited": bool(row.get("edited", False)),
                "compare_topic": row.get("compare_topic", ""),
            }
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ExchangeError(f"{where}: missing or malformed field {error}.") from None
        problems = question_problems(
            kind=fields["kind"],
            stem=fields["stem"],
            explanation=fields["explanation"],
            choices=[SimpleChoice(t, ok, pos, passage) for t, ok, pos, _, _, passage, _ in choices],
            citations=citations + [pq for *_, cites, _, _ in choices for pq in cites],
            published=fields["status"] == Question.Status.PUBLISHED,
        )
        if problems:
            raise ExchangeError(
                f"{where}: " + " ".join(problem_text(p) for p in problems),
                codes=[p.code for p in problems],
            )
        key = row.get("key")
        existing = (
            Question.objects.filter(key=key).first()
            if key
            else Question.objects.filter(  # the newest: not a version retired for students
                key__isnull=True, skill=fields["skill"], stem=fields["stem"]
            )
            .order_by("-id")
            .first()
        )
        question = existing or Question(key=key)
        # A question students were given is never rewritten in place (their attempts
        # show and grade it): unchanged, only its settings are saved; changed, it is
        # retired as it stands and the file's version becomes a new question.
        retired = keep_content = None
        if existing is not None:
            given = given_question_ids() if given is None else given
            if existing.id in given:
                if _stored_content(existing) == _incoming_content(fields, choices, citations):
                    keep_content = True
                else:
                    question_retire(question=existing)
                    retired, question = existing, Question(key=key)
        for name, value in fields.items():
            setattr(question, name, value)
        try:
            question.full_clean(exclude=["key", "fingerprint"])
        except Exception as error:  # ValidationError from choices fields
            raise ExchangeError(f"{where}: {error}") from None
        if any(ok and misreading for _, ok, *_, misreading in choices):
            raise ExchangeError(f"{where}: a correct option has no misreading.")
        if keep_content:
            question.save()
            report.updated += 1
            continue
        question_save(
            question=question,
            choices=[
                ChoiceSpec(
                    text_,
                    ok,
                    feedback,
                    position,
                    [CitationSpec(*c) for c in cites],
                    shown,
                    misreading,
                )
                for text_, ok, position, feedback, cites, shown, misreading in choices
            ],
            citations=[CitationSpec(*c) for c in citations],
        )
        if retired is not None:
            QuizQuestion.objects.filter(question=retired).update(question=question)
            report.versioned += 1
        if existing:
            report.updated += 1
        else:
            report.created += 1
    return report


@dataclass(frozen=True)
class SimpleChoice:
    text: str
    is_correct: bool
    correct_position: int | None
    passage: Passage | None = None


def _misreading(value, where) -> str | None:
    if value in (None, ""):
        return None
    if value not in Misreading.values:
        raise ExchangeError(
            f"{where}: unknown misreading {value!r} (see docs/misreadings.md for the list)."
        )
    return value


def _choice_passage(passages, ref, where) -> Passage | None:
    if not ref:
        return None
    passage = passages.get((ref.get("article"), ref.get("passage")))
    if passage is None:
        raise ExchangeError(f"{where}: a choice names passage {ref!r}, which is not here.")
    return passage


def quiz_questions(quiz) -> list[Question]:
    """The quiz's questions in its order, with what the exports print, in three queries."""
    items = (
        quiz.items.order_by("position", "id")
        .select_related("question")
        .prefetch_related("question__choices", "question__citations__passage__article__outlet")
    )
    return [item.question for item in items]


def _source_name(citation) -> str:
    """How a reader names a cited passage: the article by headline and outlet, the
    passage by its paragraph number in the reader."""
    article = citation.passage.article
    return f"“{article.headline}” ({article.outlet}), paragraph {citation.passage.position}"


def _general_feedback(question) -> str:
    lines = [question.explanation]
    for c in question.citations.all():
        if c.choice_id is None:
            lines.append(f"“{c.quote}” — {_source_name(c)}")
    return "\n".join(lines)


def _moodle_feedback(question, base_url: str = "") -> str:
    """The explanation and its sources as HTML, each source a link to the passage in
    the reader (absolute when the export knows the site's address)."""
    parts = [f"<p>{escape(export_text(question.explanation))}</p>".replace("\n", "<br>")]
    for c in question.citations.all():
        if c.choice_id is None:
            url = base_url.rstrip("/") + c.get_absolute_url()
            parts.append(
                f"<p>“{escape(c.quote)}” — "
                f'<a href="{escape(url)}">{escape(_source_name(c))}</a></p>'
            )
    return "\n".join(parts)


MOODLE_NAME_LENGTH = 80


def moodle_name(stem: str, limit: int = MOODLE_NAME_LENGTH) -> str:
    """A question name for Moodle's question bank: the stem, cut at a word boundary
    with an ellipsis when it is longer than `limit`."""
    text = " ".join(export_text(stem).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1].isalnum() and cut[-1].isalnum() and " " in cut:  # mid-word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


# What XML 1.0 cannot carry (and no reader wants): C0 and C1 controls other than tab
# and line feed, lone surrogates, U+FFFE and U+FFFF. One \x0b made the file ill-formed.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def export_text(text) -> str:
    """Text as both exports carry it: line breaks as \\n, unsafe characters removed,
    no surrounding whitespace (Moodle trims it on import anyway)."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE_CHARACTERS.sub("", text).strip()


def _text(parent, tag, value, **attrs):
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = export_text(value)
    return element


def export_moodle_xml(quiz, *, base_url: str = "") -> str:
    """A Moodle XML file: multichoice questions, and timelines as Moodle's ordering type.

    base_url (such as https://sourcewise.example.org) makes the source links absolute."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(category, "category", f"$course$/Sourcewise/{quiz.title}")
    for question in quiz_questions(quiz):
        kind = "ordering" if question.is_ordering else "multichoice"
        element = ET.SubElement(root, "question", type=kind)
        _text(element, "name", moodle_name(question.stem))
        _text(element, "questiontext", question.stem, format="plain_text")
        _text(element, "generalfeedback", _moodle_feedback(question, base_url), format="html")
        ET.SubElement(element, "defaultgrade").text = "1"
        ET.SubElement(element, "penalty").text = "0"
        ET.SubElement(element, "hidden").text = "0"
        if question.is_ordering:
            ET.SubElement(element, "layouttype").text = "VERTICAL"
            ET.SubElement(element, "selecttype").text = "ALL"
            ET.SubElement(element, "selectcount").text = "0"
            ET.SubElement(element, "gradingtype").text = "ABSOLUTE_POSITION"
            ET.SubElement(element, "showgrading").text = "SHOW"
            for choice in sorted(question.choices.all(), key=lambda c: c.correct_position or 0):
                answer = _text(
                    element,
                    "answer",
                    choice.text,
                    fraction=f"{choice.correct_position}.0000000",
                    format="plain_text",
                )
                _text(answer, "feedback", choice.feedback, format="plain_text")
        else:
            ET.SubElement(element, "single").text = "true"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            for choice in question.choices.all():
                answer = _text(
                    element,
                    "answer",
                    choice.text,
                    fraction="100" if choice.is_correct else "0",
                    format="plain_text",
                )
                _text(answer, "feedback", choice.feedback, format="plain_text")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    """One GIFT field: specials and line breaks escaped, so nothing a title, stem,
    choice or feedback holds can end the field or start another question."""
    escaped = GIFT_SPECIAL.sub(r"\\\1", export_text(text)).replace("\n", "\\n")
    # Moodle reads a leading "[html]" as the text's format and a leading "%50%" as an
    # answer's weight: an explicit "[plain]" first keeps such text as it is.
    if escaped.startswith(("[", "%")):
        escaped = "[plain]" + escaped
    return escaped


def gift_line(text: str) -> str:
    """Text for a comment or $CATEGORY line: one line; Moodle does not unescape
    these, except a doubled backslash, and reads "/" in a category as a sub-category."""
    return " ".join(export_text(text).split()).replace("\\", "\\\\").replace("/", "//")


def export_gift(quiz) -> str:
    """GIFT text. GIFT has no ordering type, so timelines are listed as skipped."""
    lines = [
        f"// Sourcewise quiz: {gift_line(quiz.title)}",
        f"$CATEGORY: $course$/Sourcewise/{gift_line(quiz.title)}",
        "",
    ]
    for number, question in enumerate(quiz_questions(quiz), start=1):
        if question.is_ordering:
            lines += [
                f"// Question {number} skipped: GIFT cannot express an ordering (timeline) question.",
                "",
            ]
            continue
        answers = " ".join(
            f"{'=' if c.is_correct else '~'}{gift_escape(c.text)}"
            + (f"#{gift_escape(c.feedback)}" if c.feedback else "")
            for c in question.choices.all()
        )
        lines.append(
            f"::Q{number}::{gift_escape(question.stem)} {{{answers} ####{gift_escape(_general_feedback(question))}}}"
        )
        lines.append("")
    return "\n".join(lines)
