"""Rules every generated question obeys, checked over the whole real bank."""

import pytest

from quizapp.bank.generators.base import words_overlap
from quizapp.bank.rules import question_problems
from quizapp.common.numbers import overlaps, value_range
from quizapp.models import Claim, Fact, Figure, Question, Quiz, Skill

pytestmark = pytest.mark.django_db


def published():
    return list(
        Question.objects.published()
        .prefetch_related("choices", "citations__passage__article__outlet")
        .order_by("key")
    )


def test_bank_has_at_least_120_published_questions_and_8_per_skill(bank):
    questions = published()
    assert len(questions) >= 120
    for skill in Skill.values:
        assert sum(q.skill == skill for q in questions) >= 8, skill


def test_every_question_passes_the_rules(bank):
    for question in published():
        problems = question_problems(
            kind=question.kind,
            stem=question.stem,
            explanation=question.explanation,
            choices=list(question.choices.all()),
            citations=[(c.passage, c.quote) for c in question.citations.all()],
        )
        assert problems == [], (question.key, problems)


def test_single_choice_questions_have_exactly_one_correct_choice(bank):
    for question in published():
        choices = list(question.choices.all())
        if question.kind == "find_evidence":
            continue  # every passage is a choice; see test_compare.py
        assert 3 <= len(choices) <= 5, question.key
        assert len({c.text for c in choices}) == len(choices), question.key
        if question.kind == "ordering":
            assert sorted(c.correct_position for c in choices) == list(range(1, len(choices) + 1))
        else:
            assert sum(c.is_correct for c in choices) == 1, question.key


def test_every_question_cites_verbatim_words(bank):
    for question in published():
        citations = list(question.citations.all())
        assert citations, question.key
        assert question.explanation.strip(), question.key
        for citation in citations:
            assert citation.quote in citation.passage.text, question.key


def test_no_wrong_outlet_also_reported_the_fact(bank):
    for question in published():
        if question.skill != Skill.OUTLET_ATTRIBUTION:
            continue
        fact = Fact.objects.get(key=question.key.split(":", 1)[1])
        reporting = {c.passage.article.outlet.name for c in fact.citations.all()}
        wrong = {c.text for c in question.choices.all() if not c.is_correct}
        assert not wrong & reporting, question.key


def test_no_wrong_person_also_said_the_words(bank):
    claims = list(Claim.objects.select_related("speaker"))
    for question in published():
        if question.skill != Skill.QUOTE_ATTRIBUTION:
            continue
        quote = question.citations.first().quote
        sayers = {c.speaker.name for c in claims if c.speaker and words_overlap(c.quote, quote)}
        wrong = {c.text for c in question.choices.all() if not c.is_correct}
        assert not wrong & sayers, question.key


def test_ironclad_is_never_pinned_on_one_person_with_another_sayer_as_distractor(bank):
    ironclad = Question.objects.filter(skill=Skill.QUOTE_ATTRIBUTION, stem__icontains="ironclad")
    sayers = {
        c.speaker.name
        for c in Claim.objects.filter(quote__icontains="ironclad", speaker__isnull=False)
    }
    for question in ironclad:
        assert not {c.text for c in question.choices.filter(is_correct=False)} & sayers


def test_no_wrong_figure_is_consistent_with_the_articles_own_figure(bank):
    for question in published():
        if not question.key.startswith("figures:value:"):
            continue
        figure = Figure.objects.select_related("passage").get(key=question.key.rsplit(":", 1)[1])
        own = [
            value_range(f.qualifier, f.value)
            for f in Figure.objects.filter(
                measure=figure.measure, passage__article=figure.passage.article, value__isnull=False
            )
        ]
        for choice in question.choices.filter(is_correct=False):
            qualifier, _, number = choice.text.rpartition(" ")
            if number.isdigit():
                rng = value_range(qualifier, __import__("decimal").Decimal(number))
                assert not any(overlaps(rng, r) for r in own), (question.key, choice.text)


def test_stems_and_choices_read_naturally(bank):
    for question in published():
        own_choices = [c.text for c in question.choices.all() if c.passage_id is None]
        for text in [question.stem, *own_choices]:
            assert "None" not in text and "  " not in question.stem, question.key
            assert text == text.strip(), question.key


def test_quizzes_cover_every_skill_every_article_and_the_mix(bank, corpus):
    quizzes = Quiz.objects.published()
    assert {q.skill for q in quizzes if q.skill} == set(Skill.values)
    assert {q.article.slug for q in quizzes if q.article} == set(corpus)
    mixed = Quiz.objects.get(slug="the-april-2024-coverage")
    assert {q.skill for q in mixed.questions.all()} == set(Skill.values)
    for quiz in quizzes:
        assert quiz.items.count() >= 1


def test_a_photo_caption_is_never_counted_as_an_outlets_reporting(bank):
    question = Question.objects.get(key="outlet_attribution:situation-room-saturday")
    assert question.choices.get(is_correct=True).text == "CNN"
    assert not question.choices.filter(text="The Times of Israel").exists()


def test_no_made_up_number_appears_in_any_article(bank):
    from quizapp.common.numbers import numbers_in_corpus
    from quizapp.services import evidence_bank

    taken = numbers_in_corpus(evidence_bank())
    made_up = Question.objects.filter(
        skill=Skill.FIGURES, choices__feedback="No article gives this number."
    ).values_list("choices__text", flat=True)
    for text in made_up:
        assert __import__("decimal").Decimal(text.rsplit(" ", 1)[-1]) not in taken, text


def test_sourcing_answers_exclude_each_other(bank):
    from quizapp.bank.generators.sourcing import BODY, NAMED

    for question in Question.objects.filter(skill=Skill.SOURCING):
        claim = Claim.objects.select_related("speaker").get(key=question.key.split(":", 1)[1])
        answer = question.choices.get(is_correct=True).text
        named = claim.speaker is not None and claim.speaker.kind == "person"
        assert (answer == NAMED) == (named and claim.sourcing != "outlet_report"), question.key
        if answer == BODY:
            assert claim.speaker.kind == "organization", question.key
        assert "sourcing" not in claim.exclude_from, question.key


def test_timeline_events_never_overlap_in_time(bank):
    from quizapp.bank.generators.timeline import period
    from quizapp.models import Event

    events = {e.title: e for e in Event.objects.all()}
    for question in Question.objects.filter(skill=Skill.TIMELINE):
        ordered = sorted(question.choices.all(), key=lambda c: c.correct_position)
        spans = [period(events[c.text]) for c in ordered]
        for earlier, later in zip(spans, spans[1:], strict=False):
            assert earlier[1] < later[0], question.key


def test_altered_quotes_are_only_offered_when_the_flip_reads_as_a_sentence(bank):
    altered = Question.objects.filter(
        skill=Skill.CLAIM_RECALL, choices__feedback__startswith="Close, but altered"
    ).values_list("choices__text", flat=True)
    for text in altered:
        assert "over yet" not in text and "  " not in text
