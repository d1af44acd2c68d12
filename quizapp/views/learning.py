"""Taking quizzes: the quiz list, one question per screen, results, progress, review."""

import copy
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quizapp.forms import AnswerForm, JoinClassForm
from quizapp.learning.feedback import feedback_context
from quizapp.models import Assignment, Attempt, Citation, Question, Quiz, Response
from quizapp.models.learning import attempt_for_question
from quizapp.reports import learner as reports
from quizapp.services import (
    Answer,
    AnswerError,
    AttemptsUsed,
    answer_take,
    attempt_choices,
    attempt_expire,
    attempt_start,
    attempt_submit,
    compare_topic_locked,
    mistakes_practice_start,
    review_start,
)
from quizapp.sources.reader import reader_passages


def own_attempt(request, attempt_id, *, related=("quiz", "assignment"), number=None) -> Attempt:
    """The learner's own attempt, or 404: other people's attempts do not exist for them.
    With ``number``, the same query reads the stamp of that question (see question_at)
    and whether any assignment of the learner holds feedback back (see answer_area).
    An attempt whose time limit has run out is handed in first."""
    if number is not None and number >= 1:
        attempt = attempt_for_question(
            user_id=request.user.pk, attempt_id=attempt_id, number=number, related=related
        )
        if attempt is None:
            raise Http404("No such attempt.")
    else:
        attempts = Attempt.objects.of(request.user).select_related(*related)
        attempt = get_object_or_404(attempts, pk=attempt_id)
    attempt.learner = request.user  # known already: no query for it later
    return attempt_expire(attempt=attempt)


@login_required
@require_safe
def quiz_list(request):
    """Render the learner's assignments (status, due date in the class's time zone, score
    once released), then the practice quizzes grouped by skill with their best scores."""
    assignments, groups = reports.quiz_list_for(request.user)
    return render(
        request,
        "quizapp/quiz_list.html",
        {"assignments": assignments, "groups": groups, "join_form": JoinClassForm()},
    )


@login_required
@require_POST
def quiz_start(request, slug):
    """Start (or resume) an attempt at a published quiz, then show its first open question."""
    quiz = get_object_or_404(Quiz.objects.startable_by(request.user), slug=slug)
    assignment = None
    if assignment_id := request.POST.get("assignment"):
        if not assignment_id.isdecimal():
            raise Http404("No such assignment.")
        assignment = get_object_or_404(
            Assignment.objects.for_student(request.user), pk=int(assignment_id), quiz=quiz
        )
    try:
        attempt = attempt_start(learner=request.user, quiz=quiz, assignment=assignment)
    except AttemptsUsed as used:
        messages.info(request, str(used))
        return redirect("attempt_results", attempt_id=used.attempt.id)
    except AnswerError as error:
        messages.error(request, str(error))
        return redirect("quiz_list")
    return redirect("attempt_resume", attempt_id=attempt.id)


@login_required
@require_safe
def attempt_resume(request, attempt_id):
    """Send the learner to where they stopped: the first unanswered question, or results."""
    attempt = own_attempt(request, attempt_id)
    answered = set(attempt.responses.values_list("question_id", flat=True))
    if attempt.finished is None or not attempt.requires_submit:
        for number, question_id in enumerate(attempt.question_ids, start=1):
            if question_id not in answered:
                return redirect("attempt_question", attempt_id=attempt.id, number=number)
    return redirect("attempt_results", attempt_id=attempt.id)


# A question with its choices and citations, per process, keyed by the question's
# `updated` stamp: every save of a question (admin, build_quizzes, import) changes it,
# and the stamp is read from the database with the attempt on every request, so no
# process, on any server, serves content that has since changed.
_CONTENT_CACHE: dict[int, tuple] = {}
_CONTENT_CACHE_SIZE = 2000


