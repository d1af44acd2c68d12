"""What the shipped fixtures last wrote, so setup commands can tell their own unedited
rows (which they may update) from what instructors created or edited (never touched)."""

from django.db import models


class SeedRecord(models.Model):
    """One row a shipped fixture wrote: which row, and a digest of its values then."""

    model = models.CharField(max_length=60)
    ident = models.CharField(max_length=255, help_text="The row's identity in the fixture.")
    object_id = models.BigIntegerField(null=True, blank=True)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "ident"], name="seedrecord_unique_row")
        ]

    def __str__(self):
        return f"{self.model} {self.ident}"
