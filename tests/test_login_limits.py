"""Login limiting nobody can turn against someone else: lockouts are per username AND
client address, the address comes from X-Forwarded-For only when DJANGO_PROXY_COUNT
says a proxy wrote it, and one address spraying many usernames is throttled."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from quizapp.access.login_limits import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx, as gunicorn sees it
ATTACKER = "203.0.113.9"
STUDENT = "198.51.100.7"
PASSWORD = "pw-for-tests-123"
LOGIN_URLS = ["/accounts/login/", "/admin/login/"]


def via_proxy(client_ip, spoofed=""):
    """What gunicorn receives from nginx's `$proxy_add_x_forwarded_for`."""
    forwarded = f"{spoofed}, {client_ip}" if spoofed else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def log_in(url, username, password, **meta):
    return Client().post(url, {"username": username, "password": password}, **meta)


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.fixture
def behind_one_proxy(settings):
    settings.PROXY_COUNT = 1


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_an_attacker_behind_the_proxy_cannot_lock_a_student_out(url, settings, behind_one_proxy):
    UserFactory(username="ana", is_staff=url.startswith("/admin/"))
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        log_in(url, "ana", "wrong", **via_proxy(ATTACKER))
    assert log_in(url, "ana", PASSWORD, **via_proxy(ATTACKER)).status_code == 429
    assert logged_in(log_in(url, "ana", PASSWORD, **via_proxy(STUDENT)))


def test_spoofed_forwarded_entries_do_not_escape_the_lockout(settings, behind_one_proxy):
    UserFactory(username="ben")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in("/accounts/login/", "ben", "wrong", **via_proxy(ATTACKER, spoofed=f"192.0.2.{n}"))
    response = log_in("/accounts/login/", "ben", PASSWORD, **via_proxy(ATTACKER, "192.0.2.99"))
    assert response.status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    UserFactory(username="cy")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(
            "/accounts/login/",
            "cy",
            "wrong",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    response = log_in("/accounts/login/", "cy", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert logged_in(log_in("/accounts/login/", "cy", PASSWORD, REMOTE_ADDR=STUDENT))


@pytest.mark.parametrize(
    ("proxies", "meta", "address"),
    [
        (0, {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, ATTACKER),
        (1, via_proxy(STUDENT), STUDENT),
        (1, via_proxy(STUDENT, spoofed="1.2.3.4"), STUDENT),
        (1, via_proxy(STUDENT, spoofed="not-an-address, 1.2.3.4"), STUDENT),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {STUDENT}, 10.0.0.3"},
            STUDENT,
        ),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),  # proxy not sending the header: its own address
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::7"}, "2001:db8::7"),
    ],
)
def test_the_client_address_is_the_entry_the_nearest_proxy_wrote(
    rf, settings, proxies, meta, address
):
    settings.PROXY_COUNT = proxies
    assert client_address(rf.post("/accounts/login/", **meta)) == address


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_one_address_spraying_many_usernames_is_throttled(url, settings, behind_one_proxy):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 10
    UserFactory(username="dee", is_staff=True)
    for n in range(10):
        log_in(url, f"sprayed{n}", "Winter2024!", **via_proxy(ATTACKER))
    refused = log_in(url, "dee", PASSWORD, **via_proxy(ATTACKER))
    assert refused.status_code == 200 and not logged_in(refused)
    assert "Too many failed log-ins from your network" in refused.content.decode()
    failures = AccessAttempt.objects.count()
    log_in(url, "sprayed99", "Winter2024!", **via_proxy(ATTACKER))
    assert AccessAttempt.objects.count() == failures  # refused before any password check
    assert logged_in(log_in(url, "dee", PASSWORD, **via_proxy(STUDENT)))


def test_a_class_behind_one_address_is_not_throttled_by_a_few_typos(settings):
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        log_in("/accounts/login/", f"pupil{n}", "typo", REMOTE_ADDR=STUDENT)
    UserFactory(username="eve")
    assert logged_in(log_in("/accounts/login/", "eve", PASSWORD, REMOTE_ADDR=STUDENT))
