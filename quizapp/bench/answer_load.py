"""`make bench`: answer submission under load, against a bare one-INSERT baseline.

The command runs in two stages. The outer stage makes a throwaway database (a SQLite
file in WAL mode, or with DATABASE_URL a new PostgreSQL database next to the given
one) and runs the inner stage against it, then drops it. The inner stage loads the
corpus and the bank, creates learners with attempts and logged-in sessions, starts
gunicorn on 127.0.0.1 serving config.bench_urls (one server with 4 workers, or with
``--servers 2`` two servers on two ports with 2 workers each, sharing the database and,
when REDIS_URL is set, Redis), and drives it over HTTP with real sessions and CSRF
tokens, spreading requests over the servers:

* saturation — a closed loop with no think time: the highest requests/s sustained,
  measured ``--rounds`` times (default 3) for both views, alternating which goes first;
* school at work — an open loop: LEARNERS learners each answering every ~10 s
  (Poisson arrivals), with p50/p95/p99 latency;

for answer submission and for the baseline view, in the same run. The verdict uses
ratios only (absolute times are printed, not judged, since they depend on what else
the machine does): the median saturation ratio, and the school-at-work p95 of answers
against the baseline's p95. It then checks integrity: exactly one response per
(attempt, question) that was answered, none extra, no 5xx, a burst of duplicate
submissions that must record one each, and, with several servers, that a question
edited in the database is served fresh by every server (no per-process staleness).
"""

import asyncio
import os
import random
import re
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

