"""Workflow records of the caseloads app. Workers are kept by id string, not by foreign key,
so the records survive a later SSD import replacing ssd_professionals."""

from django.conf import settings
from django.db import models


class LowCaseloadReason(models.Model):
    """Why a worker holds fewer cases than their target, and the plan, from a date."""

    NEW_STARTER = "new_starter"
    RETURN_FROM_ABSENCE = "return_from_absence"
    PERFORMANCE_PLAN = "performance_plan"
    REDUCED_HOURS = "reduced_hours"
    REASONS = [
        (NEW_STARTER, "New starter"),
        (RETURN_FROM_ABSENCE, "Return from long absence"),
        (PERFORMANCE_PLAN, "Performance plan"),
        (REDUCED_HOURS, "Reduced hours"),
    ]

    worker_id = models.CharField(max_length=48, db_index=True)
    reason = models.CharField(max_length=32, choices=REASONS)
    plan = models.TextField(max_length=2000)
    start_date = models.DateField()
    # The first day the reason no longer applies (for example the plan's review date); empty = until replaced.
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def applies_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)

    def __str__(self):
        return f"{self.worker_id}: {self.get_reason_display()} from {self.start_date}"
