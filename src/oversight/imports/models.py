"""The record of each import: who loaded what, when, and what it held."""

from django.conf import settings
from django.db import models


class ImportRecord(models.Model):
    SSD = "ssd"
    ANNEX_A = "annex_a"
    KINDS = [(SSD, "SSD extract"), (ANNEX_A, "Annex A workbook")]

    kind = models.CharField(max_length=16, choices=KINDS)
    # The signed-in user for web imports; command-line imports name the account that ran them in `by`.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.CharField(max_length=150)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    as_at = models.DateField()
    files = models.JSONField(default=list)  # [{"name", "sha256", "bytes"}]
    counts = models.JSONField(default=dict)  # SSD table -> rows loaded
    lists = models.JSONField(default=dict)  # Annex A: list -> rows read
    warning_count = models.IntegerField(default=0)
    # The first warnings, with values in personal-data columns withheld.
    warnings = models.JSONField(default=list)
    # Every cell left blank by a --blank-invalid import (file, sheet, row, column, value, why), so the
    # list can go back to the system owner; values in personal-data columns withheld.
    blanked = models.JSONField(default=list)

    class Meta:
        ordering = ["-finished_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} as at {self.as_at} ({self.finished_at:%Y-%m-%d %H:%M})"

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


class Snapshot(models.Model):
    """One of the last few case-data snapshots, kept whole so an administrator can go back to it.

    Written in the same transaction as the case data it holds (people.signals.replaced),
    so the newest entry not rolled back is always the case data in the database.
    """

    created_at = models.DateTimeField()
    # What wrote it: "ssd", "annex_a", "synthetic", "rollback", ...; and who.
    kind = models.CharField(max_length=16)
    by = models.CharField(max_length=150)
    import_record = models.ForeignKey(ImportRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # SSD table -> rows before and after this snapshot replaced the case data, and ids added and removed.
    changes = models.JSONField(default=dict)
    # Every case-data table as parquet files in a zip (people.ssd names).
    data = models.BinaryField()
    data_bytes = models.BigIntegerField(default=0)
    # Set when an administrator rolled the case data back from this snapshot to the one before.
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"Snapshot {self.pk} ({self.kind}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def total_rows(self) -> int:
        return sum(c.get("after", 0) for c in self.changes.values())
