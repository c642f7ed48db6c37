"""The performance clinic's own records: supervision sessions, and each month's meeting per area with its actions.

Workers are kept by id (ssd_professionals.prof_professional_id) as strings, not
foreign keys, so the records survive a new import of case data.
"""

from django.db import models


class SupervisionSession(models.Model):
    HELD, CANCELLED = "held", "cancelled"
    STATUSES = [(HELD, "Held"), (CANCELLED, "Cancelled")]

    worker_id = models.CharField(max_length=48, db_index=True)
    supervisor_id = models.CharField(max_length=48, blank=True, default="")
    date = models.DateField(db_index=True)
    reflective = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=STATUSES, default=HELD)
    import_ref = models.CharField(max_length=100, blank=True, default="", help_text="file and row it came from")
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "worker_id", "id"]

    def __str__(self):
        return f"{self.worker_id} {self.date} {self.status}"


class Meeting(models.Model):
    """One month's clinic for one service area."""

    month = models.DateField(help_text="first day of the month")
    area = models.CharField(max_length=48)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True, default="")
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "area"]
        constraints = [models.UniqueConstraint(fields=["month", "area"], name="performance_meeting_month_area")]

    def __str__(self):
        return f"{self.area} {self.month:%Y-%m}"


class AgendaNote(models.Model):
    """The notes (narrative) for one agenda item of a meeting: a standing item or an indicator id."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    item = models.CharField(max_length=64)
    text = models.TextField(blank=True, default="")
    updated_by = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="performance_note_item")]


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ClinicAction(models.Model):
    OPEN, DONE, DROPPED = "open", "done", "dropped"
    STATUSES = [(OPEN, "Open"), (DONE, "Done"), (DROPPED, "Dropped")]

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner = models.CharField(max_length=150)
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=8, choices=STATUSES, default=OPEN, db_index=True)
    completed_date = models.DateField(null=True, blank=True)
    indicator_id = models.CharField(max_length=64, blank=True, default="")
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.what[:60]


class DemoCouncil(models.Model):
    """What the synthetic council loaded by `oversight demo` knows of itself: its child population and postcode districts.

    The scorecard uses them only while that case data is loaded (case_data_token is
    people.CaseDataVersion's token when it was written) and only where the
    configuration leaves [performance] child_population or council_postcode_districts
    unset; a real council sets both in its configuration file.
    """

    child_population = models.PositiveIntegerField()
    postcode_districts = models.JSONField(default=list)
    case_data_token = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"synthetic council of {self.child_population} children"
