"""Coverage review in admin: for each passage of an article, the facts it reports.

Each reporting passage shows the facts linked to it, the facts it most likely reports
(ranked by similarity, see quizapp.evidence.suggest) with one button to link each, a field to
create a new fact from it, and "reports nothing new". "Mark reviewed" is accepted once
every reporting passage is settled: from then on the article's outlet may be offered
as "did not report this" for the facts it is not linked to.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from quizapp.evidence.suggest import Suggester, candidates_for
from quizapp.models import Article, Fact, FactCitation, Passage
from quizapp.services.content import (
    coverage_link,
    coverage_mark_reviewed,
    coverage_unlink,
    fact_create_from_passage,
    passage_mark_nothing_new,
    story_facts,
)

SUGGESTIONS = 3


def coverage_rows(article: Article):
    """Each passage with its linked facts and, for an unsettled reporting passage, the
    suggested facts of the story — in a fixed number of queries."""
    passages = list(article.passages.order_by("position"))
    links = {}
    for citation in FactCitation.objects.filter(passage__article=article).select_related("fact"):
        links.setdefault(citation.passage_id, []).append(citation.fact)
    facts = list(
        story_facts(article.story)
        .prefetch_related(
            Prefetch("citations", queryset=FactCitation.objects.select_related("passage"))
        )
        .order_by("key")
    )
    candidates = candidates_for(facts, excluding_article_id=article.id)
    story_texts = list(
        Passage.objects.filter(article__story=article.story).values_list("text", flat=True)
    )
    suggester = Suggester(candidates, story_texts) if candidates else None
    rows = []
    for passage in passages:
        linked = links.get(passage.id, [])
        suggested = []
        if passage.kind == Passage.Kind.REPORTING and suggester is not None:
            linked_ids = {f.id for f in linked}
            suggested = [
                (fact, round(score, 2))
                for fact, score in suggester.top(passage.text, SUGGESTIONS + len(linked))
                if fact.id not in linked_ids
            ][:SUGGESTIONS]
        rows.append(
            {
                "passage": passage,
                "linked": linked,
                "suggested": suggested,
                "settled": bool(linked) or passage.reports_nothing_new,
                "reporting": passage.kind == Passage.Kind.REPORTING,
            }
        )
    return rows


def coverage_view(model_admin, request, object_id):
    article = get_object_or_404(Article.objects.select_related("story", "outlet"), pk=object_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    can_change = model_admin.has_change_permission(request, article) and request.user.has_perm(
        "quizapp.add_factcitation"
    )
    here = reverse("admin:quizapp_article_coverage", args=[article.pk])
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        anchor = coverage_action(request, article)
        return HttpResponseRedirect(f"{here}{anchor}")
    rows = coverage_rows(article)
    reporting = [r for r in rows if r["reporting"]]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Coverage review: {article.headline}",
        "article": article,
        "rows": rows,
        "settled": sum(r["settled"] for r in reporting),
        "reporting_count": len(reporting),
        "can_change": can_change,
        "opts": Article._meta,
        "action_url": here,
    }
    return TemplateResponse(request, "admin/quizapp/article/coverage.html", context)


def coverage_action(request, article) -> str:
    """Apply one POSTed action; say what happened; return the anchor to go back to."""
    from quizapp.services import quiz_build

    action = request.POST.get("action", "")
    passage = None
    if "passage" in request.POST:
        passage = Passage.objects.filter(article=article, pk=request.POST["passage"]).first()
        if passage is None:
            messages.error(request, "That passage is not in this article.")
            return ""
    fact = None
    if "fact" in request.POST:
        fact = Fact.objects.filter(pk=request.POST["fact"]).first()
        if fact is None:
            messages.error(request, "That fact no longer exists.")
            return ""
    try:
        if action == "link" and passage and fact:
            coverage_link(passage=passage, fact=fact)
            messages.success(request, f"{passage.anchor} now reports: {fact.statement}")
        elif action == "unlink" and passage and fact:
            coverage_unlink(passage=passage, fact=fact)
            messages.success(request, f"Unlinked {passage.anchor} from: {fact.statement}")
        elif action == "create" and passage:
            fact = fact_create_from_passage(
                passage=passage, statement=request.POST.get("statement", "")
            )
            messages.success(request, f"New fact from {passage.anchor}: {fact.statement}")
        elif action in ("nothing_new", "something_new") and passage:
            passage_mark_nothing_new(passage=passage, nothing_new=action == "nothing_new")
            messages.success(request, f"{passage.anchor} marked.")
        elif action in ("reviewed", "unreviewed"):
            coverage_mark_reviewed(article=article, reviewed=action == "reviewed")
            messages.success(
                request,
                "Coverage marked reviewed: questions may now say what this article does not report."
                if action == "reviewed"
                else "Coverage marked not reviewed: its outlet is no longer offered as silent.",
            )
        else:
            messages.error(request, "Unknown action.")
            return ""
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return f"#{passage.anchor}" if passage else ""
    article.refresh_from_db(fields=["coverage_reviewed"])
    if action in ("reviewed", "unreviewed") or article.coverage_reviewed:
        report = quiz_build()
        changed = sum(report.created.values()) + sum(report.updated.values())
        versioned = sum(report.versioned.values())
        messages.info(
            request,
            f"Questions regenerated: {changed} new or changed, {report.retired} retired."
            + (
                f" {versioned} of the changed ones had been given to students: they keep the "
                "version they saw; new attempts get the new one."
                if versioned
                else ""
            ),
        )
    return f"#{passage.anchor}" if passage else ""
