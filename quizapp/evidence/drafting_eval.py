"""How well drafting does on articles it has not seen: leave one article out.

For each seed article with curated evidence, draft it with a people table built only
from the *other* articles' curated claims (their speakers), then compare:

- quotes: the drafted span is the curated quote (same passage, same words) and the
  speaker is right (the same person — or a proposed person whose name as written is
  one of that person's names —, or for an unnamed source: no person and the same kind
  of source, e.g. "official");
- paraphrases: the drafted span overlaps a hand-annotated attributed statement
  (fixtures/drafting/paraphrases.json) and the source is right, as for quotes;
- figures: the drafted span overlaps a curated figure and value, qualifier (synonyms
  such as "around"/"about" count as one) and the thing counted (its head noun) are
  right. A drafted figure that no curator listed is right only when it is one of the
  true figures judged in fixtures/drafting/figures_extra.json.

Precision = right drafts / all drafts; recall = curated items drafted right / curated
items. ``make eval-drafting`` and every test run print the table.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from quizapp.evidence.drafting import (
    SOURCE_NOUNS,
    DraftClaim,
    DraftFigure,
    People,
    draft_claims,
    draft_figures,
)
from quizapp.models import Article, Claim, Figure, Person

TARGETS = {
    "quotes": (0.90, 0.85),
    "paraphrases": (0.80, 0.70),
    "figures": (0.90, 0.85),
}


def gold_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "drafting"


def _gold(name: str) -> list[dict]:
    path = gold_dir() / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))[name]


@dataclass
class Score:
    drafted: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.drafted if self.drafted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def add(self, other: "Score") -> None:
        self.drafted += other.drafted
        self.right += other.right
        self.gold += other.gold
        self.found += other.found
        self.misses += other.misses
        self.wrong += other.wrong


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip(" .,;:\"'").lower()


def singular(word: str) -> str:
    word = word.lower().strip(".,;:’'\"")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def source_head(text: str) -> str:
    """The kind of an unnamed source: "A senior U.S. official" → "official"."""
    text = re.split(r"\b(?:who|that|which|familiar|briefed|speaking)\b|,|\(", text)[0]
    nouns = SOURCE_NOUNS.findall(text)
    if nouns:
        return singular(nouns[-1])
    words = re.findall(r"[\w.’'-]+", text)
    return singular(words[-1]) if words else ""


def names_of(person) -> set[str]:
    return {n.lower() for n in [person.name, *person.aliases] if n}


def same_speaker(draft_speaker, draft_text: str, key: str | None, gold_text: str, persons) -> bool:
    """``key``: a person key in the table, "name:<as written>" for someone (or some body)
    the table does not know, or None for an unnamed source described by ``gold_text``."""
    if key and key.startswith("name:"):
        return draft_speaker is not None and key[5:].lower() in names_of(draft_speaker)
    if key:
        if draft_speaker is None:
            return False
        if draft_speaker.pk is not None:
            return draft_speaker.key == key
        # A proposed person is right when the name as written is one of theirs.
        return draft_speaker.name.lower() in names_of(persons[key])
    return draft_speaker is None and source_head(draft_text) == source_head(gold_text)


def same_quote(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.8 * len(long)


def span(passage_text: str, words: str) -> tuple[int, int] | None:
    at = passage_text.find(words)
    return (at, at + len(words)) if at >= 0 else None


def overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def score_quotes(drafts: list[DraftClaim], gold: list[dict], persons) -> Score:
    """``gold``: {"quote", "speaker" (key, "name:…" or None), "source", and optionally
    "passage" (a passage id the drafted quote must be in)}."""
    score = Score(gold=len(gold))
    quotes = [d for d in drafts if d.kind == Claim.Kind.QUOTE]
    score.drafted = len(quotes)

    def right(d, g):
        return (
            g.get("passage") in (None, d.passage.pk)
            and same_quote(d.quote, g["quote"])
            and same_speaker(d.speaker, d.speaker_text, g["speaker"], g["source"], persons)
        )

    for d in quotes:
        if any(right(d, g) for g in gold):
            score.right += 1
        else:
            score.wrong.append(f"{d.passage.reference}: “{d.quote[:60]}” — {d.speaker_text}")
    for g in gold:
        if any(right(d, g) for d in quotes):
            score.found += 1
        else:
            score.misses.append(f"{g.get('where', '')}“{g['quote'][:60]}” — {g['source']}")
    return score


def curated_quotes(claims: list[Claim]) -> list[dict]:
    return [
        {
            "quote": c.quote,
            "speaker": c.speaker.key if c.speaker_id else None,
            "source": c.speaker_text,
            "passage": c.passage_id,
            "where": f"{c.passage.reference}: ",
        }
        for c in claims
    ]


def score_paraphrases(drafts: list[DraftClaim], gold: list[dict], passages, persons) -> Score:
    score = Score(gold=len(gold))
    paraphrases = [d for d in drafts if d.kind == Claim.Kind.PARAPHRASE]
    score.drafted = len(paraphrases)
    located = []
    for g in gold:
        where = next((p for p in passages if g["statement"] in p.text), None)
        located.append((g, where, span(where.text, g["statement"]) if where else None))

    def right(d, g, where, g_span):
        return (
            where is not None
            and d.passage.pk == where.pk
            and overlaps(span(d.passage.text, d.quote), g_span)
            and same_speaker(d.speaker, d.speaker_text, g["speaker"], g["source"], persons)
        )

    for d in paraphrases:
        if any(right(d, *item) for item in located):
            score.right += 1
        else:
            score.wrong.append(f"{d.passage.reference}: {d.speaker_text} → “{d.quote[:70]}”")
    for item in located:
        if any(right(d, *item) for d in paraphrases):
            score.found += 1
        else:
            g = item[0]
            score.misses.append(f"{g['article']}: {g['source']} → “{g['statement'][:70]}”")
    return score


QUALIFIER_GROUPS = {
    "about": (
        "about",
        "around",
        "roughly",
        "approximately",
        "some",
        "or so",
        "an estimated",
        "estimated",
    ),
    "nearly": ("nearly", "almost", "close to", "just under"),
    "more than": ("more than", "over", "well over", "just over"),
    "at least": ("at least",),
    "up to": ("up to", "as many as", "at most"),
    "fewer than": ("fewer than", "less than", "under"),
    "between": ("between",),
}


def qualifier_norm(text: str) -> str:
    text = (text or "").lower()
    for name, words in QUALIFIER_GROUPS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            return name
    return ""


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)


def counted_right(draft_label: str, gold_label: str) -> bool:
    draft_label, gold_label = (
        re.sub(r"(?i)\bper cent\b", "percent", t) for t in (draft_label, gold_label)
    )
    words = re.findall(r"[\w’'-]+", draft_label)
    if not words:
        return False
    head = singular(words[-1])
    return head in {singular(w) for w in re.findall(r"[\w’'-]+", gold_label)}


def score_figures(drafts: list[DraftFigure], gold: list[dict], also_right: list[dict]) -> Score:
    """Figures as dicts {"quote", "value", "qualifier", "counted", optional "passage" id}:
    recall over ``gold``; a draft matching ``also_right`` (true figures nobody asked
    for) counts as right for precision."""
    score = Score(gold=len(gold), drafted=len(drafts))

    def matches(d, g):
        return (
            g.get("passage") in (None, d.passage.pk)
            and g["quote"] in d.passage.text
            and overlaps(span(d.passage.text, d.quote), span(d.passage.text, g["quote"]))
            and same_value(d.value, None if g["value"] is None else Decimal(str(g["value"])))
            and qualifier_norm(d.qualifier) == qualifier_norm(g.get("qualifier", ""))
            and counted_right(d.measure_label, g["counted"])
        )

    for d in drafts:
        if any(matches(d, g) for g in [*gold, *also_right]):
            score.right += 1
        else:
            score.wrong.append(
                f"{d.passage.reference}: “{d.quote[:50]}” = {d.qualifier} {d.value} "
                f"({d.value_text}) of {d.measure_label}"
            )
    for g in gold:
        if any(matches(d, g) for d in drafts):
            score.found += 1
        else:
            score.misses.append(
                f"{g.get('where', '')}“{g['quote'][:50]}” = {g['qualifier']} {g['value']} "
                f"of {g['counted']}"
            )
    return score


def curated_figures(figures: list[Figure]) -> list[dict]:
    return [
        {
            "quote": f.quote,
            "passage": f.passage_id,
            "value": f.value,
            "qualifier": f.qualifier,
            # what is counted, in the curator's words; the unit of a length of time is
            # in the number as written ("two weeks")
            "counted": f"{f.measure_label} {f.value_text}",
            "where": f"{f.passage.reference}: ",
        }
        for f in figures
    ]


@dataclass
class Report:
    scores: dict  # kind -> Score
    per_article: dict  # slug -> {kind: Score}

    def meets_targets(self) -> bool:
        return all(
            self.scores[kind].precision >= p and self.scores[kind].recall >= r
            for kind, (p, r) in TARGETS.items()
        )

    def table(self) -> list[str]:
        lines = [
            f"{'kind':<12} {'precision':>9} {'recall':>7}  {'right/drafted':>13} {'found/gold':>10}  target P/R",
        ]
        for kind, (p, r) in TARGETS.items():
            s = self.scores[kind]
            ok = "ok" if s.precision >= p and s.recall >= r else "BELOW TARGET"
            lines.append(
                f"{kind:<12} {s.precision:>9.0%} {s.recall:>7.0%}  {s.right:>6}/{s.drafted:<6} "
                f"{s.found:>4}/{s.gold:<5}  ≥{p:.0%}/≥{r:.0%} {ok}"
            )
        return lines


def evaluate() -> Report:
    """Leave-one-article-out drafting quality on the articles with curated evidence."""
    paraphrase_gold = _gold("paraphrases")
    figure_extra = _gold("figures_extra")
    persons = {p.key: p for p in Person.objects.all()}
    articles = [
        a
        for a in Article.objects.order_by("slug")
        if Claim.objects.filter(passage__article=a, origin="curated").exists()
    ]
    totals = {kind: Score() for kind in TARGETS}
    per_article = {}
    for article in articles:
        others = [a for a in articles if a.pk != article.pk]
        table = list(
            Person.objects.filter(
                claims__origin="curated", claims__passage__article__in=others
            ).distinct()
        )
        drafts = draft_claims(article, None, people=People.from_table(table))
        figures = draft_figures(article, drafts)
        curated_claims = list(
            Claim.objects.filter(passage__article=article, origin="curated").select_related(
                "speaker", "passage__article"
            )
        )
        curated = list(
            Figure.objects.filter(passage__article=article, origin="curated").select_related(
                "passage__article"
            )
        )
        passages = list(article.passages.order_by("position"))
        scores = {
            "quotes": score_quotes(drafts, curated_quotes(curated_claims), persons),
            "paraphrases": score_paraphrases(
                drafts,
                [g for g in paraphrase_gold if g["article"] == article.slug],
                passages,
                persons,
            ),
            "figures": score_figures(
                figures,
                curated_figures(curated),
                [e for e in figure_extra if e["article"] == article.slug],
            ),
        }
        per_article[article.slug] = scores
        for kind, score in scores.items():
            totals[kind].add(score)
    return Report(totals, per_article)


def heldout_dir() -> Path:
    return gold_dir() / "heldout"


def _heldout_article(path: Path, gold: dict):
    from quizapp.models import Outlet
    from quizapp.sources.corpus import article_import

    outlet = Outlet.objects.order_by("key").first()
    if outlet is None:
        outlet = Outlet.objects.create(key="heldout", name="Held-out test outlet")
    return article_import(
        path=path,
        text=path.read_text(encoding="utf-8"),
        outlet=outlet.key,
        headline=gold["headline"],
        published="2024-01-01",
        slug=f"heldout-{path.stem}"[:80],
        replace=True,
    )


def evaluate_heldout() -> Report:
    """Drafting on the short articles in fixtures/drafting/heldout (other events, written
    for the tests, with their own gold), with the whole people table. Creates the
    articles: run it inside a transaction that is rolled back."""
    persons = {p.key: p for p in Person.objects.all()}
    table = list(Person.objects.exclude(review="draft"))
    totals = {kind: Score() for kind in TARGETS}
    per_article = {}
    for path in sorted(heldout_dir().glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        article = _heldout_article(path, gold)
        passages = list(article.passages.order_by("position"))
        drafts = draft_claims(article, None, people=People.from_table(table))
        figures = draft_figures(article, drafts)
        scores = {
            "quotes": score_quotes(drafts, gold["quotes"], persons),
            "paraphrases": score_paraphrases(
                drafts,
                [{**g, "article": article.slug} for g in gold["paraphrases"]],
                passages,
                persons,
            ),
            "figures": score_figures(figures, gold["figures"], []),
        }
        per_article[article.slug] = scores
        for kind, score in scores.items():
            totals[kind].add(score)
    return Report(totals, per_article)
