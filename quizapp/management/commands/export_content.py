from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.models import Story
from quizapp.sources.content_export import story_export


class Command(BaseCommand):
    help = (
        "Write one story — outlets, articles with their passages, and the confirmed "
        "evidence — as fixtures to share: `load_corpus DIR` loads them on another install."
    )

    def add_arguments(self, parser):
        parser.add_argument("--story", required=True, help="The story's slug.")
        parser.add_argument("-o", "--output", required=True, type=Path, help="Folder to write.")

    def handle(self, *args, **options):
        story = Story.objects.filter(slug=options["story"]).first()
        if story is None:
            known = ", ".join(Story.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"--story {options['story']!r}: unknown story. Known: {known}.")
        output = options["output"]
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output}: exists and is not a folder.")
        counts = story_export(story=story, directory=output, progress=self.stdout.write)
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {story.slug} to {output}: {summary}. "
                f"Load it elsewhere with: python manage.py load_corpus {output}"
            )
        )
