"""Who is speaking: names, organisations, unnamed sources, and the people table."""

import re
from dataclasses import dataclass, field

from quizapp.models import Claim, EvidenceReview, Person

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
        text,
        person,
        proposed=person is not None and person.review == EvidenceReview.DRAFT,
        plural=plural,
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
            if p.review == EvidenceReview.REJECTED
            for a in [p.name, *p.aliases]
            if a
        }
        return cls([p for p in persons if p.review != EvidenceReview.REJECTED], rejected=rejected)

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
            review=EvidenceReview.DRAFT,
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
                        person.name,
                        person,
                        proposed=person.review == EvidenceReview.DRAFT,
                        plural=True,
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
            return Speaker(who, person, proposed=person.review == EvidenceReview.DRAFT)
        if person is not None:
            return Speaker(who, person, proposed=person.review == EvidenceReview.DRAFT, plural=True)
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
                return Speaker(
                    who, person, proposed=person.review == EvidenceReview.DRAFT, plural=plural
                )
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
