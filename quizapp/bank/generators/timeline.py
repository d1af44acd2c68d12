"""Skill 8 — timeline: put four events in order. Only events whose dates cannot overlap
are put together, so there is exactly one correct order."""

import datetime

from quizapp.bank.generators.base import ChoiceSpec, CitationSpec, QuestionSpec, stable_order
from quizapp.models import Event, Passage, Skill

EVENTS_PER_QUESTION = 4
QUESTIONS = 12


def period(event) -> tuple[datetime.date, datetime.date]:
    """The span of days the event's date could mean, given its precision."""
    if event.date_end:
        return event.date, event.date_end
    if event.precision == Event.Precision.YEAR:
        return datetime.date(event.date.year, 1, 1), datetime.date(event.date.year, 12, 31)
    if event.precision == Event.Precision.MONTH:
        start = event.date.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    return event.date, event.date


def show_date(event) -> str:
    if event.precision == Event.Precision.YEAR:
        return f"{event.date.year}"
    if event.precision == Event.Precision.MONTH:
        return event.date.strftime("%B %Y")
    return f"{event.date.day} {event.date.strftime('%B %Y')}"


def compatible(chosen, event) -> bool:
    start, end = period(event)
    return all(end < period(c)[0] or start > period(c)[1] for c in chosen)


def reporting_citation(event) -> CitationSpec:
    """The event's first citation in the reporting itself: a caption only shows it."""
    cite = next(c for c in event.citations.all() if c.passage.kind != Passage.Kind.CAPTION)
    return CitationSpec(cite.passage, cite.quote)


def generate(bank) -> list[QuestionSpec]:
    # An event only a photo caption shows is not something the articles report.
    events = [
        e
        for e in bank.events
        if any(c.passage.kind != Passage.Kind.CAPTION for c in e.citations.all())
    ]
    drafts = []
    seen = set()
    for number in range(1, QUESTIONS * 3):
        if len(drafts) == QUESTIONS:
            break
        chosen = []
        for event in stable_order(events, f"timeline-{number}", key=lambda e: e.key):
            if compatible(chosen, event):
                chosen.append(event)
            if len(chosen) == EVENTS_PER_QUESTION:
                break
        identity = frozenset(e.key for e in chosen)
        if len(chosen) < EVENTS_PER_QUESTION or identity in seen:
            continue
        seen.add(identity)
        in_order = sorted(chosen, key=lambda e: e.date)
        rank = {e.key: i for i, e in enumerate(in_order, start=1)}
        choices = [
            ChoiceSpec(
                event.title,
                correct_position=rank[event.key],
                feedback=show_date(event),
                citations=[reporting_citation(event)],
            )
            for event in chosen
        ]
        explanation = " ".join(
            f"{i}. {e.title} — {show_date(e)}." for i, e in enumerate(in_order, start=1)
        )
        citations = [reporting_citation(e) for e in in_order]
        drafts.append(
            QuestionSpec(
                key=f"timeline:{'+'.join(sorted(identity))}",
                skill=Skill.TIMELINE,
                kind="ordering",
                stem="Put these events in the order they happened, earliest first.",
                explanation=(
                    f"The order: {explanation} Some dates are printed in the articles; others are "
                    "worked out from them (a weekday next to a dated caption, “last weekend”). "
                    "Each event links to its passage."
                ),
                choices=choices,
                citations=citations,
                difficulty=2,
                article_slugs=sorted({c.passage.article.slug for c in citations}),
            )
        )
    return drafts
