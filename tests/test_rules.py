"""Every question rule refuses the question that breaks it, with its code: in rules.py
itself, and through each path that uses it (the admin forms, the JSON import, the build).

Each case starts from one valid question and breaks exactly one rule, so a refusal with
any other code (or none) means the rule is missing or another rule is shadowing it."""

import io
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from quizapp.bank import rules
from quizapp.bank.exchange import FORMAT, VERSION, ExchangeError, import_json
from quizapp.bank.generators import ChoiceSpec, CitationSpec, QuestionSpec
from quizapp.models import Article, Passage, Question, Skill
from quizapp.services import QuestionRejected, quiz_build
from tests.factories import ArticleFactory, PassageFactory, StoryFactory, UserFactory

TEXT = "Kirby said “our commitment is ironclad” on Sunday."
QUOTE = "our commitment is ironclad"


def valid(kind="single_choice"):
    """A question that passes every rule; cases change one thing in it."""
    if kind == "ordering":
        choices = [
            {"text": text, "is_correct": False, "correct_position": place, "passage": False}
            for text, place in [("The strike", 1), ("The drones", 2), ("The reply", 3)]
        ]
    else:
        choices = [
            {"text": text, "is_correct": i == 0, "correct_position": None, "passage": False}
            for i, text in enumerate(["John Kirby", "Marco Rubio", "John Fetterman"])
        ]
        if kind == "find_evidence":
            for choice in choices:
                choice["passage"] = True
    return {
        "kind": kind,
        "stem": "Who said “our commitment is ironclad”?",
        "explanation": "Kirby said it on ABC.",
        "status": "published",
        "choices": choices,
        "quote": QUOTE,
    }


def change(kind="single_choice", **fields):
    def make():
        question = valid(kind)
        for name, value in fields.items():
            if callable(value):
                value(question)
            else:
                question[name] = value
        return question

    return make


def set_choice(index, **values):
    return lambda q: q["choices"][index].update(values)


def choices(*texts):
    def apply(q):
        q["choices"] = [
            {"text": t, "is_correct": i == 0, "correct_position": None, "passage": False}
            for i, t in enumerate(texts)
        ]

    return apply


def places(*numbers):
    def apply(q):
        for choice, number in zip(q["choices"], numbers, strict=True):
            choice["correct_position"] = number

    return apply


# (id, the question, the code every path must refuse it with)
BROKEN = [
    ("no-stem", change(stem="   "), "stem_required"),
    ("no-explanation", change(explanation=""), "explanation_required"),
    ("no-citation", change(quote=None), "citation_required"),
    ("not-verbatim", change(quote="our commitment is iron-clad"), "quote_not_verbatim"),
    ("two-choices", change(choices=choices("Kirby", "Rubio")), "choice_count"),
    ("six-choices", change(choices=choices("A", "B", "C", "D", "E", "F")), "choice_count"),
    (
        "duplicate",
        change(choices=choices("John Kirby", "Rubio", "john   KIRBY")),
        "choice_duplicate",
    ),
    ("empty-choice", change(choices=set_choice(2, text="  ")), "choice_empty"),
    ("none-correct", change(choices=set_choice(0, is_correct=False)), "correct_count"),
    ("two-correct", change(choices=set_choice(1, is_correct=True)), "correct_count"),
    ("order-repeats", change("ordering", choices=places(1, 1, 2)), "order_incomplete"),
    ("order-gap", change("ordering", choices=places(1, 2, 4)), "order_incomplete"),
    ("order-missing", change("ordering", choices=places(1, 2, None)), "order_incomplete"),
    ("order-from-0", change("ordering", choices=places(0, 1, 2)), "order_incomplete"),
    (
        "evidence-none-correct",
        change("find_evidence", choices=set_choice(0, is_correct=False)),
        "correct_count",
    ),
    (
        "evidence-no-passage",
        change("find_evidence", choices=set_choice(1, passage=False)),
        "passage_required",
    ),
    ("artefact-stem", change(stem="Who said it on {day}?"), "template_artefact"),
    ("artefact-explanation", change(explanation="Kirby said it on nan."), "template_artefact"),
    ("artefact-choice", change(choices=set_choice(1, text="Marco Rubio ??")), "template_artefact"),
    ("artefact-none", change(stem="Who said None?"), "template_artefact"),
    # An empty template field glued to a quotation: the quote is skipped, "None" is not.
    ("artefact-none-after-quote", change(stem="Who said “it”None?"), "template_artefact"),
    ("artefact-space-dot", change(explanation="Kirby said it ."), "template_artefact"),
    ("artefact-double-dot", change(explanation="Kirby said it.."), "template_artefact"),
    ("double-space", change(stem="Who said  it?"), "double_space"),
]

