"""List filters shared by the admin pages."""

from django.contrib import admin
from django.utils.text import Truncator

from ..models import Article


class ArticleFilter(admin.SimpleListFilter):
    """Rows about one article. ``article_lookup`` is the path from the model to the
    article's slug: subclasses set it."""

    title = "article"
    parameter_name = "article"
    article_lookup = "passage__article__slug"

    def lookups(self, request, model_admin):
        return [
            (a.slug, f"{a.outlet}: {Truncator(a.headline).chars(60)}")
            for a in Article.objects.select_related("outlet").order_by("outlet__name", "slug")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.article_lookup: self.value()})
        return queryset


class QuestionArticleFilter(ArticleFilter):
    article_lookup = "articles__slug"
