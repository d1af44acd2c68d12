"""Drafting quotes and paraphrases: attributed words, with their speaker and sourcing."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from quizapp.evidence.drafting.spans import (
    DRAFTED_KINDS,
    QuoteSpan,
    clauses,
    content_words,
    masked,
    quotations,
    sentences,
    unquoted_words,
)
from quizapp.evidence.drafting.speakers import (
    ADVERBS,
    QUOTE_ONLY_VERBS,
    QUOTE_VERB_RE,
    QUOTE_VERBS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    VERB_RE,
    People,
    Resolver,
    Speaker,
    attribution_in,
    name_in,
    plausible_source,
    sourcing_for,
)
from quizapp.models import Article, Claim, Passage, Person

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
