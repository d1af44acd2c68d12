"""Drafting figures: numbers in digits or words, ranges and vague quantities, with what they count and who gave them."""

import re
from decimal import Decimal

from text_to_num import text2num

from quizapp.evidence.drafting.claims import DraftClaim, DraftFigure, _passages
from quizapp.evidence.drafting.spans import (
    sentences,
)
from quizapp.evidence.drafting.speakers import SPEECH_VERBS
from quizapp.models import Article, Claim

# --------------------------------------------------------------------------- figures

UNITS = r"(?:second|minute|hour|day|week|month|year|decade|mile|kilometer|kilometre|km|meter|metre|foot|feet|inch|ton|tonne|point|percent|per cent|pound|kilogram|kg|acre|story|storey|page)"
NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    "seventy|eighty|ninety|hundred|thousand|million|billion"
)
WORD_NUMBER = rf"(?:{NUMBER_WORDS})(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-])(?:{NUMBER_WORDS}))*"
WORD_SIMPLE = rf"(?:{NUMBER_WORDS})(?:[\s-](?:{NUMBER_WORDS}))*"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"(?:\s+(?:million|billion|thousand|trillion))"
QUALIFIERS = (
    r"about|around|roughly|approximately|some|nearly|almost|close to|just under|just over|"
    r"more than|over|at least|up to|as many as|as few as|fewer than|less than|at most|"
    r"under|only|just|an estimated|estimated|a total of|well over"
)
VAGUE = (
    r"(?:hundreds|tens) of (?:thousands|millions)|(?:several|a few|many)\s+(?:hundred|thousand|million|dozen)|dozens|hundreds|thousands|millions|billions|scores|several|a few|few|a handful of|"
    r"many|most|the majority|a majority|nearly all|almost all|half|a third|two-thirds|"
    r"a quarter|none"
)
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
FIGURE_RE = re.compile(
    rf"(?<![\w$€£.,:/-])(?:(?P<qualifier>{QUALIFIERS})\s+)?(?P<currency>[$€£](?=\d))?"
    rf"(?P<value>"
    rf"(?P<range>between\s+(?:{DIGITS}|{WORD_SIMPLE})\s+and\s+(?:{DIGITS}|{WORD_SIMPLE})"
    rf"|(?:{DIGITS}|{WORD_SIMPLE})\s*(?:–|to)\s*(?:{DIGITS}|{WORD_SIMPLE})|(?:{DIGITS})-(?:{DIGITS}))"
    rf"|(?P<dozen>(?:a|{WORD_NUMBER}|\d+)\s+dozen(?:\s+or\s+so)?)"
    rf"|(?P<vague>{VAGUE})"
    rf"|(?P<digits>(?:{DIGITS}){SCALE}?)"
    rf"|(?P<words>{WORD_NUMBER}(?:[\s-]and[\s-]a[\s-]half)?)"
    rf"|(?P<a_unit>an?)(?=\s+(?!second\b){UNITS}s?\b)"
    rf")(?P<percent>\s*(?:%|percent\b|per cent\b))?"
    rf"(?![\w]|[.,]\d|:\d)",
    re.IGNORECASE,
)
STOP = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "with", "by", "that",
    "which", "who", "were", "was", "is", "are", "had", "have", "has", "been", "be", "will",
    "would", "could", "can", "may", "might", "must", "should", "or", "but", "as", "than",
    "into", "onto", "over", "under", "after", "before", "during", "while", "when", "where",
    "if", "so", "not", "no", "it", "they", "he", "she", "we", "this", "these", "those",
    "their", "its", "his", "her", "our", "your", "my", "there", "here", "said", "says",
    "say", "told", "then", "also", "more", "less", "times", "each", "per", "against",
    "across", "through", "about", "around", "and", "including", "such", "like", "since",
    "until", "ago", "earlier", "later", "beforehand", "away", "apart", "too", "out", "up",
    "down", "off", "back", "both", "all", "some", "any", "only", "just", "even", "still",
    "among", "between", "because", "what", "how", "why", "did", "do", "does", "either",
    "neither", "whether", "already", "now", "again", "instead", "alone", "together",
    "near", "behind", "beside", "outside", "inside", "without", "within", "toward", "towards",
    "along", "amid", "despite", "via", "upon", "unlike", "beyond", "below", "above",
    "short", "ahead", "higher", "lower", "fewer", "older", "younger",
}  # fmt: skip
MAX_VALUE = Decimal(10) ** 10  # Figure.value is DECIMAL(12, 2)
PRONOUN_HEADS = {"them", "those", "these", "it", "which", "whom"}
SOURCE_HEADS = re.compile(r"^(?:officials?|sources?|diplomats?|aides?|advis[eo]rs?)$")


