"""Instructors' pre/post pages: create a matched pair for a class, read its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from quizapp.forms import FormPairForm
from quizapp.models import FormPair
from quizapp.reports.prepost import prepost_report
from quizapp.services.prepost import form_pair_create
from quizapp.views.classes import taught_class


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def form_pairs(request, class_id):
    """GET: the class's pre/post pairs and a form for a new one. POST: build a matched
    pair from the bank, assign both forms, and show its report."""
    classroom = taught_class(request, class_id)
    form = FormPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pair = form_pair_create(
                classroom=classroom,
                instructor=request.user,
                title=data["title"],
                counts=form.counts(),
                pre_opens=data["pre_opens"],
                pre_due=data["pre_due"],
                post_opens=data["post_opens"],
                post_due=data["post_due"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Created “{pair.title}”: both forms are assigned.")
            return redirect("form_pair_report", class_id=classroom.id, pair_id=pair.id)
    pairs = FormPair.objects.filter(classroom=classroom).select_related("pre", "post")
    return render(
        request,
        "quizapp/form_pairs.html",
        {"classroom": classroom, "form": form, "pairs": pairs},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def form_pair_report(request, class_id, pair_id):
    """Render the pre/post report: per skill, overall and calibration, who took one form
    only, and what the class misread on each form."""
    classroom = taught_class(request, class_id)
    pair = get_object_or_404(
        FormPair.objects.select_related("pre", "post", "classroom"),
        pk=pair_id,
        classroom=classroom,
    )
    return render(
        request,
        "quizapp/form_pair_report.html",
        {"classroom": classroom, "report": prepost_report(pair)},
    )
