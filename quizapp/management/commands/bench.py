"""`make bench`: answer submission under load, against a bare one-INSERT baseline.

The command runs in two stages. The outer stage makes a throwaway database (a SQLite
file in WAL mode, or with DATABASE_URL a new PostgreSQL database next to the given
one) and runs the inner stage against it, then drops it. The inner stage loads the
corpus and the bank, creates learners with attempts and logged-in sessions, starts
gunicorn (2 workers on 127.0.0.1, serving config.bench_urls), and drives it over HTTP
with real sessions and CSRF tokens:

* saturation — a closed loop with no think time: the highest requests/s sustained;
* school at work — an open loop: LEARNERS learners each answering every ~10 s
  (Poisson arrivals), with p50/p95/p99 latency;

for answer submission and for the baseline view, in the same run. It then checks
integrity: exactly one response per (attempt, question) that was answered, none
extra, no 5xx, and a burst of duplicate submissions that must record one each.
"""

import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SATURATION_SECONDS = 12
SCHOOL_SECONDS = 20
LEARNERS = 1000
ANSWER_EVERY_S = 10.0
CONCURRENCY = 16
DUPLICATES = 200
TARGET_RATIO = 2.0
TARGET_P95_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Load and integrity benchmark of answer submission (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--inner", action="store_true", help=Command.help)
        parser.add_argument("--learners", type=int, default=LEARNERS)
        parser.add_argument("--saturation-seconds", type=float, default=SATURATION_SECONDS)
        parser.add_argument("--school-seconds", type=float, default=SCHOOL_SECONDS)

    def handle(self, *args, **options):
        if options["inner"]:
            return Inner(self, options).run()
        return self.outer(options)

    # --- outer stage: a throwaway database -------------------------------------

    def outer(self, options):
        database_url = os.environ.get("DATABASE_URL", "")
        env = dict(os.environ)
        drop = None
        if database_url.startswith(("postgres://", "postgresql://")):
            import psycopg

            parsed = urlparse(database_url)
            name = f"sourcewise_bench_{secrets.token_hex(4)}"
            with psycopg.connect(urlunparse(parsed), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{name}"))

            def drop():
                with psycopg.connect(urlunparse(parsed), autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

            label = "PostgreSQL"
        else:
            folder = tempfile.mkdtemp(prefix="sourcewise-bench-")
            env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            label = "SQLite (WAL)"
        self.stdout.write(f"Benchmark database: {label}, created for this run.")
        command = [sys.executable, "manage.py", "bench", "--inner"]
        for key in ("learners", "saturation_seconds", "school_seconds"):
            command += [f"--{key.replace('_', '-')}", str(options[key])]
        try:
            result = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
        finally:
            if drop:
                drop()
        if result.returncode:
            raise CommandError("The benchmark did not meet its targets or failed; see above.")


class Inner:
    def __init__(self, command, options):
        self.command = command
        self.options = options
        self.say = command.stdout.write

    def run(self):
        import io

        from django.core.management import call_command

        self.say("Migrating and loading the corpus, evidence and question bank…")
        quiet = io.StringIO()
        call_command("migrate", "--no-input", stdout=quiet)
        for name, args in (
            ("load_corpus", []),
            ("check_evidence", ["--load"]),
            ("build_quizzes", []),
        ):
            call_command(name, *args, stdout=quiet)
        call_command("collectstatic", "--no-input", "-v0", stdout=quiet)
        learners = self.make_learners(self.options["learners"])
        port = free_port()
        server = self.start_server(port)
        try:
            results = asyncio.run(
                Load(f"http://127.0.0.1:{port}", learners, self.options, self.say).run()
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
        ok = self.report(results)
        if not ok:
            raise CommandError("Targets missed.")

    def make_learners(self, count):
        """Learners with a started attempt at the mixed quiz and a logged-in session."""
        from django.contrib.auth import (
            BACKEND_SESSION_KEY,
            HASH_SESSION_KEY,
            SESSION_KEY,
            get_user_model,
        )
        from django.contrib.sessions.backends.db import SessionStore

        from quizapp.models import Attempt, Choice, Quiz

        self.say(f"Creating {count} learners with attempts and sessions…")
        User = get_user_model()
        users = User.objects.bulk_create(
            User(username=f"bench-{n:05d}", password="!") for n in range(count)
        )
        mixed = Quiz.objects.get(slug="the-april-2024-coverage")
        ids = list(mixed.items.order_by("position").values_list("question_id", flat=True))
        attempts = Attempt.objects.bulk_create(
            Attempt(learner=user, quiz=mixed, question_ids=ids) for user in users
        )
        choices = {}
        for choice in Choice.objects.filter(question_id__in=ids).order_by("position", "id"):
            choices.setdefault(choice.question_id, []).append(choice)
        learners = []
        for user, attempt in zip(users, attempts, strict=True):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            learners.append(
                {
                    "session": session.session_key,
                    "attempt": attempt.id,
                    "questions": ids,
                    "choices": choices,
                    "next": 0,
                }
            )
        return learners

    def start_server(self, port):
        env = dict(os.environ, SOURCEWISE_BENCH_URLCONF="1", DJANGO_DEBUG="false")
        env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + secrets.token_urlsafe(40))
        env.update(
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_SECURE_COOKIES="false",
            DJANGO_HSTS_SECONDS="0",
            DJANGO_LOG_LEVEL="WARNING",
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        workers = os.environ.get("BENCH_GUNICORN", "--workers 4 --worker-class sync").split()
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", *workers,
             "--keep-alive", "75", "--backlog", "2048", "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return server
            except OSError:
                time.sleep(0.2)
        server.kill()
        raise CommandError("gunicorn did not start.")

    def report(self, results):
        say = self.say
        say("")
        say(f"{'shape':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for label, r in results["rows"]:
            say(
                f"{label:<34}{r['rate']:>8.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}"
            )
        ratio = results["ratio"]
        school = results["school_answer"]
        say("")
        say(
            f"Saturation ratio (baseline req/s ÷ answer req/s): {ratio:.2f} (target ≤ {TARGET_RATIO})"
        )
        say(f"School-at-work answer p95: {school['p95']:.1f} ms (target < {TARGET_P95_MS:.0f} ms)")
        integrity = results["integrity"]
        say(
            f"Integrity: {integrity['recorded']} responses recorded for {integrity['answered']} "
            f"answered (attempt, question) pairs; {integrity['extra']} extra, {integrity['missing']} missing; "
            f"duplicates: {integrity['duplicate_pairs']} pairs posted twice at once → "
            f"{integrity['duplicate_recorded']} responses; 5xx: {results['server_errors']}."
        )
        ok = (
            ratio <= TARGET_RATIO
            and school["p95"] < TARGET_P95_MS
            and results["server_errors"] == 0
            and integrity["extra"] == 0
            and integrity["missing"] == 0
            and integrity["duplicate_recorded"] == integrity["duplicate_pairs"]
            and all(r["errors"] == 0 for _, r in results["rows"])
        )
        style = self.command.style.SUCCESS if ok else self.command.style.ERROR
        say(style("All targets met." if ok else "Some targets missed."))
        return ok


class Reply:
    def __init__(self, status_code: int, text: str):
        self.status_code = status_code
        self.text = text


class TransportError(Exception):
    pass


class Connections:
    """A minimal HTTP/1.1 keep-alive client for loopback load: it spends far less CPU per
    request than a general-purpose client, so the server, not the client, is measured."""

    def __init__(self, base: str, limit: int = 256):
        parsed = urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.idle: list = []
        self.limit = asyncio.Semaphore(limit)

    async def post(self, path: str, body: dict, headers: dict) -> Reply:
        from urllib.parse import urlencode

        payload = urlencode(body).encode()
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{head}"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(payload)}\r\n\r\n"
        ).encode() + payload
        async with self.limit:
            conn = (
                self.idle.pop()
                if self.idle
                else await asyncio.open_connection(self.host, self.port)
            )
            reader, writer = conn
            try:
                writer.write(request)
                await writer.drain()
                status_line = await reader.readline()
                if not status_line:
                    raise TransportError("connection closed")
                status = int(status_line.split()[1])
                length, close = 0, False
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "connection" and "close" in value.lower():
                        close = True
                data = await reader.readexactly(length) if length else b""
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
                writer.close()
                raise TransportError(str(error)) from None
            if close:
                writer.close()
            else:
                self.idle.append(conn)
            return Reply(status, data.decode("utf-8", "replace"))


class Load:
    """The HTTP side: each request carries a session cookie and a CSRF token."""

    def __init__(self, base, learners, options, say):
        self.base = base
        self.learners = learners
        self.options = options
        self.say = say
        self.answered = set()
        self.server_errors = 0
        self.rng = random.Random(11)

    def headers(self, learner):
        token = learner.setdefault("csrf", secrets.token_hex(16))
        return {
            "Cookie": f"sessionid={learner['session']}; csrftoken={token}",
            "X-CSRFToken": token,
            "HX-Request": "true",
        }

    def next_answer(self):
        """A learner and an unanswered question of theirs (round robin over learners)."""
        for _ in range(len(self.learners)):
            learner = self.learners[self.rng.randrange(len(self.learners))]
            if learner["next"] < len(learner["questions"]) and not learner.get("busy"):
                number = learner["next"] + 1
                learner["next"] += 1
                question = learner["questions"][number - 1]
                choice = self.rng.choice(learner["choices"][question])
                return learner, number, question, choice
        return None

    async def answer(self, client):
        picked = self.next_answer()
        if picked is None:
            return None
        learner, number, question, choice = picked
        learner["busy"] = True
        # The page names choices by their position as shown, never by id.
        shown = learner["choices"][question]
        data = {"choice": f"o{shown.index(choice) + 1}"}
        if choice.correct_position:  # a timeline: give every event a place
            for place in range(1, len(shown) + 1):
                data[f"item_{place}"] = str(place)
        url = f"/attempts/{learner['attempt']}/questions/{number}/"
        started = time.perf_counter()
        try:
            response = await client.post(url, data, self.headers(learner))
        except TransportError:
            return (time.perf_counter() - started) * 1000, False
        finally:
            learner["busy"] = False
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code >= 500:
            self.server_errors += 1
        ok = response.status_code == 200 and "feedback" in response.text
        if ok:
            self.answered.add((learner["attempt"], question))
        return elapsed, ok

    async def baseline(self, client):
        learner = self.learners[self.rng.randrange(len(self.learners))]
        started = time.perf_counter()
        try:
            response = await client.post("/bench/baseline/", {}, self.headers(learner))
        except TransportError:
            return (time.perf_counter() - started) * 1000, False
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code >= 500:
            self.server_errors += 1
        return elapsed, response.status_code == 200

    async def closed_loop(self, client, action, seconds):
        latencies, errors = [], 0
        stop = time.perf_counter() + seconds

        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                result = await action(client)
                if result is None:
                    return
                latencies.append(result[0])
                errors += not result[1]

        begin = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return summary(latencies, errors, time.perf_counter() - begin)

    async def open_loop(self, client, action, seconds):
        rate = len(self.learners) / ANSWER_EVERY_S
        latencies, errors, tasks = [], 0, []

        async def one():
            nonlocal errors
            result = await action(client)
            if result is not None:
                latencies.append(result[0])
                errors += not result[1]

        begin = time.perf_counter()
        next_at = begin
        while next_at - begin < seconds:
            next_at += self.rng.expovariate(rate)
            await asyncio.sleep(max(0, next_at - time.perf_counter()))
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
        return summary(latencies, errors, seconds)

    async def duplicates(self, client):
        """Post the same answer twice at once for fresh pairs: one response each."""
        pairs = []
        for _ in range(DUPLICATES):
            picked = self.next_answer()
            if picked is None:
                break
            pairs.append(picked)

        async def twice(learner, number, question, choice):
            url = f"/attempts/{learner['attempt']}/questions/{number}/"
            shown = learner["choices"][question]
            data = {"choice": f"o{shown.index(choice) + 1}"}
            if choice.correct_position:
                for place in range(1, len(shown) + 1):
                    data[f"item_{place}"] = str(place)
            responses = await asyncio.gather(
                *(client.post(url, data, self.headers(learner)) for _ in range(2)),
                return_exceptions=True,
            )
            responses = [r for r in responses if isinstance(r, Reply)]
            self.server_errors += sum(r.status_code >= 500 for r in responses)
            if any(r.status_code == 200 for r in responses):
                self.answered.add((learner["attempt"], question))

        await asyncio.gather(*(twice(*p) for p in pairs))
        return pairs

    async def run(self):
        client = Connections(self.base)
        await self.closed_loop(client, self.baseline, 2)  # warm up both workers
        rows = []
        self.say("Saturation (closed loop, no think time)…")
        base_sat = await self.closed_loop(client, self.baseline, self.options["saturation_seconds"])
        answer_sat = await self.closed_loop(client, self.answer, self.options["saturation_seconds"])
        rows += [
            ("baseline insert — saturation", base_sat),
            ("answer submit — saturation", answer_sat),
        ]
        self.say(
            f"School at work ({len(self.learners)} learners, one answer each ~{ANSWER_EVERY_S:.0f} s)…"
        )
        base_school = await self.open_loop(client, self.baseline, self.options["school_seconds"])
        answer_school = await self.open_loop(client, self.answer, self.options["school_seconds"])
        rows += [
            ("baseline insert — school at work", base_school),
            ("answer submit — school at work", answer_school),
        ]
        self.say("Duplicate submissions…")
        pairs = await self.duplicates(client)
        integrity = await asyncio.to_thread(self.integrity, pairs)
        return {
            "rows": rows,
            "ratio": base_sat["rate"] / answer_sat["rate"] if answer_sat["rate"] else float("inf"),
            "school_answer": answer_school,
            "integrity": integrity,
            "server_errors": self.server_errors,
        }

    def integrity(self, pairs):
        from django.db.models import Count

        from quizapp.models import Response

        recorded = set(Response.objects.values_list("attempt_id", "question_id"))
        per_pair = (
            Response.objects.values("attempt_id", "question_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        duplicate_ids = {(p[0]["attempt"], p[2]) for p in pairs}
        return {
            "answered": len(self.answered),
            "recorded": len(recorded),
            "extra": len(recorded - self.answered) + per_pair.count(),
            "missing": len(self.answered - recorded),
            "duplicate_pairs": len(duplicate_ids),
            "duplicate_recorded": len(duplicate_ids & recorded),
        }


def summary(latencies, errors, seconds):
    if not latencies:
        return {"rate": 0, "p50": 0, "p95": 0, "p99": 0, "errors": errors}
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    return {
        "rate": len(latencies) / seconds,
        "p50": statistics.median(ordered),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors,
    }
