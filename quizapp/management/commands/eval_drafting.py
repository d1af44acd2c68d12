from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizapp.evidence.drafting_eval import evaluate, evaluate_heldout


class Command(BaseCommand):
    help = (
        "Measure evidence drafting: leave-one-article-out on the seed articles (each "
        "drafted with a people table built from the other four) and on the held-out "
        "articles in fixtures/drafting/heldout. Prints per-kind precision and recall; "
        "exits with an error when a target is missed. Needs the corpus and evidence "
        "loaded (`make eval-drafting` does that in a throwaway database)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--details", action="store_true", help="List every wrong draft and every miss."
        )

    def handle(self, *args, **options):
        report = evaluate()
        if not report.per_article:
            raise CommandError(
                "No curated evidence to compare with: run load_corpus and "
                "check_evidence --load first."
            )
        self.show("Leave one article out (seed articles, curated evidence)", report, options)
        with transaction.atomic():
            heldout = evaluate_heldout()
            transaction.set_rollback(True)
        self.show("Held-out articles (other events, fixtures/drafting/heldout)", heldout, options)
        if not (report.meets_targets() and heldout.meets_targets()):
            raise CommandError("Drafting misses a target (see the tables above).")

    def show(self, title, report, options):
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        for line in report.table():
            self.stdout.write(f"  {line}")
        if options["details"]:
            for kind, score in report.scores.items():
                for line in score.wrong:
                    self.stdout.write(f"    {kind} wrong: {line}")
                for line in score.misses:
                    self.stdout.write(f"    {kind} missed: {line}")
