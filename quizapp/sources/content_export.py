"""Sharing a story: write its outlets, articles, passages and evidence as fixtures that
`load_corpus DIR` loads on another install (corpus/ as natural-key fixtures, evidence/
in the format `check_evidence` validates)."""

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from django.core import serializers

from quizapp.models import (
    Article,
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Outlet,
    Passage,
    Person,
    ProvenanceClue,
    Story,
)

ARTICLE_FIELDS = [
    "slug",
    "story",
    "outlet",
    "headline",
    "published",
    "published_note",
    "credits",
    "provenance",
    "original_outlet",
    "copy_note",
    "notes",
    "source_file",
    "leading_text",
    "coverage_reviewed",
]  # not imported_by: people are not shared
PASSAGE_FIELDS = ["article", "position", "text", "separator", "kind", "reports_nothing_new"]
FIXTURE_FIELDS = ARTICLE_FIELDS + PASSAGE_FIELDS


def _write(path: Path, text: str) -> None:
    """Write a file atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _serialize(objects, fields=None) -> str:
    return (
        serializers.serialize(
            "json",
            objects,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            ensure_ascii=False,
            fields=fields,
        )
        + "\n"
    )


def _json(rows) -> str:
    def plain(value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        raise TypeError(type(value))

    return json.dumps(rows, indent=2, ensure_ascii=False, default=plain) + "\n"


def _cite(obj) -> dict:
    return {"article": obj.passage.article.slug, "passage": obj.passage.anchor, "quote": obj.quote}


def story_export(*, story: Story, directory: Path, progress=None) -> dict[str, int]:
    """Write ``story`` to ``directory``/corpus and ``directory``/evidence."""
    say = progress or (lambda message: None)
    articles = list(Article.objects.current().filter(story=story).with_outlets().order_by("slug"))
    outlets = {a.outlet for a in articles} | {
        a.original_outlet for a in articles if a.original_outlet
    }
    corpus = directory / "corpus"
    _write(corpus / "outlets.json", _serialize(sorted(outlets, key=lambda o: o.key)))
    _write(corpus / "stories.json", _serialize([story]))
    for index, article in enumerate(articles, start=1):
        say(f"[{index}/{len(articles)}] {article.slug}")
        passages = list(article.passages.order_by("position"))
        _write(corpus / f"{article.slug}.json", _serialize([article, *passages], FIXTURE_FIELDS))

    in_story = {"passage__article__story": story}
    source = "passage__article"
    # Only what an instructor confirmed travels: drafts, and people drafting merely proposed,
    # stay behind (with the claims that still name a proposed person).
    claims = list(
        Claim.objects.confirmed()
        .filter(**in_story)
        .exclude(speaker__review="draft")
        .select_related(source, "speaker")
    )
    figures = list(Figure.objects.confirmed().filter(**in_story).select_related(source))
    speakers = {c.speaker_id for c in claims if c.speaker_id}
    text = "\n".join(
        Passage.objects.filter(article__story=story, article__withdrawn__isnull=True).values_list(
            "text", flat=True
        )
    )
    persons = [
        p
        for p in Person.objects.exclude(review="draft").order_by("key")
        if p.id in speakers or any(name and name in text for name in [p.name, *p.aliases])
    ]
    events = list(Event.objects.filter(citations__passage__article__story=story).distinct())
    event_cites = EventCitation.objects.filter(**in_story).select_related(source)
    facts = list(Fact.objects.filter(citations__passage__article__story=story).distinct())
    fact_cites = FactCitation.objects.filter(**in_story).select_related(source).order_by("id")
    framings = Framing.objects.filter(**in_story).select_related(source)
    clues = ProvenanceClue.objects.filter(**in_story).select_related(source)

    evidence = directory / "evidence"
    _write(
        evidence / "persons.json",
        _json(
            [
                {"key": p.key, "name": p.name, "kind": p.kind, "role": p.role, "aliases": p.aliases}
                for p in persons
            ]
        ),
    )
    _write(
        evidence / "claims.json",
        _json(
            [
                {
                    "key": c.key,
                    "kind": c.kind,
                    **_cite(c),
                    "speaker": c.speaker.key if c.speaker else None,
                    "speaker_text": c.speaker_text,
                    "occasion": c.occasion,
                    "sourcing": c.sourcing,
                    "topic": c.topic,
                    "note": c.note,
                    "exclude_from": c.exclude_from,
                }
                for c in sorted(claims, key=lambda c: c.key)
            ]
        ),
    )
    _write(
        evidence / "figures.json",
        _json(
            [
                {
                    "key": f.key,
                    **_cite(f),
                    "measure": f.measure,
                    "measure_label": f.measure_label,
                    "value": f.value,
                    "value_text": f.value_text,
                    "qualifier": f.qualifier,
                    "attributed_to": f.attributed_to,
                    "note": f.note,
                    "exclude_from": f.exclude_from,
                }
                for f in sorted(figures, key=lambda f: f.key)
            ]
        ),
    )
    by_event = {}
    for c in event_cites.order_by("id"):
        by_event.setdefault(c.event_id, []).append(_cite(c))
    _write(
        evidence / "events.json",
        _json(
            [
                {
                    "key": e.key,
                    "date": e.date.isoformat(),
                    "date_end": e.date_end.isoformat() if e.date_end else None,
                    "precision": e.precision,
                    "title": e.title,
                    "date_basis": e.date_basis,
                    "citations": by_event[e.id],
                }
                for e in sorted(events, key=lambda e: e.key)
            ]
        ),
    )
    by_fact = {}
    for c in fact_cites:
        by_fact.setdefault(c.fact_id, []).append(_cite(c))
    _write(
        evidence / "facts.json",
        _json(
            [
                {
                    "key": f.key,
                    "statement": f.statement,
                    "note": f.note,
                    "citations": by_fact[f.id],
                    "ambiguous_outlets": f.ambiguous_outlets,
                    "exclude_from": f.exclude_from,
                    "not_in": f.near_misses,
                }
                for f in sorted(facts, key=lambda f: f.key)
            ]
        ),
    )
    by_article = {}
    for framing in framings.order_by("passage__article__slug", "-is_primary", "id"):
        by_article.setdefault(framing.passage.article.slug, []).append(framing)
    _write(
        evidence / "framing.json",
        _json(
            [
                {
                    "article": slug,
                    "stance": rows[0].stance,
                    "citation": _cite(rows[0]),
                    "also": [_cite(r) for r in rows[1:]],
                    "note": rows[0].note,
                }
                for slug, rows in sorted(by_article.items())
            ]
        ),
    )
    clue_rows = {}
    for clue in clues.order_by("passage__article__slug", "passage__position", "id"):
        clue_rows.setdefault(clue.passage.article.slug, []).append(
            {
                "passage": clue.passage.anchor,
                "quote": clue.quote,
                "kind": clue.kind,
                "explanation": clue.explanation,
            }
        )
    _write(
        evidence / "provenance.json",
        _json(
            [
                {
                    "article": a.slug,
                    "provenance": a.provenance,
                    "original_outlet": a.original_outlet.key if a.original_outlet else None,
                    "clues": clue_rows[a.slug],
                }
                for a in articles
                if a.slug in clue_rows
            ]
        ),
    )
    return {
        "articles": len(articles),
        "passages": Passage.objects.filter(article__story=story).count(),
        "outlets": len(outlets),
        "persons": len(persons),
        "claims": len(claims),
        "figures": len(figures),
        "events": len(events),
        "facts": len(facts),
    }


__all__ = ["Outlet", "story_export"]
