"""Question and quiz authoring. Mistakes are refused with messages an instructor can act
on: the rules are the same ones every generated question obeys (quizapp.bank.rules)."""

from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Value, When
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from quizapp.access.roles import is_bank_editor
from quizapp.admin.filters import OwnerFilter, QuestionArticleFilter, QuestionStoryFilter
from quizapp.admin.widgets import BoundedRowsMixin, SafeAutocompleteMixin
from quizapp.bank.exchange import export_gift, export_json, export_moodle_xml
from quizapp.bank.rules import (
    choice_problems,
    citation_problems,
    problem_text,
    question_problems,
    text_problems,
)
from quizapp.forms import AnswerForm
from quizapp.learning.feedback import feedback_context
from quizapp.models import Article, Choice, Citation, Question, Quiz, QuizQuestion
from quizapp.services import AnswerError, answer_graded, question_duplicate


class OwnedAdminMixin:
    """Shared bank rows (no owner) are changed only by bank editors; an instructor sees
    the shared bank and their own rows, changes only their own, and never sees another
    instructor's. What an instructor adds is theirs."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to_staff(request.user).select_related("owner")

    def can_edit(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        if obj.owner_id is None:
            return is_bank_editor(request.user)
        return obj.owner_id == request.user.id

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.can_edit(request, obj)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Owner", ordering="owner__username")
    def owner_label(self, obj):
        return obj.owner.get_username() if obj.owner_id else "Shared bank"


def editable_only(modeladmin, request, queryset):
    """The part of an action's selection this user may change; says what was left out."""
    editable = queryset.editable_by(request.user)
    skipped = queryset.count() - editable.count()
    if skipped:
        modeladmin.message_user(
            request,
            f"{skipped} selected item(s) left unchanged: shared bank items are changed by "
            "bank editors, and other instructors' items by their owners. Duplicate a "
            "question to make your own variant.",
            messages.WARNING,
        )
    return editable


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["skill", "kind", "stem", "explanation", "difficulty", "status"]
        widgets = {
            "stem": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        problems = text_problems(
            stem=data.get("stem") or "",
            explanation=data.get("explanation") or "",
            published=data.get("status") == Question.Status.PUBLISHED,
        )
        for problem in problems:
            field = TEXT_FIELDS.get(problem.code)
            if field and field in self.errors:
                continue  # the field already says it is missing
            self.add_error(field, problem)
        return data


TEXT_FIELDS = {"stem_required": "stem", "explanation_required": "explanation"}


def live_forms(formset):
    return [
        form
        for form in formset.forms
        if form.has_changed() or form.instance.pk
        if not (formset.can_delete and formset._should_delete_form(form))
        if form.is_valid()
    ]


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self):
        # The rules first: their messages say what to do, where Django's uniqueness
        # check would only say "duplicate data".
        if any(self.errors):
            return
        self.check_rules()
        super().clean()

    def check_rules(self):
        rows = [
            SimpleNamespace(
                text=f.cleaned_data["text"],
                is_correct=bool(f.cleaned_data.get("is_correct")),
                correct_position=f.cleaned_data.get("correct_position"),
                passage=f.cleaned_data.get("passage"),
            )
            for f in live_forms(self)
            if f.cleaned_data.get("text")
        ]
        if problems := choice_problems(kind=self.instance.kind, choices=rows):
            raise ValidationError(problems)


class CitationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        citations = [
            (f.cleaned_data["passage"], f.cleaned_data.get("quote") or "")
            for f in live_forms(self)
            if f.cleaned_data.get("passage")
        ]
        published = self.instance.status == Question.Status.PUBLISHED
        if problems := citation_problems(citations=citations, published=published):
            raise ValidationError(problems)


class ChoiceInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = [
        "position",
        "text",
        "is_correct",
        "correct_position",
        "feedback",
        "misreading",
        "passage",
    ]
    autocomplete_fields = ["passage"]
    extra = 0
    min_num = 0
    formfield_overrides = {}

    def get_extra(self, request, obj=None, **kwargs):
        return 4 if obj is None else 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("text", "feedback"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 28})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.StackedInline):
    model = Citation
    formset = CitationFormSet
    fields = ["passage", "quote", "choice", "position"]
    autocomplete_fields = ["passage"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None or not obj.citations.exists() else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("choice")
        if field is not None:
            field.queryset = obj.choices.all() if obj else Choice.objects.none()
            field.help_text = "Optional: show this citation only with the feedback for one choice."
        quote = formset.form.base_fields.get("quote")
        if quote is not None:
            quote.help_text = "Copy the words exactly as the passage prints them."
            quote.widget = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return formset


@admin.action(description="Publish the selected questions")
def publish(modeladmin, request, queryset):
    queryset = editable_only(modeladmin, request, queryset)
    published, refused = 0, []
    for question in queryset.prefetch_related("choices", "citations__passage"):
        problems = question_problems(
            kind=question.kind,
            stem=question.stem,
            explanation=question.explanation,
            choices=list(question.choices.all()),
            citations=[(c.passage, c.quote) for c in question.citations.all()],
        )
        if problems:
            refused.append(f"“{question.stem[:60]}”: {problem_text(problems[0])}")
            continue
        if question.status != Question.Status.PUBLISHED:
            question.status = Question.Status.PUBLISHED
            question.edited = question.edited or question.origin == Question.Origin.GENERATED
            question.save(update_fields=["status", "edited", "updated"])
        published += 1
    if published:
        modeladmin.message_user(request, f"{published} question(s) published.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, f"Not published — {reason}", messages.ERROR)


@admin.action(description="Unpublish the selected questions")
def unpublish(modeladmin, request, queryset):
    queryset = editable_only(modeladmin, request, queryset)
    count = 0
    for question in queryset:
        question.status = Question.Status.DRAFT
        question.edited = question.edited or question.origin == Question.Origin.GENERATED
        question.save(update_fields=["status", "edited", "updated"])
        count += 1
    modeladmin.message_user(request, f"{count} question(s) back to draft.", messages.SUCCESS)


@admin.action(description="Duplicate the selected questions (as drafts)")
def duplicate(modeladmin, request, queryset):
    count = 0
    for question in queryset.prefetch_related("choices", "citations", "articles"):
        owner = None if request.user.is_superuser else request.user
        question_duplicate(question=question, owner=owner)
        count += 1
    modeladmin.message_user(
        request, f"{count} draft copy(ies) made, yours to edit.", messages.SUCCESS
    )


def download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description="Export the selected questions as JSON")
def export_questions_json(modeladmin, request, queryset):
    return download(export_json(queryset), "sourcewise-questions.json", "application/json")


def quiz_download(modeladmin, request, queryset, *, write, extension, content_type):
    """One selected quiz, written by ``write(quiz)`` and sent as a file; else a message."""
    if queryset.count() != 1:
        modeladmin.message_user(request, "Choose exactly one quiz to export.", messages.ERROR)
        return None
    quiz = queryset.get()
    return download(write(quiz), f"{quiz.slug}.{extension}", content_type)


@admin.action(description="Export the selected quiz to Moodle XML")
def export_quiz_moodle(modeladmin, request, queryset):
    base_url = request.build_absolute_uri("/")
    return quiz_download(
        modeladmin,
        request,
        queryset,
        write=lambda quiz: export_moodle_xml(quiz, base_url=base_url),
        extension="moodle.xml",
        content_type="application/xml",
    )


@admin.action(description="Export the selected quiz to GIFT (Moodle)")
def export_quiz_gift(modeladmin, request, queryset):
    return quiz_download(
        modeladmin,
        request,
        queryset,
        write=export_gift,
        extension="gift.txt",
        content_type="text/plain",
    )


class RankedSearchChangeList(ChangeList):
    """While searching (and no column is clicked), best matches first: the whole stem,
    then stems that start with the words, then stems that contain them."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        term = self.query.strip()
        if not term or ORDER_VAR in self.params:
            return queryset
        rank = Case(
            When(stem__iexact=term, then=Value(0)),
            When(stem__istartswith=term, then=Value(1)),
            When(stem__icontains=term, then=Value(2)),
            default=Value(3),
        )
        return queryset.annotate(search_rank=rank).order_by("search_rank", *queryset.query.order_by)


@admin.register(Question)
class QuestionAdmin(OwnedAdminMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    form = QuestionAdminForm
    # Few columns, so the question itself has room at 1280 px; the rest are filters.
    list_display = ["short_stem", "skill", "status", "edited", "owner_label", "preview_link"]
    list_filter = [
        "skill",
        "status",
        QuestionStoryFilter,
        QuestionArticleFilter,
        OwnerFilter,
        "kind",
        "origin",
        "edited",
    ]
    # Stems and keys only: a find-the-evidence question's choices are whole passages,
    # which matched nearly every search and buried the question being looked for.
    search_fields = ["stem", "key"]
    search_help_text = "Searches question wording and keys; best matches first."
    readonly_fields = ["origin", "edited", "key"]
    inlines = [ChoiceInline, CitationInline]
    actions = [publish, unpublish, duplicate, export_questions_json]
    list_per_page = 50
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("skill", "id")

    def get_changelist(self, request, **kwargs):
        return RankedSearchChangeList

    @admin.display(description="Question", ordering="stem")
    def short_stem(self, obj):
        return Truncator(obj.stem).chars(160)

    @admin.display(description="Preview")
    def preview_link(self, obj):
        url = reverse("admin:quizapp_question_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview as student</a>', url)

    def save_model(self, request, obj, form, change):
        if change and obj.origin == Question.Origin.GENERATED and form.has_changed():
            obj.edited = True
        super().save_model(request, obj, form, change)  # the owner: OwnedAdminMixin

    def save_formset(self, request, form, formset, change):
        question = form.instance
        if change and question.origin == Question.Origin.GENERATED and formset.has_changed():
            Question.objects.filter(pk=question.pk).update(edited=True)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question = form.instance
        question.articles.set(
            Article.objects.filter(pk__in=question.citations.values("passage__article"))
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:object_id>/preview/", preview, name="quizapp_question_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Show the question as a student sees it, and the feedback for a chosen answer."""
        question = get_object_or_404(
            self.get_queryset(request).prefetch_related(
                "choices", "citations__passage__article__outlet"
            ),
            pk=object_id,
        )
        choices = list(question.choices.all())
        form = AnswerForm(question, choices, request.GET or None)
        response, error = None, ""
        if request.GET and form.is_valid():
            try:
                response = answer_graded(
                    question=question,
                    choices=choices,
                    choice_id=form.cleaned_data.get("choice"),
                    order=form.cleaned_data.get("order"),
                )
            except AnswerError as problem:
                error = str(problem)
        context = {
            **self.admin_site.each_context(request),
            **feedback_context(question=question, choices=choices, response=response),
            "title": "Preview as student",
            "form": form,
            "error": error,
            "opts": self.model._meta,
            "original": question,
        }
        return TemplateResponse(request, "quizapp/question_preview.html", context)


class QuizQuestionInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = QuizQuestion
    fields = ["position", "question"]
    autocomplete_fields = ["question"]
    extra = 1
    ordering = ["position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "question":
            kwargs["queryset"] = Question.objects.visible_to_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.action(description="Publish the selected quizzes")
def publish_quizzes(modeladmin, request, queryset):
    queryset = editable_only(modeladmin, request, queryset)
    empty = [q.title for q in queryset.annotate(n=Count("items")) if q.n == 0]
    count = queryset.exclude(title__in=empty).update(status=Question.Status.PUBLISHED)
    modeladmin.message_user(request, f"{count} quiz(zes) published.", messages.SUCCESS)
    for title in empty:
        modeladmin.message_user(
            request, f"Not published — “{title}” has no questions.", messages.ERROR
        )


@admin.action(description="Unpublish the selected quizzes")
def unpublish_quizzes(modeladmin, request, queryset):
    queryset = editable_only(modeladmin, request, queryset)
    count = queryset.update(status=Question.Status.DRAFT)
    modeladmin.message_user(request, f"{count} quiz(zes) back to draft.", messages.SUCCESS)


@admin.register(Quiz)
class QuizAdmin(OwnedAdminMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "mode",
        "status",
        "skill",
        "article",
        "question_count",
        "owner_label",
        "origin",
        "edited",
    ]
    list_filter = ["status", "mode", "skill", "origin"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "description", "mode", "status", "skill", "article"]
    inlines = [QuizQuestionInline]
    actions = [publish_quizzes, unpublish_quizzes, export_quiz_moodle, export_quiz_gift]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article__outlet")
            .annotate(n=Count("items"))
        )

    @admin.display(description="Questions", ordering="n")
    def question_count(self, obj):
        return obj.n

    def save_model(self, request, obj, form, change):
        if change and obj.origin == Question.Origin.GENERATED:
            obj.edited = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if change and form.instance.origin == Question.Origin.GENERATED and formset.has_changed():
            Quiz.objects.filter(pk=form.instance.pk).update(edited=True)
        super().save_formset(request, form, formset, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.select_related("outlet")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
