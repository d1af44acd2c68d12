"""What several app servers share: the cache and sessions in Redis (written through to
the database), and question content that no process serves stale after an edit."""

import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from quizapp.bench.answer_load import top_frames
from quizapp.models import Attempt
from tests.factories import QuizFactory, UserFactory
from tests.test_settings import PRODUCTION_ENV, manage

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_available():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


def test_redis_url_puts_the_cache_and_sessions_in_redis():
    script = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);print(s.SESSION_ENGINE)"
    )
    result = manage(
        "shell", "-v", "0", "-c", script, env={**PRODUCTION_ENV, "REDIS_URL": REDIS_URL}
    )
    assert result.returncode == 0, result.stderr
    backend, engine = result.stdout.split()
    assert backend == "django.core.cache.backends.redis.RedisCache"
    # Written through to the database: a Redis restart logs nobody out.
    assert engine == "django.contrib.sessions.backends.cached_db"


def test_without_redis_each_process_keeps_its_own_cache():
    script = "from django.conf import settings as s;print(s.CACHES['default']['BACKEND'])"
    result = manage("shell", "-v", "0", "-c", script, env=PRODUCTION_ENV)
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_a_session_in_redis_survives_losing_redis(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("quiz_list")).status_code == 200
    cache.clear()  # Redis restarted (it keeps nothing on disk)
    response = client.get(reverse("quiz_list"))
    assert response.status_code == 200
    assert str(response.wsgi_request.session[SESSION_KEY]) == str(user.pk)


@pytest.mark.django_db
def test_a_process_that_cached_a_question_serves_its_edit(client):
    """The per-process content cache is keyed by the question's `updated` stamp, read
    from the database on every request: an edit saved by any server is served at once."""
    quiz = QuizFactory()
    learner = UserFactory()
    attempt = Attempt.objects.create(
        learner=learner, quiz=quiz, question_ids=list(quiz.questions.values_list("id", flat=True))
    )
    client.force_login(learner)
    url = reverse("attempt_question", args=[attempt.id, 1])
    question = quiz.questions.get(pk=attempt.question_ids[0])
    choice = question.choices.filter(is_correct=False).first()
    assert choice.text in client.get(url).content.decode()
    choice.text = "An option rewritten by the instructor"
    choice.save()
    question.save()  # the admin saves the question with its inline choices
    page = client.get(url).content.decode()
    assert "An option rewritten by the instructor" in page


def test_top_frames_ranks_self_time_and_the_apps_functions(tmp_path):
    stacks = tmp_path / "stacks.txt"
    stacks.write_text(
        "main (gunicorn/app.py:1);view (quizapp/views/learning.py:10);"
        "execute (django/db/backends/utils.py:5) 6\n"
        "main (gunicorn/app.py:1);view (quizapp/views/learning.py:12);"
        "render (django/template/base.py:7) 3\n"
        "main (gunicorn/app.py:1);close (gunicorn/util.py:9) 1\n"
    )
    lines = top_frames(stacks)
    assert lines[0] == "Profile of answer submission: 10 samples of the server processes."
    assert lines[2].split() == ["60.0%", "execute", "(django/db/backends/utils.py:5)"]
    inclusive = lines[lines.index("Inclusive, the app's own code and templates:") + 1 :]
    # Both lines of the view count towards one function.
    assert inclusive[0].split() == ["90.0%", "view", "(quizapp/views/learning.py)"]
    assert inclusive[1].split() == ["30.0%", "render", "(django/template/base.py)"]


def test_top_frames_says_when_py_spy_wrote_nothing(tmp_path):
    assert "wrote nothing" in top_frames(tmp_path / "missing.txt")[0]


def test_bench_report_refuses_a_malformed_size():
    result = manage("bench_report", "--size", "lots", env={"DJANGO_DEBUG": "true"})
    assert result.returncode != 0
    assert "write it as STUDENTSxQUESTIONS" in result.stderr


def test_cpu_seconds_reads_a_processes_cpu_time_and_zero_for_a_gone_one():
    import os
    import time

    from quizapp.bench.answer_load import cpu_seconds

    before = cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:
        pass
    assert cpu_seconds(os.getpid()) > before
    assert cpu_seconds(2**22 + 12345) == 0.0


def test_behind_a_transaction_pooler_connections_are_not_kept_nor_cursors_server_side():
    script = (
        "from django.db import connections as c;d=c['default'].settings_dict;"
        "print(d['CONN_MAX_AGE'], d['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://sourcewise@127.0.0.1:5432/sourcewise",
        "DJANGO_DB_POOLER": "true",
    }
    result = manage("shell", "-v", "0", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True"]
