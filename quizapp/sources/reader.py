"""Reading an article: passages split around the words a link asked to highlight."""

from dataclasses import dataclass

MAX_HIGHLIGHT_LENGTH = 1000


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


def highlight_segments(text: str, needle: str) -> list[Segment]:
    """Split ``text`` into segments, marking every exact occurrence of ``needle``."""
    if not needle:
        return [Segment(text, False)]
    segments = []
    start = 0
    while (found := text.find(needle, start)) != -1:
        if found > start:
            segments.append(Segment(text[start:found], False))
        segments.append(Segment(needle, True))
        start = found + len(needle)
    if start < len(text):
        segments.append(Segment(text[start:], False))
    return segments


def clean_highlight(raw: str | None) -> str:
    """The highlight asked for in the query string; too-long or blank asks mark nothing."""
    if not raw or not raw.strip() or len(raw) > MAX_HIGHLIGHT_LENGTH:
        return ""
    return raw


@dataclass(frozen=True)
class ReaderPassage:
    passage: object
    segments: list[Segment]
    has_highlight: bool


def reader_passages(passages, highlight: str) -> list[ReaderPassage]:
    rows = []
    for passage in passages:
        segments = highlight_segments(passage.text, highlight)
        rows.append(ReaderPassage(passage, segments, any(s.marked for s in segments)))
    return rows
