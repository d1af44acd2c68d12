"""Loading the curated evidence fixtures: validate everything, then load atomically.

``validate_evidence`` reads ``fixtures/evidence/*.json`` and returns every problem it
finds — each naming the file, the object and what is wrong, with the closest passage
text when a quote is not verbatim. ``evidence_load`` loads only when there are none.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from quizapp.models import (
    Article,
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Passage,
    Person,
    ProvenanceClue,
)
from quizapp.models.evidence import closest_passage_text

FILES = ("persons", "claims", "figures", "events", "facts", "framing", "provenance")


# Figure.value is DECIMAL(12, 2): PostgreSQL refuses larger numbers mid-load.
FIGURE_VALUE_LIMIT = Decimal(10) ** 10


class EvidenceError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def evidence_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "evidence"


@dataclass
class Checked:
    """Validated rows ready to load, with the passages they resolved to."""

    persons: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    framing: list[dict] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)


class Validator:
    def __init__(self, directory: Path):
        self.directory = directory
        self.problems: list[str] = []
        self.passages = {
            (p.article.slug, p.anchor): p
            for p in Passage.objects.select_related("article__outlet", "article__original_outlet")
        }
        self.articles = {a.slug: a for a in Article.objects.with_outlets()}
        self.person_keys: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def read(self, name: str) -> list[dict]:
        path = self.directory / f"{name}.json"
        if not path.exists():
            self.problem(str(path), "file not found.")
            return []
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problem(str(path), "not UTF-8 text.")
            return []
        except json.JSONDecodeError as error:
            self.problem(str(path), f"invalid JSON at line {error.lineno}: {error.msg}.")
            return []
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            self.problem(str(path), "must be a JSON list of objects.")
            return []
        return data

    def where(self, name: str, index: int, row: dict, label: str) -> str:
        ident = row.get("key") or row.get("article") or f"#{index + 1}"
        return f"fixtures/evidence/{name}.json: {label} {ident!r} (item {index + 1})"

    def require(self, where: str, row: dict, *keys: str) -> bool:
        missing = [key for key in keys if row.get(key) in (None, "")]
        if missing:
            self.problem(where, f"missing {', '.join(missing)}.")
        return not missing

    def passage(self, where: str, slug: str, anchor: str, quote: str | None) -> Passage | None:
        if slug not in self.articles:
            self.problem(
                where, f"unknown article {slug!r}. Known: {', '.join(sorted(self.articles))}."
            )
            return None
        passage = self.passages.get((slug, anchor))
        if passage is None:
            count = sum(1 for s, _ in self.passages if s == slug)
            self.problem(where, f"{slug} has no passage {anchor!r} (it has p-1 to p-{count}).")
            return None
        if quote is not None and (not quote or quote not in passage.text):
            closest = closest_passage_text(passage.text, quote or "")
            self.problem(
                where,
                f"quote “{quote}” is not in {slug} {anchor} word for word. "
                f"Closest text there: “{closest}”. Passage: “{passage.text}”",
            )
            return None
        return passage

    def citations(self, where: str, rows, *, minimum: int = 1) -> list[tuple[Passage, str]]:
        resolved = []
        if not isinstance(rows, list) or len(rows) < minimum:
            self.problem(where, f"needs at least {minimum} citation(s).")
            return resolved
        for number, cite in enumerate(rows, start=1):
            here = f"{where} citation {number}"
            if not isinstance(cite, dict) or not self.require(
                here, cite, "article", "passage", "quote"
            ):
                continue
            passage = self.passage(here, cite["article"], cite["passage"], cite["quote"])
            if passage:
                resolved.append((passage, cite["quote"]))
        return resolved

    def unique_keys(self, name: str, rows: list[dict]) -> None:
        seen = set()
        for index, row in enumerate(rows):
            key = row.get("key")
            if key in seen:
                self.problem(self.where(name, index, row, "item"), "duplicate key.")
            seen.add(key)

    def choice(self, where: str, value, allowed, label: str) -> bool:
        if value not in allowed:
            self.problem(where, f"{label} {value!r} is not one of {', '.join(sorted(allowed))}.")
            return False
        return True

    # --- one method per file -------------------------------------------------

    def check_persons(self, rows, out: Checked):
        self.unique_keys("persons", rows)
        texts = [p.text for p in self.passages.values()]
        for index, row in enumerate(rows):
            where = self.where("persons", index, row, "person")
            if not self.require(where, row, "key", "name"):
                continue
            self.choice(where, row.get("kind", "person"), Person.Kind.values, "kind")
            for alias in row.get("aliases", []):
                if not any(alias in text for text in texts):
                    self.problem(where, f"alias {alias!r} does not occur in any article.")
            self.person_keys.add(row["key"])
            out.persons.append(row)

    def check_claims(self, rows, out: Checked):
        self.unique_keys("claims", rows)
        for index, row in enumerate(rows):
            where = self.where("claims", index, row, "claim")
            if not self.require(
                where, row, "key", "article", "passage", "quote", "speaker_text", "sourcing"
            ):
                continue
            ok = self.choice(where, row["sourcing"], Claim.Sourcing.values, "sourcing")
            ok = self.choice(where, row.get("kind", "quote"), Claim.Kind.values, "kind") and ok
            if row.get("speaker") and row["speaker"] not in self.person_keys:
                self.problem(where, f"unknown speaker {row['speaker']!r}; add it to persons.json.")
                ok = False
            passage = self.passage(where, row["article"], row["passage"], row["quote"])
            if passage and ok:
                out.claims.append({**row, "_passage": passage})

    def check_figures(self, rows, out: Checked):
        self.unique_keys("figures", rows)
        for index, row in enumerate(rows):
            where = self.where("figures", index, row, "figure")
            if not self.require(
                where,
                row,
                "key",
                "article",
                "passage",
                "quote",
                "measure",
                "measure_label",
                "value_text",
            ):
                continue
            value = row.get("value")
            if value is not None:
                try:
                    value = Decimal(str(value))
                except InvalidOperation:
                    self.problem(where, f"value {row['value']!r} is not a number.")
                    continue
                if not value.is_finite() or abs(value) >= FIGURE_VALUE_LIMIT:
                    self.problem(
                        where,
                        f"value {row['value']!r} is out of range: a figure is stored with "
                        f"2 decimals and at most 10 digits before the point.",
                    )
                    continue
            if row["value_text"] not in row["quote"]:
                self.problem(where, f"value_text {row['value_text']!r} is not in the quote.")
                continue
            passage = self.passage(where, row["article"], row["passage"], row["quote"])
            if passage:
                out.figures.append({**row, "_passage": passage, "_value": value})

    def check_events(self, rows, out: Checked):
        self.unique_keys("events", rows)
        for index, row in enumerate(rows):
            where = self.where("events", index, row, "event")
            if not self.require(where, row, "key", "date", "title"):
                continue
            try:
                date = datetime.date.fromisoformat(row["date"])
                date_end = (
                    datetime.date.fromisoformat(row["date_end"]) if row.get("date_end") else None
                )
            except (TypeError, ValueError):
                self.problem(where, f"date {row['date']!r} (or date_end) is not YYYY-MM-DD.")
                continue
            if date_end and date_end < date:
                self.problem(where, "date_end is before date.")
                continue
            if not self.choice(
                where, row.get("precision", "day"), Event.Precision.values, "precision"
            ):
                continue
            cites = self.citations(where, row.get("citations"))
            if len(cites) == len(row.get("citations") or []) and cites:
                out.events.append(
                    {**row, "_date": date, "_date_end": date_end, "_citations": cites}
                )

    def check_facts(self, rows, out: Checked):
        self.unique_keys("facts", rows)
        for index, row in enumerate(rows):
            where = self.where("facts", index, row, "fact")
            if not self.require(where, row, "key", "statement"):
                continue
            cites = self.citations(where, row.get("citations"))
            if len(cites) != len(row.get("citations") or []) or not cites:
                continue
            cited = {p.article.outlet.key for p, _ in cites}
            listed = set(row.get("outlets", cited))
            if listed != cited:
                self.problem(
                    where,
                    f"outlets {sorted(listed)} do not match the outlets of its citations {sorted(cited)}.",
                )
                continue
            out.facts.append({**row, "_citations": cites})

    def check_framing(self, rows, out: Checked):
        for index, row in enumerate(rows):
            where = self.where("framing", index, row, "framing of")
            if not self.require(where, row, "article", "stance", "citation"):
                continue
            if not self.choice(where, row["stance"], Framing.Stance.values, "stance"):
                continue
            cites = self.citations(where, [row["citation"], *row.get("also", [])])
            if any(p.article.slug != row["article"] for p, _ in cites):
                self.problem(where, "cites a passage from another article.")
                continue
            if len(cites) == 1 + len(row.get("also", [])):
                out.framing.append({**row, "_citations": cites})

    def check_provenance(self, rows, out: Checked):
        for index, row in enumerate(rows):
            where = self.where("provenance", index, row, "provenance of")
            if not self.require(where, row, "article", "provenance"):
                continue
            article = self.articles.get(row["article"])
            if article is None:
                self.problem(where, f"unknown article {row['article']!r}.")
                continue
            says_original = row["provenance"] == "original"
            if says_original != (article.provenance == Article.Provenance.ORIGINAL):
                self.problem(
                    where,
                    f"provenance {row['provenance']!r} contradicts the article's "
                    f"{article.get_provenance_display()!r}.",
                )
                continue
            clues = []
            for number, clue in enumerate(row.get("clues", []), start=1):
                here = f"{where} clue {number}"
                if not self.require(here, clue, "passage", "quote", "kind", "explanation"):
                    continue
                if not self.choice(here, clue["kind"], ProvenanceClue.Kind.values, "kind"):
                    continue
                passage = self.passage(here, row["article"], clue["passage"], clue["quote"])
                if passage:
                    clues.append({**clue, "_passage": passage})
            out.provenance.append({**row, "_clues": clues})

    def run(self) -> Checked:
        out = Checked()
        for name in FILES:
            getattr(self, f"check_{name}")(self.read(name), out)
        return out


def validate_evidence(directory: Path | None = None) -> tuple[Checked, list[str]]:
    validator = Validator(directory or evidence_dir())
    if not validator.articles:
        return Checked(), ["No articles are loaded: run `python manage.py load_corpus` first."]
    checked = validator.run()
    return checked, validator.problems


def _sync(seeder, model, rows: list[dict], values) -> dict:
    """Apply keyed fixture rows through the seeder; returns key -> row as it now stands."""
    existing = {obj.key: obj for obj in model.objects.filter(key__in=[r["key"] for r in rows])}
    out = {}
    for row in rows:
        obj = seeder.apply(
            model, row["key"], existing.get(row["key"]), {"key": row["key"], **values(row)}
        )
        if obj is not None:
            out[row["key"]] = obj
    return out


def _pinned(seeder, model, ident, lookup: dict, values: dict | None = None):
    """Apply one keyless row (a citation, a framing, a clue) identified by ``lookup``."""
    existing = model.objects.filter(**lookup).first()
    return seeder.apply(model, ident, existing, {**lookup, **(values or {})})


def evidence_load(
    directory: Path | None = None, *, progress=None, prune: bool | None = None
) -> dict[str, int]:
    """Validate the evidence fixtures and, only if all of them are valid, load them.

    Non-destructive (see quizapp.sources.seeding): only rows the fixtures wrote and nobody edited
    since are updated; what instructors created, edited or deleted stays so. With
    ``prune`` (the default for the shipped fixtures) shipped rows the fixtures no longer
    list are removed when unedited and unused."""
    from quizapp.sources.seeding import Seeder, quote_ident

    prune = directory is None if prune is None else prune
    checked, problems = validate_evidence(directory)
    if problems:
        raise EvidenceError(problems)
    say = progress or (lambda message: None)
    counts = {}
    with transaction.atomic():
        seeder = Seeder()

        say("persons")
        persons = _sync(
            seeder,
            Person,
            checked.persons,
            lambda r: {
                "name": r["name"],
                "kind": r.get("kind", "person"),
                "role": r.get("role", ""),
                "aliases": r.get("aliases", []),
            },
        )
        counts["persons"] = len(checked.persons)
        persons = {**{p.key: p for p in Person.objects.all()}, **persons}

        say("claims")
        _sync(
            seeder,
            Claim,
            checked.claims,
            lambda r: {
                "passage": r["_passage"],
                "quote": r["quote"],
                "speaker": persons.get(r.get("speaker") or ""),
                "kind": r.get("kind", "quote"),
                "speaker_text": r["speaker_text"],
                "occasion": r.get("occasion", ""),
                "sourcing": r["sourcing"],
                "topic": r.get("topic") or "",
                "exclude_from": r.get("exclude_from", []),
                "note": "\n".join(filter(None, [r.get("note"), r.get("lang_note")])),
                "review": "confirmed",
                "origin": "curated",
            },
        )
        counts["claims"] = len(checked.claims)

        say("figures")
        _sync(
            seeder,
            Figure,
            checked.figures,
            lambda r: {
                "passage": r["_passage"],
                "quote": r["quote"],
                "measure": r["measure"],
                "measure_label": r["measure_label"],
                "value": r["_value"],
                "value_text": r["value_text"],
                "qualifier": r.get("qualifier", ""),
                "attributed_to": r.get("attributed_to", ""),
                "exclude_from": r.get("exclude_from", []),
                "note": r.get("note", ""),
                "review": "confirmed",
                "origin": "curated",
            },
        )
        counts["figures"] = len(checked.figures)

        say("events")
        events = _sync(
            seeder,
            Event,
            checked.events,
            lambda r: {
                "date": r["_date"],
                "date_end": r.get("_date_end"),
                "precision": r.get("precision", "day"),
                "title": r["title"],
                "date_basis": r.get("date_basis", ""),
            },
        )
        counts["events"] = len(checked.events)
        for r in checked.events:
            if r["key"] not in events:
                continue
            for p, q in r["_citations"]:
                _pinned(
                    seeder,
                    EventCitation,
                    quote_ident(r["key"], p.article.slug, p.position, q),
                    {"event": events[r["key"]], "passage": p, "quote": q},
                )

        say("facts")
        facts = _sync(
            seeder,
            Fact,
            checked.facts,
            lambda r: {
                "statement": r["statement"],
                "note": r.get("note", ""),
                "ambiguous_outlets": r.get("ambiguous_outlets", []),
                "exclude_from": r.get("exclude_from", []),
                "near_misses": [
                    {"outlet": m.get("outlet", ""), "note": m.get("note", "")}
                    for m in r.get("not_in", [])
                ],
            },
        )
        counts["facts"] = len(checked.facts)
        for r in checked.facts:
            if r["key"] not in facts:
                continue
            for p, q in r["_citations"]:
                _pinned(
                    seeder,
                    FactCitation,
                    quote_ident(r["key"], p.article.slug, p.position, q),
                    {"fact": facts[r["key"]], "passage": p, "quote": q},
                )

        say("framing and provenance")
        for r in checked.framing:
            for i, (p, q) in enumerate(r["_citations"]):
                _pinned(
                    seeder,
                    Framing,
                    quote_ident("framing", p.article.slug, p.position, q),
                    {"passage": p, "quote": q},
                    {"stance": r["stance"], "is_primary": i == 0, "note": r.get("note", "")},
                )
        counts["framing"] = len(checked.framing)
        for r in checked.provenance:
            for c in r["_clues"]:
                p = c["_passage"]
                _pinned(
                    seeder,
                    ProvenanceClue,
                    quote_ident("clue", p.article.slug, p.position, c["kind"], c["quote"]),
                    {"passage": p, "quote": c["quote"], "kind": c["kind"]},
                    {"explanation": c["explanation"]},
                )
        counts["provenance clues"] = sum(len(r["_clues"]) for r in checked.provenance)
        if prune:
            seeder.prune(
                FactCitation,
                EventCitation,
                Framing,
                ProvenanceClue,
                Claim,
                Figure,
                Fact,
                Event,
                Person,
            )
    counts["rows"] = seeder.summary()
    return counts
