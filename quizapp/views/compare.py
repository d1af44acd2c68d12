"""Compare coverage: stories, their topics across outlets, and one topic side by side."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quizapp.bank.compare import all_topics, grouped
from quizapp.models import Story
from quizapp.services import evidence_bank, evidence_banks, locked_compare_topics


def story_for_topic(slug: str) -> Story | None:
    """The story a topic slug belongs to: its prefix names it; no prefix, the seed story."""
    prefix, sep, _ = slug.partition("--")
    if sep:
        story = Story.objects.filter(slug=prefix).first()
        if story is not None:
            return story
    return Story.objects.filter(slug=Story.seed_slug()).first()


@login_required
@require_safe
def compare_list(request):
    """Render every story with its topics, grouped by kind, each with its verdict. Topics
    that would answer an assessment the student has not had feedback on are listed
    without their verdict ("available after you submit")."""
    stories = list(Story.objects.order_by("title"))
    banks = evidence_banks(stories)
    stories = [(story, grouped(all_topics(banks[story.id]))) for story in stories]
    return render(
        request,
        "quizapp/compare_list.html",
        {"stories": stories, "locked": locked_compare_topics(request.user)},
    )


@login_required
@require_safe
def compare_topic(request, slug):
    """Render what each outlet says about one topic of one story, side by side."""
    story = story_for_topic(slug)
    topics = all_topics(evidence_bank(story)) if story else []
    topic = next((t for t in topics if t.slug == slug), None)
    if topic is None:
        raise Http404("No such topic.")
    if slug in locked_compare_topics(request.user):
        return render(request, "quizapp/compare_locked.html", {"topic": topic, "story": story})
    return render(request, "quizapp/compare_topic.html", {"topic": topic, "story": story})
