from django.core.management.base import BaseCommand, CommandError

from quizapp.models import Question, Skill
from quizapp.services import QuestionRejected, quiz_build


class Command(BaseCommand):
    help = (
        "Build questions and quizzes from the confirmed evidence. Deterministic and "
        "idempotent; questions an instructor edited are never overwritten."
    )

    def handle(self, *args, **options):
        try:
            report = quiz_build(progress=lambda step: self.stdout.write(f"  {step}"))
        except QuestionRejected as error:
            raise CommandError(
                f"A generated question broke the rules; nothing saved. {error}"
            ) from None
        self.stdout.write("")
        self.stdout.write(
            f"{'skill':<28}{'new':>6}{'updated':>9}{'same':>6}{'edited':>8}{'published':>11}"
        )
        published = Question.objects.published()
        for skill in Skill:
            self.stdout.write(
                f"{skill.label:<28}{report.created[skill]:>6}{report.updated[skill]:>9}"
                f"{report.unchanged[skill]:>6}{report.kept_edited[skill]:>8}"
                f"{published.filter(skill=skill).count():>11}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{published.count()} published questions; {report.quizzes} generated quizzes "
                f"up to date; {report.retired} retired."
            )
        )
        if versioned := sum(report.versioned.values()):
            self.stdout.write(
                f"{versioned} changed question(s) had been given to students: each was kept "
                "as they saw it (retired) and its new version took its place in the quizzes."
            )
