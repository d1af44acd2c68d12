"""Security: login rate limiting, CSRF, security headers and the content security policy."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_repeated_failures(client, settings):
    UserFactory(username="ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "ana", "password": "pw-for-tests-123"})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_count(client, settings):
    UserFactory(username="ben")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "ben", "password": "wrong"})
    client.post(reverse("login"), {"username": "ben", "password": "pw-for-tests-123"})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "ben", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "ben", "password": "pw-for-tests-123"})
    assert response.status_code == 302


def test_csrf_is_enforced_on_answers_and_forms():
    strict = Client(enforce_csrf_checks=True)
    user = UserFactory()
    strict.force_login(user)
    for url in (reverse("join_class"), reverse("review"), reverse("logout")):
        assert strict.post(url, {}).status_code == 403, url
    assert (
        Client(enforce_csrf_checks=True)
        .post(reverse("login"), {"username": "x", "password": "y"})
        .status_code
        == 403
    )


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_scripts_or_styles(client, bank):
    import re

    user = UserFactory(username="reader")
    client.force_login(user)
    for url in (
        reverse("home"),
        reverse("quiz_list"),
        reverse("progress"),
        reverse("compare_list"),
        reverse("article_detail", args=["cnn-biden-no-counterstrike"]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url


def test_hsts_is_sent_over_https_in_production(settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_an_over_long_username_is_refused_before_authentication(client, url):
    from axes.models import AccessAttempt

    response = client.post(url, {"username": "<" * 5000, "password": "x"})
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
