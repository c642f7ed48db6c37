"""IRO and child protection chair oversight: escalations, change alerts, drift dismissals,
conference and review quality, step-downs.

Children, workers and teams are id strings, never foreign keys into case data:
a snapshot replaces case data wholesale and these records must survive it.
People who act in Oversight are held by username (an imported escalation may
name a worker id with no login).
"""

from django.db import models

STAGES = ["informal", "stage1", "stage2", "stage3", "stage4"]
CATEGORIES = [("practice", "Practice"), ("process", "Process")]
OUTCOMES = [
    ("resolved", "Resolved"),
    ("escalated", "Escalated to the next stage"),
    ("withdrawn", "Withdrawn"),
    ("cafcass", "Referred to Cafcass"),
]
ADDRESSEE_ROLES = [
    ("team_manager", "Team manager"),
    ("service_manager", "Service manager"),
    ("head_of_service", "Head of service"),
    ("director", "Director"),
]


class Escalation(models.Model):
    """One stage of a dispute: raised to an addressee, answered, then closed with an outcome.

    Escalating closes this stage with outcome `escalated` and opens the next one
    (`previous` links them), so each stage keeps its own due date and response.
    """

    WEB, IMPORTED, DEMO, DRIFT = "web", "imported", "demo", "drift"

    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next")
    source = models.CharField(max_length=12, default=WEB)
    import_ref = models.CharField(max_length=100, blank=True, default="", db_index=True)

    child_id = models.CharField(max_length=48, db_index=True)
    # The child's allocated worker's team when raised (who answers at team manager stages).
    team_id = models.CharField(max_length=48, blank=True, default="", db_index=True)
    # The IRO or chair: their login (or, imported without one, their worker id) and worker id.
    raised_by = models.CharField(max_length=150, db_index=True)
    iro_id = models.CharField(max_length=48, blank=True, default="", db_index=True)
    raised_date = models.DateField(db_index=True)
    stage = models.CharField(max_length=12)
    addressee_role = models.CharField(max_length=20, choices=ADDRESSEE_ROLES)
    # A named addressee (username); empty means whoever holds the role for the child's team.
    addressee = models.CharField(max_length=150, blank=True, default="", db_index=True)
    category = models.CharField(max_length=12, choices=CATEGORIES)
    subcategory = models.CharField(max_length=48, blank=True, default="")
    ask = models.TextField(blank=True, default="", help_text="what the IRO asks for")
    response_due = models.DateField(db_index=True)

    response = models.TextField(blank=True, default="")
    response_date = models.DateField(null=True, blank=True)
    responded_by = models.CharField(max_length=150, blank=True, default="")

    outcome = models.CharField(max_length=12, blank=True, default="", choices=OUTCOMES)
    resolved_date = models.DateField(null=True, blank=True, help_text="the day this stage was closed")

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-raised_date", "-id"]

    def __str__(self):
        return f"Escalation {self.pk}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def awaiting_response(self) -> bool:
        return self.is_open and self.response_date is None

    def status_on(self, day) -> str:
        """awaiting, overdue, responded_on_time, responded_late, or closed (closed unanswered)."""
        if self.response_date and self.response_date <= day:
            return "responded_on_time" if self.response_date <= self.response_due else "responded_late"
        if self.outcome and self.resolved_date and self.resolved_date <= day:
            return "closed"
        return "overdue" if day > self.response_due else "awaiting"

    def chain(self) -> list["Escalation"]:
        """Every stage of this dispute, first to last."""
        first, seen = self, {self.pk}
        while first.previous_id and first.previous_id not in seen:
            first = first.previous
            seen.add(first.pk)
        out, ids = [first], {first.pk}
        while (nxt := Escalation.objects.filter(previous_id=out[-1].pk).first()) and nxt.pk not in ids:
            out.append(nxt)
            ids.add(nxt.pk)
        return out