def _number_value(match) -> tuple[Decimal | None, str, str]:
    """(value, value_text, vague qualifier) of a FIGURE_RE match."""
    raw = match.group("value")
    low = raw.lower()
    if match.group("vague"):
        if low == "none":
            return Decimal(0), raw, ""
        if low in ("nearly all", "almost all"):
            return None, "all", low.split()[0]
        return None, raw, ""
    if match.group("a_unit"):
        return Decimal(1), raw, ""
    if match.group("range"):
        return None, raw, "between"
    if match.group("dozen"):
        head = re.match(r"(.+?)\s+dozen", low).group(1)
        count = 1 if head in ("a", "an") else _words_or_digits(head)
        value = None if count is None else Decimal(count) * 12
        return value, raw, "about" if low.endswith("or so") else ""
    if match.group("digits"):
        number, *scale = low.split()
        value = Decimal(number.replace(",", ""))
        if scale:
            value *= {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}[
                scale[0]
            ]
        return value, raw, ""
    half = re.search(r"[\s-]and[\s-]a[\s-]half$", low)
    words = low[: half.start()] if half else low
    count = _words_or_digits(words)
    if count is None:
        return None, raw, ""
    return Decimal(count) + (Decimal("0.5") if half else 0), raw, ""


def _words_or_digits(text: str) -> int | None:
    text = text.strip()
    if text.isdecimal():
        return int(text)
    try:
        return text2num(text.replace(" and ", " "), "en")
    except ValueError:
        try:
            return text2num(text, "en")
        except ValueError:
            return None


def _not_a_figure(text: str, start: int, end: int, match) -> bool:
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    raw = match.group("value").lower()
    if re.match(
        r"[-\s]+(?:years?|months?|weeks?|days?)[-\s]+old\b|-year-old|\s+years?\s+old", after
    ):
        return True  # an age
    if re.search(r"\baged\s+$", before) or (
        re.search(r"[A-Z][\w’'-]+,\s*$", before) and re.match(r",", after) and match.group("digits")
    ):
        return True  # "Maria Delgado, 52, who …": an age
    if re.match(
        r"\s*(?::\d|[ap]\.?m\.?\b|o’clock|o'clock|GMT|UTC|EST|EDT|ET\b)", after, re.IGNORECASE
    ):
        return True  # a time of day
    if (
        re.search(rf"{MONTHS}\s+$", before)
        or re.match(rf"\s*(?:st|nd|rd|th)?\s*,?\s*{MONTHS}", after)
        and match.group("digits")
    ):
        return True  # a date
    if (
        match.group("digits")
        and re.fullmatch(r"(?:1[89]|20)\d\d", raw)
        and not re.match(r"\s+(?:[a-z]+\s+){0,2}[a-z]+s\b", after)
    ):
        return True  # a year
    if re.match(r"(?:st|nd|rd|th)\b", after):
        return True  # an ordinal
    if re.match(r"-(?!(?:and-a-half-)?" + UNITS + r"s?\b)[a-z]", after, re.IGNORECASE):
        return True  # "one-way", "two-state": not a count
    if match.group("a_unit") and re.search(
        r"(?:\d|[a-z]s|million|billion|thousand|times|twice|once|percent|cent)\s+$", before
    ):
        return True  # "85,000 patients a year", "$18 million a year": a rate, not a length
    if raw in {"hundred", "thousand", "million", "billion"}:
        return True  # "$45 million" is read whole; a bare scale word counts nothing
    if raw == "one" and re.match(r"\s+(?:of|another|day|side|way|thing|more|another)\b", after):
        return True  # "one of the …", "one day"
    prev = re.search(r"([\w.’']+)\s+$", before)
    if (
        match.group("digits")
        and prev
        and re.match(r"[A-Z]", prev.group(1))
        and not match.group("qualifier")
    ):
        start_of_sentence = re.search(r"(?:^|[.!?]\s+|[“\"]\s*)([\w.’']+)\s+$", before)
        if not (start_of_sentence and start_of_sentence.group(1) == prev.group(1)):
            return True  # "Resolution 2231", "Route 6", "Boeing 737"
    if raw in {
        "most",
        "many",
        "few",
        "half",
        "a third",
        "a quarter",
        "two-thirds",
        "the majority",
        "a majority",
    }:
        return not re.match(r"\s+of\b|\s+(?:that|who|which)\b", after) and raw not in {
            "a few",
            "many",
            "few",
        }
    return bool(raw == "none" and not re.match(r"\s+of\b", after))


