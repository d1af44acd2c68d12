"""Keep Attempt.answered, .score, .last_answered_at and .finished in step with its
responses inside the database: an answer is then one INSERT, atomic with its counts,
however the row is written (the app, a bulk load, a shell)."""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER quizapp_response_counted AFTER INSERT ON quizapp_response
    BEGIN
        UPDATE quizapp_attempt
        SET answered = answered + 1,
            score = score + NEW.is_correct,
            last_answered_at = NEW.answered_at,
            finished = CASE
                WHEN finished IS NULL AND answered + 1 >= json_array_length(question_ids)
                THEN NEW.answered_at ELSE finished END
        WHERE id = NEW.attempt_id;
    END;
    """,
    """
    CREATE TRIGGER quizapp_response_uncounted AFTER DELETE ON quizapp_response
    BEGIN
        UPDATE quizapp_attempt
        SET answered = answered - 1, score = score - OLD.is_correct
        WHERE id = OLD.attempt_id;
    END;
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS quizapp_response_counted;",
    "DROP TRIGGER IF EXISTS quizapp_response_uncounted;",
]

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION quizapp_response_count() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE quizapp_attempt
            SET answered = answered + 1,
                score = score + (CASE WHEN NEW.is_correct THEN 1 ELSE 0 END),
                last_answered_at = NEW.answered_at,
                finished = CASE
                    WHEN finished IS NULL AND answered + 1 >= jsonb_array_length(question_ids)
                    THEN NEW.answered_at ELSE finished END
            WHERE id = NEW.attempt_id;
            RETURN NEW;
        END IF;
        UPDATE quizapp_attempt
        SET answered = answered - 1,
            score = score - (CASE WHEN OLD.is_correct THEN 1 ELSE 0 END)
        WHERE id = OLD.attempt_id;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER quizapp_response_counted AFTER INSERT OR DELETE ON quizapp_response
    FOR EACH ROW EXECUTE FUNCTION quizapp_response_count();
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS quizapp_response_counted ON quizapp_response;",
    "DROP FUNCTION IF EXISTS quizapp_response_count();",
]


class UnsupportedDatabase(Exception):
    pass


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            # Without the trigger no answer would be counted and no attempt would finish.
            raise UnsupportedDatabase(
                f"Sourcewise keeps each attempt's answer counts with a trigger written for "
                f"{' and '.join(sorted(statements_by_vendor))}; there is none for {vendor}. "
                f"Use one of those databases, or add the trigger for {vendor} to this migration."
            )
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("quizapp", "0005_derived_review_schedule")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
