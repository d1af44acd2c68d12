"""The admin's quiz export actions: one quiz, one file; anything else, a message."""

import pytest
from django.urls import reverse

from quizapp.models import Quiz
from tests.factories import QuizFactory

pytestmark = pytest.mark.django_db

ACTIONS = [
    ("export_quiz_moodle", "moodle.xml", "application/xml", b"<quiz>"),
    ("export_quiz_gift", "gift.txt", "text/plain", b"::Q"),
]


@pytest.mark.parametrize(("action", "extension", "content_type", "starts"), ACTIONS)
def test_one_selected_quiz_downloads_as_a_file(
    admin_client, action, extension, content_type, starts
):
    quiz = QuizFactory(slug="week-one")
    response = admin_client.post(
        reverse("admin:quizapp_quiz_changelist"),
        {"action": action, "_selected_action": [quiz.pk]},
    )
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="week-one.{extension}"'
    assert starts in response.content


@pytest.mark.parametrize("action", [a[0] for a in ACTIONS])
def test_two_selected_quizzes_get_a_message_and_no_file(admin_client, action):
    quizzes = QuizFactory.create_batch(2)
    response = admin_client.post(
        reverse("admin:quizapp_quiz_changelist"),
        {"action": action, "_selected_action": [q.pk for q in quizzes]},
        follow=True,
    )
    assert "Content-Disposition" not in response
    assert "Choose exactly one quiz to export." in response.content.decode()
    assert Quiz.objects.count() == 2
