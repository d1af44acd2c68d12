from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SourcewiseAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the authoring front page grouped by job."""

    default = False  # quizapp's own default config is QuizappConfig

    default_site = "quizapp.admin_site.SourcewiseAdminSite"


class QuizappConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizapp"
    verbose_name = "Sourcewise"
