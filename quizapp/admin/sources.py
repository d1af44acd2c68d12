from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from quizapp.admin.widgets import BoundedRowsMixin
from quizapp.models import Article, Outlet, Passage, Story
from quizapp.sources.corpus import (
    MAX_ARTICLE_BYTES,
    ArticleImportError,
    article_import,
    decode_article,
)


def unique_slug(model, field: str, text: str, max_length: int) -> str:
    """A slug from ``text`` not yet used by ``model`` (adds -2, -3 … when taken)."""
    base = slugify(text)[: max_length - 4].strip("-") or "new"
    slug, number = base, 1
    while model.objects.filter(**{field: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class ArticleImportForm(forms.Form):
    """The admin's version of `manage.py import_article`."""

    text_file = forms.FileField(label="Article text (.txt, UTF-8)")
    story = forms.ModelChoiceField(
        Story.objects.all(),
        required=False,
        help_text="The news event the article reports. Outlets are compared within a story. "
        "Left empty: the only story there is (or the seed story).",
    )
    new_story_title = forms.CharField(
        max_length=200, required=False, help_text="Or start a new story with this title."
    )
    outlet = forms.ModelChoiceField(
        Outlet.objects.all(), required=False, help_text="Whose reporting it is."
    )
    new_outlet_name = forms.CharField(
        max_length=120,
        required=False,
        help_text="Or, for an outlet not in the list, its full name (e.g. The Springfield Courier).",
    )
    headline = forms.CharField(max_length=300)
    published = forms.DateField(
        help_text="YYYY-MM-DD", widget=forms.DateInput(attrs={"type": "date"})
    )
    original_outlet = forms.ModelChoiceField(
        Outlet.objects.all(),
        required=False,
        help_text="Only if this copy was republished or copied from that outlet.",
    )
    copied = forms.BooleanField(
        required=False, help_text="The copy sits on an unrelated website (not a credited reprint)."
    )
    slug = forms.SlugField(required=False, max_length=80, help_text="Defaults to the headline.")

    def clean_text_file(self):
        upload = self.cleaned_data["text_file"]
        if upload.size > MAX_ARTICLE_BYTES:
            raise forms.ValidationError(
                f"{upload.name}: {upload.size / 1024:.0f} KB is more than one news article "
                f"(the limit is {MAX_ARTICLE_BYTES // 1024} KB). Upload one article per file.",
                code="too_large",
            )
        try:
            self.text = decode_article(upload.read(), upload.name)
        except ArticleImportError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        return upload

    def clean(self):
        data = super().clean()
        if data.get("story") and data.get("new_story_title", "").strip():
            self.add_error(
                "story",
                forms.ValidationError(
                    "Pick a story or give a new story's title, not both.", code="story"
                ),
            )
        if bool(data.get("outlet")) == bool(data.get("new_outlet_name", "").strip()):
            self.add_error(
                "outlet",
                forms.ValidationError(
                    "Pick an outlet or give a new outlet's name (one).", code="outlet"
                ),
            )
        return data

    def import_arguments(self) -> dict:
        """article_import's story and outlet arguments for what the form was given."""
        data = self.cleaned_data
        args = {}
        if data.get("story"):
            args["story"] = data["story"].slug
        elif not data.get("new_story_title", "").strip():
            args["story"] = None  # the only story there is, or the seed story
        else:
            title = data["new_story_title"].strip()
            args["story"] = unique_slug(Story, "slug", title, 80)
            args["story_title"] = title
        if data.get("outlet"):
            args["outlet"] = data["outlet"].key
        else:
            name = data["new_outlet_name"].strip()
            same = Outlet.objects.filter(name__iexact=name).first()
            if same:
                args["outlet"] = same.key
            else:
                args["outlet"] = unique_slug(Outlet, "key", name, 40)
                args["outlet_name"] = name
        return args


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "article_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("articles"))

    @admin.display(description="Articles", ordering="n")
    def article_count(self, obj):
        return obj.n


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "article_count"]
    search_fields = ["name", "key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("articles"))

    @admin.display(description="Articles", ordering="n")
    def article_count(self, obj):
        return obj.n


class PassageInline(BoundedRowsMixin, admin.TabularInline):
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
    list_display = [
        "headline",
        "story",
        "outlet",
        "published",
        "provenance",
        "coverage_link",
        "passage_count",
    ]
    list_filter = ["story", "outlet", "provenance", "coverage_reviewed", "withdrawn"]
    search_fields = ["headline", "slug", "credits"]
    readonly_fields = ["coverage_link", "leading_text", "source_file", "imported_by", "withdrawn"]
    exclude = ["coverage_reviewed"]  # set on the coverage-review screen, where it is checked
    inlines = [PassageInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("outlet", "story")
            .annotate(n=Count("passages"))
        )

    def get_urls(self):
        from django.urls import path

        from quizapp.admin.coverage import coverage_view

        return [
            path(
                "<path:object_id>/coverage/",
                self.admin_site.admin_view(
                    lambda request, object_id: coverage_view(self, request, object_id)
                ),
                name="quizapp_article_coverage",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Coverage")
    def coverage_link(self, obj):
        from django.utils.html import format_html

        label = "Reviewed" if obj.coverage_reviewed else "Review coverage"
        url = reverse("admin:quizapp_article_coverage", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    def has_delete_permission(self, request, obj=None):
        """Instructors delete the articles they imported; superusers any."""
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return obj.imported_by_id == request.user.id

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one article at a time, through the service
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """Delete through the service: drafts go, questions built on it are retired (and
        kept while students' answers point at them)."""
        from quizapp.services.content import article_delete, article_delete_message

        obj = self.get_object(request, object_id)
        if obj is None or not self.has_delete_permission(request, obj):
            return super().delete_view(request, object_id, extra_context)
        if request.method == "POST":
            result = article_delete(article=obj)
            self.message_user(request, article_delete_message(obj, result), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:quizapp_article_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Delete “{obj.headline}”?",
            "object": obj,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/quizapp/article/delete.html", context)

    @admin.display(description="Passages", ordering="n")
    def passage_count(self, obj):
        return obj.n

    def add_view(self, request, form_url="", extra_context=None):
        """Upload a text file: it becomes an article with verbatim passages, and the app
        drafts its claims and figures for the instructor to confirm."""
        if not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        form = ArticleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["text_file"]
            try:
                article = article_import(
                    path=Path(upload.name),
                    text=form.text,
                    headline=data["headline"],
                    published=data["published"].isoformat(),
                    slug=data["slug"],
                    original_outlet=data["original_outlet"].key
                    if data["original_outlet"]
                    else None,
                    copied=data["copied"],
                    draft=True,
                    user=request.user,
                    **form.import_arguments(),
                )
            except ArticleImportError as error:
                form.add_error(None, str(error))
            else:
                drafted = article.drafted
                self.message_user(
                    request,
                    f"Imported “{article.headline}” with {article.passages.count()} passages. "
                    f"Drafted {drafted['claims']} claims and {drafted['figures']} figures: "
                    "confirm or correct them below.",
                    messages.SUCCESS,
                )
                url = reverse("admin:quizapp_claim_changelist")
                return HttpResponseRedirect(f"{url}?review__exact=draft&article={article.slug}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import an article",
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/quizapp/article/import.html", context)


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
