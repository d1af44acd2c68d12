"""The source corpus: outlets, the articles as copies we hold, and their passages."""

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse


class OutletManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Outlet(models.Model):
    """A news organisation whose reporting an article carries."""

    key = models.SlugField(max_length=40, unique=True, help_text="Short id, e.g. nyt.")
    name = models.CharField(max_length=120, unique=True)

    objects = OutletManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.key,)


SEED_STORY = "israel-iran-april-2024"  # the story the shipped corpus tells


class StoryManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Story(models.Model):
    """One news event told by several outlets. Whatever compares outlets — options,
    compare pages, mixed quizzes — stays inside one story."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = StoryManager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @staticmethod
    def seed_slug():
        return SEED_STORY

    @property
    def is_seed(self):
        return self.slug == SEED_STORY

    @property
    def key_prefix(self):
        """Prefix for the keys of generated questions, quizzes and compare topics: none
        for the seed story (keys made before stories existed stay valid)."""
        return "" if self.is_seed else f"{self.slug}--"


class ArticleQuerySet(models.QuerySet):
    def with_outlets(self):
        return self.select_related("outlet", "original_outlet")

    def current(self):
        """Articles students read and questions are built from: not withdrawn."""
        return self.filter(withdrawn__isnull=True)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    """One copy of a news article, exactly as we hold it.

    ``outlet`` is the outlet whose reporting the text carries. A copy that was
    republished by someone else has ``provenance=REPUBLISHED`` and names the outlet
    it first appeared in; ``copy_note`` says where this copy was found and what in
    the text shows it.
    """

    class Provenance(models.TextChoices):
        ORIGINAL = "original", "The outlet's own page"
        REPUBLISHED = "republished", "Republished with credit by another publication"
        COPIED = "copied", "Copied onto a third-party website"

    slug = models.SlugField(max_length=80, unique=True)
    story = models.ForeignKey(
        Story,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The news event this article reports; outlets are compared within a story.",
    )
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=300)
    published = models.DateField()
    published_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the date is known when the copy does not print it.",
    )
    credits = models.TextField(blank=True, help_text="Reporters credited in the text.")
    provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.ORIGINAL
    )
    original_outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="republished_articles",
        help_text="For a republished or copied text: the outlet it first appeared in.",
    )
    copy_note = models.TextField(
        blank=True, help_text="Where this copy comes from and what in the text shows it."
    )
    notes = models.TextField(blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    leading_text = models.TextField(
        blank=True, help_text="Blank lines before the first passage, kept verbatim."
    )
    coverage_reviewed = models.BooleanField(
        default=False,
        help_text="An instructor linked every reporting passage to the facts it reports. "
        "Only then may a question say this article did not report something.",
    )
    imported_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who imported it (they may delete it).",
    )
    withdrawn = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Deleted while students' answers cite it: kept only as the source of "
        "those answers (their questions are retired); hidden from students, never used "
        "to build questions.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["outlet__name", "published", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provenance="original", original_outlet__isnull=True)
                | (~models.Q(provenance="original") & models.Q(original_outlet__isnull=False)),
                name="article_original_outlet_iff_republished",
                violation_error_message="A republished copy names its original outlet; "
                "an original does not.",
            )
        ]

    def __str__(self):
        return f"{self.outlet}: {self.headline}"

    def get_absolute_url(self):
        return reverse("article_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["quizapp.outlet", "quizapp.story"]

    def source_text(self, passages=None):
        """The text as imported: every passage with the whitespace that followed it."""
        passages = self.passages.all() if passages is None else passages
        return self.leading_text + "".join(p.text + p.separator for p in passages)


class PassageManager(models.Manager):
    def get_by_natural_key(self, slug, position):
        return self.get(article__slug=slug, position=position)


class Passage(models.Model):
    """One non-empty line of an article, verbatim, with the whitespace after it."""

    class Kind(models.TextChoices):
        REPORTING = "reporting", "Reporting"
        HEADLINE = "headline", "Headline"
        CAPTION = "caption", "Photo caption"
        CREDITS = "credits", "Credits"
        INSERTED_LINK = "inserted_link", "Inserted link"
        FURNITURE = "furniture", "Page furniture"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField(help_text="1-based order in the article.")
    text = models.TextField()
    separator = models.TextField(blank=True, help_text="Whitespace after the passage, verbatim.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORTING)
    reports_nothing_new = models.BooleanField(
        default=False,
        help_text="Coverage review: an instructor read it and it reports no fact of the story.",
    )

    objects = PassageManager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="passage_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="passage_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.text.strip()[:70]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def highlight_url(self, words: str) -> str:
        """The reader at this passage with ``words`` marked: where every citation links."""
        return f"{self.article.get_absolute_url()}?{urlencode({'highlight': words})}#{self.anchor}"

    @property
    def reference(self):
        """How error messages and fixtures name a passage: "slug p-N"."""
        return f"{self.article.slug} {self.anchor}"

    def natural_key(self):
        # A passage being deserialized whose article is not in the database (an instructor
        # deleted a shipped article) has no article: its key then finds nothing, and the
        # loader sees the article as a deferred field instead of failing.
        return (self.article.slug if self.article_id is not None else None, self.position)

    natural_key.dependencies = ["quizapp.article"]

    @property
    def anchor(self):
        return f"p-{self.position}"

    @property
    def is_marked(self):
        """Passages that are not the outlet's reporting are shown marked in the reader."""
        return self.kind in {self.Kind.INSERTED_LINK, self.Kind.FURNITURE}
