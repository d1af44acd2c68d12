"""Migrations do what they say, on the data a running site has, whenever they run."""

import ast
import datetime
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quizapp.access.roles import instructor_codenames

MIGRATIONS = Path(__file__).resolve().parent.parent / "quizapp" / "migrations"


def migration(name):
    return importlib.import_module(f"quizapp.migrations.{name}")


def test_no_migration_imports_the_apps_live_code():
    """A migration must do the same whenever it runs: it uses historical models and copies
    of data, never quizapp's code. (Django's own ``import quizapp.models.x`` lines, which
    name a field's callable default, are the exception Django needs.)"""
    for path in sorted(MIGRATIONS.glob("0*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert node.level == 0 and not module.startswith("quizapp"), (
                    f"{path.name} imports from {module}"
                )


@pytest.mark.django_db
def test_the_migrated_instructors_group_has_the_roles_permissions():
    """Changing quizapp/access/roles.py needs a migration that gives the group the new list."""
    migrated = set(
        Group.objects.get(name="Instructors").permissions.values_list("codename", flat=True)
    )
    assert migrated == set(instructor_codenames()), (
        "roles.py and the migrations disagree: add a migration that sets the Instructors "
        "group's permissions to the new list (copied into the migration)"
    )


def test_the_answer_count_trigger_refuses_an_unsupported_database():
    trigger = migration("0006_response_count_trigger")
    operation = trigger.Migration.operations[0]
    editor = SimpleNamespace(connection=SimpleNamespace(vendor="mysql"), execute=print)
    for code in (operation.code, operation.reverse_code):
        with pytest.raises(trigger.UnsupportedDatabase, match="none for mysql"):
            code(None, editor)


@pytest.mark.django_db(transaction=True)
def test_attempts_in_progress_keep_their_answers_counted_across_the_upgrade():
    """0005 fills the counters 0006's trigger maintains, so an attempt started before the
    upgrade finishes when its last question is answered after it."""
    before, after = (
        ("quizapp", "0004_fact_exclude_from"),
        ("quizapp", "0006_response_count_trigger"),
    )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("quizapp")
    executor.migrate([before])
    try:
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        user = old.get_model("auth", "User").objects.create(username="upgraded")
        question_model = old.get_model("quizapp", "Question")
        questions = [
            question_model.objects.create(key=f"q{i}", skill="outlet_attribution", stem=f"Q{i}?")
            for i in range(3)
        ]
        attempt_model = old.get_model("quizapp", "Attempt")
        ids = [q.id for q in questions]
        in_progress = attempt_model.objects.create(learner=user, question_ids=ids)
        done = attempt_model.objects.create(
            learner=user,
            question_ids=ids[:1],
            finished=datetime.datetime(2024, 4, 20, tzinfo=datetime.UTC),
            score=1,
        )
        untouched = attempt_model.objects.create(learner=user, question_ids=ids)
        response_model = old.get_model("quizapp", "Response")
        first_answer = datetime.datetime(2024, 4, 19, 10, tzinfo=datetime.UTC)
        for number, (question, right) in enumerate(zip(questions[:2], (True, False), strict=True)):
            response_model.objects.create(
                attempt=in_progress,
                question=question,
                is_correct=right,
                answered_at=first_answer + datetime.timedelta(minutes=number),
            )
        response_model.objects.create(attempt=done, question=questions[0], is_correct=True)

        executor = MigrationExecutor(connection)
        executor.migrate([after])
        new = executor.loader.project_state([after]).apps
        attempts = new.get_model("quizapp", "Attempt").objects
        in_progress = attempts.get(pk=in_progress.pk)
        assert (in_progress.answered, in_progress.score, in_progress.finished) == (2, 1, None)
        assert in_progress.last_answered_at == first_answer + datetime.timedelta(minutes=1)
        assert attempts.get(pk=done.pk).answered == 1
        assert attempts.get(pk=done.pk).score == 1
        fresh = attempts.get(pk=untouched.pk)
        assert (fresh.answered, fresh.score, fresh.last_answered_at) == (0, 0, None)

        # The last answer, given after the upgrade, finishes the attempt.
        new.get_model("quizapp", "Response").objects.create(
            attempt_id=in_progress.pk, question_id=ids[2], is_correct=True
        )
        in_progress.refresh_from_db()
        assert (in_progress.answered, in_progress.score) == (3, 2)
        assert in_progress.finished is not None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        # Leave no rows for the flush: counts high enough that the delete trigger cannot
        # take them below zero, whatever state a failure above left them in.
        attempts = executor.loader.project_state(latest).apps.get_model("quizapp", "Attempt")
        attempts.objects.filter(learner__username="upgraded").update(answered=99, score=99)
        executor.loader.project_state(latest).apps.get_model("auth", "User").objects.filter(
            username="upgraded"
        ).delete()
