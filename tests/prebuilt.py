"""The corpus, evidence and question bank, built once per test session and restored cheaply.

Building the bank runs every generator over the whole corpus (seconds); copying its rows
back into the test database takes a fraction of that. ``prebuild`` runs the real setup
(`load_corpus`, the evidence loader, `quiz_build`) once, on the test database, inside a
transaction it rolls back, and keeps a copy of every table each stage changed.
``Prebuilt.restore`` writes a stage back for one test: the test's own transaction (or a
transactional test's flush) throws it away again, so every test starts from the state the
setup leaves, and tests that ask for no corpus still see an empty database.
"""

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

STAGES = ("corpus", "evidence", "bank")


@dataclass
class Table:
    """One table's rows as the database takes them."""

    model: type
    columns: list
    rows: list
    had_rows_before: bool  # rows the migrations wrote, which the setup then changed
    pk: int  # index of the primary key column
    references: dict  # column index -> model it points to


@dataclass
class Snapshot:
    tables: list = field(default_factory=list)  # parents before children
    report: object = None  # what quiz_build returned, for the bank stage


@dataclass
class Prebuilt:
    stages: dict = field(default_factory=dict)  # stage name -> Snapshot

    def restore(self, stage: str):
        """Write the rows of ``stage`` into the test database, beside any rows the test
        already made (theirs keep their keys; the copied rows move past them)."""
        snapshot = self.stages[stage]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in snapshot.tables:
                if table.had_rows_before:
                    table.model._base_manager.all().delete()
            shift = {t.model: _largest_pk(cursor, t.model) for t in snapshot.tables}
            for table in snapshot.tables:
                _insert(cursor, table, _shifted(table, shift))
            # The rows came with their own keys: move PostgreSQL's sequences past them.
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [t.model for t in snapshot.tables]
            ):
                cursor.execute(sql)
        return snapshot.report


def _largest_pk(cursor, model):
    opts = model._meta
    q = connection.ops.quote_name
    cursor.execute(f"SELECT MAX({q(opts.pk.column)}) FROM {q(opts.db_table)}")
    return cursor.fetchone()[0] or 0


def _shifted(table, shift):
    moves = {table.pk: shift[table.model]}
    moves.update({i: shift[m] for i, m in table.references.items() if shift.get(m)})
    moves = {i: by for i, by in moves.items() if by}
    if not moves:
        return table.rows
    return [
        tuple(
            value + moves[i] if i in moves and value is not None else value
            for i, value in enumerate(row)
        )
        for row in table.rows
    ]


def _insert(cursor, table, rows):
    q = connection.ops.quote_name
    name = q(table.model._meta.db_table)
    columns = ", ".join(q(c) for c in table.columns)
    if connection.vendor == "postgresql":  # COPY: a tenth of the time of INSERTs
        with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    row_marks = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
    per_statement = max(1, 900 // len(table.columns))  # SQLite's parameter limit
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        cursor.execute(
            f"INSERT INTO {name} ({columns}) VALUES " + ", ".join([row_marks] * len(batch)),
            [value for row in batch for value in row],
        )


def _contents(model):
    """The model's rows as the database takes them (compared between stages)."""
    fields = model._meta.concrete_fields
    rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
    return [
        tuple(f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True))
        for row in rows
    ]


def _table(model, rows, had_rows_before, copied):
    fields = model._meta.concrete_fields
    return Table(
        model=model,
        columns=[f.column for f in fields],
        rows=rows,
        had_rows_before=had_rows_before,
        pk=fields.index(model._meta.pk),
        references={
            i: f.related_model
            for i, f in enumerate(fields)
            if f.is_relation and f.related_model in copied
        },
    )


def _ordered(models):
    """Parents before children, so the rows can be inserted in this order."""
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is not model and f.related_model in models:
                visit(f.related_model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def prebuild(upto: str = STAGES[-1]) -> Prebuilt:
    """Run the setup on the test database, up to and including stage ``upto``, and copy
    each stage; needs database access and leaves the database as it found it."""
    from quizapp.evidence.fixtures import evidence_load
    from quizapp.services import quiz_build

    steps = {
        "corpus": lambda: call_command("load_corpus", stdout=io.StringIO()),
        "evidence": evidence_load,
        "bank": quiz_build,
    }
    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    prebuilt = Prebuilt()
    with transaction.atomic():
        before = {m: _contents(m) for m in models}
        for stage in STAGES[: STAGES.index(upto) + 1]:
            result = steps[stage]()
            now = {m: _contents(m) for m in models}
            changed = _ordered([m for m in models if now[m] != before[m]])  # since the start
            prebuilt.stages[stage] = Snapshot(
                tables=[_table(m, now[m], bool(before[m]), set(changed)) for m in changed],
                report=result if stage == "bank" else None,
            )
        transaction.set_rollback(True)
    return prebuilt