def _noun_phrase(text: str, position: int) -> tuple[str, int]:
    """The noun phrase counted, starting at ``position``: "relatively slow drones",
    "drones and missiles", "US Navy destroyers"; ('', position) when the noun is left out."""
    rest = text[position:]
    m = re.match(
        r"\s*(?:-|\s)?(?:of\s+(?:(?:the|these|those|its|their|his|her|our)\b(?!\s*(?:were|are|was|is|had|have)\b))?\s*)?",
        rest,
    )
    cursor = m.end()
    after_of = "of" in m.group(0)  # "of registered voters": an -ed word is an adjective here
    words = []
    for token in re.finditer(r"[\w’'-]+|[^\w\s]", rest[cursor:]):
        word = token.group(0)
        low = word.lower()
        if not re.match(r"[\w]", word):
            break
        if low in PRONOUN_HEADS:
            words.append((word, cursor + token.end()))
            break
        if low == "and" and words:
            nxt = re.match(r"\s*([\w’'-]+)(\s+[\w’'-]+)?", rest[cursor + token.end() :])
            if (
                nxt
                and not re.match(rf"\s+(?:\d|(?:{NUMBER_WORDS})\b)", nxt.group(2) or "", re.I)
                and nxt.group(1).lower() not in STOP
                and not nxt.group(1).endswith(("ed", "ing"))
                and not re.fullmatch(
                    rf"\d[\d,.]*|{NUMBER_WORDS}|several|dozens|hundreds|thousands|many|few|some",
                    nxt.group(1).lower(),
                )
                and words[-1][0].lower().endswith("s")
            ):
                words.append((word, cursor + token.end()))
                continue
            break
        if (
            low in STOP
            or (
                low.endswith("ed")
                and not after_of
                and not re.match(r"[A-Z]", word)
                and low
                not in {"armed", "unmanned", "guided", "crewed", "wounded", "injured", "killed"}
                # "1,142 confirmed infections": an -ed word before a plural noun describes it
                and not re.match(r"\s+[a-z][\w-]*[^s’'u]s\b", rest[cursor + token.end() :])
            )
        ):
            break
        if low.endswith("ing") and words and low not in {"building", "buildings"}:
            break
        words.append((word, cursor + token.end()))
        if len(words) >= 6:
            break
        if re.fullmatch(r"[a-z][\w’'-]*[^s’'u]s", word) and not re.match(
            r"\s+and\s", rest[cursor + token.end() :]
        ):
            break  # the head noun: "Dozens of residents spent …" counts residents
    while words and words[-1][0].lower() in {"and"}:
        words.pop()
    if not words:
        return "", position
    phrase = rest[cursor : words[-1][1]].strip()
    return phrase, position + words[-1][1]


