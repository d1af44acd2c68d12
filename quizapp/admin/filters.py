"""List filters shared by the admin pages."""

from django.contrib import admin
from django.utils.text import Truncator

from quizapp.models import Article, Question, Story


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


class QuestionStoryFilter(admin.SimpleListFilter):
    """Questions about any article of one story (a question may cite several of its
    articles: a subquery, so each question is listed once)."""

    title = "story"
    parameter_name = "story"

    def lookups(self, request, model_admin):
        return [(s.slug, Truncator(s.title).chars(60)) for s in Story.objects.order_by("title")]

    def queryset(self, request, queryset):
        if self.value():
            about = Question.objects.filter(articles__story__slug=self.value()).values("pk")
            return queryset.filter(pk__in=about)
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    """The shared bank, the user's own rows, or (for those who see them) another
    owner's. Owners offered are only those of rows the user can see."""

    title = "owner"
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        options = [("shared", "Shared bank"), ("mine", "Mine")]
        others = (
            model_admin.get_queryset(request)
            .filter(owner__isnull=False)
            .exclude(owner=request.user)
            .order_by("owner__username")
            .values_list("owner_id", "owner__username")
            .distinct()
        )
        return options + [(str(pk), name) for pk, name in others]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "shared":
            return queryset.filter(owner__isnull=True)
        if value == "mine":
            return queryset.filter(owner=request.user)
        if value and value.isdigit():
            return queryset.filter(owner_id=int(value))
        return queryset
