"""Instructors in Django admin: roles, scoping, and authoring that refuses mistakes."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from quizapp.forms import AnswerForm
from quizapp.models import (
    Article,
    Attempt,
    Classroom,
    Passage,
    Question,
    Quiz,
    QuizQuestion,
    Response,
)
from quizapp.services import quiz_build
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClassroomFactory,
    PassageFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:quizapp_question_add")


@pytest.fixture
def instructor():
    user = UserFactory(username="teacher", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def admin_client(client, instructor):
    client.force_login(instructor)
    return client


@pytest.fixture
def passage():
    article = ArticleFactory(slug="kirby-story")
    return PassageFactory(
        article=article, position=1, text="Kirby said “our commitment is ironclad” on Sunday."
    )


def question_form(
    passage,
    *,
    quote="our commitment is ironclad",
    correct=(True, False, False),
    texts=None,
    status="published",
    explanation="Kirby said it on ABC.",
    kind="single_choice",
    places=None,
):
    texts = texts or ["John Kirby", "Marco Rubio", "John Fetterman"]
    data = {
        "skill": "quote_attribution",
        "kind": kind,
        "stem": "Who said “our commitment is ironclad”?",
        "explanation": explanation,
        "difficulty": "2",
        "status": status,
        "choices-TOTAL_FORMS": str(len(texts)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "citations-TOTAL_FORMS": "1" if quote is not None else "0",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    for i, text in enumerate(texts):
        data[f"choices-{i}-position"] = str(i + 1)
        data[f"choices-{i}-text"] = text
        data[f"choices-{i}-feedback"] = ""
        if i < len(correct) and correct[i]:
            data[f"choices-{i}-is_correct"] = "on"
        if places:
            data[f"choices-{i}-correct_position"] = str(places[i])
    if quote is not None:
        data.update(
            {
                "citations-0-passage": str(passage.pk),
                "citations-0-quote": quote,
                "citations-0-position": "0",
            }
        )
    return data


# --- roles ---------------------------------------------------------------------


def test_the_instructors_group_has_exactly_the_authoring_permissions():
    codenames = set(
        Group.objects.get(name="Instructors").permissions.values_list("codename", flat=True)
    )
    assert {
        "add_question",
        "change_question",
        "add_classroom",
        "view_attempt",
        "add_article",
    } <= codenames
    assert (
        not {
            "add_user",
            "change_user",
            "view_user",
            "change_attempt",
            "add_response",
            "change_response",
        }
        & codenames
    )
    assert not any(c.endswith("reviewcard") for c in codenames)
    assert "change_passage" not in codenames
    # Open content: instructors create outlets and stories, and delete what they imported.
    assert {"add_outlet", "add_story", "change_article", "delete_article"} <= codenames


def test_an_instructor_deletes_only_an_article_they_imported(admin_client, instructor):
    mine = ArticleFactory(imported_by=instructor)
    PassageFactory(article=mine, position=1)
    theirs = ArticleFactory(imported_by=UserFactory(username="other-teacher"))
    url = reverse("admin:quizapp_article_delete", args=[theirs.pk])
    assert admin_client.post(url).status_code == 403
    response = admin_client.post(reverse("admin:quizapp_article_delete", args=[mine.pk]))
    assert response.status_code == 302
    assert not Article.objects.filter(pk=mine.pk).exists()
    assert Article.objects.filter(pk=theirs.pk).exists()


def test_deleting_an_article_students_answered_withdraws_it_and_retires_their_questions(
    admin_client, instructor
):
    from quizapp.models import Citation

    article = ArticleFactory(imported_by=instructor)
    passage = PassageFactory(article=article, position=1, text="The words a question cites.")
    unanswered = QuestionFactory()
    Citation.objects.create(question=unanswered, passage=passage, quote="The words")
    answered = QuestionFactory(status=Question.Status.PUBLISHED)
    Citation.objects.create(question=answered, passage=passage, quote="a question cites")
    quiz = QuizFactory()
    QuizQuestion.objects.create(quiz=quiz, question=answered, position=1)
    Attempt.objects.create(
        learner=UserFactory(username="pupil-a"), quiz=quiz, question_ids=[answered.pk]
    )
    response = admin_client.post(
        reverse("admin:quizapp_article_delete", args=[article.pk]), follow=True
    )
    assert "was withdrawn rather than deleted" in response.content.decode()
    article.refresh_from_db()
    assert article.withdrawn is not None  # students' work points at its passages
    assert article.passages.count() == 1
    assert not Question.objects.filter(pk=unanswered.pk).exists()
    answered.refresh_from_db()
    assert answered.status == Question.Status.DRAFT
    assert answered.citations.get().passage == passage
    # Once nothing holds its questions any more, deleting it again deletes it.
    QuizQuestion.objects.all().delete()
    Attempt.objects.all().delete()
    admin_client.post(reverse("admin:quizapp_article_delete", args=[article.pk]))
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Question.objects.filter(pk=answered.pk).exists()


def test_a_student_cannot_open_admin(client):
    client.force_login(UserFactory(username="pupil"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert client.get(reverse("admin:quizapp_question_changelist")).status_code == 302


def test_instructor_admin_pages_open(admin_client, passage):
    question = QuestionFactory()
    quiz = QuizFactory()
    for url in (
        "/admin/",
        reverse("admin:quizapp_question_changelist"),
        reverse("admin:quizapp_question_change", args=[question.pk]),
        ADD_URL,
        reverse("admin:quizapp_question_preview", args=[question.pk]),
        reverse("admin:quizapp_quiz_change", args=[quiz.pk]),
        reverse("admin:quizapp_claim_changelist"),
        reverse("admin:quizapp_article_change", args=[passage.article.pk]),
        reverse("admin:quizapp_classroom_add"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_an_instructor_cannot_see_another_instructors_class(admin_client, instructor):
    mine = ClassroomFactory(name="Mine")
    mine.instructors.add(instructor)
    theirs = ClassroomFactory(name="Theirs")
    theirs.instructors.add(UserFactory(username="other-teacher", is_staff=True))
    listing = admin_client.get(reverse("admin:quizapp_classroom_changelist")).content.decode()
    assert "Mine" in listing and "Theirs" not in listing
    response = admin_client.get(reverse("admin:quizapp_classroom_change", args=[theirs.pk]))
    assert response.status_code == 302
    assert admin_client.get(reverse("admin:quizapp_assignment_changelist")).status_code == 200


def test_an_instructor_sees_only_their_students_attempts(admin_client, instructor):
    mine = ClassroomFactory()
    mine.instructors.add(instructor)
    student, stranger = UserFactory(username="mystudent"), UserFactory(username="stranger")
    mine.students.add(student)
    assignment = AssignmentFactory(classroom=mine)
    quiz = assignment.quiz
    Attempt.objects.create(learner=student, quiz=quiz, assignment=assignment, question_ids=[])
    Attempt.objects.create(learner=stranger, quiz=quiz, question_ids=[])
    html = admin_client.get(reverse("admin:quizapp_attempt_changelist")).content.decode()
    assert "mystudent" in html and "stranger" not in html


def shown_join_code(html: str) -> str:
    shown = re.search(r'<strong class="join-code">([A-Z0-9]+)</strong>', html).group(1)
    sent = re.search(r'name="join_code" value="([A-Z0-9]+)"', html).group(1)
    assert shown == sent
    return shown


def test_a_new_class_belongs_to_the_instructor_who_made_it(admin_client, instructor):
    add_page = admin_client.get(reverse("admin:quizapp_classroom_add")).content.decode()
    shown = shown_join_code(add_page)
    data = {
        "name": "Period 3",
        "time_zone": "Europe/Berlin",
        "join_code": shown,
        "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0", "assignments-MAX_NUM_FORMS": "1000",
        "Classroom_students-TOTAL_FORMS": "0", "Classroom_students-INITIAL_FORMS": "0",
        "Classroom_students-MIN_NUM_FORMS": "0", "Classroom_students-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = admin_client.post(reverse("admin:quizapp_classroom_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Classroom.objects.get(name="Period 3")
    assert list(saved.instructors.all()) == [instructor]
    assert saved.join_code == shown  # what the instructor copied from the add page
    assert saved.time_zone == "Europe/Berlin"


def test_a_join_code_edited_into_a_guessable_one_is_refused(admin_client, instructor):
    response = admin_client.post(
        reverse("admin:quizapp_classroom_add"),
        {"name": "Period 4", "time_zone": "UTC", "join_code": "AAAA"},
    )
    assert response.status_code == 200
    assert "letters and digits" in response.content.decode()
    assert not Classroom.objects.filter(name="Period 4").exists()


def test_regenerating_a_join_code(admin_client, instructor):
    classroom = ClassroomFactory(join_code="OLDCODE2")
    classroom.instructors.add(instructor)
    admin_client.post(
        reverse("admin:quizapp_classroom_changelist"),
        {"action": "regenerate_join_code", "_selected_action": [classroom.pk]},
    )
    classroom.refresh_from_db()
    assert classroom.join_code != "OLDCODE2" and len(classroom.join_code) == 8


# --- authoring -----------------------------------------------------------------


def test_a_valid_question_with_a_citation_is_saved(admin_client, passage):
    response = admin_client.post(ADD_URL, question_form(passage))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.origin == "hand_written" and question.status == "published"
    assert question.citations.get().quote == "our commitment is ironclad"
    assert list(question.articles.all()) == [passage.article]


def test_a_citation_not_verbatim_is_refused_showing_the_passage(admin_client, passage):
    response = admin_client.post(
        ADD_URL, question_form(passage, quote="our commitment is iron-clad")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not in kirby-story p-1 word for word" in html
    assert "Kirby said “our commitment is ironclad” on Sunday." in html
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"correct": (True, True, False)}, "Mark exactly one choice as correct; 2 are marked."),
        ({"correct": (False, False, False)}, "Mark exactly one choice as correct; 0 are marked."),
        ({"texts": ["Kirby", "Rubio"]}, "Give between 3 and 5 choices; there are 2."),
        ({"texts": ["Kirby", "Rubio", "kirby"]}, "Two choices have the same text"),
        ({"explanation": ""}, "A published question needs an explanation"),
        ({"quote": None}, "A published question needs at least one citation"),
        (
            {"kind": "ordering", "correct": (), "places": [1, 1, 2]},
            "For a timeline, give every choice its place in the correct order",
        ),
    ],
    ids=[
        "two-correct",
        "none-correct",
        "too-few",
        "duplicate",
        "no-explanation",
        "no-citation",
        "bad-order",
    ],
)
def test_mistakes_are_refused_with_a_clear_message(admin_client, passage, changes, message):
    response = admin_client.post(ADD_URL, question_form(passage, **changes))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Question.objects.exists()


def test_a_draft_may_lack_explanation_and_citation(admin_client, passage):
    response = admin_client.post(
        ADD_URL, question_form(passage, status="draft", explanation="", quote=None)
    )
    assert response.status_code == 302
    assert Question.objects.get().status == "draft"


def test_editing_a_generated_question_marks_it_edited_and_build_keeps_it(
    admin_client, instructor, bank
):
    from quizapp.access.roles import bank_editors_group

    instructor.groups.add(bank_editors_group())  # the generated bank is shared
    question = (
        Question.objects.filter(origin="generated", skill="outlet_attribution")
        .order_by("key")
        .first()
    )
    url = reverse("admin:quizapp_question_change", args=[question.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: form[name].value()
        for name in ("skill", "kind", "explanation", "difficulty", "status")
    }
    data["stem"] = "Which outlet reported this, in the instructor's words?"
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for i, f in enumerate(fs.forms):
            for name in f.fields:
                value = f[name].value()
                if value is None or value is False:
                    continue
                data[f"{fs.prefix}-{i}-{name}"] = "on" if value is True else value
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.edited
    quiz_build()
    question.refresh_from_db()
    assert question.stem == "Which outlet reported this, in the instructor's words?"


def test_publish_action_refuses_an_invalid_question(admin_client, instructor, passage):
    good = QuestionFactory(status="draft", owner=instructor)
    good.citations.create(passage=passage, quote="ironclad")
    bad = QuestionFactory(status="draft", explanation="", owner=instructor)
    response = admin_client.post(
        reverse("admin:quizapp_question_changelist"),
        {"action": "publish", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    good.refresh_from_db(), bad.refresh_from_db()
    assert good.status == "published" and bad.status == "draft"
    assert "Not published" in response.content.decode()


def test_duplicate_makes_a_draft_copy_with_choices_and_citations(admin_client, passage):
    original = QuestionFactory()
    original.citations.create(passage=passage, quote="ironclad")
    admin_client.post(
        reverse("admin:quizapp_question_changelist"),
        {"action": "duplicate", "_selected_action": [original.pk]},
    )
    copy = Question.objects.exclude(pk=original.pk).get()
    assert copy.status == "draft" and copy.stem.startswith("(Copy)")
    assert copy.choices.count() == 3 and copy.citations.count() == 1


def test_preview_shows_the_question_and_its_feedback_without_recording(admin_client, passage):
    question = QuestionFactory()
    question.citations.create(passage=passage, quote="ironclad")
    url = reverse("admin:quizapp_question_preview", args=[question.pk])
    html = admin_client.get(url).content.decode()
    assert question.stem in html and "Check my answer" in html
    wrong = question.choices.filter(is_correct=False).first()
    data = AnswerForm.data_for(list(question.choices.all()), choice=wrong)
    html = admin_client.get(url, data).content.decode()
    assert "Not quite" in html and wrong.feedback in html and "Read it in the source" in html
    assert not Response.objects.exists()


def test_quiz_admin_adds_and_orders_questions(admin_client):
    first, second = QuestionFactory(), QuestionFactory()
    data = {
        "title": "Kirby week", "slug": "kirby-week", "description": "", "mode": "practice",
        "status": "published", "skill": "", "article": "",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-position": "2", "items-0-question": str(first.pk),
        "items-1-position": "1", "items-1-question": str(second.pk),
    }  # fmt: skip
    response = admin_client.post(reverse("admin:quizapp_quiz_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(slug="kirby-week")
    assert quiz.owner.username == "teacher"
    assert [i.question for i in QuizQuestion.objects.filter(quiz=quiz).order_by("position")] == [
        second,
        first,
    ]


def test_passage_autocomplete_searches_article_and_text(admin_client, passage):
    PassageFactory(article=passage.article, position=2, text="Something else entirely.")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "quizapp",
            "model_name": "citation",
            "field_name": "passage",
            "term": "ironclad",
        },
    )
    results = response.json()["results"]
    assert [r["id"] for r in results] == [str(passage.pk)]


def test_passages_are_read_only(admin_client, passage):
    url = reverse("admin:quizapp_passage_change", args=[passage.pk])
    admin_client.post(url, {"text": "changed"})
    assert Passage.objects.get(pk=passage.pk).text.startswith("Kirby said")


def test_demo_instructor_is_an_instructor_not_a_superuser(bank):
    from django.core.management import call_command

    call_command("seed_demo", stdout=__import__("io").StringIO())
    user = User.objects.get(username="instructor")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Instructors").exists()


def test_the_class_change_page_shows_the_code_read_only(admin_client, instructor):
    classroom = ClassroomFactory(join_code="SEEN2345")
    classroom.instructors.add(instructor)
    response = admin_client.get(reverse("admin:quizapp_classroom_change", args=[classroom.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "SEEN2345" in html and 'name="join_code"' not in html


# --- the authoring area, grouped by job ---------------------------------------------


def test_the_front_page_groups_the_tables_by_job_with_one_line_each(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    groups = ["Stories &amp; articles", "Evidence", "Questions &amp; quizzes", "Classes"]
    positions = [html.index(f">{name}</a>") for name in groups]
    assert positions == sorted(positions)
    assert html.count('class="group-description"') == 4
    # Claims sit under Evidence, quizzes under Questions & quizzes.
    assert positions[1] < html.index('class="model-claim') < positions[2]
    assert positions[2] < html.index('class="model-quiz') < positions[3]
    assert ">Other</a>" not in html


def test_the_sidebar_and_app_page_still_work(admin_client):
    assert admin_client.get("/admin/quizapp/").status_code == 200
    html = admin_client.get(reverse("admin:quizapp_question_changelist")).content.decode()
    assert "Select question to change" in html


def test_question_search_finds_the_exact_wording_first_and_ignores_passage_choices(
    admin_client,
):
    wording = "Which passage says the US told Iran it was not involved?"
    noise = [
        QuestionFactory(stem=f"Question {i} about something else", kind="find_evidence")
        for i in range(5)
    ]
    for question in noise:  # choices that are whole passages quoting the wording
        question.choices.update(text=f"As one reader asked: {wording} Nobody knew.")
    QuestionFactory(stem=f"Earlier: {wording} (a variant)")
    target = QuestionFactory(stem=wording)
    response = admin_client.get(reverse("admin:quizapp_question_changelist"), {"q": wording})
    results = list(response.context["cl"].result_list)
    assert results[0] == target
    assert len(results) == 2 and not set(results) & set(noise)


def test_question_list_filters_by_article_skill_and_status(admin_client, passage):
    html = admin_client.get(reverse("admin:quizapp_question_changelist")).content.decode()
    for title in ("By skill", "By status", "By article"):
        assert title in html


def test_the_change_page_links_the_student_preview(admin_client):
    question = QuestionFactory()
    html = admin_client.get(
        reverse("admin:quizapp_question_change", args=[question.pk])
    ).content.decode()
    assert reverse("admin:quizapp_question_preview", args=[question.pk]) in html
