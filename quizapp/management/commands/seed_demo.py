import os

from django.core.management.base import BaseCommand

from quizapp.services import demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo class with the accounts `instructor` and `student` (password from "
        "DEMO_PASSWORD, default sourcewise-demo) and one assignment. Safe to re-run."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "sourcewise-demo"
        demo = demo_seed(password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo class “{demo['classroom']}” (join code {demo['classroom'].join_code}): "
                f"log in as `student` or `instructor` with password `{password}`."
            )
        )
        if demo["assignment"] is None:
            self.stdout.write("No assignment yet: run `python manage.py build_quizzes` first.")
