"""Assessments: quiz and question owners, assignment settings (feedback timing, shuffling,
attempts, time limit), one attempt per assignment by constraint, and an attempt that
waits for Submit. Existing assignments keep feedback after each answer; existing
attempts are numbered per learner and assignment before the constraint is added."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import quizapp.models.learning


def number_existing_attempts(apps, schema_editor):
    Attempt = apps.get_model("quizapp", "Attempt")
    Assignment = apps.get_model("quizapp", "Assignment")
    Assignment.objects.filter(feedback="").update(feedback="after_answer")
    seen = {}
    for attempt in Attempt.objects.filter(assignment__isnull=False).order_by("started", "id"):
        key = (attempt.learner_id, attempt.assignment_id)
        seen[key] = seen.get(key, 0) + 1
        if attempt.number != seen[key]:
            attempt.number = seen[key]
            attempt.save(update_fields=["number"])


def bank_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Bank editors")


# The counting trigger of 0006, now leaving an attempt that waits for Submit unfinished.
# SQLite rebuilds the attempt table to alter it, which a trigger naming the table
# would break: the trigger is dropped first and created again at the end.
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS quizapp_response_counted;",
    "DROP TRIGGER IF EXISTS quizapp_response_uncounted;",
]
SQLITE_UNCOUNTED = """
    CREATE TRIGGER quizapp_response_uncounted AFTER DELETE ON quizapp_response
    BEGIN
        UPDATE quizapp_attempt
        SET answered = answered - 1, score = score - OLD.is_correct
        WHERE id = OLD.attempt_id;
    END;
"""
SQLITE_UP = [
    """
    CREATE TRIGGER quizapp_response_counted AFTER INSERT ON quizapp_response
    BEGIN
        UPDATE quizapp_attempt
        SET answered = answered + 1,
            score = score + NEW.is_correct,
            last_answered_at = NEW.answered_at,
            finished = CASE
                WHEN finished IS NULL AND NOT requires_submit
                     AND answered + 1 >= json_array_length(question_ids)
                THEN NEW.answered_at ELSE finished END
        WHERE id = NEW.attempt_id;
    END;
    """,
    SQLITE_UNCOUNTED,
]
SQLITE_DOWN = [
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
    SQLITE_UNCOUNTED,
]
POSTGRES_FUNCTION = """
    CREATE OR REPLACE FUNCTION quizapp_response_count() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE quizapp_attempt
            SET answered = answered + 1,
                score = score + (CASE WHEN NEW.is_correct THEN 1 ELSE 0 END),
                last_answered_at = NEW.answered_at,
                finished = CASE
                    WHEN finished IS NULL {condition}
                         AND answered + 1 >= jsonb_array_length(question_ids)
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
"""
POSTGRES_UP = [POSTGRES_FUNCTION.replace("{condition}", "AND NOT requires_submit")]
POSTGRES_DOWN = [POSTGRES_FUNCTION.replace("{condition}", "")]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("quizapp", "0013_article_story_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE_DROP}), run({"sqlite": SQLITE_DOWN})),
        migrations.AddField(
            model_name="assignment",
            name="attempts_allowed",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="How many times a student may take it.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(20),
                ],
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="feedback",
            field=models.CharField(
                blank=True,
                choices=[
                    ("after_answer", "After each answer"),
                    ("after_submit", "After the student submits the quiz"),
                    ("after_due", "After the due date"),
                    ("on_release", "When the instructor releases it"),
                ],
                help_text="When students see whether they were right and the answer key. Leave empty for the quiz's default: after each answer for a practice quiz, after the due date for an assessment.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="grading",
            field=models.CharField(
                choices=[("first", "First attempt"), ("best", "Best attempt")],
                default="first",
                help_text="With retakes: which attempt the class report counts.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="released",
            field=models.DateTimeField(
                blank=True,
                help_text="When the instructor released the feedback (for “when the instructor releases it”).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="shuffle_choices",
            field=models.BooleanField(
                default=True, help_text="Show each student the choices in their own order."
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="shuffle_questions",
            field=models.BooleanField(
                default=False, help_text="Show each student the questions in their own order."
            ),
        ),
        migrations.AddField(
            model_name="assignment",
            name="time_limit_minutes",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Optional: minutes from Start (at most a day); answers after it are refused.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(1440),
                ],
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="deadline",
            field=models.DateTimeField(
                blank=True, help_text="Time limit: answers after this are refused.", null=True
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="number",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="Which attempt at the assignment this is (1 = the first)."
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="requires_submit",
            field=models.BooleanField(
                default=False,
                help_text="Finished only when the learner submits it, not by answering the last question.",
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="seed",
            field=models.PositiveIntegerField(
                default=quizapp.models.learning.new_seed,
                help_text="Orders this attempt's choices (and questions if shuffled).",
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="Mistakes practice: the attempt whose missed questions it repeats.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="quizapp.attempt",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: a shared bank question, changed only by bank editors.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="questions_owned",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty: a shared quiz, changed only by bank editors. Students see shared practice quizzes and the quizzes assigned to their classes.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="quizzes_owned",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="attempt",
            name="kind",
            field=models.CharField(
                choices=[("quiz", "Quiz"), ("review", "Review"), ("mistakes", "Mistakes practice")],
                default="quiz",
                max_length=10,
            ),
        ),
        migrations.RunPython(number_existing_attempts, migrations.RunPython.noop),
        migrations.RunPython(bank_editors, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("assignment__isnull", False)),
                fields=("learner", "assignment", "number"),
                name="attempt_one_per_assignment_number",
            ),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DOWN}),
        ),
    ]
