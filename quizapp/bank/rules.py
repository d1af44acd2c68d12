"""The rules every question obeys, generated, imported or hand-written.

Each problem is a ``ValidationError`` with a ``code`` and a sentence an instructor can act
on. The same functions guard ``build_quizzes`` (services.bank), the JSON import
(exchange) and the admin forms, which check a question in parts: its text in the
question form, its choices in the choice formset, its citations in the citation formset.
"""

import re
from collections import Counter

from django.core.exceptions import ValidationError

from quizapp.models.evidence import verbatim_error

MIN_CHOICES = 3
MAX_CHOICES = 5
MAX_EVIDENCE_CHOICES = 200  # find-the-evidence: every passage of an article may be a choice
# Leftovers of string templates. Doubled spaces count only outside quoted source
# words, which are kept exactly as printed (some copies have doubled spaces). "None of
# the above" is English, not a leftover.
ARTEFACTS = re.compile(r"\bNone\b(?! of\b)|[{}]|\bnan\b|\?\?|\s[.,;:?]|(?<!\.)\.\.(?!\.)")
# Two or more spaces or tabs; line breaks between paragraphs are fine.
DOUBLE_SPACE = re.compile(r"[^\S\r\n]{2,}")
QUOTED = re.compile(r"“[^”]*”")

ORDERING = "ordering"
FIND_EVIDENCE = "find_evidence"


def is_permutation(values, of) -> bool:
    """True when ``values`` holds every item of ``of`` exactly once and nothing else.

    The one check that an ordering is complete: places 1..n in an answer form, choice
    ids in a submitted order, correct positions on a question's choices."""
    values, of = list(values), list(of)
    try:
        return len(values) == len(of) and Counter(values) == Counter(of)
    except TypeError:  # something unhashable is not a place or an id
        return False


def is_complete_order(places) -> bool:
    """``places`` number n things 1, 2, … n, each number once."""
    places = list(places)
    return is_permutation(places, range(1, len(places) + 1))


def problem_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def text_problems(*, stem, explanation, published=True) -> list[ValidationError]:
    """The question's own words: a stem, and an explanation once it is published."""
    problems = []
    if not stem.strip():
        problems.append(
            ValidationError(
                "The question needs a stem: the question the student reads.",
                code="stem_required",
            )
        )
    if published and not explanation.strip():
        problems.append(
            ValidationError(
                "A published question needs an explanation: say why the right answer is "
                "right, so students learn from a wrong answer.",
                code="explanation_required",
            )
        )
    problems += _artefacts([stem, explanation], check_spacing=True)
    return problems


def _passage_of(choice):
    # A model Choice answers through passage_id without a query; drafts and form rows
    # carry the passage itself.
    if hasattr(choice, "passage_id"):
        return choice.passage_id
    return getattr(choice, "passage", None)


def choice_problems(*, kind, choices) -> list[ValidationError]:
    """Choices: how many, all different, none empty, and a correct answer (or a
    complete order). ``choices`` have ``text``, ``is_correct``, ``correct_position``
    and, for find-the-evidence, ``passage``."""
    problems = []
    most = MAX_EVIDENCE_CHOICES if kind == FIND_EVIDENCE else MAX_CHOICES
    if not MIN_CHOICES <= len(choices) <= most:
        problems.append(
            ValidationError(
                "Give between %(least)s and %(most)s choices; there are %(count)s.",
                code="choice_count",
                params={"least": MIN_CHOICES, "most": most, "count": len(choices)},
            )
        )
    texts = [" ".join(c.text.split()).lower() for c in choices]
    if len(set(texts)) != len(texts):
        problems.append(
            ValidationError(
                "Two choices have the same text; make each one different.",
                code="choice_duplicate",
            )
        )
    if any(not c.text.strip() for c in choices):
        problems.append(ValidationError("A choice is empty.", code="choice_empty"))
    if kind == ORDERING:
        if not is_complete_order(c.correct_position for c in choices):
            problems.append(
                ValidationError(
                    "For a timeline, give every choice its place in the correct order: "
                    "1 for the earliest up to %(count)s, each number once.",
                    code="order_incomplete",
                    params={"count": len(choices)},
                )
            )
    elif kind == FIND_EVIDENCE:
        if not any(c.is_correct for c in choices):
            problems.append(
                ValidationError(
                    "Mark the passage (or passages) that hold the evidence as correct.",
                    code="correct_count",
                )
            )
        if any(_passage_of(c) is None for c in choices):
            problems.append(
                ValidationError(
                    "In a find-the-evidence question every choice stands for a passage: pick it.",
                    code="passage_required",
                )
            )
    else:
        correct = sum(1 for c in choices if c.is_correct)
        if correct != 1:
            problems.append(
                ValidationError(
                    "Mark exactly one choice as correct; %(count)s are marked.",
                    code="correct_count",
                    params={"count": correct},
                )
            )
    # Choices that stand for a passage are the source's words, kept as printed.
    problems += _artefacts([c.text for c in choices if _passage_of(c) is None])
    return problems


def citation_problems(*, citations, published=True) -> list[ValidationError]:
    """``citations`` are (passage, quote) pairs: each quote verbatim, and at least one
    once the question is published."""
    problems = []
    if published and not citations:
        problems.append(
            ValidationError(
                "A published question needs at least one citation: the passage and the "
                "exact words the answer rests on.",
                code="citation_required",
            )
        )
    for passage, quote in citations:
        if error := verbatim_error(passage, quote):
            problems.append(error)
    return problems


def _artefacts(texts, *, check_spacing=False) -> list[ValidationError]:
    problems = []
    for text in texts:
        own_words = QUOTED.sub("“”", text)
        if match := ARTEFACTS.search(own_words):
            problems.append(
                ValidationError(
                    "Template artefact %(artefact)r in: %(text)r",
                    code="template_artefact",
                    params={"artefact": match.group(), "text": text[:80]},
                )
            )
        if check_spacing and DOUBLE_SPACE.search(own_words.strip()):
            problems.append(
                ValidationError(
                    "Doubled space in: %(text)r", code="double_space", params={"text": text[:80]}
                )
            )
    return problems


def question_problems(
    *, kind, stem, explanation, choices, citations, published=True
) -> list[ValidationError]:
    """Every problem with a whole question (the build, the import, the publish action)."""
    return [
        *text_problems(stem=stem, explanation=explanation, published=published),
        *choice_problems(kind=kind, choices=choices),
        *citation_problems(citations=citations, published=published),
    ]


def question_validate(**question) -> None:
    """Raise one ValidationError listing every problem (each keeps its code)."""
    if problems := question_problems(**question):
        raise ValidationError(problems)