# Questions that look close to a broken one and must pass.
FINE = [
    ("single", change()),
    ("ordering", change("ordering", choices=places(3, 1, 2))),
    ("find-evidence-two-correct", change("find_evidence", choices=set_choice(1, is_correct=True))),
    ("five-choices", change(choices=choices("A", "B", "C", "D", "E"))),
    ("draft-without-explanation-or-citation", change(status="draft", explanation="", quote=None)),
    ("quoted-words-kept-as-printed", change(stem="Who said “it  was ..  None”?")),
    ("none-of-the-above", change(choices=set_choice(2, text="None of the above"))),
    ("ellipsis", change(explanation="Kirby said it... on ABC.")),
    ("paragraphs", change(explanation="Kirby said it.\r\n\r\nOn ABC.")),
    ("trailing-spaces", change(explanation="Kirby said it on ABC.  ")),
    ("choice-spacing-kept", change(choices=set_choice(1, text="Marco  Rubio"))),
]

# Where a path refuses a rule before the rules run, and with what code.
ADMIN_FIRST = {
    "no-stem": "required",  # Django's own required-field check
    "empty-choice": "required",
}
# The import refuses a place below 1 as a malformed field before the rules see it.
IMPORT_FIRST = {"order-from-0": "missing or malformed field correct_position 0"}


def break_ids(cases):
    return [case[0] for case in cases]


# --- rules.py on its own --------------------------------------------------------


def rules_problems(question, passage):
    return rules.question_problems(
        kind=question["kind"],
        stem=question["stem"],
        explanation=question["explanation"],
        choices=[
            SimpleNamespace(**{**c, "passage": passage if c["passage"] else None})
            for c in question["choices"]
        ],
        citations=[] if question["quote"] is None else [(passage, question["quote"])],
        published=question["status"] == "published",
    )


@pytest.fixture
def unsaved_passage():
    return Passage(article=Article(slug="kirby-story"), position=1, text=TEXT)


@pytest.mark.parametrize(("name", "make", "code"), BROKEN, ids=break_ids(BROKEN))
def test_rules_refuse_each_broken_question_with_its_code(unsaved_passage, name, make, code):
    problems = rules_problems(make(), unsaved_passage)
    assert [p.code for p in problems] == [code]
    assert all(rules.problem_text(p) for p in problems)


@pytest.mark.parametrize(("name", "make"), FINE, ids=break_ids(FINE))
def test_rules_accept_questions_that_only_look_wrong(unsaved_passage, name, make):
    assert rules_problems(make(), unsaved_passage) == []


def test_choice_count_bounds_are_three_to_five_and_two_hundred_for_evidence(unsaved_passage):
    def codes(kind, n, passage=None):
        many = [
            SimpleNamespace(
                text=f"Choice {i}", is_correct=i == 0, correct_position=i + 1, passage=passage
            )
            for i in range(n)
        ]
        return [p.code for p in rules.choice_problems(kind=kind, choices=many)]

    assert codes("single_choice", 2) == ["choice_count"]
    assert codes("single_choice", 3) == codes("single_choice", 5) == []
    assert codes("single_choice", 6) == ["choice_count"]
    assert codes("ordering", 5) == [] and codes("ordering", 6) == ["choice_count"]
    assert codes("find_evidence", 2, unsaved_passage) == ["choice_count"]
    assert codes("find_evidence", 200, unsaved_passage) == []
    assert codes("find_evidence", 201, unsaved_passage) == ["choice_count"]
    message = rules.choice_problems(kind="single_choice", choices=[])[0]
    assert rules.problem_text(message) == "Give between 3 and 5 choices; there are 0."


