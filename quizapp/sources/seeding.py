"""Seeding without overwriting: shipped fixtures add and update only their own rows.

Every row a fixture writes is recorded (``SeedRecord``) with a digest of its values.
On the next load a row is updated from the fixture only when it still has exactly the
values the fixture last gave it; a row an instructor edited, a row they created, and a
shipped row they deleted are all left as they are. A shipped row the fixtures no longer
list is removed only when unedited and nothing protects it.
"""

import copy
import datetime
import hashlib
import json
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from quizapp.models import SeedRecord


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


# Columns no fixture ships, set only by an instructor's action, left out of the digest:
# a column added by a migration would otherwise change the digest of every shipped row
# and make each look edited, so fixture updates would stop reaching them.
UNSEEDED_COLUMNS = {"withdrawn"}  # Article.withdrawn (migration 0015)


def row_digest(obj) -> str:
    """A digest of a row's own values (foreign keys by id), the primary key left out."""
    values = {
        field.attname: _plain(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if not field.primary_key and field.attname not in UNSEEDED_COLUMNS
    }
    data = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def quote_ident(*parts) -> str:
    """A short, stable identity for a row that has no key (a citation), under 255 chars."""
    text = "|".join(str(p) for p in parts)
    if len(text) <= 200:
        return text
    return text[:150] + "#" + hashlib.sha256(text.encode()).hexdigest()[:32]


class Seeder:
    """Applies fixture rows one by one and counts what happened to each."""

    def __init__(self):
        self.records = {(r.model, r.ident): r for r in SeedRecord.objects.all()}
        self.counts = Counter()
        self.seen = set()

    def _record(self, label, ident, obj):
        record = self.records.get((label, ident))
        if record is None:
            record = SeedRecord(model=label, ident=ident)
            self.records[(label, ident)] = record
        record.object_id = obj.pk
        record.digest = row_digest(obj)
        record.save()

    def apply(self, model, ident: str, existing, values: dict):
        """Create or update one row the fixture ships. ``existing`` is the row with this
        identity, or None; ``values`` are the fixture's field values (by attname or
        field name). Returns the row as it now stands, or None if it stays deleted."""
        label = model._meta.label_lower
        ident = ident[:255]
        values = {k: v for k, v in values.items() if k not in UNSEEDED_COLUMNS}
        self.seen.add((label, ident))
        record = self.records.get((label, ident))
        if existing is None:
            if record is not None:
                self.counts["kept deleted"] += 1  # an instructor deleted a shipped row
                return None
            obj = model(**values)
            obj.save()
            self._record(label, ident, obj)
            self.counts["created"] += 1
            return obj
        current = row_digest(existing)
        wanted = copy.copy(existing)
        for name, value in values.items():
            setattr(wanted, name, value)
        target = row_digest(wanted)
        if record is None:
            if current == target:
                self._record(label, ident, existing)  # a row the fixture wrote before records
                self.counts["unchanged"] += 1
            else:
                self.counts["kept edited"] += 1  # created or edited by an instructor
            return existing
        if record.digest != current:
            self.counts["kept edited"] += 1
            return existing
        if current == target:
            self.counts["unchanged"] += 1
            if record.object_id != existing.pk:
                self._record(label, ident, existing)
            return existing
        wanted.save()
        self._record(label, ident, wanted)
        self.counts["updated"] += 1
        return wanted

    def prune(self, *models) -> None:
        """Remove shipped rows of ``models`` the fixtures no longer list — unless edited
        since, or something (a question, an instructor's evidence) still needs them."""
        labels = {m._meta.label_lower: m for m in models}
        for (label, ident), record in list(self.records.items()):
            if label not in labels or (label, ident) in self.seen:
                continue
            obj = labels[label].objects.filter(pk=record.object_id).first()
            if obj is not None and row_digest(obj) != record.digest:
                self.counts["kept edited"] += 1
                continue
            if obj is not None:
                try:
                    with transaction.atomic():
                        obj.delete()
                except (ProtectedError, RestrictedError):
                    self.counts["kept in use"] += 1
                    continue
                self.counts["removed"] += 1
            record.delete()
            del self.records[(label, ident)]

    def summary(self) -> str:
        order = ["created", "updated", "unchanged", "removed", "kept edited", "kept deleted"]
        parts = [f"{self.counts[k]} {k}" for k in order if self.counts.get(k)]
        parts += [f"{n} {k}" for k, n in sorted(self.counts.items()) if k not in order]
        return ", ".join(parts) or "nothing to do"
