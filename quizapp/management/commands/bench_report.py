"""Benchmark the class report on a synthetic class (make bench-report)."""

import io
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
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
        parser.add_argument("--students", type=int, default=500)
        parser.add_argument("--questions", type=int, default=50)
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, **options):
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

        from quizapp.synthetic import synthetic_class

        say = self.stdout.write
        say(f"Database: {vendor}. Loading the corpus and building the question bank…")
        quiet = io.StringIO()
        for command, args in (
            ("load_corpus", []),
            ("check_evidence", ["--load"]),
            ("build_quizzes", []),
        ):
            call_command(command, *args, stdout=quiet)
        say(
            f"Seeding a class of {options['students']} students × {options['questions']} questions…"
        )
        started = time.perf_counter()
        classroom = synthetic_class(
            students=options["students"], questions=options["questions"], name="Benchmark class"
        )
        say(f"  seeded in {time.perf_counter() - started:.1f} s")
        teacher = get_user_model().objects.create(username="bench-teacher", is_staff=True)
        classroom.instructors.add(teacher)
        client = Client()
        client.force_login(teacher)
        rows = []
        for label, name in (
            ("report page", "class_report"),
            ("grid CSV", "class_grid_csv"),
            ("item analysis CSV", "class_items_csv"),
        ):
            url = reverse(name, args=[classroom.id])
            client.get(url)  # warm caches and connections
            times, queries = [], 0
            for _ in range(options["repeat"]):
                with CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200, response.status_code
                queries = len(captured)
            median = statistics.median(times)
            rows.append((label, median, min(times), queries))
        say("")
        say(f"{'page':<20}{'median ms':>11}{'best ms':>9}{'queries':>9}")
        for label, median, best, queries in rows:
            say(f"{label:<20}{median:>11.0f}{best:>9.0f}{queries:>9}")
        report_ms = rows[0][1]
        verdict = "meets" if report_ms < TARGET_MS else "misses"
        style = self.style.SUCCESS if report_ms < TARGET_MS else self.style.WARNING
        say(
            style(
                f"\nReport page median {report_ms:.0f} ms {verdict} the {TARGET_MS} ms target ({vendor})."
            )
        )