def question_at(attempt, number) -> Question:
    """Question ``number`` of the attempt, with its choices and citations. Costs no
    query when this process holds the current version (``attempt.question_stamp``, from
    ``own_attempt(..., number=number)``), one query for the question plus two for its
    content otherwise."""
    if not 1 <= number <= attempt.total:
        raise Http404("No such question in this attempt.")
    question_id = attempt.question_ids[number - 1]
    cached = _CONTENT_CACHE.get(question_id)
    stamp = getattr(attempt, "question_stamp", None)
    if cached is None or stamp is None or cached[0] != stamp:
        question = get_object_or_404(Question, pk=question_id)
        # Find-the-evidence choices stand for passages: the page shows their article.
        choices = list(question.choices.select_related("passage__article__outlet"))
        citations = list(
            question.citations.select_related("passage__article__outlet").order_by("position", "id")
        )
        if len(_CONTENT_CACHE) >= _CONTENT_CACHE_SIZE:
            _CONTENT_CACHE.clear()
        cached = _CONTENT_CACHE[question_id] = (question.updated, choices, citations, question)
    question = copy.copy(cached[3])  # each request gets its own instance
    question._prefetched_objects_cache = {"choices": cached[1], "citations": cached[2]}
    return question


# The feedback's "In the source" part, rendered once per question version and set of
# citations shown (the question's own, plus those of the choice picked): nothing in it
# depends on who answered. Keyed by the `updated` stamp like _CONTENT_CACHE, whose
# citations it shows, so it is exactly as fresh.
_SOURCES_CACHE: dict[tuple, str] = {}


def sources_html(question, citations) -> str:
    key = (question.id, question.updated, tuple(c.id for c in citations))
    html = _SOURCES_CACHE.get(key)
    if html is None:
        if len(_SOURCES_CACHE) >= 2 * _CONTENT_CACHE_SIZE:
            _SOURCES_CACHE.clear()
        # On the question page each link opens the passage beside the question: a URL
        # relative to the page's, so the same HTML serves every attempt.
        html = render_to_string("quizapp/_sources.html", {"citations": citations, "panel": True})
        _SOURCES_CACHE[key] = html
    return html


def display_choices(attempt, question):
    return attempt_choices(attempt, question, question.choices.all())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_question(request, attempt_id, number):
    """Render question ``number`` of an attempt; on POST record the answer and render
    the same page with the feedback (for htmx, just the answer area of it)."""
    partial = bool(request.htmx) and request.method == "POST"
    # The answer area needs no quiz row; the assignment (joined, when there is one)
    # says whether feedback is held back.
    attempt = own_attempt(
        request,
        attempt_id,
        related=("assignment",) if partial else ("quiz", "assignment"),
        number=number,
    )
    question = question_at(attempt, number)
    choices = display_choices(attempt, question)
    data = request.POST if request.method == "POST" else None
    form, answer = None, Answer()
    if data is not None:
        cleaned, form = AnswerForm.read(question, choices, data)
        answer = answer_take(attempt=attempt, question=question, choices=choices, answer=cleaned)
    if form is None and answer.response is None:  # the feedback shows no form
        form = AnswerForm(question, choices, data)
    if partial:
        context = answer_area(attempt, question, number, choices, form, answer)
        return render(
            request, "quizapp/attempt_question.html#answer-area", {**context, "oob_dot": True}
        )
    responses = {r.question_id: r for r in attempt.responses.select_related("choice")}
    answer.response = answer.response or responses.get(question.id)
    context = answer_area(attempt, question, number, choices, form, answer)
    context["dots"] = [
        {"number": n, "response": responses.get(qid)}
        for n, qid in enumerate(attempt.question_ids, start=1)
    ]
    return render(request, "quizapp/attempt_question.html", context)


