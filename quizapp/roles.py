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