class EscalationEvent(models.Model):
    """Every change to an escalation, kept: who, when, what, and the values changed."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150)
    what = models.CharField(max_length=24)
    note = models.TextField(blank=True, default="")
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]


class Alert(models.Model):
    """A significant change in a child's case data, for the child's IRO or CP chair."""

    KINDS = [
        ("new_worker", "New allocated social worker"),
        ("unallocated", "No allocated social worker"),
        ("new_team", "New team (so a new team manager)"),
        ("placement_change", "Placement change"),
        ("cp_plan_started", "Child protection plan started"),
        ("cp_plan_ended", "Child protection plan ended"),
        ("care_started", "Period of care started"),
        ("care_ended", "Period of care ended"),
        ("missing", "Missing episode"),
    ]

    professional_id = models.CharField(max_length=48, db_index=True, help_text="the IRO or chair")
    child_id = models.CharField(max_length=48, db_index=True)
    kind = models.CharField(max_length=20, choices=KINDS)
    # Ids and codes only (worker ids, team ids, placement types): never names.
    detail = models.CharField(max_length=300, blank=True, default="")
    event_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.CharField(max_length=150, blank=True, default="")
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]


class DriftDismissal(models.Model):
    """A drift prompt the IRO dismissed, with their reason; it stays quiet for the quiet period."""

    child_id = models.CharField(max_length=48, db_index=True)
    signal = models.CharField(max_length=24)
    professional_id = models.CharField(max_length=48, blank=True, default="")
    dismissed_by = models.CharField(max_length=150)
    dismissed_date = models.DateField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)


class MeetingRecord(models.Model):
    """The chair's record of the quality of one conference or looked-after review."""

    ICPC, CP_REVIEW, CLA_REVIEW = "icpc", "cp_review", "cla_review"
    KINDS = [
        (ICPC, "Initial child protection conference"),
        (CP_REVIEW, "Child protection review conference"),
        (CLA_REVIEW, "Looked-after review"),
    ]
    PARTICIPATION = [
        ("PN0", "PN0: child under 4 at the review"),
        ("PN1", "PN1: child attended and spoke for themselves"),
        ("PN2", "PN2: child attended, an advocate spoke for them"),
        ("PN3", "PN3: child attended, views conveyed non-verbally"),
        ("PN4", "PN4: child attended without contributing"),
        ("PN5", "PN5: child did not attend, briefed an advocate"),
        ("PN6", "PN6: child did not attend, views conveyed another way"),
        ("PN7", "PN7: child did not attend or convey their views"),
    ]

    kind = models.CharField(max_length=12, choices=KINDS)
    meeting_ref = models.CharField(max_length=48, help_text="the conference or review id in the case data")
    child_id = models.CharField(max_length=48, db_index=True)
    meeting_date = models.DateField(db_index=True)
    chair = models.CharField(max_length=150, help_text="username")
    chair_id = models.CharField(max_length=48, blank=True, default="")
    reports_shared = models.BooleanField(default=False, help_text="reports shared with parents beforehand")
    shared_working_days_before = models.PositiveIntegerField(null=True, blank=True)
    agencies_reported = models.JSONField(default=list)
    agencies_attended = models.JSONField(default=list)
    participation = models.CharField(max_length=3, blank=True, default="", choices=PARTICIPATION)
    child_views = models.TextField(blank=True, default="", help_text="how the child's views were represented")
    midway_check_date = models.DateField(null=True, blank=True)
    demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "meeting_ref"], name="iro_meeting_kind_ref")]


class StepDown(models.Model):
    """A child stepped down from a CP plan to a CIN plan: the chair's recommendations and their check."""

    FOLLOWED = [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]

    child_id = models.CharField(max_length=48, db_index=True)
    cp_plan_ref = models.CharField(max_length=48, blank=True, default="")
    step_down_date = models.DateField(db_index=True)
    chair = models.CharField(max_length=150)
    recommendations = models.TextField()
    checked_date = models.DateField(null=True, blank=True, help_text="the first CIN review")
    followed = models.CharField(max_length=8, blank=True, default="", choices=FOLLOWED)
    checked_by = models.CharField(max_length=150, blank=True, default="")
    check_note = models.TextField(blank=True, default="")
    demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-step_down_date", "-id"]