def answer_area(attempt, question, number, choices, form, answer) -> dict:
    """What the answer area shows: the form, or the feedback for the recorded answer.
    While the attempt's feedback is held back, a recorded answer shows as saved, with
    nothing about whether it was right or what the key is."""
    held = not attempt.feedback_released()
    context = {
        "attempt": attempt,
        "question": question,
        "number": number,
        "form": form,
        "choices": choices,
        "response": answer.response,
        "held": held,
        "error": answer.error,
        "already_answered": answer.already,
        "all_answered": attempt.answered >= attempt.total,
        "can_submit": attempt.requires_submit and attempt.finished is None,
    }
    if question.is_find_evidence:
        context.update(evidence_context(question, choices))
    if held or not answer.response:
        return context
    context.update(feedback_context(question=question, choices=choices, response=answer.response))
    context["sources_html"] = sources_html(question, context["citations"])
    # Nothing can be locked for a learner none of whose assignments holds feedback back
    # (read with the attempt): no query then.
    context["compare_locked"] = getattr(
        attempt, "learner_has_held_feedback", True
    ) and compare_topic_locked(attempt.learner, question.compare_topic)
    return context


def evidence_prompt(stem: str) -> tuple[str, str]:
    """A find-the-evidence stem split into what to do and the statement to find, so
    the page can set the statement apart: "Find the evidence: which passage ... supports
    this? The statement." or "A gives 'x'. Which passage of B gives a different number?".
    A stem with no such shape is all question and no statement."""
    stem = stem.strip()
    head, sep, tail = stem.partition("? ")
    if sep and tail.strip():
        return f"{head}?", tail.strip()
    if stem.endswith("?"):
        cut = max(stem.rfind(". ", 0, len(stem) - 1), stem.rfind("! ", 0, len(stem) - 1))
        if cut != -1:
            return stem[cut + 2 :], stem[: cut + 1]
    return stem, ""


def evidence_context(question, choices) -> dict:
    """What a find-the-evidence page shows around its passage choices: the article they
    come from (headline, outlet) and the statement to find."""
    ask, statement = evidence_prompt(question.stem)
    article = next((c.passage.article for c in choices if c.passage_id), None)
    return {"evidence_ask": ask, "evidence_statement": statement, "evidence_article": article}


def article_href(attempt, number, citation) -> str:
    """The reader's page with the cited words marked and a link back to the question."""
    back = urlencode({"attempt": attempt.id, "question": number})
    return citation.get_absolute_url().replace("#", f"&{back}#", 1)


SOURCE_CONTEXT = 2  # passages either side of the cited one in the panel


@login_required
@require_safe
def attempt_source(request, attempt_id, number, index):
    """The passage citation ``index`` of question ``number``'s feedback cites, with the
    passages around it, for the panel beside the question. It exists only once that
    feedback is shown to the learner: before an answer, or while the attempt's feedback
    is held back, the cited words would give the key away. Without htmx, the reader's
    page with the words marked."""
    attempt = own_attempt(request, attempt_id, related=("assignment",), number=number)
    question = question_at(attempt, number)
    response = Response.objects.filter(attempt=attempt, question_id=question.id).first()
    if response is None or not attempt.feedback_released():
        raise Http404("The source opens with the feedback on your answer.")
    citations = feedback_context(question=question, choices=[], response=response)["citations"]
    if not 1 <= index <= len(citations):
        raise Http404("No such source for this question.")
    citation = citations[index - 1]
    href = article_href(attempt, number, citation)
    if not request.htmx:
        return redirect(href)
    passage = citation.passage
    nearby = passage.article.passages.filter(
        position__gte=passage.position - SOURCE_CONTEXT,
        position__lte=passage.position + SOURCE_CONTEXT,
    ).order_by("position")
    return render(
        request,
        "quizapp/_source_panel.html",
        {
            "href": href,
            "article": passage.article,
            "passage": passage,
            "passages": reader_passages(nearby, citation.quote),
            "number": number,
        },
    )


