"""Every article belongs to a story (0012 gave the existing ones the seed story).
A separate migration so PostgreSQL does not alter a table with pending updates."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quizapp", "0012_stories_and_coverage_review")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="story",
            field=models.ForeignKey(
                help_text="The news event this article reports; outlets are compared within "
                "a story.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="quizapp.story",
            ),
        ),
    ]
