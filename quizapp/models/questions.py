"""The question bank: questions with choices and citations, and quizzes."""

from django.conf import settings
from django.db import models

from quizapp.bank.misreadings import Misreading
from quizapp.models.evidence import PinnedQuote


class Skill(models.TextChoices):
    OUTLET_ATTRIBUTION = "outlet_attribution", "Who reported it"
    QUOTE_ATTRIBUTION = "quote_attribution", "Who said it"
    CLAIM_RECALL = "claim_recall", "What was said"
    SOURCING = "sourcing", "How it is sourced"
    FIGURES = "figures", "Numbers across outlets"
    FRAMING = "framing", "Framing"
    PROVENANCE = "provenance", "Where a copy comes from"
    TIMELINE = "timeline", "Timeline"
    FIND_EVIDENCE = "find_evidence", "Finding evidence"

    @property
    def purpose(self) -> str:
        """One sentence on what practising this skill trains (shown on the quiz list)."""
        return SKILL_PURPOSES[self]


SKILL_PURPOSES = {
    Skill.OUTLET_ATTRIBUTION: "Keep track of which outlet reported what, so you can tell "
    "the articles apart.",
    Skill.QUOTE_ATTRIBUTION: "Match words to the person who said them, not to whoever "
    "repeats them.",
    Skill.CLAIM_RECALL: "Recall what people actually said and spot a quote altered to mean "
    "something else.",
    Skill.SOURCING: "See who stands behind a statement: a named person, an unnamed official, "
    "a document or another outlet.",
    Skill.FIGURES: "Compare the numbers outlets give for the same thing, qualifiers included.",
    Skill.FRAMING: "Tell a claim stated as fact from one that is hedged or attributed.",
    Skill.PROVENANCE: "Work out where a copy of an article comes from, and what gives it away.",
    Skill.TIMELINE: "Put reported events in the order they happened.",
    Skill.FIND_EVIDENCE: "Find the passage that supports a statement instead of taking it "
    "on trust.",
}


class OwnedQuerySet(models.QuerySet):
    """Shared bank rows have no owner: only bank editors change them. An instructor
    sees the shared bank and their own rows, never another instructor's."""

    def shared(self):
        return self.filter(owner__isnull=True)

    def visible_to_staff(self, user):
        if user.is_superuser:
            return self
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))

    def editable_by(self, user):
        from quizapp.access.roles import is_bank_editor

        if user.is_superuser:
            return self
        if is_bank_editor(user):
            return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))
        return self.filter(owner=user)


class QuestionQuerySet(OwnedQuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single answer"
        ORDERING = "ordering", "Put in order"
        FIND_EVIDENCE = "find_evidence", "Find the passage"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Origin(models.TextChoices):
        GENERATED = "generated", "Generated from evidence"
        HAND_WRITTEN = "hand_written", "Hand-written"

    key = models.CharField(
        max_length=160,
        unique=True,
        null=True,
        blank=True,
        help_text="Set on generated questions: which generator and evidence made it.",
    )
    skill = models.CharField(max_length=30, choices=Skill.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SINGLE_CHOICE)
    stem = models.TextField()
    explanation = models.TextField(blank=True)
    difficulty = models.PositiveSmallIntegerField(
        choices=[(1, "Easy"), (2, "Medium"), (3, "Hard")], default=2
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.HAND_WRITTEN)
    edited = models.BooleanField(
        default=False, help_text="An instructor changed it; build_quizzes leaves it alone."
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    compare_topic = models.SlugField(
        max_length=120, blank=True, help_text="The compare-coverage topic this question is about."
    )
    articles = models.ManyToManyField("Article", blank=True, related_name="questions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_owned",
        help_text="Empty: a shared bank question, changed only by bank editors.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["skill", "id"]

    def __str__(self):
        return self.stem[:90]

    @property
    def is_ordering(self):
        return self.kind == self.Kind.ORDERING

    @property
    def is_find_evidence(self):
        return self.kind == self.Kind.FIND_EVIDENCE


class Choice(models.Model):
    """An option. For ordering questions ``correct_position`` gives its place (1 = first)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")
    text = models.TextField()
    is_correct = models.BooleanField(default=False)
    correct_position = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(blank=True, help_text="Shown when a student picks this option.")
    passage = models.ForeignKey(
        "Passage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Find-the-evidence questions: the passage this choice stands for.",
    )
    # NULL, not "", for "no misreading": the check constraint and the JSON exchange read
    # it as "none" without a second empty value to allow for.
    misreading = models.CharField(  # noqa: DJ001
        max_length=30,
        choices=Misreading.choices,
        null=True,
        blank=True,
        help_text="Wrong options: the reading error choosing it shows (see docs/misreadings.md).",
    )

    class Meta:
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "correct_position"], name="choice_unique_correct_position"
            ),
            models.CheckConstraint(
                condition=models.Q(is_correct=False) | models.Q(misreading__isnull=True),
                name="choice_correct_has_no_misreading",
                violation_error_code="correct_option_misreading",
                violation_error_message="A correct option has no misreading.",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class Citation(PinnedQuote):
    """Exact words a question (or one of its choices) rests on."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="citations")
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self):
        return f"{self.passage}: “{self.quote[:60]}”"

    def get_absolute_url(self):
        return self.passage.highlight_url(self.quote)


class QuizQuerySet(OwnedQuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)

    def shared_practice(self):
        """The quizzes every student may practise: shared, practice mode."""
        return self.published().filter(owner__isnull=True, mode=Quiz.Mode.PRACTICE)

    def visible_to_student(self, user):
        """Shared practice quizzes, and the quizzes assigned to the student's classes."""
        from quizapp.models.classes import Assignment

        assigned = Assignment.objects.for_student(user).visible().values("quiz_id")
        return self.published().filter(
            models.Q(owner__isnull=True, mode=Quiz.Mode.PRACTICE) | models.Q(id__in=assigned)
        )

    def startable_by(self, user):
        """What a user may start: a student what they see; staff also what they may see
        in the admin (to try their own quizzes)."""
        mine = self.visible_to_student(user)
        if user.is_staff:
            mine = mine | self.published().visible_to_staff(user)
        return mine.distinct()


class Quiz(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        ASSESSMENT = "assessment", "Assessment"

    key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.PRACTICE)
    status = models.CharField(
        max_length=20, choices=Question.Status.choices, default=Question.Status.DRAFT
    )
    origin = models.CharField(
        max_length=20, choices=Question.Origin.choices, default=Question.Origin.HAND_WRITTEN
    )
    edited = models.BooleanField(default=False)
    skill = models.CharField(max_length=30, choices=Skill.choices, blank=True)
    article = models.ForeignKey(
        "Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="quizzes"
    )
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes_owned",
        help_text="Empty: a shared quiz, changed only by bank editors. Students see shared "
        "practice quizzes and the quizzes assigned to their classes.",
    )

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Question.Status.PUBLISHED


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_items")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}"
