"""One article filter for the admin's question and evidence lists."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, PassageFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_questions_and_claims_filter_by_article(admin_client):
    mine, other = ArticleFactory(headline="Mine"), ArticleFactory(headline="Other")
    question, elsewhere = QuestionFactory(stem="About mine?"), QuestionFactory(stem="About other?")
    question.articles.add(mine)
    elsewhere.articles.add(other)
    ClaimFactory(passage=PassageFactory(article=mine, text="Words in mine."))
    ClaimFactory(passage=PassageFactory(article=other, text="Words in other."))

    page = admin_client.get(reverse("admin:quizapp_question_changelist"), {"article": mine.slug})
    html = page.content.decode()
    assert "About mine?" in html and "About other?" not in html
    assert f"{mine.outlet}: Mine" in html

    page = admin_client.get(reverse("admin:quizapp_claim_changelist"), {"article": mine.slug})
    html = page.content.decode()
    assert "Words in mine." in html and "Words in other." not in html


def _instructor(username):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


def test_questions_filter_by_story_listing_each_question_once(client):
    from tests.factories import StoryFactory

    client.force_login(_instructor("teacher"))
    story, other_story = StoryFactory(title="Strikes"), StoryFactory(title="Elections")
    both = QuestionFactory(stem="Cites two articles of the story?")
    both.articles.add(ArticleFactory(story=story), ArticleFactory(story=story))
    QuestionFactory(stem="About the other story?").articles.add(ArticleFactory(story=other_story))

    page = client.get(reverse("admin:quizapp_question_changelist"), {"story": story.slug})
    html = page.content.decode()
    assert "Cites two articles of the story?" in html
    assert "About the other story?" not in html
    assert "Strikes" in html and "Elections" in html  # the filter's choices
    assert page.context["cl"].result_count == 1


def test_questions_filter_by_owner_shows_only_owners_the_user_may_see(client):
    teacher, colleague = _instructor("teacher"), _instructor("colleague")
    QuestionFactory(stem="From the shared bank?")
    QuestionFactory(stem="Written by me?", owner=teacher)
    QuestionFactory(stem="Written by a colleague?", owner=colleague)
    client.force_login(teacher)
    url = reverse("admin:quizapp_question_changelist")

    html = client.get(url, {"owner": "mine"}).content.decode()
    assert "Written by me?" in html and "From the shared bank?" not in html
    html = client.get(url, {"owner": "shared"}).content.decode()
    assert "From the shared bank?" in html and "Written by me?" not in html
    # Another instructor's questions are neither listed nor offered as a filter choice.
    html = client.get(url).content.decode()
    assert "colleague" not in html
    html = client.get(url, {"owner": str(colleague.pk)}).content.decode()
    assert "Written by a colleague?" not in html


def test_a_superuser_filters_by_any_owner(admin_client):
    colleague = _instructor("colleague")
    QuestionFactory(stem="Written by a colleague?", owner=colleague)
    QuestionFactory(stem="From the shared bank?")
    url = reverse("admin:quizapp_question_changelist")
    html = admin_client.get(url).content.decode()
    assert f"?owner={colleague.pk}" in html
    html = admin_client.get(url, {"owner": str(colleague.pk)}).content.decode()
    assert "Written by a colleague?" in html and "From the shared bank?" not in html


@pytest.mark.parametrize("params", [{"owner": "nobody"}, {"story": "no-such-story"}])
def test_a_bad_filter_value_is_no_error(admin_client, params):
    page = admin_client.get(reverse("admin:quizapp_question_changelist"), params)
    assert page.status_code in (200, 302)
