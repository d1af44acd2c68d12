"""Drafting evidence from a newly imported article, for an instructor to review.

Three kinds of drafts come out of an article's reporting passages and headlines:

- **quotes** — words in quotation marks, with the speaker the sentence (or, for "he
  said", the nearest earlier speaker or named person) attributes them to, and the
  sourcing category guessed from how the speaker is introduced;
- **paraphrases** — attributed statements without quotation marks ("According to X, …",
  "…, X said", "X told reporters that …"), saved as claims of kind paraphrase whose
  ``quote`` is the statement as the outlet words it;
- **figures** — numbers in digits or words, percentages, ranges and vague quantities,
  with the qualifier, the noun phrase counted and who gave the number.

A speaker who is not in the people table becomes a *proposed* person (review=draft,
the name as written): drafting never links a name to a different person.

Everything here is general text rules — no list of the seed articles' names or numbers
— and its precision and recall are measured leave-one-article-out by
``quizapp.drafting_eval`` in every test run and in ``make eval-drafting``.

Drafts are saved with ``review=draft``: generators ignore them until an instructor
confirms them. Re-drafting (``draft_evidence``, the admin action) replaces only drafts
nobody touched: a draft's key ends in a digest of what drafting wrote, so a draft an
instructor edited no longer matches its key and is kept, like confirmed and rejected
items.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from text_to_num import text2num

from .models import Article, Claim, Figure, Passage, Person, Review
from .models.evidence import Origin

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


# --------------------------------------------------------------------------- speakers

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|wrote|writes|declared|clarified|noted|notes|"
    "warned|warns|stressed|stresses|insisted|insists|argued|argues|confirmed|confirms|"
    "explained|replied|responded|acknowledged|admitted|announced|announces|claimed|claims|"
    "emphasized|emphasised|observed|posted|tweeted|remarked|recalled|cautioned|conceded|"
    "continued|estimated|estimate|estimates|reported|reports|described|describes|"
    "maintained|asserted|disclosed|revealed|denied|suggested|predicted|spoke of|speaks of"
)
# Verbs that attribute quoted words but do not introduce a reported statement.
QUOTE_VERBS = (
    rf"{SPEECH_VERBS}|saying|telling|adding|writing|condemned|condemns|expressed|expresses|"
    r"called for|calls for|urged|urges|pledged|pledges|vowed|vows|accused|accuses|"
    r"criticized|criticised|criticizes|praised|welcomed|demanded|demands|reaffirmed|asked"
)
VERB_RE = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
QUOTE_VERB_RE = re.compile(rf"\b(?:{QUOTE_VERBS})\b")
QUOTE_ONLY_VERBS = {"continued", "replied", "responded"}
ADVERBS = (
    r"(?:also|later|then|further|separately|previously|earlier|again|repeatedly|publicly|"
    r"privately|just|reportedly|initially|quickly|immediately|has|have|had|would|will|"
    r"did|does|once|first|only|both|afterward|afterwards|recently|simply|directly|"
    r"flatly|firmly|strongly|angrily|bluntly|openly|told\s+reporters)"
)
PRONOUNS = {"he", "she", "they", "we", "i", "this person", "him", "her", "them"}
SOURCE_NOUNS = re.compile(
    r"\b(?:officials?|spokes(?:person|man|woman|people|men|women)|sources?|diplomats?|aides?|"
    r"advis[eo]rs?|administration|government|ministry|military|army|police|report|reports|"
    r"statement|records?|documents?|analysts?|experts?|leaders?|president|minister|"
    r"secretary|commander|officer|agency|intelligence|command|council|department|office|"
    r"pentagon|kremlin|newspaper|news|site|outlet|broadcaster|witness(?:es)?|"
    r"residents?|people|person|authorities|prosecutors?|chief|director|"
    r"representative|ambassador|envoy|negotiators?|israelis|americans|iranians|"
    r"palestinians|ukrainians|russians|officers?|investigators?|researchers?|scientists?|"
    r"doctors?|medics?|rescuers?|firefighters?|survivors?|organizers?|lawmakers?|critics|"
    r"supporters|opponents|protesters|activists|observers|campaigners|economists|parents|"
    r"workers|voters|neighbou?rs|relatives|families|students|teachers|trust|nurses|"
    r"lawyers|attorneys|employees|staff|managers|executives|owners|farmers|drivers|pilots|"
    r"soldiers|troops|fighters|militants|rebels|villagers|locals|citizens|fans|players|"
    r"patients|"
    r"force|forces|navy|guard|service|services|company|firm|group|committee|union|board|"
    r"regulator|institute|hospital|cross|crescent|observatory|watchdog|monitor|city|town|"
    r"state|county|municipality|unions?|schools?|districts?|campaign|team|club|league|"
    r"commission|results|data|figures|polls?|survey|census|study|statistics|observers|"
    r"organi[sz]ation)\b",
    re.IGNORECASE,
)
UNNAMED = re.compile(
    r"\b(?:officials?|spokes(?:person|man|woman)|sources?|diplomats?|aides?|advis[eo]rs?|"
    r"people familiar|person familiar|administration|officers?|investigators?|witness(?:es)?|"
    r"residents?|analysts?|experts?|researchers?|doctors?|medics?|rescuers?|lawmakers?|"
    r"critics|supporters|opponents|protesters|activists|observers|campaigners|economists|"
    r"scientists|parents|workers|voters|neighbou?rs|relatives|families|students|teachers|"
    r"nurses|lawyers|attorneys|employees|staff|managers|executives|owners|farmers|drivers|"
    r"pilots|soldiers|troops|fighters|militants|rebels|villagers|locals|citizens|fans|"
    r"players|patients|survivors|protesters)\b",
    re.IGNORECASE,
)
ROLE_HEADS = {
    "president", "minister", "secretary", "senator", "spokesman", "spokesperson",
    "spokeswoman", "leader", "leaders", "commander", "general", "chancellor", "premier",
    "ambassador", "governor", "mayor", "envoy", "chief", "director", "chairman", "chair",
}  # fmt: skip
OUTLET = re.compile(
    r"\b(?:report|reports|reported|newspaper|news site|news agency|outlet|broadcaster|"
    r"Times|Post|Journal|Axios|Reuters|Associated Press|AP|AFP|CNN|BBC|NYT|Bloomberg|"
    r"Politico|Guardian|Haaretz|Al Jazeera|state media|state television|TV channel)\b"
)
DOCUMENT = re.compile(
    r"\b(?:copy of|proposal|emails?|text messages|minutes of|wrote|writes|posted|tweeted|on X|on Twitter|on Facebook|on Telegram|on Instagram|"
    r"on Truth Social|in a post|in a letter|letter|memo|records|documents?|filing|"
    r"court papers|transcript)\b"
)
STATEMENT = re.compile(r"\bstatement\b", re.IGNORECASE)
ANONYMOUS = re.compile(r"condition of anonymity|not authori[sz]ed to speak|declined to be named")

TITLE_WORDS = {
    "president", "prime", "minister", "secretary", "sen", "senator", "rep", "representative",
    "gov", "governor", "general", "gen", "adm", "admiral", "rear", "vice", "lt", "col",
    "colonel", "lieutenant", "maj", "major", "capt", "captain", "sgt", "sergeant", "dr",
    "mr", "mrs", "ms", "chief", "commander", "defense", "defence", "foreign", "state",
    "deputy", "national", "security", "adviser", "advisor", "spokesman", "spokesperson",
    "spokeswoman", "ambassador", "mayor", "judge", "justice", "pope", "king", "queen",
    "prince", "sheikh", "brig", "cmdr", "chancellor", "premier", "speaker", "leader",
    "house", "senate", "council", "commission", "european", "un", "us", "u.s", "uk",
    "executive", "director", "attorney", "interior", "finance", "health", "cabinet",
    "officer", "inspector", "superintendent", "professor", "prof", "rev", "father",
    "sister", "pastor", "rabbi", "imam", "ayatollah", "supreme", "chair", "chairman",
    "chairwoman", "head", "coordinator", "envoy", "special", "senior", "top", "former",
    "acting", "interim", "then", "the", "a", "an", "of", "said", "lawmaker", "member",
    "police", "fire", "army", "navy", "air", "force", "military", "district", "county",
    "city", "regional", "provincial", "federal", "mr.", "according", "in", "on", "at",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "but", "and", "when", "after", "before", "while",
    "meanwhile", "however", "earlier", "later", "asked", "speaking", "both", "how", "what",
    "why", "where", "who", "which", "this", "that", "these", "those", "it", "its", "there",
    "here", "some", "many", "most", "all", "no", "not", "one", "only", "if", "as", "for",
    "from", "by", "with", "to", "his", "her", "their", "our", "we", "they", "he", "she",
    "despite", "during", "since", "until", "under", "over", "about", "among", "between",
    "breaking", "update", "live", "watch", "read", "photo", "video", "opinion", "analysis",
}  # fmt: skip
ORG_WORDS = {
    "house", "council", "command", "ministry", "department", "forces", "force", "army",
    "navy", "guard", "guards", "corps", "agency", "news", "times", "post", "journal",
    "press", "committee", "party", "government", "administration", "office", "union",
    "nations", "republic", "assembly", "court", "bank", "university", "institute",
    "center", "centre", "organization", "organisation", "network", "channel", "television",
    "radio", "company", "group", "brigade", "brigades", "service", "services", "authority",
    "foundation", "association", "federation", "police", "hospital", "school", "media",
    "fund", "program", "programme", "states", "kingdom", "emirates", "mission", "embassy",
    "consulate", "parliament", "congress", "senate", "pentagon", "kremlin", "airport",
    "avenue", "strait", "islands", "mountains", "province", "county", "district", "region",
    "garrison", "ledger", "herald", "tribune", "gazette", "daily", "weekly",
}  # fmt: skip
NATIONALITY = re.compile(
    r"^(?:US|U\.S\.?|UK|U\.K\.?|UN|EU|Israeli|Iranian|American|British|French|German|Russian|"
    r"Ukrainian|Chinese|Japanese|Korean|Palestinian|Lebanese|Syrian|Iraqi|Saudi|Turkish|"
    r"Egyptian|Jordanian|Qatari|Omani|Emirati|Yemeni|Kuwaiti|Indian|Pakistani|Afghan|"
    r"Canadian|Mexican|Brazilian|Italian|Spanish|Dutch|Swiss|Polish|Greek|Australian|"
    r"European|African|Asian|Arab|Western|Gulf)$"
)
PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "del", "la", "le", "al", "el", "bin", "ibn", "abu", "du", "dos"}  # fmt: skip
NAME_TOKEN = re.compile(
    r"^[A-Z][a-zà-öø-ÿ’'-]*[a-zà-öø-ÿ]$|^[A-Z]\.$|^[A-Z][a-z]*[A-Z][a-z]+$|^[A-Z][a-z]{0,3}\.$"
)
POSSESSIVE = re.compile(r"[’']s$")


def name_in(text: str) -> str:
    """The personal name (first and last name at least) in a description such as
    "Israeli Lt. Col. Peter Lerner, a spokesman …" → "Peter Lerner"; '' when none."""
    best = ""
    for segment in re.split(r"\s*[,;:(—–”“\"\n]\s*|\s+[-–]\s+", text):
        if re.match(r"(?:who|which|whose|where|when)\b", segment):
            continue  # "…, who chairs the Association of Family Doctors": a relative clause
        # "a copy of the proposal reviewed by the Daily Ledger": no one's name
        segment = re.split(
            r"\s+(?:of|by|at|from|for|with|in|on|to|reviewed|obtained|seen|cited|quoted)\s+(?=[a-z])",
            segment,
        )[0]
        runs, run = [], []
        for token in re.findall(r"[\w.’'-]+", segment):
            if POSSESSIVE.search(token):
                run = []  # "Iran's Islamic Revolutionary Guard Corps": an organisation
                continue
            if NAME_TOKEN.match(token) or (run and token.lower() in PARTICLES):
                run.append(token)
            else:
                if run:
                    runs.append(run)
                run = []
        if run:
            runs.append(run)
        for run in runs:
            cuts = [
                i
                for i, t in enumerate(run)
                if t.endswith(".") or t.rstrip(".").lower() in TITLE_WORDS
            ]
            if cuts:
                run = run[cuts[-1] + 1 :]
            while run and (
                run[0].rstrip(".").lower() in TITLE_WORDS
                or run[0].endswith(".")
                or NATIONALITY.match(run[0])
                or run[0].lower() in PARTICLES
            ):
                run = run[1:]
            while run and run[-1].lower() in PARTICLES:
                run = run[:-1]
            words = [t.rstrip(".").lower() for t in run]
            if (
                2 <= len(run) <= 5
                and not set(words) & ORG_WORDS
                and not any(w in TITLE_WORDS for w in words)
                and not any(NATIONALITY.match(t) for t in run[1:])
                and not run[-1].endswith(".")
            ):
                return " ".join(run)  # the first name is the head of the description
    return best


def organisation_in(who: str) -> str:
    """A named body speaking as itself: "White House", "US Central Command", "G7
    leaders" (the name as written, without a leading "the"); '' otherwise."""
    text = re.sub(r"^(?:the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE)
    tokens = text.split()
    if not 2 <= len(tokens) <= 6 or OUTLET.search(text) or UNNAMED.search(text):
        return ""
    if not re.match(r"[A-Z0-9]", tokens[0]) or any(POSSESSIVE.search(t) for t in tokens):
        return ""
    capitalised = [t for t in tokens if re.match(r"[A-Z0-9]", t)]
    lower = [t for t in tokens if not re.match(r"[A-Z0-9]", t)]
    if lower and not (len(lower) == 1 and tokens[-1] == lower[0] and lower[0].endswith("s")):
        return ""
    if lower and lower[0] not in {
        "leaders",
        "members",
        "ministers",
        "nations",
        "states",
        "governments",
        "countries",
    }:
        return ""
    return text if len(capitalised) >= 1 else ""


def plausible_source(who: str, people=None) -> bool:
    low = who.lower().strip()
    head = who.split(",")[0]  # "Daniel Okafor, a lawyer for the coalition … that brought the case"
    if not low or len(head.split()) > 14 or low in {"it", "this", "that", "there", "what"}:
        return False
    if low in PRONOUNS or SOURCE_NOUNS.search(who) or name_in(who) or organisation_in(who):
        return True
    if people is not None and people.longest_alias_in(who):
        return True
    first = re.sub(r"^(?:the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE)
    tokens = first.split()
    return 0 < len(tokens) <= 5 and all(
        re.match(r"[A-Z0-9]", t) or t in {"of", "and", "for", "the"} for t in tokens
    )


@dataclass
class Speaker:
    """Who a quote or paraphrase is attributed to."""

    text: str  # as the article describes them
    person: Person | None = None  # in the people table (or proposed by this draft)
    proposed: bool = False  # person is a new, unsaved proposal
    unnamed: bool = False  # an unnamed official or source
    plural: bool = False
    outlet: bool = False  # another outlet's report ("X reported …")


def speaker_for(text: str, person: Person | None, plural=False) -> "Speaker":
    return Speaker(
        text, person, proposed=person is not None and person.review == Review.DRAFT, plural=plural
    )


@dataclass
class People:
    """The people table, plus the persons this draft proposes."""

    persons: list
    proposals: list = field(default_factory=list)
    rejected: set = field(default_factory=set)  # names an instructor said are no one to propose

    @classmethod
    def from_table(cls, persons) -> "People":
        persons = list(persons)
        rejected = {
            a.lower()
            for p in persons
            if p.review == Review.REJECTED
            for a in [p.name, *p.aliases]
            if a
        }
        return cls([p for p in persons if p.review != Review.REJECTED], rejected=rejected)

    def all(self):
        return [*self.persons, *self.proposals]

    def by_name(self, name: str) -> Person | None:
        wanted = name.lower()
        for person in self.all():
            if wanted in {a.lower() for a in [person.name, *person.aliases] if a}:
                return person
        return None

    def longest_alias_in(self, text: str, *, min_words=1) -> Person | None:
        best = None
        for person in self.all():
            for alias in {person.name, *person.aliases}:
                if (
                    alias
                    and len(alias.split()) >= min_words
                    and re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text)
                    and (best is None or len(alias) > best[0])
                ):
                    best = (len(alias), person)
        return best[1] if best else None

    def propose(self, name: str, role: str, kind=Person.Kind.PERSON) -> Person | None:
        """A new person (review=draft) with the name as written; None when an instructor
        rejected that name before."""
        if (existing := self.by_name(name)) is not None:
            return existing
        if name.lower() in self.rejected:
            return None
        tokens = name.split()
        aliases = [name]
        if kind == Person.Kind.PERSON and len(tokens) > 1:
            aliases.append(tokens[-1])
        person = Person(
            key="",
            name=name,
            kind=kind,
            role=role if role != name else "",
            aliases=aliases,
            review=Review.DRAFT,
        )
        self.proposals.append(person)
        return person


def _subject_before(text: str) -> str:
    """The noun phrase that ends ``text`` (the subject of a verb that follows it), with
    an appositive ("John Kirby, White House spokesman,") kept whole."""
    text = re.sub(rf"(?:\s+{ADVERBS})+\s*$", "", text.rstrip(), flags=re.IGNORECASE)
    appositive = text.endswith(",")
    segments = re.split(r"\s*[,;:“”\"—–(]\s*|\s+[-–]\s+", text.rstrip(","))
    segments = [s for s in segments if s.strip()]
    if not segments:
        return ""
    subject = segments[-1]
    whole = False  # an appositive pair, kept as it is
    cut = r"(?<![\w-])(?:that|which|who|whom|whose|what|and|but|while|as|when|after|before|because|if|though|although|so|whereas|where|even|with|including)\s+(?=\S)"
    if appositive and len(segments) >= 2:
        clause_cut = r"(?<![\w-])(?:that|which|and|but|while|when|because|if|though|although|whereas)\s+(?=\S)"
        before = re.split(clause_cut, segments[-2])[-1]
        if re.match(
            r"(?:who|which|speaking|citing|declining|asking|talking|briefing|according|writing|quoted|including)\b",
            subject,
        ):
            subject, whole = before, True  # "A diplomat, speaking on condition of anonymity, said"
        elif name_in(before) or name_in(subject):
            subject, whole = f"{before}, {subject}", True
    if not whole:
        subject = re.split(cut, subject)[-1]
    subject = re.sub(
        r"^(?:However|Meanwhile|Still|Yet|Also|And|But|Earlier|Later|In fact|Instead)\s+",
        "",
        subject,
    )
    if not subject.split() or len(subject.split()) > 14:
        return ""
    return subject.strip(" ,")


def attribution_in(text: str, verbs=VERB_RE, people=None) -> tuple[str, int, int] | None:
    """(who, verb start, verb end) for the first speech verb in (masked) ``text`` whose
    subject is a plausible source ("A senior official said …"); None when none is."""
    for verb in verbs.finditer(text):
        before = text[: verb.start()]
        if re.search(r"\b(?:not|never|n’t|n't|to)\s+$", before):
            continue
        who = _subject_before(before)
        if not who:
            continue
        preceding = before[: before.rfind(who)] if who in before else ""
        if re.search(r"[”\"]\s*,?\s*$", preceding) or re.search(
            r"\bwhat\s+(?:\S+\s+){0,4}$", preceding
        ):
            continue  # “…,” he said — the verb attributes a quotation; "what he said"
        if re.search(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|often\s+)?$", before):
            continue  # "is often described as": passive, nobody is quoted
        if not plausible_source(who, people):
            continue
        return who, verb.start(), verb.end()
    return None


ROLE_IN_APPOSITIVE = re.compile(
    r"(?i)spokes|minister|secretary|president|adviser|advisor|director|chief|officer|"
    r"commander|analyst|senator|governor|mayor|professor|lawyer|teacher|resident|"
    r"coordinator|ambassador|envoy|leader"
)


class Resolver:
    """Turns "who" (as written) into a Speaker: a person in the table, a proposed
    person, an unnamed source, or a pronoun / definite description resolved to the
    nearest earlier speaker or named person."""

    def __init__(self, people: People, article_text: str):
        self.people = people
        self.text = article_text
        self.last: tuple[int, Speaker] | None = None  # where that attribution ends, speaker
        self.names = []  # (position, personal name as written) anywhere in the article
        self.personal = []  # those introduced as people: "Sen. X Y", "X Y, a …", "X Y said"
        for m in re.finditer(r"(?:[A-Z][\w.’'-]*[ \t]+){1,5}[A-Z][\w’'-]+", article_text):
            if name := name_in(m.group(0)):
                at = m.start() + m.group(0).rfind(name)
                self.names.append((at, name))
                before = article_text[max(0, at - 40) : at]
                after = article_text[at + len(name) : at + len(name) + 40]
                appositive = re.match(r",\s+([^,.;]{1,60})", after)
                if (
                    re.search(
                        r"(?:\b[A-Z][a-z]{0,3}\.|\b(?:President|Minister|Secretary|Senator|"
                        r"Governor|General|Mayor|Chancellor|Ambassador|Commander|Coordinator|"
                        r"Adviser|Advisor|Director|Judge|Chief|Spokesman|Spokeswoman|"
                        r"Spokesperson|Dr)\.?)\s+$",
                        before,
                    )
                    or re.match(
                        rf",\s+(?:a|an|the|who)\b|\s+(?:{SPEECH_VERBS})\b|\s+of\s+[A-Z]", after
                    )
                    or (appositive and ROLE_IN_APPOSITIVE.search(appositive.group(1)))
                    or any(p.kind == Person.Kind.PERSON for p in [people.by_name(name)] if p)
                ):
                    self.personal.append((at, name))

    def remember(self, position: int, speaker: Speaker):
        self.last = (position, speaker)

    def _person(self, name: str, role: str) -> Speaker:
        person = self.people.by_name(name) or self.people.propose(name, role)
        return speaker_for(role or name, person)

    def resolve_in(self, who: str, position: int, clause: str) -> Speaker:
        """As resolve, but "X reported …" makes X another outlet, never a person."""
        if (
            re.search(rf"{re.escape(who.strip())}\s+(?:{ADVERBS}\s+)*report(?:ed|s)\b", clause)
            and who.strip().lower() not in PRONOUNS
            and not UNNAMED.search(who)
        ):
            return Speaker(who.strip(), outlet=True)
        return self.resolve(who, position)

    def resolve(self, who: str, position: int) -> Speaker:
        who = re.sub(r"\s+", " ", who).strip(" ,.:;“”\"'‘’")
        who = re.sub(r"^(?:and|but|while|though|although|as|so)\s+", "", who, flags=re.IGNORECASE)
        low = who.lower()
        recent = self.last if self.last and position - self.last[0] < 1200 else None
        if low in PRONOUNS:
            plural = low in {"they", "them", "we"}
            since = self.last[0] if self.last else -1
            if not plural:
                named = [(p, n) for p, n in self.personal if since < p < position]
                if named:
                    speaker = self._person(named[-1][1], named[-1][1])
                    return speaker
            if recent and recent[1].plural == plural:
                return recent[1]
            if recent and not plural:
                return recent[1]
            if plural:
                groups = [
                    (m.start(), person)
                    for person in self.people.all()
                    if person.kind == Person.Kind.ORGANIZATION
                    for alias in {person.name, *person.aliases}
                    if alias
                    for m in re.finditer(
                        rf"(?<![\w-]){re.escape(alias)}(?![\w-])", self.text[:position]
                    )
                ]
                if groups:
                    person = max(groups, key=lambda g: g[0])[1]
                    return Speaker(
                        person.name, person, proposed=person.review == Review.DRAFT, plural=True
                    )
            named = [(p, n) for p, n in self.personal if p < position]
            if named and not plural:
                return self._person(named[-1][1], named[-1][1])
            return Speaker(who, plural=plural)
        return self.describe(who, position)

    def describe(self, who: str, position: int) -> Speaker:
        first = re.split(r",|\s+(?:who|that|which|familiar|briefed|speaking)\b", who)[0]
        words = re.findall(r"[\w’'-]+", first)
        head = words[-1].lower() if words else ""
        plural = bool(re.search(r"s$", head)) and head not in {"us"}
        name = name_in(who)
        if name:
            person = self.people.by_name(name)
            if person is None:
                # A longer alias of someone in the table inside the description, e.g.
                # "US Sen. John Fetterman of Pennsylvania": never a bare surname, which
                # could belong to a different person of the same surname.
                person = self.people.longest_alias_in(who, min_words=2)
                if person is not None and name.lower() not in {
                    a.lower() for a in [person.name, *person.aliases]
                }:
                    person = None
            if person is None:
                person = self.people.propose(name, who)
            return speaker_for(who, person)
        if UNNAMED.fullmatch(head) or (UNNAMED.search(head) and head != "administration"):
            return Speaker(who, unnamed=True, plural=plural)
        if head == "administration" and not self.people.longest_alias_in(who, min_words=2):
            return Speaker(who, unnamed=True)
        person = self.people.longest_alias_in(who)
        if person is not None and person.kind == Person.Kind.PERSON:
            alias = next(
                (
                    a
                    for a in [person.name, *person.aliases]
                    if a and re.search(rf"\b{re.escape(a)}\b", who)
                ),
                "",
            )
            if len(alias.split()) == 1:
                # A bare surname: the full name this article introduced it with wins.
                introduced = self._introduced(alias, position)
                if introduced:
                    return self._person(introduced, who)
            return Speaker(who, person, proposed=person.review == Review.DRAFT)
        if person is not None:
            return Speaker(who, person, proposed=person.review == Review.DRAFT, plural=True)
        if re.fullmatch(r"[A-Z][\w’'-]+", who) and OUTLET.search(who):
            return Speaker(who)  # "NYT reports …": another outlet, not a person
        if re.fullmatch(r"[A-Z][\w’'-]+", who):
            introduced = self._introduced(who, position)
            if introduced:
                return self._person(introduced, who)
            # Never introduced by a full name: a state or body speaking as itself ("Iran").
            person = self.people.propose(who, who, kind=Person.Kind.ORGANIZATION)
            return speaker_for(who, person, plural=True)
        if organisation := organisation_in(who):
            person = self.people.propose(organisation, who, kind=Person.Kind.ORGANIZATION)
            return speaker_for(who, person, plural=True)
        if re.match(r"(?i)the\s", who) and head.rstrip("s") in {h.rstrip("s") for h in ROLE_HEADS}:
            # "the leaders", "the president": the nearest earlier body or person so named.
            candidates = []
            for person in self.people.all():
                described = " ".join([person.name, person.role, *person.aliases]).lower()
                if not re.search(rf"\b{re.escape(head.rstrip('s'))}s?\b", described):
                    continue
                for alias in {person.name, *person.aliases}:
                    for m in re.finditer(
                        rf"(?<![\w-]){re.escape(alias)}(?![\w-])", self.text[:position]
                    ):
                        candidates.append((m.start(), person))
            if candidates:
                person = max(candidates, key=lambda c: c[0])[1]
                return Speaker(who, person, proposed=person.review == Review.DRAFT, plural=plural)
        return Speaker(who, plural=plural)

    def _introduced(self, surname: str, position: int) -> str:
        """The full name that ends with ``surname`` earlier in the article, if any."""
        found = ""
        for at, name in self.names:
            if at < position and name.split()[-1] == surname:
                found = name
        return found


def sourcing_for(speaker: Speaker, sentence: str) -> str:
    if speaker.outlet:
        return Claim.Sourcing.OUTLET_REPORT
    if speaker.text and OUTLET.search(speaker.text) and not UNNAMED.search(speaker.text):
        return Claim.Sourcing.OUTLET_REPORT
    if (
        re.search(r"\breported\b", sentence)
        and OUTLET.search(sentence)
        and not speaker.unnamed
        and speaker.person is None
    ):
        return Claim.Sourcing.OUTLET_REPORT
    if speaker.unnamed or ANONYMOUS.search(sentence):
        return Claim.Sourcing.UNNAMED_OFFICIAL
    if DOCUMENT.search(sentence):
        return Claim.Sourcing.DOCUMENT
    if STATEMENT.search(sentence) or STATEMENT.search(speaker.text):
        return Claim.Sourcing.OFFICIAL_STATEMENT
    if speaker.person is not None and speaker.person.kind == Person.Kind.PERSON:
        return Claim.Sourcing.ON_RECORD
    return Claim.Sourcing.OFFICIAL_STATEMENT


# --------------------------------------------------------------------------- drafts


@dataclass
class DraftClaim:
    passage: Passage
    quote: str
    speaker: Person | None
    speaker_text: str
    kind: str = Claim.Kind.QUOTE
    sourcing: str = Claim.Sourcing.ON_RECORD
    proposed: bool = False


@dataclass
class DraftFigure:
    passage: Passage
    quote: str
    value: Decimal | None
    value_text: str
    qualifier: str
    measure_label: str
    attributed_to: str = ""
    note: str = ""

    @property
    def measure(self) -> str:
        return slugify(self.measure_label).replace("-", "_")[:60] or "count"


def _passages(article: Article):
    return list(article.passages.filter(kind__in=DRAFTED_KINDS).order_by("position"))


def _article_text(passages) -> tuple[str, dict]:
    offsets, parts, cursor = {}, [], 0
    for passage in passages:
        offsets[passage.position] = cursor
        parts.append(passage.text)
        cursor += len(passage.text) + 2
    return "\n\n".join(parts), offsets


WHO = (
    r"(?:\b(?:Lt|Col|Gen|Adm|Sen|Rep|Gov|Dr|Mr|Ms|Mrs|Brig|Maj|Capt|Sgt|St|Jr|Sr|Rev|Prof)\."
    r"|\b[A-Z]\.|[^.;“”\"!?\n])"
)


def _speaker_after(after: str, quote: QuoteSpan, people) -> str:
    """“…,” said X / “…,” X said / “…,” X told Y — only when the quotation ends with a
    comma, "?" or "!" (or a comma follows it): "… as “tough” and said" is not one."""
    if not (quote.closing in {",", "?", "!"} or re.match(r"\s*[,:]", after)):
        return ""
    if m := re.match(
        rf"^[\s,:—–-]*(?:{SPEECH_VERBS})\s+(?P<who>{WHO}{{2,160}}?)"
        r"(?=[.;“\"]|$|\s+(?:on|in|at|during|after|before|when|while|from|to|as)\s)",
        after,
    ):
        who = m.group("who")
        if not re.match(r"(?:that|to|it|this)\b", who) and plausible_source(who, people):
            return who
    if m := re.match(
        rf"^[\s,:—–-]*(?P<who>{WHO}{{1,160}}?)\s+(?:{ADVERBS}\s+)*(?:{QUOTE_VERBS})\b", after
    ):
        who = m.group("who")
        if plausible_source(who, people):
            return who
    return ""


ACCORDING = re.compile(
    r"\b[Aa]ccording to (?P<who>(?:\b(?:Lt|Col|Gen|Adm|Sen|Rep|Gov|Dr|Mr|Ms|Mrs|Brig|Maj|Capt|Sgt)\."
    r"|\b[A-Z]\.|[^,.;:“”\"!?\n]|\.(?=\w|\s+[a-z]))+"
    r"(?:,\s+(?:a|an|the)\s[^,.;:“”\"]+|,\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,3}(?=,))?)"
)


def _quote_speaker(clause: str, mask: str, quote_start: int, quote: QuoteSpan, people) -> str:
    """Who the clause attributes the quotation at ``quote_start`` to, or ''."""
    after_end = quote.end - (quote.start - quote_start)
    if who := _speaker_after(mask[after_end:], quote, people):
        return who
    if m := ACCORDING.search(mask):
        return m.group("who")
    if found := attribution_in(mask[:quote_start], QUOTE_VERB_RE, people):
        return found[0]
    m = re.match(r"^\s*(?P<who>[^:“”\"‘']{3,60}):\s", mask[:quote_start])
    if m and plausible_source(m.group("who"), people) and len(m.group("who").split()) <= 6:
        return m.group("who")
    return ""


NOUN_VERBS = {
    "conceded", "confirmed", "confirms", "denied", "acknowledged", "admitted", "revealed",
    "disclosed", "maintained", "asserted", "announced", "announces",
}  # fmt: skip
STANDALONE_ACCORDING = re.compile(r"\s*(?:[•·*]\s*)?According to (?P<who>[^.;,]{3,160})\.?\s*")
PARTICIPLE_STATEMENT = re.compile(
    r",\s+(?:noting|adding|arguing|explaining|insisting|stressing|warning|suggesting)\s+(?:that\s+)?(?![“\"‘])"
)


def _title(text: str, quote: QuoteSpan) -> bool:
    """“This Week”, ABC’s “State of the Union” program: a title, not a quotation."""
    before = text[: quote.start]
    after = text[quote.end : quote.end + 30]
    title_case = (
        all(w[0].isupper() for w in re.findall(r"[^\W\d_]{4,}", quote.text))
        and len(quote.text.split()) <= 6
    )
    return bool(
        (re.search(r"[’']s\s+$", before) and title_case)
        or re.match(
            r"\s+(?:program|programme|show|series|newspaper|magazine|book|film|movie|podcast|documentary|album|song)\b",
            after,
        )
    )


def draft_claims(article: Article, persons, *, people: People | None = None) -> list[DraftClaim]:
    """Quotes and attributed paraphrases in the article, with their speakers."""
    people = people or People.from_table(persons)
    passages = _passages(article)
    text, offsets = _article_text(passages)
    resolver = Resolver(people, text)
    drafts: list[DraftClaim] = []
    previous_passage_attributed = False
    for passage in passages:
        base = offsets[passage.position]
        headline = passage.kind == Passage.Kind.HEADLINE
        quotes = [q for q in quotations(passage.text) if not _title(passage.text, q)]
        mask = masked(passage.text, quotes)
        spans = sentences(passage.text, quotes)
        pending = []  # quotations with no attribution of their own, waiting for the next one
        # "…. According to X." — the sentence before is X's, not its own subject's.
        consumed = {
            number - 1
            for number, (a, b) in enumerate(spans)
            if number and STANDALONE_ACCORDING.fullmatch(mask[a:b])
        }
        attributed_here = False
        for number, (s_start, s_end) in enumerate(spans):
            for c_start, c_end in clauses(passage.text, s_start, s_end, headline):
                clause = passage.text[c_start:c_end]
                clause_mask = mask[c_start:c_end]
                inside = [q for q in quotes if c_start <= q.start < c_end]
                quoted = sum(min(q.text_end, c_end) - q.text_start for q in inside)
                mostly_quoted = quoted >= 0.6 * len(clause.strip())
                found_here = None
                for q in inside:
                    who = _quote_speaker(clause, clause_mask, q.start - c_start, q, people)
                    if not who and found_here is not None:
                        speaker = found_here
                    elif who:
                        speaker = resolver.resolve_in(who, base + q.start, clause_mask)
                        found_here = speaker
                        for waiting in pending:
                            drafts.append(
                                _claim(
                                    passage, waiting[0].text, speaker, waiting[1], Claim.Kind.QUOTE
                                )
                            )
                        pending = []
                    elif mostly_quoted:
                        pending.append((q, clause))
                        continue
                    else:
                        continue
                    drafts.append(_claim(passage, q.text, speaker, clause, Claim.Kind.QUOTE))
                if found_here is not None:
                    resolver.remember(base + c_end, found_here)
                    attributed_here = True
                    # “…,” he told Tapper, noting that …: the speaker's paraphrase follows.
                    if m := re.search(PARTICIPLE_STATEMENT, clause_mask):
                        a, b = _bounds(passage.text, c_start + m.end(), c_end)
                        if _is_statement(passage.text[a:b]):
                            drafts.append(
                                _claim(
                                    passage,
                                    passage.text[a:b],
                                    found_here,
                                    clause,
                                    Claim.Kind.PARAPHRASE,
                                )
                            )
                if number in consumed:
                    continue
                found = _paraphrase(
                    passage.text, mask, c_start, c_end, spans, number, headline, people
                )
                if not found:
                    continue
                who, statement, previous_sentence = found
                if previous_sentence is not None:
                    consumed.add(previous_sentence)
                speaker = resolver.resolve_in(who, base + c_start, clause_mask)
                resolver.remember(base + c_end, speaker)
                attributed_here = True
                drafts.append(_claim(passage, statement, speaker, clause, Claim.Kind.PARAPHRASE))
                # "…, the air force said, adding that none of the drones …"
                if (m := re.search(PARTICIPLE_STATEMENT, clause_mask)) and statement not in clause[
                    m.end() :
                ]:
                    a, b = _bounds(passage.text, c_start + m.end(), c_end)
                    if _is_statement(passage.text[a:b]) and passage.text[a:b] not in statement:
                        drafts.append(
                            _claim(
                                passage, passage.text[a:b], speaker, clause, Claim.Kind.PARAPHRASE
                            )
                        )
        if pending and resolver.last and (attributed_here or previous_passage_attributed):
            # A paragraph that only continues the previous speaker's quotation.
            for q, clause in pending:
                drafts.append(_claim(passage, q.text, resolver.last[1], clause, Claim.Kind.QUOTE))
            attributed_here = True
        previous_passage_attributed = attributed_here
    return drafts


def _claim(passage, words, speaker: Speaker, sentence, kind) -> DraftClaim:
    return DraftClaim(
        passage=passage,
        quote=words,
        speaker=speaker.person,
        speaker_text=speaker.text[:200],
        kind=kind,
        sourcing=sourcing_for(speaker, sentence),
        proposed=speaker.proposed,
    )


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim bullets, spaces and edge punctuation off text[start:end]."""
    while start < end and (text[start].isspace() or text[start] in "•·*–—-,;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-."):
        end -= 1
    return start, end


def _is_statement(text: str) -> bool:
    words = len(content_words(text))
    unquoted = unquoted_words(text)
    return unquoted >= 3 and unquoted >= 0.4 * max(words, 1)


TIME_AFTER = (
    r"(?:\s+(?:on|late|early|last)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|today|yesterday|this week|last week|afterward|afterwards|later))?"
)


def _paraphrase(text, mask, start, end, spans, number, headline, people):
    """(who, statement, index of a previous sentence it used) for an attributed
    statement in text[start:end], or None. The statement is verbatim from the text.
    Matching runs on the masked text, so nothing inside a quotation counts."""
    body_end = start + len(text[start:end].rstrip())
    m_body = mask[start:body_end]

    def verbatim(a, b):
        a, b = _bounds(text, start + a, start + b)
        statement = text[a:b]
        return statement if _is_statement(statement) else None

    # "According to X." alone: the statement is the sentence before it.
    if m := STANDALONE_ACCORDING.fullmatch(m_body):
        if number > 0:
            p_start, p_end = spans[number - 1]
            a, b = _bounds(text, p_start, p_end)
            if _is_statement(text[a:b]):
                return m.group("who"), text[a:b], number - 1
        return None
    if m := ACCORDING.search(m_body):
        who = re.sub(rf"{TIME_AFTER}$", "", m.group("who")).strip() or m.group("who")
        lead, tail = m_body[: m.start()], m_body[m.end() :]
        if not lead.strip(" ,•·*"):
            statement = verbatim(m.end(), len(m_body))
        elif not tail.strip(" .,"):
            statement = verbatim(0, m.start())
        else:
            statement = verbatim(0, len(m_body))
        return (who, statement, None) if statement else None
    # "…, X said." / "…, X said, but …" / "But in reality, the Israelis said, Iran …"
    for m in re.finditer(
        rf",\s+(?P<who>[^,;:“”\"]{{2,100}}?)\s+(?:{ADVERBS}\s+)*(?P<verb>{SPEECH_VERBS}){TIME_AFTER}"
        r"(?:\s+(?:reporters|journalists|(?:in|on|at|to|during|after|before|via|through|from)\s(?![^,.;]*\bthat\b)[^,.;“”\"]{1,80}"
        r"|(?:[A-Z][\w’'.-]*\s?)+))?"
        r"(?P<end>\s*[.]?\s*$|,\s+)",
        m_body,
    ):
        who = m.group("who")
        if m.group("verb") in QUOTE_ONLY_VERBS or not plausible_source(who, people):
            continue
        if re.match(r"\s*[“\"‘]", m_body[m.end() :]) or re.search(r"”\s*$", m_body[: m.start()]):
            continue  # the attribution of a quotation, not of a paraphrase
        lead = m_body[: m.start()]
        if (
            m.group("end").strip() == ","
            and len(lead.split()) < 5
            and not re.search(
                r"\b(?:is|was|were|are|has|have|had|will|would|can|could)\b|\w+ed\b", lead
            )
        ):  # "But in reality, the Israelis said, Iran was …": the statement follows
            statement = verbatim(m.end(), len(m_body))
        else:
            statement = verbatim(0, m.start())
        # Either way this was the sentence's attribution: no other reading of it.
        return (who, statement, None) if statement else None
    # "X said (that) …" / "X told reporters that …" / "X described Y as …"
    if found := attribution_in(m_body, VERB_RE, people):
        who, verb_start, verb_end = found
        verb = m_body[verb_start:verb_end]
        after = m_body[verb_end:]
        if verb in QUOTE_ONLY_VERBS or re.match(r"\s*[:“\"‘]", after):
            return None
        if (
            verb in {"told", "tells"}
            and re.match(r"\s+[\w’' ]{1,40}?\s+to\s+\w", after)
            and not re.match(r"[^.;,]{0,60}\bthat\s", after)
        ):
            return None  # "told them to …": an instruction, not a statement
        if verb.startswith("describ") and " as " not in after:
            return None
        if verb in NOUN_VERBS and not re.match(r"\s*(?:[^\s.;,]+\s+){0,5}?that\s", after):
            return None  # "conceded defeat", "confirmed the deal": an act, not a statement
        offset = 0
        if m := re.match(r"\s*(?:[^\s.;,]+\s+){0,5}?that\s+", after):
            offset = m.end()
        elif verb in {"told", "tells"}:
            if m := re.match(
                r"\s*(?:reporters|journalists|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s*", after
            ):
                offset = m.end()
        elif m := re.match(TIME_AFTER, after):
            offset = m.end()
        statement = verbatim(verb_end + offset, len(m_body))
        if statement:
            return who, statement, None
        return None
    # Headline: "Senior official: Israel ‘made clear’ it is not seeking escalation"
    if m := re.match(r"^\s*(?P<who>[^:“”\"‘']{3,60}):\s+", m_body):
        who = m.group("who")
        if (headline and plausible_source(who, people) and not VERB_RE.search(who)) and (
            SOURCE_NOUNS.search(who) or name_in(who) or people.longest_alias_in(who)
        ):
            statement = verbatim(m.end(), len(m_body))
            if statement:
                return who, statement, None
    return None


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


# --------------------------------------------------------------------------- saving


def _digest(*parts) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:10]


def _claim_fingerprint(passage_id, quote, speaker_id, speaker_text, sourcing, kind) -> str:
    return _digest("claim", passage_id, quote, speaker_id or "", speaker_text, sourcing, kind)


def _figure_fingerprint(
    passage_id, quote, value, value_text, qualifier, measure, attributed
) -> str:
    value = "" if value is None else f"{Decimal(value).normalize():f}"
    return _digest("figure", passage_id, quote, value, value_text, qualifier, measure, attributed)


def _key(prefix: str, article: Article, passage: Passage, digest: str) -> str:
    """Unique and at most 80 characters whatever the slug's length: the digest covers
    the passage and the drafted content, the slug part is only for people reading."""
    return f"draft-{article.slug[:40].strip('-')}-{prefix}{passage.position}-{digest}"[:80]


def claim_untouched(claim: Claim) -> bool:
    """True when nobody edited this draft since drafting wrote it."""
    digest = _claim_fingerprint(
        claim.passage_id,
        claim.quote,
        claim.speaker_id,
        claim.speaker_text,
        claim.sourcing,
        claim.kind,
    )
    return claim.key.endswith(digest)


def figure_untouched(figure: Figure) -> bool:
    digest = _figure_fingerprint(
        figure.passage_id, figure.quote, figure.value, figure.value_text, figure.qualifier,
        figure.measure, figure.attributed_to,
    )  # fmt: skip
    return figure.key.endswith(digest)


def _person_key(name: str) -> str:
    base = slugify(name)[:40].strip("-") or "person"
    key = base
    if Person.objects.filter(key=key).exists():
        key = f"{base}-{_digest('person', name)[:6]}"
    return key


@transaction.atomic
def drafts_discard(article: Article) -> None:
    """Delete the article's drafted claims and figures that nobody reviewed or edited,
    and the proposed people only they named. Confirmed, rejected and edited items stay:
    they are an instructor's work."""
    drafted = {"passage__article": article, "origin": Origin.DRAFTED, "review": Review.DRAFT}
    stale = [c for c in Claim.objects.filter(**drafted) if claim_untouched(c)]
    proposed = {c.speaker_id for c in stale if c.speaker_id}
    Claim.objects.filter(pk__in=[c.pk for c in stale]).delete()
    stale = [f.pk for f in Figure.objects.filter(**drafted) if figure_untouched(f)]
    Figure.objects.filter(pk__in=stale).delete()
    # Proposals only these drafts named go with them (drafting proposes them again if the
    # text still names them; a confirmed person is never removed).
    Person.objects.filter(pk__in=proposed, review=Review.DRAFT, claims__isnull=True).delete()


@transaction.atomic
def evidence_draft(*, article: Article, replace: bool = True) -> dict[str, int]:
    """Draft quotes, paraphrases, figures and proposed people for ``article``.

    Confirmed, rejected and edited items are never touched, and a span already covered
    by one of them is not drafted again. With ``replace`` the untouched drafts from an
    earlier run are replaced (re-drafting after people were added); without it they are
    kept and only new drafts are added.
    """
    if replace:
        drafts_discard(article)

    people = People.from_table(Person.objects.all())
    claims = draft_claims(article, None, people=people)
    kept_claims = {(c.passage_id, c.quote) for c in Claim.objects.filter(passage__article=article)}
    keys = set()
    counts = {"claims": 0, "quotes": 0, "paraphrases": 0, "figures": 0, "people": 0}
    counts["kept"] = sum(
        1
        for c in Claim.objects.filter(passage__article=article, origin=Origin.DRAFTED)
        if c.review != Review.DRAFT or not claim_untouched(c)
    ) + sum(
        1
        for f in Figure.objects.filter(passage__article=article, origin=Origin.DRAFTED)
        if f.review != Review.DRAFT or not figure_untouched(f)
    )
    for draft in claims:
        if (draft.passage.pk, draft.quote) in kept_claims or draft.quote not in draft.passage.text:
            continue
        speaker = draft.speaker
        if speaker is not None and speaker.pk is None:
            speaker.key = _person_key(speaker.name)
            speaker.save()
            counts["people"] += 1
        digest = _claim_fingerprint(
            draft.passage.pk, draft.quote, speaker.pk if speaker else None,
            draft.speaker_text or "(speaker not found — please fill in)", draft.sourcing, draft.kind,
        )  # fmt: skip
        key = _key("q" if draft.kind == Claim.Kind.QUOTE else "p", article, draft.passage, digest)
        if key in keys or Claim.objects.filter(key=key).exists():
            continue
        keys.add(key)
        kept_claims.add((draft.passage.pk, draft.quote))
        Claim.objects.create(
            key=key,
            kind=draft.kind,
            passage=draft.passage,
            quote=draft.quote,
            speaker=speaker,
            speaker_text=draft.speaker_text or "(speaker not found — please fill in)",
            sourcing=draft.sourcing,
            review=Review.DRAFT,
            origin=Origin.DRAFTED,
            note="Speaker proposed as a new person: confirm or correct the person."
            if draft.proposed
            else "",
        )
        counts["claims"] += 1
        counts["quotes" if draft.kind == Claim.Kind.QUOTE else "paraphrases"] += 1
    kept_figures = {
        (f.passage_id, f.quote) for f in Figure.objects.filter(passage__article=article)
    }
    for draft in draft_figures(article, claims):
        if (draft.passage.pk, draft.quote) in kept_figures or draft.quote not in draft.passage.text:
            continue
        digest = _figure_fingerprint(
            draft.passage.pk, draft.quote, draft.value, draft.value_text, draft.qualifier,
            draft.measure, draft.attributed_to,
        )  # fmt: skip
        key = _key("n", article, draft.passage, digest)
        if key in keys or Figure.objects.filter(key=key).exists():
            continue
        keys.add(key)
        kept_figures.add((draft.passage.pk, draft.quote))
        Figure.objects.create(
            key=key,
            passage=draft.passage,
            quote=draft.quote,
            value=draft.value,
            value_text=draft.value_text,
            qualifier=draft.qualifier,
            measure=draft.measure,
            measure_label=draft.measure_label,
            attributed_to=draft.attributed_to,
            note=draft.note,
            review=Review.DRAFT,
            origin=Origin.DRAFTED,
        )
        counts["figures"] += 1
    return counts