SATURATION_SECONDS = 8
SCHOOL_SECONDS = 20
LEARNERS = 1000
ANSWER_EVERY_S = 10.0
CONCURRENCY = 16
DUPLICATES = 200
ROUNDS = 3
# Answer submission may cost at most 1.5× the bare INSERT (saturation throughput).
TARGET_RATIO = 1.5
# At a school's offered load the answers' p95 may be at most twice the baseline's p95:
# queueing amplifies a per-request cost ratio, so the latency bound is looser.
TARGET_P95_RATIO = 2.0
TOTAL_WORKERS = 4


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
        parser.add_argument("--rounds", type=int, default=ROUNDS)
        parser.add_argument(
            "--servers", type=int, default=1, help="app servers (gunicorn instances), 1 or more"
        )
        parser.add_argument(
            "--profile",
            default="",
            help="sample the servers with py-spy during the first answer saturation and "
            "write the collapsed stacks to this file (the top frames are printed)",
        )

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
        servers = options["servers"]
        shared = "Redis " + os.environ["REDIS_URL"] if os.environ.get("REDIS_URL") else "no Redis"
        self.stdout.write(
            f"Benchmark database: {label}, created for this run; {servers} app server(s), {shared}."
        )
        if os.environ.get("REDIS_URL"):
            env["DJANGO_CACHE_PREFIX"] = f"bench-{secrets.token_hex(4)}"
        command = [sys.executable, "manage.py", "bench", "--inner"]
        for key in ("learners", "saturation_seconds", "school_seconds", "rounds", "servers"):
            command += [f"--{key.replace('_', '-')}", str(options[key])]
        if options["profile"]:
            command += ["--profile", str(Path(options["profile"]).resolve())]
        try:
            result = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)
        finally:
            if drop:
                drop()
            if os.environ.get("REDIS_URL"):
                os.environ["DJANGO_CACHE_PREFIX"] = env["DJANGO_CACHE_PREFIX"]
                client, keys = redis_keys()
                for start in range(0, len(keys), 1000):
                    client.delete(*keys[start : start + 1000])
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
        count = max(1, self.options["servers"])
        ports = [free_port() for _ in range(count)]
        servers = [
            self.start_server(port, workers=max(1, TOTAL_WORKERS // count)) for port in ports
        ]
        try:
            load = Load(
                [f"http://127.0.0.1:{port}" for port in ports], learners, self.options, self.say
            )
            load.servers = servers
            results = asyncio.run(load.run())
            results["storage"] = storage_per_response()
            results["redis_per_session"] = redis_bytes_per_session()
        finally:
            for server in servers:
                server.send_signal(signal.SIGTERM)
            for server in servers:
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

    def start_server(self, port, *, workers):
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
        flags = os.environ.get("BENCH_GUNICORN", f"--workers {workers} --worker-class sync").split()
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", *flags,
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
        say("Absolute numbers (printed, not judged: they depend on the machine and its load)")
        say(
            f"{'shape':<40}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
            f"{'app CPU ms':>12}{'db CPU ms':>11}"
        )
        for label, r in results["rows"]:
            cpu = f"{r['app_cpu_ms']:>12.2f}{r['db_cpu_ms']:>11.2f}" if "app_cpu_ms" in r else ""
            say(
                f"{label:<40}{r['rate']:>8.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}{r['errors']:>8}{cpu}"
            )
        ratios = results["ratios"]
        ratio = statistics.median(ratios)
        p95_ratio = results["p95_ratio"]
        say("")
        say(
            f"Saturation ratio (baseline req/s ÷ answer req/s), median of {len(ratios)} rounds: "
            f"{ratio:.2f} (spread {min(ratios):.2f}–{max(ratios):.2f}; rounds: "
            f"{', '.join(f'{r:.2f}' for r in ratios)}) — target ≤ {TARGET_RATIO}"
        )
        say(f"School-at-work p95, answer ÷ baseline: {p95_ratio:.2f} — target ≤ {TARGET_P95_RATIO}")
        cpu = results["cpu"]
        if cpu and cpu[0][0]:
            base_ms = statistics.median(c[0] for c in cpu)
            answer_ms = statistics.median(c[1] for c in cpu)
            db_ms = statistics.median(c[2] for c in cpu)
            say(
                f"CPU per request (app servers + database), median of rounds: baseline "
                f"{base_ms:.2f} ms, answer {answer_ms:.2f} ms (database {db_ms:.2f} ms) — "
                f"ratio {answer_ms / base_ms:.2f} (a steadier cross-check of the ratio above)"
            )
        integrity = results["integrity"]
        say(
            f"Integrity: {integrity['recorded']} responses recorded for {integrity['answered']} "
            f"answered (attempt, question) pairs; {integrity['extra']} extra, {integrity['missing']} missing; "
            f"duplicates: {integrity['duplicate_pairs']} pairs posted twice at once → "
            f"{integrity['duplicate_recorded']} responses; 5xx: {results['server_errors']}."
        )
        if results.get("storage"):
            say(f"Storage: {results['storage']:.0f} bytes per response (table and indexes).")
        if results.get("redis_per_session") is not None:
            say(f"Redis: {results['redis_per_session']:.0f} bytes per logged-in session.")
        fresh = results["freshness"]
        if fresh is not None:
            say(
                f"Several servers: a question edited in the database was served fresh by "
                f"{fresh['fresh']} of {fresh['servers']} servers (each had it cached before the edit)."
            )
        for line in results["profile"]:
            say(line)
        ok = (
            ratio <= TARGET_RATIO
            and p95_ratio <= TARGET_P95_RATIO
            and results["server_errors"] == 0
            and integrity["extra"] == 0
            and integrity["missing"] == 0
            and integrity["duplicate_recorded"] == integrity["duplicate_pairs"]
            and all(r["errors"] == 0 for _, r in results["rows"])
            and (fresh is None or fresh["fresh"] == fresh["servers"])
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
        return await self.send(request)

    async def get(self, path: str, headers: dict) -> Reply:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{head}\r\n".encode()
        return await self.send(request)

    async def send(self, request: bytes) -> Reply:
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

    def __init__(self, bases, learners, options, say):
        self.bases = bases
        self.clients = []
        self.servers = []
        self.turn = 0
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

    def page(self, path_of):
        """A GET of a page as a logged-in learner (for the cost of pages per request)."""

        async def get(client):
            learner = self.learners[self.rng.randrange(len(self.learners))]
            started = time.perf_counter()
            try:
                response = await client.get(path_of(learner), self.headers(learner))
            except TransportError:
                return (time.perf_counter() - started) * 1000, False
            if response.status_code >= 500:
                self.server_errors += 1
            return (time.perf_counter() - started) * 1000, response.status_code == 200

        return get

    def client(self):
        """The next server, round robin: one learner's requests go to every server."""
        self.turn += 1
        return self.clients[self.turn % len(self.clients)]

    async def closed_loop(self, action, seconds):
        latencies, errors = [], 0
        meter = await CpuMeter.start(self.servers)
        stop = time.perf_counter() + seconds

        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                result = await action(self.client())
                if result is None:
                    return
                latencies.append(result[0])
                errors += not result[1]

        begin = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        result = summary(latencies, errors, time.perf_counter() - begin)
        result.update(await meter.per_request(len(latencies)))
        return result

    async def open_loop(self, action, seconds):
        rate = len(self.learners) / ANSWER_EVERY_S
        latencies, errors, tasks = [], 0, []

        async def one():
            nonlocal errors
            result = await action(self.client())
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

    async def duplicates(self):
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
                *(self.client().post(url, data, self.headers(learner)) for _ in range(2)),
                return_exceptions=True,
            )
            responses = [r for r in responses if isinstance(r, Reply)]
            self.server_errors += sum(r.status_code >= 500 for r in responses)
            if any(r.status_code == 200 for r in responses):
                self.answered.add((learner["attempt"], question))

        await asyncio.gather(*(twice(*p) for p in pairs))
        return pairs

    async def run(self):
        self.clients = [Connections(base) for base in self.bases]
        await self.closed_loop(self.baseline, 2)  # warm up every worker
        await self.closed_loop(self.answer, 1)
        rows, ratios, profile, cpu = [], [], [], []
        seconds = self.options["saturation_seconds"]
        for round_no in range(1, self.options["rounds"] + 1):
            self.say(f"Saturation round {round_no} (closed loop, no think time)…")
            order = [("baseline", self.baseline), ("answer", self.answer)]
            if round_no % 2 == 0:  # alternate, so drift in the machine's load favours neither
                order.reverse()
            measured = {}
            for name, action in order:
                sampler = None
                if name == "answer" and round_no == 1 and self.options["profile"]:
                    sampler = await start_sampler(self.servers, seconds, self.options["profile"])
                measured[name] = await self.closed_loop(action, seconds)
                if sampler is not None:
                    await sampler.wait()
                    profile = top_frames(self.options["profile"])
            base, answer = measured["baseline"], measured["answer"]
            ratios.append(base["rate"] / answer["rate"] if answer["rate"] else float("inf"))
            cpu.append(
                (
                    base["app_cpu_ms"] + base["db_cpu_ms"],
                    answer["app_cpu_ms"] + answer["db_cpu_ms"],
                    answer["db_cpu_ms"],
                )
            )
            rows += [
                (f"baseline insert — saturation #{round_no}", base),
                (f"answer submit — saturation #{round_no}", answer),
            ]
        self.say(
            f"School at work ({len(self.learners)} learners, one answer each ~{ANSWER_EVERY_S:.0f} s)…"
        )
        base_school = await self.open_loop(self.baseline, self.options["school_seconds"])
        answer_school = await self.open_loop(self.answer, self.options["school_seconds"])
        rows += [
            ("baseline insert — school at work", base_school),
            ("answer submit — school at work", answer_school),
        ]
        self.say("Pages (closed loop, for their cost per request)…")
        seconds = max(1.0, self.options["saturation_seconds"] / 2)
        for label, path_of in (
            ("question page (GET)", lambda learner: f"/attempts/{learner['attempt']}/questions/1/"),
            ("quiz list (GET)", lambda learner: "/quizzes/"),
            ("progress (GET)", lambda learner: "/progress/"),
        ):
            rows.append((label, await self.closed_loop(self.page(path_of), seconds)))
        self.say("Duplicate submissions…")
        pairs = await self.duplicates()
        integrity = await asyncio.to_thread(self.integrity, pairs)
        freshness = await self.freshness() if len(self.clients) > 1 else None
        return {
            "rows": rows,
            "ratios": ratios,
            "cpu": cpu,
            "p95_ratio": answer_school["p95"] / base_school["p95"]
            if base_school["p95"]
            else float("inf"),
            "integrity": integrity,
            "server_errors": self.server_errors,
            "freshness": freshness,
            "profile": profile,
        }

    async def freshness(self):
        """Every server caches a question, the question is edited in the database (as an
        instructor's save on any server does), and every server must serve the edit."""
        learner = self.learners[0]
        url = f"/attempts/{learner['attempt']}/questions/1/"
        headers = {"Cookie": f"sessionid={learner['session']}"}
        tries = 4 * TOTAL_WORKERS  # enough requests that every worker has served the page

        async def pages(client):
            return [await client.get(url, headers) for _ in range(tries)]

        for client in self.clients:
            await pages(client)
        marker = f"edited-{secrets.token_hex(4)}"
        await asyncio.to_thread(edit_stem, learner["questions"][0], marker)
        fresh = 0
        for client in self.clients:
            replies = await pages(client)
            fresh += all(r.status_code == 200 and marker in r.text for r in replies)
        return {"servers": len(self.clients), "fresh": fresh}

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


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def storage_per_response() -> float | None:
    """Bytes the response table and its indexes take per row (PostgreSQL only)."""
    from django.db import connection

    from quizapp.models import Response

    if connection.vendor != "postgresql":
        return None
    rows = Response.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [Response._meta.db_table])
        size = cursor.fetchone()[0]
    return size / rows if rows else None


def redis_keys():
    """The benchmark's own keys in Redis (its cache prefix), when the cache is Redis."""
    if not os.environ.get("REDIS_URL"):
        return None, []
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    prefix = os.environ.get("DJANGO_CACHE_PREFIX", "sourcewise")
    return client, list(client.scan_iter(match=f"{prefix}:*", count=1000))


def redis_bytes_per_session() -> float | None:
    """Redis memory per cached session, measured on a sample of the sessions' keys."""
    client, keys = redis_keys()
    sessions = [k for k in keys if b"sessions" in k][:200]
    if not sessions:
        return None
    return sum(client.memory_usage(k) or 0 for k in sessions) / len(sessions)


def cpu_seconds(pid) -> float:
    """User + system CPU time a process has used (Linux /proc), or 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def server_pids(servers) -> set[int]:
    """The gunicorn masters and their workers."""
    masters = {server.pid for server in servers}
    pids = set(masters)
    for entry in Path("/proc").iterdir():
        if entry.name.isdecimal():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid in masters:
                pids.add(int(entry.name))
    return pids


def database_pids() -> set[int]:
    """PostgreSQL backends serving the benchmark database (none for SQLite, whose work
    is done inside the app's processes)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


class CpuMeter:
    """CPU time spent by the app servers and the database on one phase of the load. It
    does not count what other programs on the machine do, so the cost per request is a
    steadier measure than throughput on a busy machine."""

    def __init__(self, servers):
        self.servers = servers
        self.before = {}

    @classmethod
    async def start(cls, servers):
        meter = cls(servers)
        meter.before = await asyncio.to_thread(meter.snapshot)
        return meter

    def snapshot(self):
        app = {pid: cpu_seconds(pid) for pid in server_pids(self.servers)}
        db = {pid: cpu_seconds(pid) for pid in database_pids()}
        return {"app": app, "db": db}

    async def per_request(self, requests):
        if not self.servers or not requests:
            return {"app_cpu_ms": 0.0, "db_cpu_ms": 0.0}
        after = await asyncio.to_thread(self.snapshot)
        spent = {}
        for side in ("app", "db"):
            spent[side] = sum(
                used - self.before[side].get(pid, 0.0) for pid, used in after[side].items()
            )
        return {
            "app_cpu_ms": spent["app"] * 1000 / requests,
            "db_cpu_ms": spent["db"] * 1000 / requests,
        }


def edit_stem(question_id, marker):
    from quizapp.models import Question

    question = Question.objects.get(pk=question_id)
    question.stem = f"{question.stem} ({marker})"
    question.save(update_fields=["stem", "updated"])


async def start_sampler(servers, seconds, output):
    """py-spy sampling every gunicorn worker (the masters' children) for ``seconds``."""
    command = [
        str(Path(sys.executable).with_name("py-spy")), "record", "--subprocesses",
        "--nonblocking", "--rate", "250", "--format", "raw", "--duration", str(int(seconds)),
        "--output", output, "--pid", str(servers[0].pid),
    ]  # fmt: skip
    return await asyncio.create_subprocess_exec(
        *command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def top_frames(path, count=12):
    """What the answer path spends its CPU on, from py-spy's collapsed stacks: the
    functions holding the most samples themselves (self), and the app's own functions
    by the share of samples that pass through them (inclusive)."""
    inclusive, own, total = {}, {}, 0
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ["Profile: py-spy wrote nothing (is it installed, and may it trace processes?)."]
    for line in lines:
        stack, _, samples = line.rpartition(" ")
        if not samples.isdecimal():
            continue
        n, frames = int(samples), [f.strip() for f in stack.split(";")]
        total += n
        own[frames[-1]] = own.get(frames[-1], 0) + n
        # Inclusive counts per function, whatever line of it was running.
        for function in {re.sub(r":\d+\)$", ")", frame) for frame in frames}:
            inclusive[function] = inclusive.get(function, 0) + n
    if not total:
        return ["Profile: no samples."]

    def ranked(counts, keep=lambda frame: True):
        best = sorted(((n, f) for f, n in counts.items() if keep(f)), reverse=True)
        return [f"  {n / total:6.1%}  {frame}" for n, frame in best[:count]]

    return [
        f"Profile of answer submission: {total} samples of the server processes.",
        "Self (where the CPU is spent):",
        *ranked(own),
        "Inclusive, the app's own code and templates:",
        *ranked(inclusive, lambda f: "quizapp/" in f or "django/template/" in f),
    ]
