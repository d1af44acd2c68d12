from django.contrib import admin
from django.db.models import Count

from ..models import Article, Outlet, Passage


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "article_count"]
    search_fields = ["name", "key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("articles"))

    @admin.display(description="Articles", ordering="n")
    def article_count(self, obj):
        return obj.n


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["position", "kind", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published", "provenance", "passage_count"]
    list_filter = ["outlet", "provenance"]
    search_fields = ["headline", "slug", "credits"]
    readonly_fields = ["leading_text", "source_file"]
    inlines = [PassageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet").annotate(n=Count("passages"))

    @admin.display(description="Passages", ordering="n")
    def passage_count(self, obj):
        return obj.n


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    """Read-only: passages are the source text; they are picked by autocomplete."""

    list_display = ["article", "position", "kind", "short_text"]
    list_filter = ["article__outlet", "kind"]
    search_fields = ["text", "article__slug", "article__headline", "article__outlet__name"]
    list_select_related = ["article__outlet"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text[:120]
