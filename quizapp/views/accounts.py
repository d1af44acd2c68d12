"""Signing up (optionally into a class) and joining a class later."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from quizapp.forms import JoinClassForm, SignupForm
from quizapp.services import AnswerError, classroom_join


class RoleLoginView(LoginView):
    """Log in; without a ?next=, instructors land on their classes, students on quizzes."""

    def get_default_redirect_url(self):
        user = self.request.user
        return reverse("class_list" if user.is_staff else "quiz_list")


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    """Create an account; with a join code, the new student is in that class."""
    if request.user.is_authenticated:
        return redirect("quiz_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            if code := form.cleaned_data["join_code"]:
                classroom = classroom_join(user=user, join_code=code)
                messages.success(request, f"Welcome! You joined {classroom}.")
            else:
                messages.success(request, "Welcome! Pick a practice quiz to start.")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("quiz_list")
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_POST
def join_class(request):
    """Join a class with its code, from the quiz list."""
    form = JoinClassForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Type the join code your instructor gave you.")
        return redirect("quiz_list")
    try:
        classroom = classroom_join(user=request.user, join_code=form.cleaned_data["join_code"])
    except AnswerError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You joined {classroom}.")
    return redirect("quiz_list")