@login_required
@require_safe
def attempt_results(request, attempt_id):
    """Render the results: held back until the feedback is released, then the score,
    each answer with the right one beside a wrong one, and the source passages."""
    attempt = own_attempt(request, attempt_id)
    if attempt.requires_submit and attempt.finished is None:
        return render(request, "quizapp/attempt_submit.html", submit_context(attempt))
    responses = {r.question_id: r for r in attempt.responses.select_related("choice")}
    if attempt.finished is None and len(responses) < attempt.total:
        messages.info(request, "You have questions left; here is where you stopped.")
        return redirect("attempt_resume", attempt_id=attempt.id)
    if not attempt.feedback_released():
        return render(request, "quizapp/attempt_held.html", {"attempt": attempt})
    questions = Question.objects.filter(id__in=attempt.question_ids).prefetch_related(
        "choices",
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("passage__article__outlet"),
        ),
    )
    questions = {q.id: q for q in questions}
    rows = []
    for n, qid in enumerate(attempt.question_ids, start=1):
        question, response = questions.get(qid), responses.get(qid)
        if question is None:
            continue
        if response is not None:
            response.question = question
        choices = list(question.choices.all())
        rows.append(
            {
                "number": n,
                "question": question,
                "response": response,
                "correct_choice": next((c for c in choices if c.is_correct), None),
                "correct_order": sorted(choices, key=lambda c: c.correct_position or 0),
                "citations": [
                    c
                    for c in question.citations.all()
                    if c.choice_id is None or (response and c.choice_id == response.choice_id)
                ],
            }
        )
    answered = [r for r in responses.values() if r.question_id in questions]
    return render(
        request,
        "quizapp/attempt_results.html",
        {
            "attempt": attempt,
            "rows": rows,
            "correct": sum(r.is_correct for r in answered),
            "missed": sum(
                1 for row in rows if not (row["response"] and row["response"].is_correct)
            ),
            "breakdown": reports.skill_breakdown(answered),
        },
    )


def submit_context(attempt):
    answered = set(attempt.responses.values_list("question_id", flat=True))
    return {
        "attempt": attempt,
        "questions": [
            {"number": n, "answered": qid in answered}
            for n, qid in enumerate(attempt.question_ids, start=1)
        ],
        "unanswered": sum(1 for qid in attempt.question_ids if qid not in answered),
    }


@login_required
@require_POST
def attempt_submit_view(request, attempt_id):
    """Hand the attempt in (the explicit "Submit quiz" step)."""
    attempt = own_attempt(request, attempt_id)
    attempt_submit(attempt=attempt)
    return redirect("attempt_results", attempt_id=attempt.id)


@login_required
@require_POST
def attempt_mistakes(request, attempt_id):
    """Start (or resume) a practice round of the questions missed in this attempt."""
    attempt = own_attempt(request, attempt_id)
    try:
        mistakes = mistakes_practice_start(learner=request.user, attempt=attempt)
    except AnswerError as error:
        messages.info(request, str(error))
        return redirect("attempt_results", attempt_id=attempt.id)
    return redirect("attempt_resume", attempt_id=mistakes.id)


@login_required
@require_safe
def progress(request):
    """Render the learner's mastery by skill, calibration, review queue and history."""
    return render(
        request,
        "quizapp/progress.html",
        {
            "mastery": reports.mastery_by_skill(request.user),
            "window": reports.MASTERY_WINDOW,
            "calibration": reports.calibration(request.user),
            "history": reports.attempt_history(request.user),
            "review": reports.review_summary(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request):
    """GET: what is due for review. POST: start (or resume) a review session."""
    if request.method == "POST":
        try:
            attempt = review_start(learner=request.user)
        except AnswerError as error:
            messages.info(request, str(error))
            return redirect("review")
        return redirect("attempt_resume", attempt_id=attempt.id)
    unfinished = Attempt.objects.of(request.user).unfinished().filter(kind="review").first()
    return render(
        request,
        "quizapp/review.html",
        {"review": reports.review_summary(request.user), "unfinished": unfinished},
    )
