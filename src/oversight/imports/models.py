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
