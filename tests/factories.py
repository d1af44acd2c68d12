import datetime

import factory
from django.utils import timezone

from quizapp.models import Article, Outlet, Passage, Question, Story


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"outlet{n}")
    name = factory.Sequence(lambda n: f"Outlet {n}")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    story = factory.SubFactory(StoryFactory)
    outlet = factory.SubFactory(OutletFactory)
    headline = factory.Sequence(lambda n: f"Headline {n}")
    published = datetime.date(2024, 4, 14)


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Passage number {n} of the reporting.")
    separator = "\n\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"learner{n}")
    password = factory.django.Password("pw-for-tests-123")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizapp.Question"
        skip_postgeneration_save = True

    skill = "outlet_attribution"
    stem = factory.Sequence(lambda n: f"Which outlet reported fact number {n}?")
    explanation = "Because the article says so."
    status = "published"

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        from quizapp.models import Choice

        if self.kind == "ordering":
            for i in range(1, 5):
                Choice.objects.create(
                    question=self, position=i, text=f"Event {i}", correct_position=5 - i
                )
        else:
            for i, text in enumerate(["Right answer", "Wrong one", "Wrong two"], start=1):
                Choice.objects.create(
                    question=self,
                    position=i,
                    text=text,
                    is_correct=(i == 1),
                    feedback="" if i == 1 else f"Why {text} is wrong.",
                )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizapp.Quiz"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    status = "published"

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create:
            return
        from quizapp.models import QuizQuestion

        items = extracted if extracted is not None else QuestionFactory.create_batch(3)
        for position, question in enumerate(items, start=1):
            QuizQuestion.objects.create(quiz=self, question=question, position=position)


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizapp.Classroom"

    name = factory.Sequence(lambda n: f"Class {n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizapp.Assignment"

    classroom = factory.SubFactory(ClassroomFactory)
    quiz = factory.SubFactory(QuizFactory)
    opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "quizapp.Person"
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    aliases = factory.LazyAttribute(lambda o: [o.name])


class ClaimFactory(factory.django.DjangoModelFactory):
    """A confirmed, curated quotation: the first words of its passage, verbatim."""

    class Meta:
        model = "quizapp.Claim"

    key = factory.Sequence(lambda n: f"claim-{n}")
    passage = factory.SubFactory(PassageFactory)
    quote = factory.LazyAttribute(lambda o: o.passage.text[:30])
    speaker = factory.SubFactory(PersonFactory)
    speaker_text = factory.LazyAttribute(lambda o: o.speaker.name if o.speaker else "An official")
    sourcing = "on_record"


class CitationFactory(factory.django.DjangoModelFactory):
    """Words a question rests on: the first words of its passage, verbatim."""

    class Meta:
        model = "quizapp.Citation"

    question = factory.SubFactory(QuestionFactory)
    passage = factory.SubFactory(PassageFactory)
    quote = factory.LazyAttribute(lambda o: o.passage.text[:30])


class AttemptFactory(factory.django.DjangoModelFactory):
    """An attempt at a quiz, showing the quiz's questions in quiz order."""

    class Meta:
        model = "quizapp.Attempt"

    learner = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizFactory)
    question_ids = factory.LazyAttribute(
        lambda o: (
            list(o.quiz.items.order_by("position").values_list("question_id", flat=True))
            if o.quiz
            else []
        )
    )


def _first_unanswered(attempt):
    answered = set(attempt.responses.values_list("question_id", flat=True))
    return next(pk for pk in attempt.question_ids if pk not in answered)


class ResponseFactory(factory.django.DjangoModelFactory):
    """An answer to the attempt's next unanswered question: right unless ``right=False``
    (a wrong choice, or a timeline in reverse). The database counts it on the attempt, as
    it counts every answer."""

    class Meta:
        model = "quizapp.Response"

    class Params:
        right = True
        ordering = factory.LazyAttribute(lambda o: o.question.kind == "ordering")

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.LazyAttribute(
        lambda o: Question.objects.get(pk=_first_unanswered(o.attempt))
    )
    choice = factory.LazyAttribute(
        lambda o: (
            None
            if o.ordering
            else o.question.choices.filter(is_correct=o.right).order_by("position").first()
        )
    )
    order = factory.LazyAttribute(
        lambda o: (
            list(
                o.question.choices.order_by(
                    "correct_position" if o.right else "-correct_position"
                ).values_list("id", flat=True)
            )
            if o.ordering
            else []
        )
    )
    is_correct = factory.LazyAttribute(
        lambda o: o.right if o.ordering else bool(o.choice and o.choice.is_correct)
    )
    answer_text = factory.LazyAttribute(lambda o: o.choice.text if o.choice else "")


def answer_data(attempt, choice=None, *, order=None, confidence=""):
    """POST data for answering in ``attempt`` with ``choice`` (or a timeline ``order``
    of choices), as the page names them: positions in the attempt's own shuffled order."""
    from quizapp.forms import AnswerForm
    from quizapp.services import attempt_choices

    question = (choice if choice is not None else order[0]).question
    shown = attempt_choices(attempt, question, question.choices.all())
    return AnswerForm.data_for(shown, choice=choice, order=order, confidence=confidence)
