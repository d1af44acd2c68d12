"""Plain helpers over words, shared by the generators, compare coverage and the views.

This module imports nothing from the app, so anything may use it."""

import hashlib
import re


def stable_order(items, salt: str, key=str):
    """Shuffle deterministically: the same salt and items give the same order."""
    return sorted(items, key=lambda item: hashlib.sha1(f"{salt}|{key(item)}".encode()).hexdigest())


def normalize(text: str) -> str:
    """Lower-case, straight quotes, single spaces: for comparing words, not for display."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip(" .,;:").lower()


def words_overlap(a: str, b: str) -> bool:
    """True when one text contains the other (after normalising): the same words."""
    a, b = normalize(a), normalize(b)
    return bool(a) and bool(b) and (a in b or b in a)


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def quoted(text: str) -> str:
    return f"“{text}”"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def article_label(article) -> str:
    """How a stem names an article: "the New York Times article", "the CNN article"."""
    return f"the {article.outlet.name.removeprefix('The ')} article"


def excluded(item, skill: str) -> bool:
    """True when a curator ruled this evidence out for this skill's questions."""
    return skill in (getattr(item, "exclude_from", None) or [])
