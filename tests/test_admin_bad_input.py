"""Property-based: whatever an instructor uploads or types into the article import and
the quiz forms of the admin, the answer is a page (saved, or the form with its errors),
never a 500, and a refused form saves nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from quizapp.models import Article, Passage, Quiz, QuizQuestion
from tests.factories import ArticleFactory, OutletFactory, QuestionFactory, QuizFactory, UserFactory
from tests.test_bad_input import SETTINGS
from tests.test_bad_input import junk as basic_junk

pytestmark = pytest.mark.django_db

# Widened with values that probe the admin's integer and slug columns.
junk = st.one_of(
    basic_junk,
    st.sampled_from(["32767", "32768", "2147483648", "../../etc/passwd", "\u0000"]),
)
dates = st.one_of(
    junk,
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "20240414"]),
)

article_text = st.one_of(
    st.text(max_size=3000),
    st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=30).map("\n\n".join),
    st.sampled_from(["", "   \n\n  ", "\ufeffHeadline\n\nBody.", "one line", "a\r\n\r\nb"]),
)
article_bytes = st.one_of(
    article_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=2000),
    st.sampled_from([b"\xff\xfe\x00a", b"PK\x03\x04binary", b"\x00" * 10, b"caf\xe9"]),
)
file_names = st.one_of(
    st.sampled_from(["article.txt", "a.TXT", "noext", "../../x.txt", ".txt", "x" * 300 + ".txt"]),
    st.text(min_size=1, max_size=40).filter(lambda n: "\x00" not in n and n.strip("./\\")),
)


@pytest.fixture
def instructor(client):
    user = UserFactory(username="prop-instructor", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(user)
    return user


@pytest.fixture
def outlets():
    outlets = [OutletFactory(key="prop-times", name="Prop Times"), OutletFactory(key="prop-post")]
    ArticleFactory(slug="taken", outlet=outlets[0])
    return outlets


def pick(ids):
    """A valid id, or anything else."""
    return st.one_of(st.sampled_from([str(i) for i in ids]), junk)


@SETTINGS
@given(data=st.data())
def test_admin_article_upload_never_fails(client, instructor, outlets, data):
    ids = [o.id for o in outlets]
    fields = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "outlet": pick(ids),
                "headline": junk,
                "published": dates,
                "original_outlet": pick(ids),
                "copied": st.sampled_from(["on", "", "yes", "x"]),
                "slug": st.one_of(
                    junk, st.just("taken"), st.from_regex(r"[a-z0-9-]{1,90}", fullmatch=True)
                ),
            },
        )
    )
    if data.draw(st.booleans()):
        fields["text_file"] = SimpleUploadedFile(
            data.draw(file_names), data.draw(article_bytes), content_type="text/plain"
        )
    before = (Article.objects.count(), Passage.objects.count())
    response = client.post(reverse("admin:quizapp_article_add"), fields)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert (Article.objects.count(), Passage.objects.count()) == before
    else:
        assert Article.objects.count() == before[0] + 1


def quiz_form(questions, articles):
    return st.fixed_dictionaries(
        {
            "items-TOTAL_FORMS": st.one_of(st.sampled_from(["0", "1", "2"]), junk),
            "items-INITIAL_FORMS": st.one_of(st.just("0"), junk),
        },
        optional={
            "title": junk,
            "slug": st.one_of(
                junk, st.just("existing-quiz"), st.from_regex(r"[a-z-]{1,130}", fullmatch=True)
            ),
            "description": junk,
            "mode": st.one_of(st.sampled_from(["practice", "assessment"]), junk),
            "status": st.one_of(st.sampled_from(["draft", "published"]), junk),
            "skill": st.one_of(st.sampled_from(["", "timeline", "framing"]), junk),
            "article": pick(articles),
            "items-0-position": st.one_of(st.integers(-5, 40000).map(str), junk),
            "items-0-question": pick(questions),
            "items-1-position": st.one_of(st.integers(-5, 40000).map(str), junk),
            "items-1-question": pick(questions),
            "items-0-id": junk,
        },
    )


@pytest.fixture
def quiz_world(instructor):
    questions = [QuestionFactory().id, QuestionFactory().id]
    article = ArticleFactory().id
    # The instructor's own quiz: a shared one is read-only to them (403 on change).
    quiz = QuizFactory(slug="existing-quiz", questions=[], owner=instructor)
    return questions, [article], quiz


def quiz_rows():
    return (
        list(Quiz.objects.order_by("id").values()),
        list(QuizQuestion.objects.order_by("id").values()),
    )


@pytest.mark.parametrize("change", [False, True], ids=["add", "change"])
@SETTINGS
@given(data=st.data())
def test_admin_quiz_form_never_fails(client, instructor, quiz_world, change, data):
    questions, articles, quiz = quiz_world
    fields = data.draw(quiz_form(questions, articles))
    url = (
        reverse("admin:quizapp_quiz_change", args=[quiz.id])
        if change
        else reverse("admin:quizapp_quiz_add")
    )
    before = quiz_rows()
    response = client.post(url, fields)
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert quiz_rows() == before


@pytest.mark.parametrize("claimed", ["21", "1000", "999999"])
def test_a_forged_row_count_is_refused_without_rendering_thousands_of_forms(
    client, instructor, claimed
):
    """Django accepts up to 2,000 inline rows; the admin accepts the rows an object has
    plus 20 new ones, and says so, instead of rendering a page of empty forms."""
    response = client.post(
        reverse("admin:quizapp_classroom_add"),
        {
            "name": "Forged",
            "time_zone": "UTC",
            "assignments-TOTAL_FORMS": claimed,
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please submit at most 20 forms." in html
    assert html.count('name="assignments-19-quiz"') == 1
    assert 'name="assignments-20-quiz"' not in html
    assert len(html) < 1_000_000


def test_an_object_with_many_rows_can_still_be_saved(client, instructor):
    """The bound counts the rows an object already has: a quiz with 30 questions saves."""
    questions = [QuestionFactory() for _ in range(30)]
    quiz = QuizFactory(slug="long-quiz", questions=questions, owner=instructor)
    url = reverse("admin:quizapp_quiz_change", args=[quiz.id])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        }
    )
    for index, row in enumerate(formset.forms):
        for name, field in row.fields.items():
            value = row.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if value is not None:
                data[f"{formset.prefix}-{index}-{name}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert quiz.questions.count() == 30
