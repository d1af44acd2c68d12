from django.contrib import admin, messages

from quizapp.admin.filters import ArticleFilter
from quizapp.admin.widgets import BoundedRowsMixin, SafeAutocompleteMixin
from quizapp.evidence.drafting import evidence_draft
from quizapp.models import (
    Claim,
    Event,
    EventCitation,
    EvidenceReview,
    Fact,
    FactCitation,
    Figure,
    Framing,
    Person,
    ProvenanceClue,
)


@admin.action(description="Confirm: use in questions")
def confirm(modeladmin, request, queryset):
    count = queryset.update(review=EvidenceReview.CONFIRMED)
    modeladmin.message_user(
        request, f"{count} confirmed; run build_quizzes to use them.", messages.SUCCESS
    )


@admin.action(description="Reject: never use in questions")
def reject(modeladmin, request, queryset):
    count = queryset.update(review=EvidenceReview.REJECTED)
    modeladmin.message_user(request, f"{count} rejected.", messages.SUCCESS)


@admin.action(description="Confirm: use in questions (with a proposed speaker, confirm them too)")
def confirm_claims(modeladmin, request, queryset):
    count = queryset.update(review=EvidenceReview.CONFIRMED)
    waiting = queryset.filter(speaker__review=EvidenceReview.DRAFT).count()
    modeladmin.message_user(
        request, f"{count} confirmed; run build_quizzes to use them.", messages.SUCCESS
    )
    if waiting:
        modeladmin.message_user(
            request,
            f"{waiting} of them name a proposed person: questions use them once that person "
            "is confirmed in People (check the name first).",
            messages.WARNING,
        )


def redraft_articles(modeladmin, request, articles) -> None:
    """Draft the articles again, replacing only drafts nobody touched."""
    totals = {"quotes": 0, "paraphrases": 0, "figures": 0, "people": 0, "kept": 0}
    for article in articles:
        for key, n in evidence_draft(article=article, replace=True).items():
            if key in totals:
                totals[key] += n
    modeladmin.message_user(
        request,
        f"Re-drafted {len(articles)} article(s): {totals['quotes']} quotes, "
        f"{totals['paraphrases']} paraphrases, {totals['figures']} figures, "
        f"{totals['people']} proposed people. Kept {totals['kept']} confirmed, rejected or "
        "edited items untouched.",
        messages.SUCCESS,
    )


@admin.action(description="Re-draft their articles (keeps confirmed and edited items)")
def redraft(modeladmin, request, queryset):
    from quizapp.models import Article

    redraft_articles(
        modeladmin,
        request,
        list(Article.objects.filter(pk__in=queryset.values("passage__article")).order_by("slug")),
    )


@admin.action(description="Re-draft the articles that name them (after adding or fixing people)")
def redraft_mentioning(modeladmin, request, queryset):
    from quizapp.models import Article, Passage

    names = {a for p in queryset for a in [p.name, *p.aliases] if a}
    articles = set()
    for name in names:
        articles.update(
            Passage.objects.filter(text__contains=name).values_list("article_id", flat=True)
        )
    redraft_articles(
        modeladmin, request, list(Article.objects.filter(pk__in=articles).order_by("slug"))
    )


@admin.register(Person)
class PersonAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "role", "review"]
    list_filter = ["review", "kind"]
    search_fields = ["name", "key", "role"]
    actions = [confirm, reject, redraft_mentioning]


@admin.register(Claim)
class ClaimAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "short_quote",
        "kind",
        "speaker_text",
        "speaker_shown",
        "sourcing",
        "review",
        "origin",
        "outlet",
    ]
    list_filter = ["review", "kind", "origin", "sourcing", ArticleFilter]
    search_fields = ["quote", "speaker_text", "key", "speaker__name"]
    autocomplete_fields = ["passage", "speaker"]
    list_select_related = ["passage__article__outlet", "speaker"]
    actions = [confirm_claims, reject, redraft]

    @admin.display(description="Quote or statement")
    def short_quote(self, obj):
        if obj.kind == Claim.Kind.PARAPHRASE:
            return f"(paraphrase) {obj.quote[:80]}"
        return f"“{obj.quote[:80]}”"

    @admin.display(description="Speaker", ordering="speaker__name")
    def speaker_shown(self, obj):
        if obj.speaker is None:
            return "—"
        if obj.speaker.review == EvidenceReview.DRAFT:
            return f"{obj.speaker} (proposed new person: confirm in People)"
        return str(obj.speaker)

    @admin.display(description="Outlet")
    def outlet(self, obj):
        return obj.passage.article.outlet


@admin.register(Figure)
class FigureAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "quote",
        "measure",
        "measure_label",
        "qualifier",
        "value_text",
        "value",
        "attributed_to",
        "review",
        "origin",
        "outlet",
    ]
    list_filter = ["review", "origin", "measure", ArticleFilter]
    search_fields = ["quote", "measure", "measure_label", "key"]
    autocomplete_fields = ["passage"]
    list_select_related = ["passage__article__outlet"]
    actions = [confirm, reject, redraft]

    @admin.display(description="Outlet")
    def outlet(self, obj):
        return obj.passage.article.outlet


class EventCitationInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = EventCitation
    autocomplete_fields = ["passage"]
    extra = 0


@admin.register(Event)
class EventAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["date", "title", "precision"]
    search_fields = ["title", "key"]
    inlines = [EventCitationInline]


class FactCitationInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
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
