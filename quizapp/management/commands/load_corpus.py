from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from quizapp.corpus import corpus_fixture_dir


class Command(BaseCommand):
    help = "Load the outlets and article fixtures from fixtures/corpus/ (safe to re-run)."

    def handle(self, *args, **options):
        directory = corpus_fixture_dir()
        outlets = directory / "outlets.json"
        articles = sorted(p for p in directory.glob("*.json") if p != outlets)
        with transaction.atomic():
            call_command("loaddata", str(outlets), verbosity=0)
            for index, path in enumerate(articles, start=1):
                self.stdout.write(f"[{index}/{len(articles)}] {path.name}")
                call_command("loaddata", str(path), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Corpus loaded: {len(articles)} articles."))
