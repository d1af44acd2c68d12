from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.bank.exchange import ExchangeError, import_json


class Command(BaseCommand):
    help = "Import questions from a Sourcewise JSON export. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: file not found.")
        try:
            report = import_json(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text.") from None
        except ExchangeError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {report.created} questions created, {report.updated} updated"
                + (
                    f" ({report.versioned} given to students: saved as new versions, "
                    "the students' versions kept)."
                    if report.versioned
                    else "."
                )
            )
        )
