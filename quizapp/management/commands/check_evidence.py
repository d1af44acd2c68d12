from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.evidence.fixtures import EvidenceError, evidence_load, validate_evidence


class Command(BaseCommand):
    help = (
        "Validate the evidence fixtures (every quote verbatim in its passage, every "
        "reference resolved). With --load, load them atomically when all are valid — "
        "adding and updating only the fixtures' own unedited rows: nothing an instructor "
        "created, edited or deleted is touched (safe to re-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--load", action="store_true", help="Load the evidence if valid.")
        parser.add_argument("--dir", type=Path, help="Evidence folder (default fixtures/evidence).")

    def handle(self, *args, **options):
        if options["load"]:
            try:
                counts = evidence_load(
                    options["dir"], progress=lambda step: self.stdout.write(f"  loading {step}…")
                )
            except EvidenceError as error:
                self.fail(error.problems)
            rows = counts.pop("rows")
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Evidence valid and loaded: {summary}."))
            self.stdout.write(f"Rows: {rows}.")
            return
        checked, problems = validate_evidence(options["dir"])
        if problems:
            self.fail(problems)
        self.stdout.write(
            self.style.SUCCESS(
                f"Evidence valid: {len(checked.persons)} persons, {len(checked.claims)} claims, "
                f"{len(checked.figures)} figures, {len(checked.events)} events, "
                f"{len(checked.facts)} facts, {len(checked.framing)} framings, "
                f"{len(checked.provenance)} provenance notes."
            )
        )

    def fail(self, problems):
        for problem in problems:
            self.stderr.write(f"- {problem}")
        raise CommandError(
            f"{len(problems)} problem(s) in the evidence fixtures; nothing was loaded. "
            "Fix the quotes or references named above."
        )
