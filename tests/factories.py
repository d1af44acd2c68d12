import datetime

import factory
from django.utils import timezone

from quizapp.models import Article, Outlet, Passage


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"outlet{n}")
    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
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


def answer_data(attempt, choice=None, *, order=None, confidence=""):
    """POST data for answering in ``attempt`` with ``choice`` (or a timeline ``order``
    of choices), as the page names them: positions in the attempt's own shuffled order."""
    from quizapp.forms import AnswerForm
    from quizapp.services import attempt_choices

    question = (choice if choice is not None else order[0]).question
    shown = attempt_choices(attempt, question, question.choices.all())
    return AnswerForm.data_for(shown, choice=choice, order=order, confidence=confidence)
