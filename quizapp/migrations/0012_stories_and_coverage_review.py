"""Stories (the news event an article reports) and the coverage-review flag.

Every existing article joins the seed story; the five shipped articles are marked
coverage-reviewed (their fact links were curated), anything else an instructor
imported is not, so no question may call it silent until someone reviews it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SEED_STORY = "israel-iran-april-2024"
SEED_ARTICLES = [
    "abc-us-to-israel-respond-alone",
    "axios-us-tells-iran-no-involvement",
    "cnn-biden-no-counterstrike",
    "nyt-how-israel-miscalculated",
    "toi-white-house-not-seeking-war",
]


def seed_story(apps, schema_editor):
    Story = apps.get_model("quizapp", "Story")
    Article = apps.get_model("quizapp", "Article")
    if not Article.objects.exists():
        return  # a fresh database: load_corpus brings the story with the articles
    story, _ = Story.objects.get_or_create(
        slug=SEED_STORY,
        defaults={
            "title": "The April 2024 Israel–Iran escalation",
            "description": "Iran's drone and missile attack on Israel of 13–14 April 2024, "
            "the strike in Damascus that preceded it, and the responses.",
        },
    )
    Article.objects.filter(story__isnull=True).update(story=story)
    Article.objects.filter(slug__in=SEED_ARTICLES).update(coverage_reviewed=True)


# What instructors gained with open content: creating outlets and stories, and
# changing and deleting (their own) articles. Listed here, not imported, so the
# migration means the same thing whatever roles.py says later.
INSTRUCTOR_GAINS = [
    f"{action}_{model}"
    for model in ("outlet", "story", "article")
    for action in ("view", "add", "change", "delete")
]


def instructors_gain(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Instructors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="quizapp", codename__in=INSTRUCTOR_GAINS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quizapp", "0011_form_pair"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Story",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=80, unique=True)),
                ("title", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
            ],
            options={"ordering": ["title"], "verbose_name_plural": "stories"},
        ),
        migrations.CreateModel(
            name="SeedRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("model", models.CharField(max_length=60)),
                (
                    "ident",
                    models.CharField(
                        help_text="The row's identity in the fixture.", max_length=255
                    ),
                ),
                ("object_id", models.BigIntegerField(blank=True, null=True)),
                ("digest", models.CharField(max_length=64)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("model", "ident"), name="seedrecord_unique_row")
                ],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="story",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="quizapp.story",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="coverage_reviewed",
            field=models.BooleanField(
                default=False,
                help_text="An instructor linked every reporting passage to the facts it "
                "reports. Only then may a question say this article did not report something.",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="imported_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who imported it (they may delete it).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="passage",
            name="reports_nothing_new",
            field=models.BooleanField(
                default=False,
                help_text="Coverage review: an instructor read it and it reports no fact of "
                "the story.",
            ),
        ),
        migrations.AlterField(
            model_name="passage",
            name="separator",
            field=models.TextField(blank=True, help_text="Whitespace after the passage, verbatim."),
        ),
        migrations.RunPython(seed_story, migrations.RunPython.noop),
        migrations.RunPython(instructors_gain, migrations.RunPython.noop),
    ]
