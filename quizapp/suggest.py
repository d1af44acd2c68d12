"""Suggested facts for a passage under coverage review, ranked by similarity.

A fact is known by its statement and by the words other articles used to report it.
A passage is compared with those texts by TF-IDF cosine similarity (scikit-learn;
rare words such as names and numbers weigh most), combined with rapidfuzz's token-set
ratio on content words and a bonus for shared numbers. The instructor decides; the
ranking only puts the likely facts first. ``leave_one_article_out`` measures it
against the curated links (printed in every test run).
"""

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

# Weights found by leave-one-article-out on the seed corpus (see tests/test_suggest.py).
BEST_QUOTE, JOINED, STATEMENT, FUZZY, PER_NUMBER = 0.3, 0.7, 0.2, 0.2, 0.05
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def content_words(text: str) -> str:
    words = (w.lower().strip("'’-") for w in WORD.findall(text))
    return " ".join(w for w in words if w and w not in ENGLISH_STOP_WORDS)


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


@dataclass
class Candidate:
    fact: object
    quotes: list  # how other articles reported it


def candidates_for(facts, *, excluding_article_id=None) -> list[Candidate]:
    """Facts (with prefetched citations and passages) as candidates, leaving out the
    reviewed article's own links: they are what the review decides."""
    out = []
    for fact in facts:
        quotes = [
            c.quote for c in fact.citations.all() if c.passage.article_id != excluding_article_id
        ]
        out.append(Candidate(fact, quotes))
    return out


class Suggester:
    """Ranks the candidates for any passage; the vocabulary comes from ``corpus`` (the
    story's passages), so words every article uses weigh little."""

    def __init__(self, candidates: list[Candidate], corpus: list[str]):
        self.candidates = candidates
        texts = [c.fact.statement for c in candidates]
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        self.vectorizer.fit(list(corpus) + texts)
        quotes = [q for c in candidates for q in c.quotes]
        self.owner = np.array([i for i, c in enumerate(candidates) for _ in c.quotes], dtype=int)
        self.quotes = self.vectorizer.transform(quotes) if quotes else None
        self.quote_words = [content_words(q) for q in quotes]
        self.joined = self.vectorizer.transform(
            [" ".join([c.fact.statement, *c.quotes]) for c in candidates]
        )
        self.statements = self.vectorizer.transform(texts)
        self.numbers = [numbers(" ".join([c.fact.statement, *c.quotes])) for c in candidates]

    def scores(self, text: str) -> np.ndarray:
        if not self.candidates:
            return np.zeros(0)
        vector = self.vectorizer.transform([text])
        result = JOINED * (self.joined @ vector.T).toarray().ravel()
        result += STATEMENT * (self.statements @ vector.T).toarray().ravel()
        if self.quotes is not None:
            best = np.zeros(len(self.candidates))
            np.maximum.at(best, self.owner, (self.quotes @ vector.T).toarray().ravel())
            result += BEST_QUOTE * best
            fuzzy = process.cdist(
                [content_words(text)], self.quote_words, scorer=fuzz.token_set_ratio
            )[0]
            best = np.zeros(len(self.candidates))
            np.maximum.at(best, self.owner, np.asarray(fuzzy, dtype=float) / 100)
            result += FUZZY * best
        own = numbers(text)
        result += PER_NUMBER * np.array([len(own & n) for n in self.numbers], dtype=float)
        return result

    def top(self, text: str, limit: int = 3) -> list:
        """The ``limit`` likeliest facts as (fact, score), best first (ties by key)."""
        scores = self.scores(text)
        order = sorted(
            range(len(self.candidates)),
            key=lambda i: (-scores[i], self.candidates[i].fact.key),
        )
        return [(self.candidates[i].fact, float(scores[i])) for i in order[:limit]]


def leave_one_article_out(articles, facts, corpus: list[str]) -> dict:
    """For each article, hide its own fact links, suggest facts for each of its linked
    reporting passages, and compare with the curation.

    recall@3: share of curated links found in the top 3 of their passage (a passage
    with more than 3 facts counts 3); precision@1: share of passages whose first
    suggestion is one of its facts. Only facts another article also reports count:
    a fact only the hidden article reports cannot be suggested from the others."""
    links = {}
    for fact in facts:
        for c in fact.citations.all():
            links.setdefault(c.passage, set()).add(fact.key)
    found = total = first_right = passages = 0
    for article in articles:
        candidates = [
            c
            for c in candidates_for(facts, excluding_article_id=article.id)
            if c.quotes  # known from another article
        ]
        suggester = Suggester(candidates, corpus)
        known = {c.fact.key for c in candidates}
        for passage, keys in links.items():
            if passage.article_id != article.id or passage.kind != "reporting":
                continue
            keys = keys & known
            if not keys:
                continue
            top = [fact.key for fact, _ in suggester.top(passage.text, 3)]
            found += len(keys & set(top))
            total += min(len(keys), 3)
            first_right += top[0] in keys
            passages += 1
    return {
        "recall_at_3": found / total if total else 0.0,
        "precision_at_1": first_right / passages if passages else 0.0,
        "links": total,
        "passages": passages,
    }