MESSAGES = {
    "no-stem": "The question needs a stem: the question the student reads.",
    "no-explanation": "A published question needs an explanation: say why the right answer "
    "is right, so students learn from a wrong answer.",
    "no-citation": "A published question needs at least one citation: the passage and the "
    "exact words the answer rests on.",
    "six-choices": "Give between 3 and 5 choices; there are 6.",
    "duplicate": "Two choices have the same text; make each one different.",
    "empty-choice": "A choice is empty.",
    "two-correct": "Mark exactly one choice as correct; 2 are marked.",
    "order-gap": "For a timeline, give every choice its place in the correct order: 1 for the "
    "earliest up to 3, each number once.",
    "evidence-none-correct": "Mark the passage (or passages) that hold the evidence as correct.",
    "evidence-no-passage": "In a find-the-evidence question every choice stands for a passage: "
    "pick it.",
    "artefact-stem": "Template artefact '{' in: 'Who said it on {day}?'",
    "double-space": "Doubled space in: 'Who said  it?'",
    "not-verbatim": "The quote “our commitment is iron-clad” is not in kirby-story p-1 word for "
    "word. Closest text there: “our commitment is ironclad” on Sunday.”. Full passage: “"
    + TEXT
    + "”",
}


@pytest.mark.parametrize("name", MESSAGES)
def test_each_refusal_says_what_to_do(unsaved_passage, name):
    make = {case[0]: case[1] for case in BROKEN}[name]
    (problem,) = rules_problems(make(), unsaved_passage)
    assert rules.problem_text(problem) == MESSAGES[name]


def test_a_long_text_is_quoted_to_80_characters():
    stem = "Who said it " + "x" * 100 + " {here}?"
    (problem,) = rules.text_problems(stem=stem, explanation="Because.")
    assert rules.problem_text(problem) == f"Template artefact '{{' in: {stem[:80]!r}"
    (problem,) = rules.text_problems(stem="Who  " + "y" * 100, explanation="Because.")
    assert rules.problem_text(problem) == f"Doubled space in: {('Who  ' + 'y' * 100)[:80]!r}"


def test_the_parts_check_a_published_question_by_default(unsaved_passage):
    assert [p.code for p in rules.text_problems(stem="Who?", explanation="")] == [
        "explanation_required"
    ]
    assert [p.code for p in rules.citation_problems(citations=[])] == ["citation_required"]


def test_model_choices_answer_for_their_passage_without_loading_it():
    from quizapp.models import Choice

    stands_for = [Choice(text=t, is_correct=t == "A", passage_id=7) for t in "ABC"]
    assert rules.choice_problems(kind="find_evidence", choices=stands_for) == []
    loose = [*stands_for[:2], Choice(text="C", passage_id=None)]
    (problem,) = rules.choice_problems(kind="find_evidence", choices=loose)
    assert problem.code == "passage_required"
    # A passage's words are kept as printed; a choice of one's own is checked.
    printed = [Choice(text=t, is_correct=t == "A ..", passage_id=7) for t in ("A ..", "B", "C")]
    assert rules.choice_problems(kind="find_evidence", choices=printed) == []
    own = [Choice(text=t, is_correct=t == "A ..") for t in ("A ..", "B", "C")]
    assert [p.code for p in rules.choice_problems(kind="single_choice", choices=own)] == [
        "template_artefact"
    ]


def test_problem_text_joins_every_message():
    assert rules.problem_text(rules.ValidationError(["One.", "Two."])) == "One. Two."
    assert rules.problem_text(rules.ValidationError("%(n)s left.", params={"n": 2})) == "2 left."


def test_problem_messages_name_the_numbers():
    two = [SimpleNamespace(text=t, is_correct=True, correct_position=None) for t in "ABC"]
    (problem,) = rules.choice_problems(kind="single_choice", choices=two)
    assert rules.problem_text(problem) == "Mark exactly one choice as correct; 3 are marked."


