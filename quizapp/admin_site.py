"""The authoring area's front page, grouped by job instead of by database table.

Outside the quizapp.admin package: importing that package registers the ModelAdmins on
this site, so the site class must load without it."""

from django.contrib import admin

# (group name, what it is for, model object names in the order an author meets them)
GROUPS = [
    (
        "Stories & articles",
        "The news coverage itself: import an article, read its passages, see which outlet "
        "published it and how this copy reached us.",
        ["Story", "Article", "Outlet", "Passage"],
    ),
    (
        "Evidence",
        "What the articles say, pinned to exact passages — people, quotes, figures, events, "
        "facts, framing, provenance clues. Questions are built from it, so review it first.",
        ["Claim", "Person", "Figure", "Event", "Fact", "Framing", "ProvenanceClue"],
    ),
    (
        "Questions & quizzes",
        "Write, check, preview and publish questions; put them in quizzes; export to Moodle.",
        ["Question", "Quiz"],
    ),
    (
        "Classes",
        "Classes, their assignments and students' attempts. Day to day, the Classes page "
        "(outside this area) does this without tables.",
        ["Classroom", "Assignment", "Attempt"],
    ),
]


class SourcewiseAdminSite(admin.AdminSite):
    site_header = "Sourcewise authoring"
    site_title = "Sourcewise"
    index_title = "What do you want to work on?"
    # The grouped front page is the map; without the sidebar, lists get the full width.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models = {}
        rest = []
        for app in apps:
            if app["app_label"] == "quizapp":
                models.update({m["object_name"]: m for m in app["models"]})
            else:
                rest.append(app)
        grouped = []
        for index, (name, description, object_names) in enumerate(GROUPS):
            members = [models.pop(n) for n in object_names if n in models]
            if members:
                grouped.append(group(f"group{index}", name, description, members))
        if models:  # a model added later still shows, until someone files it in a group
            grouped.append(group("other", "Other", "", sorted(models.values(), key=by_name)))
        return grouped + rest


def by_name(model):
    return model["name"]


def group(slug, name, description, models) -> dict:
    return {
        "name": name,
        "description": description,
        "app_label": slug,
        "app_url": models[0]["admin_url"],
        "has_module_perms": True,
        "models": models,
    }
