"""Figures as ranges, and the numbers a corpus gives: shared by the figure questions,
find-the-evidence and compare coverage.

A figure is read as a range ("about 300" ≈ 225–375, "more than 100" > 100) so that a
wrong option is never a number the article's own figure would allow."""

import re
from decimal import Decimal

INFINITY = Decimal("1e9")


def value_range(qualifier: str, value: Decimal) -> tuple[Decimal, Decimal]:
    q = qualifier.strip().lower()
    if q in ("more than", "over", "at least"):
        return (value, INFINITY)
    if q in ("up to", "fewer than", "less than", "at most"):
        return (Decimal(0), value)
    if q in ("about", "around", "nearly", "some", "roughly", "a dozen or so"):
        return (value * Decimal("0.75"), value * Decimal("1.25"))
    return (value, value)


def overlaps(a, b) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


NUMBER_WORDS = {
    word: Decimal(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"dozen": Decimal(12), "hundred": Decimal(100)}
NUMBER = re.compile(r"\b(?:\d+|" + "|".join(NUMBER_WORDS) + r")\b")
DOZENS = re.compile(r"\b(\w+) dozen\b")


def numbers_in(text: str) -> set[Decimal]:
    """Every number a text gives, in digits or words ("two dozen" is 24)."""
    text = text.lower()
    numbers = {Decimal(n) if n.isdigit() else NUMBER_WORDS[n] for n in NUMBER.findall(text)}
    numbers.update(NUMBER_WORDS[m] * 12 for m in DOZENS.findall(text) if m in NUMBER_WORDS)
    return numbers


def numbers_in_corpus(bank) -> set[Decimal]:
    """Every number any article gives, so that "no article gives this number" is true of
    every made-up option. Read it once per build: ``EvidenceBank.corpus_numbers``."""
    numbers = {f.value for f in bank.figures if f.value is not None}
    for passages in bank.passages.values():
        for passage in passages:
            numbers |= numbers_in(passage.text)
    return numbers
