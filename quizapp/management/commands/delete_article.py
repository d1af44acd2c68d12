from django.core.management.base import BaseCommand, CommandError

from quizapp.models import Article
from quizapp.services.content import article_delete, article_delete_message


class Command(BaseCommand):
    help = (
        "Delete an article with its drafts and the evidence on it. Questions built on it "
        "are deleted, or retired and kept if students were given them; then the article "
        "is withdrawn (hidden, never built from) rather than deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug.")

    def handle(self, *args, **options):
        article = Article.objects.filter(slug=options["slug"]).first()
        if article is None:
            raise CommandError(f"{options['slug']!r}: no article with this slug.")
        result = article_delete(article=article)
        self.stdout.write(self.style.SUCCESS(article_delete_message(article, result)))
