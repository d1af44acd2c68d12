"""Classes and assignments: an instructor sees and changes only their own."""

from django.contrib import admin, messages
from django.db.models import Count

from quizapp.admin.widgets import BoundedRowsMixin, SafeAutocompleteMixin
from quizapp.forms import ClassroomForm
from quizapp.models import Assignment, Attempt, Classroom, Quiz, Response
from quizapp.services import assignment_release
from quizapp.services.classes import classroom_code_regenerate


def is_instructor_scoped(request) -> bool:
    return not request.user.is_superuser


class TaughtClassFilter(admin.SimpleListFilter):
    """Filter by class, naming only the classes this instructor teaches."""

    title = "class"
    parameter_name = "class"
    field = "classroom"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.name) for c in Classroom.objects.taught_by(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdecimal():
            return queryset.none()
        return queryset.filter(**{self.field: int(value)})


class AttemptClassFilter(TaughtClassFilter):
    field = "assignment__classroom"


class AssignableQuizMixin:
    """An assignment's quiz is a shared one or the instructor's own, never another's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = Quiz.objects.visible_to_staff(request.user)
        if db_field.name == "classroom" and is_instructor_scoped(request):
            kwargs["queryset"] = Classroom.objects.taught_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# After the dates: the assessment settings, and when held feedback was released.
ASSIGNMENT_SETTINGS = [
    *(name for name in Assignment.SETTINGS if name != "accept_late"),
    "released",
]


class AssignmentInline(
    BoundedRowsMixin, AssignableQuizMixin, SafeAutocompleteMixin, admin.StackedInline
):
    model = Assignment
    fields = ["quiz", ("opens", "due", "accept_late"), *ASSIGNMENT_SETTINGS]
    autocomplete_fields = ["quiz"]
    extra = 1


class StudentInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
    """Students join with the class code; here an instructor sees and can remove them."""

    model = Classroom.students.through
    verbose_name = "student"
    verbose_name_plural = "students (they join with the class's join code)"
    fields = ["user"]
    readonly_fields = ["user"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Give the selected classes a new join code")
def regenerate_join_code(modeladmin, request, queryset):
    for classroom in queryset:
        code = classroom_code_regenerate(classroom=classroom)
        modeladmin.message_user(request, f"{classroom}: new join code {code}.", messages.SUCCESS)


@admin.register(Classroom)
class ClassroomAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "join_code", "student_count", "assignment_count"]
    search_fields = ["name", "join_code"]
    form = ClassroomForm
    fields = ["name", "time_zone", "join_code", "instructors"]
    filter_horizontal = ["instructors"]
    inlines = [AssignmentInline, StudentInline]
    actions = [regenerate_join_code]

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .annotate(
                n_students=Count("students", distinct=True),
                n_assignments=Count("assignments", distinct=True),
            )
        )
        return qs.taught_by(request.user) if is_instructor_scoped(request) else qs

    def get_readonly_fields(self, request, obj=None):
        # On the add page the code is a form field carrying the code shown, so the
        # saved class has the code the instructor saw (a read-only field would show
        # one default and save another).
        return ["join_code"] if obj else []

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Only administrators choose who teaches; an instructor's new class is theirs.
        return fields if request.user.is_superuser else [f for f in fields if f != "instructors"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            form.instance.instructors.add(request.user)

    @admin.display(description="Students", ordering="n_students")
    def student_count(self, obj):
        return obj.n_students

    @admin.display(description="Assignments", ordering="n_assignments")
    def assignment_count(self, obj):
        return obj.n_assignments


@admin.action(description="Release the feedback of the selected assignments now")
def release_feedback(modeladmin, request, queryset):
    count = 0
    for assignment in queryset:
        assignment_release(assignment=assignment)
        count += 1
    modeladmin.message_user(
        request, f"Feedback released for {count} assignment(s).", messages.SUCCESS
    )


@admin.register(Assignment)
class AssignmentAdmin(AssignableQuizMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "quiz",
        "classroom",
        "opens",
        "due",
        "feedback",
        "released",
        "attempts_allowed",
        "grading",
    ]
    list_filter = [TaughtClassFilter, "feedback"]
    autocomplete_fields = ["quiz"]
    list_select_related = ["quiz", "classroom"]
    fields = ["classroom", "quiz", "opens", "due", "accept_late", *ASSIGNMENT_SETTINGS]
    actions = [release_feedback]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.taught_by(request.user)


class ResponseInline(BoundedRowsMixin, SafeAutocompleteMixin, admin.TabularInline):
    model = Response
    fields = ["question", "answer_text", "is_correct", "confidence", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Read-only: what students in the instructor's classes did."""

    list_display = ["learner", "title", "assignment", "number", "started", "finished", "score"]
    list_filter = ["kind", AttemptClassFilter]
    search_fields = ["learner__username", "quiz__title"]
    list_select_related = ["learner", "quiz", "assignment__classroom"]
    inlines = [ResponseInline]
    readonly_fields = [
        "learner",
        "kind",
        "quiz",
        "assignment",
        "started",
        "finished",
        "answered",
        "score",
        "number",
        "requires_submit",
        "deadline",
    ]
    exclude = ["question_ids", "seed", "source"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_instructor_scoped(request):
            # Attempts made for this instructor's assignments: not the student's practice,
            # reviews, or work for another instructor's class.
            qs = qs.filter(assignment__classroom__instructors=request.user).distinct()
        return qs

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
