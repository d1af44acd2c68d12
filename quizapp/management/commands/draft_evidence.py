from django.core.management.base import BaseCommand, CommandError

from quizapp.evidence.drafting import evidence_draft
from quizapp.models import Article


class Command(BaseCommand):
    help = (
        "Draft quotes, paraphrases, figures and proposed people from an article's text, "
        "for an instructor to review in admin. Confirmed, rejected and edited items are "
        "never touched. With --replace-drafts, untouched drafts from an earlier run are "
        "drafted again (e.g. after people were added); without it they are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="ARTICLE_SLUG", help="The article to draft.")
        parser.add_argument(
            "--replace-drafts",
            action="store_true",
            help="Replace this article's untouched drafts instead of only adding new ones.",
        )

    def handle(self, *args, **options):
        article = Article.objects.filter(slug=options["slug"]).first()
        if article is None:
            known = ", ".join(Article.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise CommandError(
                f"No article with slug {options['slug']!r}. Known slugs: {known or 'none'}."
            )
        self.stdout.write(f"Drafting {article.slug} ({article.passages.count()} passages)…")
        counts = evidence_draft(article=article, replace=options["replace_drafts"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Drafted {counts['quotes']} quotes, {counts['paraphrases']} paraphrases and "
                f"{counts['figures']} figures; proposed {counts['people']} new people. "
                f"Kept {counts['kept']} confirmed, rejected or edited items."
            )
        )
        self.stdout.write(
            "Review them in admin (Claims, Figures and People, filter “Draft”), then run "
            "build_quizzes."
        )
