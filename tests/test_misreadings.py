"""Misreading tags: every generated wrong option carries one that fits how it was built;
hand-written options can be tagged in admin; the JSON exchange carries the tag."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quizapp.bank.exchange import ExchangeError, export_json, import_json
from quizapp.bank.generators import sourcing
from quizapp.bank.generators.framing import FACT
from quizapp.bank.generators.provenance import ORIGIN_TEXT
from quizapp.bank.misreadings import EXPLANATIONS, Misreading, explain, of_answer
from quizapp.common.numbers import numbers_in_corpus
from quizapp.models import Article, Choice, Claim, Figure, Question, Skill
from quizapp.services import evidence_bank
from tests.factories import QuestionFactory
from tests.test_admin import ADD_URL, admin_client, instructor, passage, question_form  # noqa: F401

pytestmark = pytest.mark.django_db

M = Misreading


def test_every_misreading_is_explained_in_plain_words_and_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).resolve().parent.parent / "docs" / "misreadings.md").read_text()
    assert set(EXPLANATIONS) == set(Misreading)
    for misreading, explanation in EXPLANATIONS.items():
        assert explanation.plain.strip() and explanation.practise.strip()
        assert f"`{misreading.value}`" in docs, misreading
        assert explanation.plain in docs and explanation.practise in docs, misreading


def test_explain_ignores_empty_and_unknown_tags():
    assert explain(None) is None and explain("") is None and explain("no_such_tag") is None
    assert explain("altered_quote").misreading == M.ALTERED_QUOTE


def test_a_wrong_order_is_the_event_order_misreading_and_a_right_answer_none():
    assert of_answer(kind="ordering", is_correct=False, choice_misreading=None) == "event_order"
    assert of_answer(kind="single_choice", is_correct=True, choice_misreading=None) is None
    assert (
        of_answer(kind="single_choice", is_correct=False, choice_misreading="wrong_outlet")
        == "wrong_outlet"
    )


# --- over the whole generated bank ------------------------------------------------


def article_of(question):
    return question.articles.all()[0]


def number_in(text):
    found = re.findall(r"\d+(?:\.\d+)?", text)
    return Decimal(found[-1]) if found else None


def fits_outlet_attribution(question, choice, ctx):
    return choice.misreading == M.WRONG_OUTLET


def fits_quote_attribution(question, choice, ctx):
    quoted_here = Claim.objects.filter(
        speaker__name=choice.text,
        passage__article=article_of(question),
        sourcing=Claim.Sourcing.ON_RECORD,
    ).exists()
    return choice.misreading == (M.SAME_ARTICLE_SPEAKER if quoted_here else M.OTHER_SPEAKER)


def fits_claim_recall(question, choice, ctx):
    cites = [c for c in ctx["citations"] if c.choice_id == choice.id]
    if not cites:  # the quote itself, altered
        return choice.misreading == M.ALTERED_QUOTE
    same_article = cites[0].passage.article_id == article_of(question).id
    return choice.misreading == (M.SAME_ARTICLE_SPEAKER if same_article else M.OTHER_SPEAKER)


def fits_sourcing(question, choice, ctx):
    correct = ctx["correct"].text
    if sourcing.OUTLET in (choice.text, correct):
        return choice.misreading == M.SAID_VS_REPORTED
    return choice.misreading == M.SOURCE_KIND


def fits_figures(question, choice, ctx):
    if question.key.startswith("figures:value:"):
        cites = [c for c in ctx["citations"] if c.choice_id == choice.id]
        if cites:  # another outlet's figure, cited
            return choice.misreading == M.OTHER_OUTLET_NUMBER and cites[0].passage.article_id != (
                article_of(question).id
            )
        return (
            choice.misreading == M.INVENTED_NUMBER and number_in(choice.text) not in ctx["numbers"]
        )
    if question.key.startswith("figures:agree:"):
        if choice.text.startswith("They agree: both give"):
            return choice.misreading == M.OTHER_OUTLET_NUMBER
        return choice.misreading == M.NUMBERS_COMPARED
    # figures:outlet: — an outlet that gives another number, or none at all
    figure = Figure.objects.get(key=question.key.rsplit(":", 1)[1])
    gives_one = Figure.objects.filter(
        measure=figure.measure, passage__article__outlet__name=choice.text
    ).exists()
    return choice.misreading == (M.OTHER_OUTLET_NUMBER if gives_one else M.WRONG_OUTLET)


def fits_framing(question, choice, ctx):
    if question.key.startswith("framing:stance:"):
        return choice.misreading == (M.HEDGE_FOR_FACT if choice.text == FACT else M.FACT_FOR_HEDGE)
    if question.key.startswith("framing:words:"):
        return choice.misreading == M.WRONG_OUTLET
    asked_fact = question.key.startswith("framing:which:stated_as_fact:")
    return choice.misreading == (M.HEDGE_FOR_FACT if asked_fact else M.FACT_FOR_HEDGE)


def fits_provenance(question, choice, ctx):
    if question.key.startswith("provenance:origin:"):
        own_site = ORIGIN_TEXT[Article.Provenance.ORIGINAL]
        return choice.misreading == (
            M.HOST_FOR_OUTLET if choice.text == own_site else M.COPY_ORIGIN
        )
    if "republished" in question.stem:
        return choice.misreading == M.COPY_ORIGIN
    return choice.misreading == M.PAGE_FURNITURE


def fits_find_evidence(question, choice, ctx):
    return choice.misreading == M.NEAR_PASSAGE and choice.passage_id is not None


FITS = {
    Skill.OUTLET_ATTRIBUTION: fits_outlet_attribution,
    Skill.QUOTE_ATTRIBUTION: fits_quote_attribution,
    Skill.CLAIM_RECALL: fits_claim_recall,
    Skill.SOURCING: fits_sourcing,
    Skill.FIGURES: fits_figures,
    Skill.FRAMING: fits_framing,
    Skill.PROVENANCE: fits_provenance,
    Skill.FIND_EVIDENCE: fits_find_evidence,
}


@pytest.mark.parametrize("skill", sorted(FITS))
def test_every_generated_wrong_option_carries_a_misreading_that_fits_its_construction(bank, skill):
    numbers = numbers_in_corpus(evidence_bank())
    questions = (
        Question.objects.published()
        .filter(origin=Question.Origin.GENERATED, skill=skill)
        .prefetch_related("choices", "citations__passage", "articles")
    )
    checked = set()
    for question in questions:
        choices = list(question.choices.all())
        correct = [c for c in choices if c.is_correct]
        assert all(c.misreading is None for c in correct), question.key
        ctx = {"citations": list(question.citations.all()), "correct": correct[0]}
        ctx["numbers"] = numbers
        for choice in choices:
            if choice.is_correct:
                continue
            assert choice.misreading in Misreading.values, (question.key, choice.text)
            assert FITS[skill](question, choice, ctx), (
                question.key,
                choice.text,
                choice.misreading,
            )
            checked.add(choice.misreading)
    assert checked, f"no {skill} wrong options were checked"


def test_timeline_options_are_not_wrong_options_and_a_wrong_order_is_the_event_order(bank):
    questions = Question.objects.published().filter(skill=Skill.TIMELINE)
    assert questions.exists()
    for question in questions:
        assert question.kind == Question.Kind.ORDERING
        assert not question.choices.filter(misreading__isnull=False).exists()
        assert of_answer(kind=question.kind, is_correct=False, choice_misreading=None) == (
            M.EVENT_ORDER
        )


def test_each_generator_uses_the_misreadings_its_wrong_options_embody(bank):
    used = {
        skill: set(
            Choice.objects.filter(question__skill=skill, is_correct=False)
            .exclude(misreading=None)
            .values_list("misreading", flat=True)
        )
        for skill in FITS
    }
    assert used[Skill.CLAIM_RECALL] >= {M.ALTERED_QUOTE, M.OTHER_SPEAKER}
    assert used[Skill.FIGURES] >= {M.OTHER_OUTLET_NUMBER, M.INVENTED_NUMBER, M.NUMBERS_COMPARED}
    assert used[Skill.FRAMING] >= {M.HEDGE_FOR_FACT, M.FACT_FOR_HEDGE, M.WRONG_OUTLET}
    assert used[Skill.PROVENANCE] >= {M.HOST_FOR_OUTLET, M.PAGE_FURNITURE}
    assert used[Skill.SOURCING] >= {M.SAID_VS_REPORTED, M.SOURCE_KIND}


# --- the model, admin and exchange --------------------------------------------------


def test_a_correct_option_cannot_carry_a_misreading():
    question = QuestionFactory()
    choice = question.choices.get(is_correct=True)
    choice.misreading = M.WRONG_OUTLET
    with pytest.raises(ValidationError) as error:
        choice.full_clean()
    assert "correct_option_misreading" in str(error.value.error_dict) or any(
        e.code == "correct_option_misreading" for e in error.value.error_dict["__all__"]
    )


def test_an_instructor_tags_a_hand_written_wrong_option_in_admin(admin_client, passage):  # noqa: F811
    data = question_form(passage)
    data["choices-1-misreading"] = M.SAME_ARTICLE_SPEAKER
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302
    question = Question.objects.get()
    tags = dict(question.choices.values_list("text", "misreading"))
    assert tags == {
        "John Kirby": None,
        "Marco Rubio": "same_article_speaker",
        "John Fetterman": None,
    }


def test_admin_refuses_a_misreading_on_the_correct_option(admin_client, passage):  # noqa: F811
    data = question_form(passage)
    data["choices-0-misreading"] = M.OTHER_SPEAKER
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "A correct option has no misreading." in response.content.decode()
    assert not Question.objects.exists()


def test_the_json_exchange_carries_the_misreading(bank):
    exported = export_json()
    document = json.loads(exported)
    tags = {c.get("misreading") for q in document["questions"] for c in q["choices"]}
    assert "altered_quote" in tags
    Choice.objects.update(misreading=None)
    import_json(exported)
    assert export_json() == exported
    assert Choice.objects.filter(misreading=M.ALTERED_QUOTE).exists()


def test_import_refuses_an_unknown_misreading_and_one_on_a_correct_option(bank):
    document = json.loads(export_json())
    row = next(q for q in document["questions"] if q["kind"] == "single_choice")
    wrong = next(c for c in row["choices"] if not c["is_correct"])
    wrong["misreading"] = "misread_the_moon"
    with pytest.raises(ExchangeError, match="unknown misreading 'misread_the_moon'"):
        import_json(json.dumps(document))
    wrong["misreading"] = None
    right = next(c for c in row["choices"] if c["is_correct"])
    right["misreading"] = "wrong_outlet"
    with pytest.raises(ExchangeError, match="correct option has no misreading"):
        import_json(json.dumps(document))


def test_an_import_file_without_misreadings_still_loads(bank):
    document = json.loads(export_json())
    for row in document["questions"]:
        for choice in row["choices"]:
            choice.pop("misreading", None)
    import_json(json.dumps(document))
    assert not Choice.objects.exclude(misreading=None).exists()


def test_duplicating_a_question_in_admin_keeps_its_misreadings(admin_client):  # noqa: F811
    original = QuestionFactory()
    wrong = original.choices.filter(is_correct=False).first()
    wrong.misreading = M.ALTERED_QUOTE
    wrong.save()
    admin_client.post(
        reverse("admin:quizapp_question_changelist"),
        {"action": "duplicate", "_selected_action": [original.pk]},
    )
    copy = Question.objects.exclude(pk=original.pk).get()
    assert copy.choices.get(text=wrong.text).misreading == M.ALTERED_QUOTE
    assert copy.choices.exclude(text=wrong.text).filter(misreading__isnull=False).count() == 0
