from django.contrib import admin, messages

from ..models import (
    Claim,
    Event,
    EventCitation,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Person,
    ProvenanceClue,
    Review,
)
from .widgets import SafeAutocompleteMixin


@admin.action(description="Confirm: use in questions")
def confirm(modeladmin, request, queryset):
    count = queryset.update(review=Review.CONFIRMED)
    modeladmin.message_user(
        request, f"{count} confirmed; run build_quizzes to use them.", messages.SUCCESS
    )


@admin.action(description="Reject: never use in questions")
def reject(modeladmin, request, queryset):
    count = queryset.update(review=Review.REJECTED)
    modeladmin.message_user(request, f"{count} rejected.", messages.SUCCESS)


class ArticleFilter(admin.SimpleListFilter):
    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        from ..models import Article

        return [(a.slug, str(a.outlet)) for a in Article.objects.select_related("outlet")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(passage__article__slug=self.value())
        return queryset


@admin.register(Person)
class PersonAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "role"]
    list_filter = ["kind"]
    search_fields = ["name", "key", "role"]


@admin.register(Claim)
class ClaimAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "short_quote",
        "speaker_text",
        "speaker",
        "sourcing",
        "review",
        "origin",
        "outlet",
    ]
    list_filter = ["review", "origin", "sourcing", ArticleFilter]
    search_fields = ["quote", "speaker_text", "key", "speaker__name"]
    autocomplete_fields = ["passage", "speaker"]
    list_select_related = ["passage__article__outlet", "speaker"]
    actions = [confirm, reject]

    @admin.display(description="Quote")
    def short_quote(self, obj):
        return f"“{obj.quote[:80]}”"

    @admin.display(description="Outlet")
    def outlet(self, obj):
        return obj.passage.article.outlet


@admin.register(Figure)
class FigureAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["quote", "measure", "qualifier", "value", "review", "origin", "outlet"]
    list_filter = ["review", "origin", "measure", ArticleFilter]
    search_fields = ["quote", "measure", "measure_label", "key"]
    autocomplete_fields = ["passage"]
    list_select_related = ["passage__article__outlet"]
    actions = [confirm, reject]

    @admin.display(description="Outlet")
    def outlet(self, obj):
        return obj.passage.article.outlet


class EventCitationInline(SafeAutocompleteMixin, admin.TabularInline):
    model = EventCitation
    autocomplete_fields = ["passage"]
    extra = 0


@admin.register(Event)
class EventAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["date", "title", "precision"]
    search_fields = ["title", "key"]
    inlines = [EventCitationInline]


class FactCitationInline(SafeAutocompleteMixin, admin.TabularInline):
    model = FactCitation
    autocomplete_fields = ["passage"]
    extra = 0


@admin.register(Fact)
class FactAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["statement", "key"]
    search_fields = ["statement", "key"]
    inlines = [FactCitationInline]


@admin.register(Framing)
class FramingAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["passage", "stance", "quote", "is_primary"]
    list_filter = ["stance", ArticleFilter]
    autocomplete_fields = ["passage"]


@admin.register(ProvenanceClue)
class ProvenanceClueAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["passage", "kind", "quote"]
    list_filter = ["kind", ArticleFilter]
    autocomplete_fields = ["passage"]
