"""Evidence: what the articles say, each item pinned to the exact words of a passage."""

from django.core.exceptions import ValidationError
from django.db import models

from quizapp.models.sources import Article, Outlet, Passage  # noqa: F401  (Outlet re-exported)


def closest_passage_text(passage_text: str, quote: str) -> str:
    """The stretch of the passage that best lines up with a mistyped quote, for errors."""
    import difflib

    matcher = difflib.SequenceMatcher(None, passage_text, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(passage_text), 0, len(quote))
    start = max(0, match.a - match.b)
    return passage_text[start : start + len(quote) + 20]


def verbatim_error(passage: Passage, quote: str) -> ValidationError | None:
    """None when ``quote`` occurs character for character in the passage."""
    if quote and quote in passage.text:
        return None
    closest = closest_passage_text(passage.text, quote)
    return ValidationError(
        "The quote “%(quote)s” is not in %(passage)s word for word. "
        "Closest text there: “%(closest)s”. Full passage: “%(text)s”",
        code="quote_not_verbatim",
        params={
            "quote": quote,
            "passage": passage.reference,
            "closest": closest,
            "text": passage.text,
        },
    )


class PinnedQuote(models.Model):
    """Exact words in one passage. Subclasses say what the words are evidence of."""

    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(help_text="Copied character for character from the passage.")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.passage_id and (error := verbatim_error(self.passage, self.quote)):
            raise ValidationError({"quote": error})

    @property
    def article(self) -> Article:
        return self.passage.article


class EvidenceReview(models.TextChoices):
    DRAFT = "draft", "Draft — needs review"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class EvidenceOrigin(models.TextChoices):
    CURATED = "curated", "Curated fixture"
    DRAFTED = "drafted", "Drafted from the text"


class EvidenceQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(review=EvidenceReview.CONFIRMED)


