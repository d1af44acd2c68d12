"""Roles: the Instructors group and exactly the permissions instructors need."""

from django.contrib.auth.models import Group, Permission

VIEW_ONLY = ["passage", "attempt", "response"]
AUTHOR = [
    "outlet",
    "story",
    "article",
    "person",
    "claim",
    "figure",
    "event",
    "eventcitation",
    "fact",
    "factcitation",
    "framing",
    "provenanceclue",
    "question",
    "choice",
    "citation",
    "quiz",
    "quizquestion",
    "classroom",
    "assignment",
]


def instructor_codenames() -> list[str]:
    codenames = [f"view_{model}" for model in VIEW_ONLY]
    for model in AUTHOR:
        codenames += [f"{action}_{model}" for action in ("view", "add", "change", "delete")]
    return codenames


def instructors_group() -> Group:
    """The Instructors group, created (with its permissions) if a reset removed it."""
    group, _ = Group.objects.get_or_create(name="Instructors")
    wanted = Permission.objects.filter(
        content_type__app_label="quizapp", codename__in=instructor_codenames()
    )
    if wanted.exclude(group=group).exists():
        group.permissions.add(*wanted)  # additive: never takes away what an admin granted
    return group


BANK_EDITORS = "Bank editors"


def bank_editors_group() -> Group:
    """Members change the shared question bank and shared quizzes; other instructors
    duplicate a shared question to make their own variant. Give members the Instructors
    group too, for the permissions."""
    group, _ = Group.objects.get_or_create(name=BANK_EDITORS)
    return group


def is_bank_editor(user) -> bool:
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_bank_editor", None)
    if cached is None:
        cached = user.is_authenticated and user.groups.filter(name=BANK_EDITORS).exists()
        user._is_bank_editor = cached
    return cached
