"""Django admin for instructors: authoring, evidence review, classes."""

from django.contrib import admin

from ..forms import AdminLoginForm  # noqa: E402
from . import classes, evidence, questions, sources  # noqa: F401  (registers the admins)

admin.site.login_form = AdminLoginForm
