from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizapp.sources.corpus import ArticleImportError, article_import, default_slug


class Command(BaseCommand):
    help = (
        "Import a plain-text (UTF-8) article into a story as an Article with verbatim "
        "passages, and draft its claims and figures, in one transaction. Nothing is written "
        "to fixtures/: share a story with export_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The article as a UTF-8 text file.")
        parser.add_argument("--outlet", required=True, help="Outlet key or name (e.g. nyt).")
        parser.add_argument(
            "--outlet-name",
            default="",
            help="Create the outlet when --outlet is unknown: its full name (--outlet is its key).",
        )
        parser.add_argument(
            "--story",
            help="Slug of the story (news event) the article reports. Default: the only "
            "story, or the seed story.",
        )
        parser.add_argument(
            "--story-title", default="", help="Create the --story when it is new, with this title."
        )
        parser.add_argument("--headline", required=True)
        parser.add_argument("--published", required=True, help="Publication date, YYYY-MM-DD.")
        parser.add_argument(
            "--original-outlet",
            help="Mark the copy as republished and name the outlet it first appeared in.",
        )
        parser.add_argument(
            "--copied",
            action="store_true",
            help="With --original-outlet: the copy sits on a third-party site (not republished with credit).",
        )
        parser.add_argument("--slug", help="Defaults to the slugified headline.")
        parser.add_argument("--published-note", default="", help="How the date is known.")
        parser.add_argument("--copy-note", default="", help="Where this copy comes from.")
        parser.add_argument("--notes", default="")
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            metavar="p-N=KIND",
            help="Correct the guessed kind of a passage (repeatable).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Rebuild an existing article with this slug."
        )
        parser.add_argument(
            "--no-draft",
            action="store_true",
            help="Do not draft claims and figures from the text (the corpus has curated ones).",
        )

    def handle(self, *args, **options):
        slug = options["slug"] or default_slug(options["headline"])
        try:
            article = article_import(
                path=options["path"],
                outlet=options["outlet"],
                outlet_name=options["outlet_name"],
                story=options["story"],
                story_title=options["story_title"],
                headline=options["headline"],
                published=options["published"],
                slug=slug,
                original_outlet=options["original_outlet"],
                copied=options["copied"],
                published_note=options["published_note"],
                copy_note=options["copy_note"],
                notes=options["notes"],
                kinds=options["kind"],
                replace=options["replace"],
                draft=not options["no_draft"],
            )
        except ArticleImportError as error:
            raise CommandError(str(error)) from None
        counts = {}
        for kind in article.passages.values_list("kind", flat=True):
            counts[kind] = counts.get(kind, 0) + 1
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {article.slug} into the story {article.story.slug!r}: "
                f"{sum(counts.values())} passages ({summary})."
            )
        )
        if drafted := getattr(article, "drafted", None):
            self.stdout.write(
                f"Drafted {drafted['claims']} claims and {drafted['figures']} figures for review: "
                "confirm or correct them in admin (Claims and Figures, filter “Draft”), then "
                "review its coverage (admin, Articles → Review coverage), then run build_quizzes."
            )
