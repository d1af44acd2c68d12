from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from ..corpus import ArticleImportError, article_import, decode_article
from ..drafting import evidence_draft
from ..models import Article, Outlet, Passage

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ArticleImportForm(forms.Form):
    """The admin's version of `manage.py import_article`."""

    text_file = forms.FileField(label="Article text (.txt, UTF-8)")
    outlet = forms.ModelChoiceField(Outlet.objects.all(), help_text="Whose reporting it is.")
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
    slug = forms.SlugField(required=False, help_text="Defaults to the headline.")

    def clean_text_file(self):
        upload = self.cleaned_data["text_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"{upload.name}: larger than 2 MB; is it really plain text?"
            )
        try:
            self.text = decode_article(upload.read(), upload.name)
        except ArticleImportError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


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
                    outlet=data["outlet"].key,
                    headline=data["headline"],
                    published=data["published"].isoformat(),
                    slug=data["slug"] or slugify(data["headline"])[:80],
                    original_outlet=data["original_outlet"].key
                    if data["original_outlet"]
                    else None,
                    copied=data["copied"],
                    write_fixture=False,
                )
            except ArticleImportError as error:
                form.add_error(None, str(error))
            else:
                drafted = evidence_draft(article=article)
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
