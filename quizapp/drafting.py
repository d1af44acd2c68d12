"""Drafting evidence from a newly imported article: quotations with the speaker the
sentence attributes them to, and numbers with their qualifiers.

Drafts are saved with ``review=draft``: generators ignore them until an instructor
confirms (or corrects) them in admin. The heuristics are deliberately simple and
their precision and recall against the curated corpus are measured in the tests.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from .models import Article, Claim, Figure, Passage, Person, Review
from .models.evidence import Origin

QUOTE_RE = re.compile(r"“([^”]{2,600})”|\"([^\"]{2,600})\"")
VERBS = (
    r"(?:said|says|saying|added|adds|told|tells|wrote|declared|clarified|noted|warned|"
    r"stressed|insisted|argued|declared|confirmed)"
)
WORD = r"[\w.’'-]+"
WHO = rf"(?P<who>(?:[A-Z][\w.’'-]*|the|a|an|one|two|three|several|another|senior|this|he|she|they)(?:,?\s{WORD}){{0,12}}?)"
AFTER_SAID_WHO = re.compile(
    rf"^\W{{0,3}}\s*{VERBS}\s+{WHO}\s*(?:[,.;]|$|\s(?:in|on|at|during|after)\b)"
)
AFTER_WHO_SAID = re.compile(rf"^\W{{0,3}}\s*{WHO},?\s+{VERBS}\b")
BEFORE = re.compile(rf"{WHO},?\s+{VERBS}\b")
ACCORDING = re.compile(
    r"according to (?P<who>(?:a|an|the|two|another)?\s*[\w .’'-]{3,60}?)(?=[,.]|$)", re.IGNORECASE
)
PRONOUNS = {"he", "she", "they", "this person"}
UNNAMED = re.compile(
    r"\bofficials?\b|\badministration\b|\bspokes(?:person|man|woman)\b(?!\s+[A-Z])", re.IGNORECASE
)

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|"
    "hundreds|three dozen|several|a few"
)
FIGURE_RE = re.compile(
    rf"(?P<qualifier>about|more than|nearly|up to|at least|some|around|only|over|fewer than|roughly)?\s*"
    rf"(?P<value>\d[\d,]*|{NUMBER_WORDS})\s+"
    r"(?P<thing>(?:[\w-]+\s){0,3}?(?:drones?|missiles?|ballistic missiles|cruise missiles|officers|members|"
    r"generals|commanders|people|destroyers|hours|minutes|days|weeks|months))\b",
    re.IGNORECASE,
)
WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "three dozen": 36,
}  # fmt: skip


@dataclass
class DraftClaim:
    passage: Passage
    quote: str
    speaker: Person | None
    speaker_text: str


def person_for(who: str, persons) -> Person | None:
    """The person (or body) whose longest alias occurs in the description; none for a
    description of an unnamed official ("the Biden senior administration official")."""
    if UNNAMED.search(who) and not re.search(r"spokes\w+\s+[A-Z]", who):
        return None
    best = None
    for person in persons:
        for alias in [person.name, *person.aliases]:
            if (
                alias
                and re.search(rf"\b{re.escape(alias)}\b", who)
                and (best is None or len(alias) > best[0])
            ):
                best = (len(alias), person)
    return best[1] if best else None


def clean_who(who: str) -> str:
    who = re.sub(r"\s+", " ", who).strip(' ,.:;“”"')
    return re.sub(r"^(?:and|but|while)\s+", "", who, flags=re.IGNORECASE)


def speaker_of(passage_text: str, start: int, end: int) -> str:
    """The words that attribute the quotation at [start, end) to someone, or ''."""
    after = passage_text[end : end + 200]
    for pattern in (AFTER_SAID_WHO, AFTER_WHO_SAID):
        if match := pattern.search(after):
            return clean_who(match.group("who"))
    before = passage_text[max(0, start - 300) : start]
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“])", before)[-1]
    found = list(BEFORE.finditer(sentence))
    if found:
        return clean_who(found[-1].group("who"))
    if match := ACCORDING.search(passage_text):
        return clean_who(match.group("who"))
    return ""


def mentions(text: str, persons) -> list[tuple[int, Person]]:
    """Where persons and bodies are named in a text, in order."""
    found = []
    for person in persons:
        for alias in {person.name, *person.aliases}:
            found += [(m.start(), person) for m in re.finditer(rf"\b{re.escape(alias)}\b", text)]
    return sorted(found, key=lambda item: item[0])


def remember(last: dict, person: Person) -> None:
    """Keep the last person named, and the last group of people ("G7 leaders") for "they"."""
    if person.kind == Person.Kind.PERSON:
        last["person"] = person
    elif re.search(
        r"(?:leaders|members|officials|ministers)\b", " ".join([person.name, *person.aliases])
    ):
        last["group"] = person


def draft_claims(article: Article, persons) -> list[DraftClaim]:
    """Each quotation with the speaker its sentence names; "he" and "they" resolve to the
    person or body last named before it; an unnamed official stays unnamed."""
    drafts = []
    last = {"person": None, "group": None}
    last_quoted = None
    for passage in article.passages.exclude(kind=Passage.Kind.CAPTION).order_by("position"):
        named = mentions(passage.text, persons)
        cursor = 0
        for match in QUOTE_RE.finditer(passage.text):
            for position, person in named:
                if cursor <= position < match.start():
                    remember(last, person)
            cursor = match.start()
            quote = (match.group(1) or match.group(2)).strip(" ,.")
            if not quote or quote not in passage.text:
                continue
            who = speaker_of(passage.text, match.start(), match.end())
            if who.lower() in PRONOUNS:
                kind = "group" if who.lower() == "they" else "person"
                speaker = last[kind] or last["person"]
                who = speaker.name if speaker else who
            elif who:
                speaker = person_for(who, persons)
            elif last_quoted:
                speaker, who = last_quoted
            else:
                speaker = None
            if who:
                last_quoted = (speaker, who)
            drafts.append(DraftClaim(passage, quote, speaker, who))
        for position, person in named:
            if position >= cursor:
                remember(last, person)
    return drafts


def draft_figures(article: Article) -> list[dict]:
    figures = []
    for passage in article.passages.filter(kind=Passage.Kind.REPORTING).order_by("position"):
        for match in FIGURE_RE.finditer(passage.text):
            raw = match.group("value")
            value = int(raw.replace(",", "")) if raw[0].isdigit() else WORD_VALUES.get(raw.lower())
            quote = match.group(0).strip()
            figures.append(
                {
                    "passage": passage,
                    "quote": quote,
                    "qualifier": (match.group("qualifier") or "").lower(),
                    "value": value,
                    "value_text": raw,
                    "measure": re.sub(r"\W+", "_", match.group("thing").lower()).strip("_")[:60],
                    "measure_label": match.group("thing").lower(),
                }
            )
    return figures


def draft_key_prefix(article: Article) -> str:
    """Unique per article whatever the slug's length (the id makes it so); short enough
    that a key stays within 80 characters for any article of a few hundred passages."""
    return f"draft-{article.slug[:40].rstrip('-')}-{article.pk}"


@transaction.atomic
def evidence_draft(*, article: Article) -> dict[str, int]:
    """Replace this article's unconfirmed drafts with fresh ones from its text."""
    persons = list(Person.objects.all())
    Claim.objects.filter(
        passage__article=article, origin=Origin.DRAFTED, review=Review.DRAFT
    ).delete()
    Figure.objects.filter(
        passage__article=article, origin=Origin.DRAFTED, review=Review.DRAFT
    ).delete()
    claims = draft_claims(article, persons)
    taken = set(Claim.objects.values_list("key", flat=True))
    created = 0
    for number, draft in enumerate(claims, start=1):
        key = f"{draft_key_prefix(article)}-{draft.passage.position}-{number}"
        if key in taken:
            continue
        Claim.objects.create(
            key=key,
            passage=draft.passage,
            quote=draft.quote,
            speaker=draft.speaker,
            speaker_text=draft.speaker_text or "(speaker not found — please fill in)",
            sourcing=(
                Claim.Sourcing.ON_RECORD
                if draft.speaker and draft.speaker.kind == Person.Kind.PERSON
                else Claim.Sourcing.UNNAMED_OFFICIAL
                if "official" in draft.speaker_text.lower()
                else Claim.Sourcing.OFFICIAL_STATEMENT
            ),
            review=Review.DRAFT,
            origin=Origin.DRAFTED,
        )
        created += 1
    figures = 0
    for number, row in enumerate(draft_figures(article), start=1):
        key = f"{draft_key_prefix(article)}-n{row['passage'].position}-{number}"
        Figure.objects.update_or_create(
            key=key,
            defaults={
                **{
                    k: row[k]
                    for k in (
                        "passage",
                        "quote",
                        "qualifier",
                        "value",
                        "value_text",
                        "measure",
                        "measure_label",
                    )
                },
                "review": Review.DRAFT,
                "origin": Origin.DRAFTED,
            },
        )
        figures += 1
    return {"claims": created, "figures": figures}