def test_question_validate_raises_every_problem_with_its_code(unsaved_passage):
    with pytest.raises(rules.ValidationError) as refused:
        rules.question_validate(
            kind="single_choice",
            stem="",
            explanation="",
            choices=[],
            citations=[],
        )
    assert [e.code for e in refused.value.error_list] == [
        "stem_required",
        "explanation_required",
        "choice_count",
        "correct_count",
        "citation_required",
    ]
    rules.question_validate(
        kind="single_choice",
        stem="Who?",
        explanation="Because.",
        choices=[
            SimpleNamespace(text=t, is_correct=t == "A", correct_position=None) for t in "ABC"
        ],
        citations=[(unsaved_passage, QUOTE)],
    )


@pytest.mark.parametrize(
    ("values", "of", "expected"),
    [
        ([2, 1, 3], [1, 2, 3], True),
        ([1, 2, 3], range(1, 4), True),
        ([], [], True),
        ([1, 1, 3], [1, 2, 3], False),
        ([1, 2], [1, 2, 3], False),
        ([1, 2, 3, 3], [1, 2, 3], False),
        ([1, 2, None], [1, 2, 3], False),
        ([1, 2, "3"], [1, 2, 3], False),
        ([[1], 2, 3], [1, 2, 3], False),
    ],
)
def test_is_permutation(values, of, expected):
    assert rules.is_permutation(values, of) is expected


def test_is_complete_order():
    assert rules.is_complete_order([3, 1, 2]) and rules.is_complete_order([])
    assert not rules.is_complete_order([0, 1, 2]) and not rules.is_complete_order([2, 3, 4])
    assert not rules.is_complete_order([1, None])


# --- the same refusals through the admin, the import and the build ----------------


@pytest.fixture
def passage(db):
    # The seed story: its generated questions keep unprefixed keys.
    story = StoryFactory(slug="israel-iran-april-2024")
    return PassageFactory(
        article=ArticleFactory(slug="kirby-story", story=story), position=1, text=TEXT
    )


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="teacher", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    return client


