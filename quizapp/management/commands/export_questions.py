from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.bank.exchange import export_gift, export_json, export_moodle_xml
from quizapp.models import Question, Quiz


class Command(BaseCommand):
    help = (
        "Export questions as Sourcewise JSON (all, or one quiz's), or one quiz as Moodle XML "
        "or GIFT for import into Moodle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "moodle", "gift"], default="json")
        parser.add_argument("--quiz", help="Quiz slug (required for moodle and gift).")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address (https://sourcewise.example.org): Moodle XML feedback "
            "then links each source passage in the reader.",
        )
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, **options):
        quiz = None
        if options["quiz"]:
            quiz = Quiz.objects.filter(slug=options["quiz"]).first()
            if quiz is None:
                raise CommandError(f"--quiz {options['quiz']!r}: no quiz with that slug.")
        if options["format"] != "json" and quiz is None:
            raise CommandError(f"--format {options['format']} exports one quiz: pass --quiz SLUG.")
        if options["format"] == "json":
            text = export_json(quiz.questions.all() if quiz else Question.objects.all())
        elif options["format"] == "moodle":
            text = export_moodle_xml(quiz, base_url=options["base_url"])
        else:
            text = export_gift(quiz)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stderr.write(self.style.SUCCESS(f"Wrote {options['output']}."))
        else:
            self.stdout.write(text, ending="")
