"""Django admin for instructors: authoring, evidence review, classes."""

from django.contrib import admin

from quizapp.admin import classes, evidence, questions, sources  # noqa: F401  (registers the admins)
from quizapp.forms import AdminLoginForm  # noqa: E402

admin.site.login_form = AdminLoginForm
