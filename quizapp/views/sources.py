"""The source reader: the article list and one article with anchored passages."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from quizapp.models import Article, Outlet
from quizapp.sources.reader import MAX_HIGHLIGHT_LENGTH, clean_highlight, reader_passages


@require_safe
def home(request):
    """Render the landing page: what Sourcewise is and where to start."""
    articles = Article.objects.current().with_outlets()
    return render(request, "quizapp/home.html", {"articles": articles})


@login_required
@require_safe
def article_list(request):
    """Render the corpus grouped by outlet, with how each copy was made."""
    outlets = (
        Outlet.objects.prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.current().select_related("original_outlet"),
            )
        )
        .filter(articles__in=Article.objects.current())
        .distinct()
    )
    return render(request, "quizapp/article_list.html", {"outlets": outlets})


@login_required
@require_safe
def article_detail(request, slug):
    """Render one article, every passage anchored, ``?highlight=`` words marked."""
    article = get_object_or_404(Article.objects.current().with_outlets(), slug=slug)
    raw_highlight = request.GET.get("highlight", "")
    highlight = clean_highlight(raw_highlight)
    passages = reader_passages(article.passages.all(), highlight)
    first_marked = next((row.passage for row in passages if row.has_highlight), None)
    return render(
        request,
        "quizapp/article_detail.html",
        {
            "article": article,
            "passages": passages,
            "highlight": highlight,
            "highlight_found": first_marked is not None,
            "first_marked": first_marked,
            # The copy's own headline passage already shows it: print it once.
            "headline_in_text": any(
                row.passage.kind == "headline"
                and row.passage.text.strip() == article.headline.strip()
                for row in passages
            ),
            "highlight_too_long": len(raw_highlight) > MAX_HIGHLIGHT_LENGTH,
            "back_to_question": back_to_question(request.GET),
        },
    )


def back_to_question(query) -> str:
    """The question a "Read it in the source" link came from (``?attempt=&question=``),
    for a link back to it. Only the URL is built: the question page itself checks that
    the attempt is the learner's."""
    attempt, number = query.get("attempt", ""), query.get("question", "")
    if not (attempt.isascii() and attempt.isdigit() and number.isascii() and number.isdigit()):
        return ""
    if len(attempt) > 12 or len(number) > 6:
        return ""
    return reverse("attempt_question", args=[int(attempt), int(number)])
