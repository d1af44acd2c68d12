import datetime

import factory

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
