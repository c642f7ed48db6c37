"""Findings, the improvement plan's actions and reviews, and the risk register.

People (leads, owners, reviewers) are held by username rather than a foreign
key, as the audits app does: a plan outlives logins, and history must not
vanish when an account is removed. Pillars and priorities are configuration
([improvement] pillars), held here by key.
"""

from django.db import models


class Finding(models.Model):
    INSPECTION, MONITORING, PEER, AUDIT, COMPLAINT = (
        "inspection",
        "monitoring_visit",
        "peer_diagnostic",
        "audit_theme",
        "complaint",
    )
    SOURCES = [
        (INSPECTION, "Inspection"),
        (MONITORING, "Monitoring visit"),
        (PEER, "Peer diagnostic"),
        (AUDIT, "Audit theme"),
        (COMPLAINT, "Complaint"),
    ]

    ref = models.CharField(max_length=32, unique=True)
    source = models.CharField(max_length=20, choices=SOURCES)
    date = models.DateField()
    text = models.TextField()
    judgement_area = models.CharField(max_length=200, blank=True, default="")
    # Raised by every change through services, so an edit made from a stale page is refused, not lost.
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "ref"]

    def __str__(self):
        return self.ref


class Action(models.Model):
    NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
    STATUSES = [(NOT_STARTED, "Not started"), (IN_PROGRESS, "In progress"), (COMPLETE, "Complete")]

    ref = models.CharField(max_length=32, unique=True)
    pillar = models.CharField(max_length=48, db_index=True)
    priority = models.CharField(max_length=200, blank=True, default="")
    what = models.TextField()
    lead = models.CharField(max_length=150, db_index=True)
    due = models.DateField(db_index=True)
    status = models.CharField(max_length=12, choices=STATUSES, default=NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    findings = models.ManyToManyField(Finding, blank=True, related_name="actions")
    # "timeliness:<rule id>" or "performance:<indicator id>"; resolved by improvement.indicators.
    indicator = models.CharField(max_length=120, blank=True, default="")
    indicator_target = models.FloatField(null=True, blank=True)
    indicator_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pillar", "ref"]

    def __str__(self):
        return self.ref

    @property
    def done(self) -> bool:
        return self.status == self.COMPLETE


class Review(models.Model):
    """One month's review of one action. Recording the same month again replaces it."""

    DELIVERING, NEEDS_REVIEW, NEW_ACTIONS = "delivering", "needs_review", "new_actions_needed"
    OUTCOMES = [(DELIVERING, "Delivering"), (NEEDS_REVIEW, "Needs review"), (NEW_ACTIONS, "New actions needed")]

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reviews")
    month = models.DateField(help_text="first day of the month")
    outcome = models.CharField(max_length=20, choices=OUTCOMES)
    note = models.TextField(blank=True, default="")
    reviewed_by = models.CharField(max_length=150)
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["action", "month"], name="improvement_review_action_month")]


class Evidence(models.Model):
    """Evidence of impact: a note, optionally with a document (kept in the database, size-limited)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True, default="")
    filename = models.CharField(max_length=200, blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="")
    data = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.CharField(max_length=150)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]


class Risk(models.Model):
    ref = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="If … then …")
    cause = models.TextField(blank=True, default="")
    consequence = models.TextField(blank=True, default="")
    owner = models.CharField(max_length=150)
    mitigations = models.ManyToManyField(Action, blank=True, related_name="risks")
    # The current rating, kept equal to the latest of its history by services.rate_risk.
    rating = models.CharField(max_length=8)
    target_rating = models.CharField(max_length=8)
    review_date = models.DateField(db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ref"]

    def __str__(self):
        return self.ref


class RiskRating(models.Model):
    """Every rating a risk has had, in the order given."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=8)
    rated_on = models.DateField()
    rated_by = models.CharField(max_length=150)
    note = models.TextField(blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rated_on", "-id"]
