"""Response.time_taken_ms becomes 64-bit: a 32-bit column overflowed on PostgreSQL
(`integer out of range`) when an attempt was answered 24.8 days or more after it
started or was last answered, and that attempt could never be answered again.

SQLite alters a column by rebuilding the table, which drops its triggers; the
response-count triggers of 0006 are put back afterwards (both ways)."""

import importlib

from django.db import migrations, models

counting = importlib.import_module("quizapp.migrations.0006_response_count_trigger")


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in counting.SQLITE_DOWN + counting.SQLITE_UP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("quizapp", "0006_response_count_trigger")]

    operations = [
        # Reversed, the AlterField below rebuilds the table again: restore after it.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.AlterField(
            model_name="response",
            name="time_taken_ms",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