def _antecedent(text: str, before: int) -> str:
    """The last plural noun (with its adjective) before ``before``: what "110 of them"
    or "Only 75 entered" count."""
    candidates = list(re.finditer(r"\b(?:([a-z][\w-]+)\s+)?([a-z][\w-]{2,}s)\b", text[:before]))
    for m in reversed(candidates):
        noun = m.group(2)
        if (
            noun in STOP
            or noun.endswith(("ss", "us", "is"))
            or noun in {"was", "has", "does", "its", "this", "his", "as"}
        ):
            continue
        adjective = m.group(1)
        if adjective and adjective not in STOP and not adjective.endswith(("ed", "ly")):
            return f"{adjective} {noun}"
        return noun
    return ""


def draft_figures(article: Article, claims: list[DraftClaim] | None = None) -> list[DraftFigure]:
    """Numbers with their qualifier, what they count and who gave them."""
    figures = []
    sources = {}
    for claim in claims or []:
        sources.setdefault(claim.passage.position, []).append(claim)
    previous_text = ""
    for passage in _passages(article):
        text = passage.text
        spans = sentences(text)
        for match in FIGURE_RE.finditer(text):
            start, end = match.start(), match.end()
            if _not_a_figure(text, match.start("value"), match.end("value"), match):
                continue
            value, value_text, implied = _number_value(match)
            qualifier = (match.group("qualifier") or "").lower()
            qualifier = qualifier or implied
            if match.group("qualifier") in ("only", "just") or qualifier in ("only", "just"):
                qualifier = ""
            if match.group("percent"):
                value_text = text[match.start("value") : end].strip()
            phrase, phrase_end = _noun_phrase(text, end)
            if unit := re.match(rf"-({UNITS})s?\b", text[end:], re.IGNORECASE):
                # "a 72-hour heads-up", "a three-day visit": a length of time or distance
                phrase, phrase_end = unit.group(1).lower() + "s", end + unit.end()
            elif match.group("a_unit"):
                unit = re.match(rf"\s+({UNITS})", text[end:], re.IGNORECASE)
                phrase, phrase_end = unit.group(1).lower(), end + unit.end()  # "an hour’s drive"
            head = phrase.split()[-1].lower() if phrase else ""
            if not match.group("currency") and re.match(
                r"\s+(?:short|ahead|behind|apart|higher|lower|fewer|more|less)\b", text[end:]
            ):
                continue  # "nine short of a majority": a difference, its unit left unsaid
            if match.group("value").lower() == "one" and (not phrase or head in PRONOUN_HEADS):
                continue  # "if one that did minimal damage": a pronoun, not a count
            if not phrase and qualifier in {"under", "over"}:
                continue  # "children under five": an age limit
            if match.group("value").lower() == "one" and re.match(
                rf"[^.;]{{0,80}}?\b(?:{SPEECH_VERBS})\b", text[phrase_end:]
            ):
                continue  # "One hospital trust, which asked not to be named, said": a source
            sentence = next(((a, b) for a, b in spans if a <= start < b), (0, len(text)))
            if match.group("currency") and (not phrase or head in PRONOUN_HEADS):
                phrase = {"$": "dollars", "€": "euros", "£": "pounds"}[match.group("currency")]
                phrase_end, head = end, phrase
            if match.group("percent") and (not phrase or head in PRONOUN_HEADS):
                # "rates went up 99 percent" measures rates; "has offered 2 percent", itself
                rose = re.search(
                    r"\b([a-z][\w-]*[^s’'u]s)\b[^.;,]{0,40}?\s(?:have\s+|has\s+|had\s+)?(?:go|goes|"
                    r"went|gone|rose|rise|risen|rises|fell|fall|fallen|falls|increased|decreased|"
                    r"grew|grown|dropped|jumped|climbed|soared|declined|surged|slumped)"
                    r"(?:\s+(?:up|down|by|to|from))?\s+$",
                    text[sentence[0] : start],
                )
                was = re.search(
                    r"\b([A-Za-z][\w-]+)\s+(?:was|is|were|are|stood at|reached|hit)\s+(?:about\s+|nearly\s+)?$",
                    text[sentence[0] : start],
                )
                since = re.search(
                    r"\b(?:up|down) from\s+$|\bcompared with\s+$", text[sentence[0] : start]
                )
                if rose:
                    phrase = head = rose.group(1)
                elif was and was.group(1).lower() not in STOP:
                    phrase = head = was.group(1).lower()  # "Turnout was 67.3 percent"
                elif (
                    since
                    and figures
                    and figures[-1].passage == passage
                    and figures[-1].measure_label
                ):
                    phrase = head = figures[-1].measure_label  # "…, up from 58 percent"
                else:
                    phrase = head = "percent"
            if (
                not phrase
                and match.group("vague")
                and not re.match(r"\s+(?:of|that|who|which)\b", text[end:])
            ):
                continue  # "forces thousands from homes": nothing said about what is counted
            if not phrase or head in PRONOUN_HEADS:
                phrase = (
                    _antecedent(text[sentence[0] : start], start - sentence[0])
                    or _antecedent(text, sentence[0])
                    or _antecedent(previous_text, len(previous_text))
                )
                if not phrase:
                    continue
            if match.group("vague") and not re.match(
                r"\s+(?:of\b|that\b|who\b|which\b|[\w’'-]+)", text[end:]
            ):
                continue
            if (SOURCE_HEADS.match(head) or re.match(r"\s+familiar\b", text[phrase_end:])) and (
                re.match(rf"[^.,;]{{0,40}}?\b(?:{SPEECH_VERBS})\b", text[phrase_end:])
                or re.search(r"\baccording to\s+$", text[max(0, start - 20) : start], re.I)
            ):
                continue  # "two Israeli officials said": who the sources are, not a figure
            if match.group("vague") and re.match(r"\s+of\s+(?:whom|which)\b", text[end:]):
                continue  # "many of whom": a relative clause about something already counted
            if match.group("vague") and head in {"times", "time", "ways", "things"}:
                continue
            measure_label = phrase
            if match.group("percent") and phrase != "percent":
                measure_label = f"percent of {phrase}"
            quote = text[start:phrase_end].strip() if phrase_end > start else match.group(0).strip()
            attributed = ""
            for claim in sources.get(passage.position, []):
                at = text.find(claim.quote)
                if claim.kind == Claim.Kind.QUOTE:
                    # A number inside a quotation is the speaker's.
                    if at <= start < at + len(claim.quote):
                        attributed = claim.speaker_text
                    continue
                if (
                    claim.quote in text[sentence[0] : sentence[1]]
                    or text[sentence[0] : sentence[1]].strip() in claim.quote
                    or (
                        claim.quote
                        and text.find(claim.quote)
                        <= start
                        < text.find(claim.quote) + len(claim.quote)
                    )
                ):
                    attributed = claim.speaker_text
            if not attributed:
                nxt = next(((a, b) for a, b in spans if a >= sentence[1]), None)
                if nxt and (
                    m := re.fullmatch(
                        r"\s*According to ([^.;,]{3,160})\.?\s*", text[nxt[0] : nxt[1]]
                    )
                ):
                    attributed = m.group(1)
            note = ""
            if match.group("range"):
                note = f"A range: {value_text}."
            if value is not None and not (abs(value) < MAX_VALUE and value == round(value, 2)):
                value, note = None, f"{value_text}: beyond what a figure can store; see the text."
            figures.append(
                DraftFigure(
                    passage=passage,
                    quote=quote,
                    value=value,
                    value_text=value_text.strip()[:60],
                    qualifier=qualifier[:40],
                    measure_label=measure_label[:200],
                    attributed_to=attributed[:200],
                    note=note,
                )
            )
        previous_text = text
    return figures