class Person(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization or group"

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.TextField(blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Every spelling the texts use.")
    review = models.CharField(
        max_length=20,
        choices=EvidenceReview.choices,
        default=EvidenceReview.CONFIRMED,
        help_text="Draft: proposed by drafting from a new article (the name as written); "
        "questions use this person only once an instructor confirms it.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Claim(PinnedQuote):
    """An attributed quotation: who is quoted, the words, where, and how it is sourced."""

    class Sourcing(models.TextChoices):
        ON_RECORD = "on_record", "A named source, on the record"
        UNNAMED_OFFICIAL = "unnamed_official", "An unnamed official"
        DOCUMENT = "document", "A document or written post"
        OUTLET_REPORT = "outlet_report", "Another outlet's report"
        OFFICIAL_STATEMENT = "official_statement", "An official statement"

    class Kind(models.TextChoices):
        QUOTE = "quote", "Direct quote (the speaker's own words)"
        PARAPHRASE = "paraphrase", "Paraphrase (attributed, in the outlet's words)"

    key = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.QUOTE,
        help_text="A paraphrase's quote is the attributed statement as the outlet words it.",
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    speaker_text = models.CharField(
        max_length=200, help_text="Who is quoted, exactly as the text describes them."
    )
    occasion = models.CharField(max_length=200, blank=True)
    sourcing = models.CharField(max_length=30, choices=Sourcing.choices)
    topic = models.SlugField(max_length=60, blank=True)
    note = models.TextField(blank=True)
    exclude_from = models.JSONField(
        default=list,
        blank=True,
        help_text="Skills whose questions must not use this item (a curator's call, with a note).",
    )
    review = models.CharField(
        max_length=20, choices=EvidenceReview.choices, default=EvidenceReview.CONFIRMED
    )
    origin = models.CharField(
        max_length=20, choices=EvidenceOrigin.choices, default=EvidenceOrigin.CURATED
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.speaker_text}: “{self.quote[:60]}”"


class Figure(PinnedQuote):
    """A number an outlet gives, with its qualifier and who it credits for it."""

    key = models.SlugField(max_length=80, unique=True)
    measure = models.SlugField(max_length=60, help_text="Same key across outlets = comparable.")
    measure_label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value_text = models.CharField(max_length=60, help_text="The number as written.")
    qualifier = models.CharField(max_length=40, blank=True)
    attributed_to = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    exclude_from = models.JSONField(
        default=list,
        blank=True,
        help_text="Skills whose questions must not use this item (a curator's call, with a note).",
    )
    review = models.CharField(
        max_length=20, choices=EvidenceReview.choices, default=EvidenceReview.CONFIRMED
    )
    origin = models.CharField(
        max_length=20, choices=EvidenceOrigin.choices, default=EvidenceOrigin.CURATED
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "key"]

    def __str__(self):
        return f"{self.measure}: {self.qualifier} {self.value_text}".replace("  ", " ")


class Event(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    key = models.SlugField(max_length=80, unique=True)
    date = models.DateField()
    date_end = models.DateField(
        null=True,
        blank=True,
        help_text="Last day the event may have fallen on, when the texts leave it open "
        "(e.g. late Saturday in Washington is Sunday in Israel).",
    )
    precision = models.CharField(max_length=10, choices=Precision.choices, default="day")
    title = models.CharField(max_length=200)
    date_basis = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "key"]

    def __str__(self):
        return f"{self.date}: {self.title}"


class EventCitation(PinnedQuote):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        ordering = ["event", "id"]

    def __str__(self):
        return f"{self.passage}: “{self.quote[:60]}”"


class Fact(models.Model):
    """One reported thing, with every passage in any article that reports it."""

    key = models.SlugField(max_length=80, unique=True)
    statement = models.TextField()
    note = models.TextField(blank=True)
    near_misses = models.JSONField(
        default=list,
        blank=True,
        help_text="Outlets that mention something close but do not report this: "
        '[{"outlet": "abc", "note": "..."}].',
    )
    exclude_from = models.JSONField(
        default=list, blank=True, help_text="Skills whose questions must not use this fact."
    )
    ambiguous_outlets = models.JSONField(
        default=list,
        blank=True,
        help_text="Outlets whose text comes so close that they are never offered as wrong answers.",
    )

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.statement


class FactCitation(PinnedQuote):
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        ordering = ["fact", "id"]

    def __str__(self):
        return f"{self.passage}: “{self.quote[:60]}”"


class Framing(PinnedQuote):
    """How an article, in its own voice, attributes responsibility for the April 1 strike."""

    class Stance(models.TextChoices):
        STATED_AS_FACT = "stated_as_fact", "States it as fact"
        HEDGED = "hedged", "Hedges"

    stance = models.CharField(max_length=20, choices=Stance.choices)
    is_primary = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["passage__article", "-is_primary", "id"]

    def __str__(self):
        return f"{self.passage.article.slug}: {self.get_stance_display()} — “{self.quote}”"


class ProvenanceClue(PinnedQuote):
    """Something in a copy's text that shows where the copy came from."""

    class Kind(models.TextChoices):
        REPUBLICATION_NOTE = "republication_note", "Republication note"
        INSERTED_LINK = "inserted_link", "Inserted link"
        COMMENT_FORM = "comment_form", "Comment form"
        TRANSLATION_ARTIFACT = "translation_artifact", "Translation artefact"
        CREDITS = "credits", "Credits"
        SITE_FURNITURE = "site_furniture", "Site furniture"
        HOUSE_STYLE = "house_style", "The outlet's own format"
        CAPTION = "caption", "Caption"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    explanation = models.TextField()

    class Meta:
        ordering = ["passage__article", "passage__position", "id"]

    def __str__(self):
        return f"{self.passage.article.slug}: {self.get_kind_display()}"


__all__ = [
    "Claim",
    "Event",
    "EventCitation",
    "Fact",
    "FactCitation",
    "Figure",
    "Framing",
    "Outlet",
    "Person",
    "ProvenanceClue",
    "EvidenceReview",
]
