"""Compare coverage: topics across outlets, and one topic side by side."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..compare import all_topics, grouped
from ..services import evidence_bank, locked_compare_topics


@login_required
@require_safe
def compare_list(request):
    """Render every topic the evidence covers, grouped by kind, with its verdict. Topics
    that would answer an assessment the student has not had feedback on are listed
    without their verdict."""
    return render(
        request,
        "quizapp/compare_list.html",
        {
            "groups": grouped(all_topics(evidence_bank())),
            "locked": locked_compare_topics(request.user),
        },
    )


@login_required
@require_safe
def compare_topic(request, slug):
    """Render what each outlet's article says about one topic, side by side."""
    topic = next((t for t in all_topics(evidence_bank()) if t.slug == slug), None)
    if topic is None:
        raise Http404("No such topic.")
    if slug in locked_compare_topics(request.user):
        return render(request, "quizapp/compare_locked.html", {"topic": topic})
    return render(request, "quizapp/compare_topic.html", {"topic": topic})
