"""The rules every question obeys, generated or hand-written. Each problem is a
sentence an instructor can act on; the same rules guard ``build_quizzes`` and admin."""

import re
from dataclasses import dataclass

from .models.evidence import verbatim_error

MIN_CHOICES = 3
MAX_CHOICES = 5
# Leftovers of string templates. Doubled spaces count only outside quoted source
# words, which are kept exactly as printed (some copies have doubled spaces).
ARTEFACTS = re.compile(r"\bNone\b|[{}]|\bnan\b|\?\?|\s[.,;:?]|\.\.(?!\.)")
DOUBLE_SPACE = re.compile(r"\s{2,}")
QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True)
class ChoiceView:
    text: str
    is_correct: bool
    correct_position: int | None


def question_problems(*, kind, stem, explanation, choices, citations, published=True) -> list[str]:
    """Problems with a question, as sentences. ``choices`` are ChoiceView-like, and
    ``citations`` are (passage, quote) pairs."""
    problems = []
    if not stem.strip():
        problems.append("The question needs a stem: the question the student reads.")
    most = 200 if kind == "find_evidence" else MAX_CHOICES
    if not MIN_CHOICES <= len(choices) <= most:
        problems.append(
            f"A question needs {MIN_CHOICES} to {most} choices; this one has {len(choices)}."
        )
    texts = [" ".join(c.text.split()).lower() for c in choices]
    if len(set(texts)) != len(texts):
        problems.append("Two choices have the same text; every choice must be different.")
    if any(not c.text.strip() for c in choices):
        problems.append("A choice is empty.")
    if kind == "ordering":
        positions = sorted(c.correct_position or 0 for c in choices)
        if positions != list(range(1, len(choices) + 1)):
            problems.append(
                "An ordering question needs a complete order: number the choices 1, 2, 3… "
                "each number once."
            )
    elif kind == "find_evidence":
        if not any(c.is_correct for c in choices):
            problems.append("Mark the passage (or passages) that hold the evidence as correct.")
    else:
        correct = sum(1 for c in choices if c.is_correct)
        if correct != 1:
            problems.append(f"Mark exactly one choice as correct; {correct} are marked.")
    if published:
        if not explanation.strip():
            problems.append("A published question needs an explanation of the right answer.")
        if not citations:
            problems.append("A published question needs at least one citation from an article.")
    for passage, quote in citations:
        if error := verbatim_error(passage, quote):
            problems.append(error.message % error.params)
    # Choices that stand for a passage are the source's words, kept as printed.
    own_choices = [c.text for c in choices if getattr(c, "passage", None) is None]
    for text in [stem, explanation, *own_choices]:
        own_words = QUOTED.sub("“”", text)
        if match := ARTEFACTS.search(own_words):
            problems.append(f"Template artefact {match.group()!r} in: {text[:80]!r}")
        if text in (stem, explanation) and DOUBLE_SPACE.search(own_words.strip()):
            problems.append(f"Doubled space in: {text[:80]!r}")
    return problems
