"""Quotations, sentences and clauses in a passage's text: the spans drafting reads."""

import re
from dataclasses import dataclass

from quizapp.models import Passage

DRAFTED_KINDS = (Passage.Kind.REPORTING, Passage.Kind.HEADLINE)

# --------------------------------------------------------------------------- quotations


@dataclass
class QuoteSpan:
    start: int  # the opening mark
    end: int  # after the closing mark (or where the quotation stops)
    text: str  # the words inside, trimmed of edge punctuation; verbatim in the passage
    text_start: int
    closing: str = ""  # the character just before the closing mark ("," in “…,” he said)

    @property
    def text_end(self) -> int:
        return self.text_start + len(self.text)


def _trimmed(text: str, start: int, end: int) -> QuoteSpan | None:
    inner = text[start:end]
    lead = len(inner) - len(inner.lstrip(" \t"))
    body = inner.strip(" \t")
    trimmed = body.rstrip(" ,.;:—–-")
    if len(trimmed) < 2 or not re.search(r"[^\W\d_]", trimmed):
        return None
    closing = body[len(trimmed) :].strip()[:1] or (body[-1:] if body[-1:] in "?!" else "")
    return QuoteSpan(0, 0, trimmed, start + lead, closing)


def quotations(text: str) -> list[QuoteSpan]:
    """Quotations in a passage. Curly or straight double quotes; single quotes only at
    the top level (inside a double quote they are a nested quotation, part of it). An
    opening mark while a quote is open closes it ("… escalation. “This must …")."""
    found, open_at, straight = [], None, False

    def close(end_inner: int, end: int):
        if (span := _trimmed(text, open_at + 1, end_inner)) is not None:
            span.start, span.end = open_at, end
            found.append(span)

    for i, char in enumerate(text):
        if char == "“" or (char == '"' and open_at is None):
            if open_at is not None:
                close(i, i)
            open_at, straight = i, char == '"'
        elif (char == "”" and open_at is not None) or (char == '"' and straight):
            close(i, i + 1)
            open_at = None
    if open_at is not None:
        close(len(text), len(text))
    covered = [(q.start, q.end) for q in found]
    for match in re.finditer(r"(?<![\w’'])[‘']([^‘'’\n]{2,300}?)[’'](?![\w’'])", text):
        if any(a <= match.start() < b for a, b in covered):
            continue
        if (span := _trimmed(text, match.start(1), match.end(1))) is not None:
            span.start, span.end = match.start(), match.end()
            found.append(span)
    return sorted(found, key=lambda q: q.start)


def masked(text: str, quotes: list[QuoteSpan]) -> str:
    """The text with the words inside quotations blanked out (same length), so that
    a "said" inside a quotation is never taken for the reporter's attribution."""
    chars = list(text)
    for q in quotes:
        for i in range(q.text_start, min(q.text_end, len(chars))):
            chars[i] = "”"
    return "".join(chars)


CONTENT_STOP = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "but", "that", "it",
    "its", "is", "was", "were", "be", "by", "with", "as", "this", "they", "he", "she", "we",
}  # fmt: skip


def content_words(text: str) -> list[str]:
    """Words that carry content (numbers count: "Turnout was 67.3 percent")."""
    return [
        w
        for w in re.findall(r"[^\W\d_][\w’'-]*|\d[\d,.]*\d|\d", text)
        if w.lower() not in CONTENT_STOP
    ]


def unquoted_words(text: str) -> int:
    return len(content_words(masked(text, quotations(text)).replace("”", " ")))


# --------------------------------------------------------------------------- sentences

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "adm", "lt", "col", "maj", "capt", "sgt", "sen", "rep",
    "gov", "st", "jr", "sr", "no", "vs", "brig", "cmdr", "prof", "rev", "mt", "ft", "cpl",
    "pvt", "supt", "insp", "det", "hon", "amb", "pres", "gens", "sens", "reps", "govs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "d.c", "etc",
}  # fmt: skip
SENTENCE_END = re.compile(r"[.!?…]+[”\"’']?(?=\s+[“\"‘'(A-Z0-9•])|[.!?…]+[”\"’']?\s*$")


def sentences(text: str, quotes: list[QuoteSpan] | None = None) -> list[tuple[int, int]]:
    """Sentence spans of a passage: not split after "Lt." or "U.S." or an initial, nor
    inside a quotation ("We intercepted. We blocked," Netanyahu said)."""
    quotes = quotations(text) if quotes is None else quotes
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if any(q.text_start <= match.start() < q.text_end for q in quotes):
            continue
        before = re.search(r"([\w.]+)$", text[start : match.start()])
        word = before.group(1).lower().rstrip(".") if before else ""
        if match.group(0).startswith(".") and (
            word in ABBREVIATIONS
            or re.fullmatch(r"[a-z]", word)
            or re.fullmatch(r"(\w\.)+\w", word)
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clauses(text: str, start: int, end: int, headline: bool) -> list[tuple[int, int]]:
    """A headline cut at semicolons (it joins two statements with one)."""
    if not headline:
        return [(start, end)]
    out, cursor = [], start
    for match in re.finditer(r";\s+", text[start:end]):
        out.append((cursor, start + match.start()))
        cursor = start + match.end()
    out.append((cursor, end))
    return out