def admin_form(question, passage):
    rows = question["choices"]
    data = {
        "skill": "quote_attribution",
        "kind": question["kind"],
        "stem": question["stem"],
        "explanation": question["explanation"],
        "difficulty": "2",
        "status": question["status"],
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "citations-TOTAL_FORMS": "0" if question["quote"] is None else "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data[f"choices-{i}-position"] = str(i + 1)
        data[f"choices-{i}-text"] = row["text"]
        data[f"choices-{i}-feedback"] = ""
        if row["is_correct"]:
            data[f"choices-{i}-is_correct"] = "on"
        if row["correct_position"] is not None:
            data[f"choices-{i}-correct_position"] = str(row["correct_position"])
        if row["passage"]:
            data[f"choices-{i}-passage"] = str(passage.pk)
    if question["quote"] is not None:
        data["citations-0-passage"] = str(passage.pk)
        data["citations-0-quote"] = question["quote"]
        data["citations-0-position"] = "0"
    return data


def admin_refusals(response) -> list[str]:
    """The codes of every error on the admin's add page, form and inlines."""
    codes = []
    form = response.context["adminform"].form
    for errors in form.errors.as_data().values():
        codes += [e.code for e in errors]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        codes += [e.code for e in formset.non_form_errors().as_data()]
        for f in formset.forms:
            for errors in f.errors.as_data().values():
                codes += [e.code for e in errors]
    return codes


@pytest.mark.parametrize(("name", "make", "code"), BROKEN, ids=break_ids(BROKEN))
def test_admin_refuses_each_broken_question_with_its_code(admin_client, passage, name, make, code):
    response = admin_client.post(reverse("admin:quizapp_question_add"), admin_form(make(), passage))
    assert response.status_code == 200
    assert admin_refusals(response) == [ADMIN_FIRST.get(name, code)]
    assert not Question.objects.exists()


@pytest.mark.parametrize(("name", "make"), FINE, ids=break_ids(FINE))
def test_admin_saves_questions_that_only_look_wrong(admin_client, passage, name, make):
    response = admin_client.post(reverse("admin:quizapp_question_add"), admin_form(make(), passage))
    assert response.status_code == 302, admin_refusals(response)
    assert Question.objects.count() == 1


def import_document(question, passage):
    ref = {"article": passage.article.slug, "passage": passage.anchor}
    row = {
        "skill": "quote_attribution",
        "kind": question["kind"],
        "stem": question["stem"],
        "explanation": question["explanation"],
        "status": question["status"],
        "choices": [
            {
                "text": c["text"],
                "is_correct": c["is_correct"],
                "correct_position": c["correct_position"],
                "passage": ref if c["passage"] else None,
            }
            for c in question["choices"]
        ],
        "citations": [] if question["quote"] is None else [{**ref, "quote": question["quote"]}],
    }
    return json.dumps({"format": FORMAT, "version": VERSION, "questions": [row]})


@pytest.mark.parametrize(("name", "make", "code"), BROKEN, ids=break_ids(BROKEN))
def test_import_refuses_each_broken_question_with_its_code(passage, name, make, code):
    with pytest.raises(ExchangeError) as refused:
        import_json(import_document(make(), passage))
    assert str(refused.value).startswith("question 1 (")
    if name in IMPORT_FIRST:
        assert refused.value.codes == [] and IMPORT_FIRST[name] in str(refused.value)
    else:
        assert refused.value.codes == [code]
    assert not Question.objects.exists()


@pytest.mark.parametrize(("name", "make"), FINE, ids=break_ids(FINE))
def test_import_loads_questions_that_only_look_wrong(passage, name, make):
    assert import_json(import_document(make(), passage)).created == 1


def use_generator(monkeypatch, drafts):
    """The build, with one generator that returns ``drafts`` and the others nothing."""
    generators = {skill: (lambda bank: []) for skill in Skill.values}
    generators[Skill.QUOTE_ATTRIBUTION] = lambda bank: drafts
    monkeypatch.setattr("quizapp.services.bank.GENERATORS", generators)


def draft(question, passage):
    return QuestionSpec(
        key="quote_attribution:test",
        skill="quote_attribution",
        kind=question["kind"],
        stem=question["stem"],
        explanation=question["explanation"],
        choices=[
            ChoiceSpec(
                text=c["text"],
                is_correct=c["is_correct"],
                correct_position=c["correct_position"],
                passage=passage if c["passage"] else None,
            )
            for c in question["choices"]
        ],
        citations=[] if question["quote"] is None else [CitationSpec(passage, question["quote"])],
        article_slugs=[passage.article.slug],
    )


@pytest.mark.parametrize(("name", "make", "code"), BROKEN, ids=break_ids(BROKEN))
def test_build_refuses_each_broken_draft_with_its_code(monkeypatch, passage, name, make, code):
    use_generator(monkeypatch, [draft(make(), passage)])
    with pytest.raises(QuestionRejected) as refused:
        quiz_build()
    assert refused.value.codes == [code]
    assert refused.value.key == "quote_attribution:test"
    assert not Question.objects.exists()


def test_build_publishes_a_draft_that_obeys_the_rules(monkeypatch, passage):
    use_generator(monkeypatch, [draft(valid("ordering"), passage)])
    quiz_build()
    question = Question.objects.get()
    assert question.status == "published" and question.kind == "ordering"
    assert [c.correct_position for c in question.choices.order_by("position")] == [1, 2, 3]


def test_build_command_names_the_broken_rule_and_saves_nothing(monkeypatch, passage):
    use_generator(monkeypatch, [draft(change(explanation="")(), passage)])
    with pytest.raises(CommandError, match="broke the rules; nothing saved.*explanation"):
        call_command("build_quizzes", stdout=io.StringIO())
    assert not Question.objects.exists()


def test_publish_action_refuses_with_the_first_rule_broken(admin_client, passage):
    response = admin_client.post(
        reverse("admin:quizapp_question_add"),
        admin_form(change(status="draft", quote=None)(), passage),
    )
    assert response.status_code == 302
    question = Question.objects.get()
    response = admin_client.post(
        reverse("admin:quizapp_question_changelist"),
        {"action": "publish", "_selected_action": [question.pk]},
        follow=True,
    )
    question.refresh_from_db()
    assert question.status == "draft"
    assert "Not published — “Who said “our commitment is ironclad”?”: A published question " in (
        response.content.decode()
    )
