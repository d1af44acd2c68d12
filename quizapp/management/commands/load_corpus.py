from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.sources.corpus import corpus_fixture_dir, corpus_load


class Command(BaseCommand):
    help = (
        "Load outlets, stories and articles from fixtures/corpus/ (or a folder written by "
        "export_content, with its evidence). Safe to re-run: adds and updates only the "
        "fixtures' own unedited rows, never what instructors created, edited or deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="A folder written by export_content (its corpus/ and evidence/ are loaded). "
            "Default: the shipped fixtures/corpus/.",
        )

    def handle(self, *args, **options):
        directory = options["directory"]
        corpus_dir = corpus_fixture_dir()
        evidence_dir = None
        if directory is not None:
            if not directory.is_dir():
                raise CommandError(f"{directory}: not a folder.")
            corpus_dir = directory / "corpus" if (directory / "corpus").is_dir() else directory
            if (directory / "evidence").is_dir():
                evidence_dir = directory / "evidence"
        seeder = corpus_load(corpus_dir, progress=self.stdout.write)
        articles = len(
            [p for p in corpus_dir.glob("*.json") if p.name not in ("outlets.json", "stories.json")]
        )
        self.stdout.write(
            self.style.SUCCESS(f"Corpus loaded: {articles} articles ({seeder.summary()}).")
        )
        if evidence_dir is not None:
            from quizapp.evidence.fixtures import EvidenceError, evidence_load

            try:
                counts = evidence_load(
                    evidence_dir, progress=lambda s: self.stdout.write(f"  {s}…")
                )
            except EvidenceError as error:
                for problem in error.problems:
                    self.stderr.write(f"- {problem}")
                raise CommandError(
                    f"{len(error.problems)} problem(s) in {evidence_dir}; its evidence was not "
                    "loaded (the articles were)."
                ) from None
            self.stdout.write(self.style.SUCCESS(f"Evidence loaded: {counts.pop('rows')}."))
