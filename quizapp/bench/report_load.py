"""Benchmark the class report on synthetic classes (make bench-report).

Two sizes by default: a school's class (500 students × 50 questions, 25,000 responses)
and a district-sized one (2,000 × 200, 400,000 responses). The query count must not
change with size, and the time should grow no faster than the number of responses."""

import io
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse

TARGET_MS = 300


class Command(BaseCommand):
    help = (
        "Seed a synthetic class (default 500 students × 50 questions) in a throwaway test "
        "database, render the class report and its CSVs several times, and print the median "
        "time and query count of each."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            action="append",
            metavar="STUDENTSxQUESTIONS",
            help="a class size to measure, e.g. 500x50 (repeatable; default 500x50 and 2000x200)",
        )
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, **options):
        sizes = []
        for size in options["size"] or ["500x50", "2000x200"]:
            students, _, questions = size.lower().partition("x")
            if not (students.isdecimal() and questions.isdecimal()) or not int(students) * int(
                questions
            ):
                raise CommandError(f"--size {size!r}: write it as STUDENTSxQUESTIONS, e.g. 500x50.")
            sizes.append((int(students), int(questions)))
        options["sizes"] = sizes
        vendor = connection.vendor
        if vendor == "sqlite":
            # A file, not memory, as `make run` uses; WAL as in settings.
            folder = tempfile.mkdtemp(prefix="sourcewise-bench-")
            settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
                Path(folder) / "bench.sqlite3"
            )
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self.run_bench(vendor, options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

    def run_bench(self, vendor, options):
        from django.contrib.auth import get_user_model

        from quizapp.bench.synthetic import synthetic_class

        say = self.stdout.write
        say(f"Database: {vendor}. Loading the corpus and building the question bank…")
        quiet = io.StringIO()
        for command, args in (
            ("load_corpus", []),
            ("check_evidence", ["--load"]),
            ("build_quizzes", []),
        ):
            call_command(command, *args, stdout=quiet)
        teacher = get_user_model().objects.create(username="bench-teacher", is_staff=True)
        client = Client()
        client.force_login(teacher)
        measured = []
        for students, questions in options["sizes"]:
            say(f"Seeding a class of {students} students × {questions} questions…")
            started = time.perf_counter()
            classroom = synthetic_class(
                students=students, questions=questions, name=f"Benchmark {students}x{questions}"
            )
            say(f"  seeded in {time.perf_counter() - started:.1f} s")
            if vendor == "postgresql":
                # Bulk-loaded tables have no statistics yet; autovacuum would gather them
                # on a real server long before a report is read.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            classroom.instructors.add(teacher)
            rows = self.measure(client, classroom, options["repeat"])
            measured.append((students, questions, rows))
            say("")
            say(f"{'page':<20}{'median ms':>11}{'best ms':>9}{'queries':>9}")
            for label, median, best, queries in rows:
                say(f"{label:<20}{median:>11.0f}{best:>9.0f}{queries:>9}")
            report_ms = rows[0][1]
            if (students, questions) == (500, 50):
                verdict = "meets" if report_ms < TARGET_MS else "misses"
                style = self.style.SUCCESS if report_ms < TARGET_MS else self.style.WARNING
                say(
                    style(
                        f"Report page median {report_ms:.0f} ms {verdict} the {TARGET_MS} ms target ({vendor})."
                    )
                )
            say("")
        if len(measured) > 1:
            self.compare(measured[0], measured[-1])

    def measure(self, client, classroom, repeat):
        rows = []
        for label, name in (
            ("report page", "class_report"),
            ("grid CSV", "class_grid_csv"),
            ("item analysis CSV", "class_items_csv"),
        ):
            url = reverse(name, args=[classroom.id])
            client.get(url)  # warm caches and connections
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200, response.status_code
                queries = len(captured)
            rows.append((label, statistics.median(times), min(times), queries))
        return rows

    def compare(self, small, large):
        """Growth from the smallest size to the largest: queries constant, time at most
        linear in responses."""
        say = self.stdout.write
        responses = (large[0] * large[1]) / (small[0] * small[1])
        say(f"From {small[0]}×{small[1]} to {large[0]}×{large[1]}: responses ×{responses:.1f}.")
        ok = True
        for (label, small_ms, _, small_q), (_, large_ms, _, large_q) in zip(
            small[2], large[2], strict=True
        ):
            growth = large_ms / small_ms if small_ms else float("inf")
            linear = growth <= responses
            same = small_q == large_q
            ok &= linear and same
            say(
                f"  {label:<20} time ×{growth:.1f} ({'no worse than' if linear else 'WORSE than'} "
                f"linear), queries {small_q} → {large_q} ({'constant' if same else 'NOT constant'})"
            )
        style = self.style.SUCCESS if ok else self.style.ERROR
        say(
            style(
                "Reports scale: constant queries, time at most linear in responses."
                if ok
                else "Reports do not scale as required; see above."
            )
        )
