"""Inspection readiness: Annex A practice runs, repeat-referral reviews, and the inspection event.

Children are held as id strings, never foreign keys into case data, so the
records survive an import that replaces the case data. People are held by
username, as the audits app holds them.
"""

from django.conf import settings
from django.db import models


class PracticeRun(models.Model):
    """One monthly Annex A practice run: the file as written, its SHA-256 and what was in each list."""

    as_at = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, default="")
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=120)
    content = models.BinaryField()
    counts = models.JSONField(default=dict)  # "List N" -> rows
    members = models.JSONField(default=dict)  # "List N" -> sorted child (List 11: adopter) ids
    problems = models.JSONField(default=list)
    summary = models.JSONField(default=dict)
    repeat_referrals = models.JSONField(default=dict)  # total, reviewed, unreviewed, unreviewed_children
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(default=dict)  # "List N" -> {"in": [...], "out": [...]}
    moved = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]


class RepeatReferralReview(models.Model):
    """A manager's review of a child referred again within 12 months of an earlier referral."""

    child_id = models.CharField(max_length=48, db_index=True)
    referral_date = models.DateField()
    reviewed_by = models.CharField(max_length=150)
    reviewed_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child_id", "referral_date"], name="inspection_review_child_referral")
        ]
        ordering = ["-reviewed_at"]


class Inspection(models.Model):
    STANDARD, SHORT, FOCUSED, MONITORING, JTAI = "ilacs_standard", "ilacs_short", "focused", "monitoring", "jtai"
    TYPES = [
        (STANDARD, "Standard ILACS inspection"),
        (SHORT, "Short ILACS inspection"),
        (FOCUSED, "Focused visit"),
        (MONITORING, "Monitoring visit"),
        (JTAI, "Joint targeted area inspection"),
    ]
    # Types whose inspectors may open every child's record; the others only the children listed on the inspection.
    ALL_CHILDREN_TYPES = {STANDARD, SHORT}

    kind = models.CharField(max_length=24, choices=TYPES)
    notified_on = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    lead_inspector = models.CharField(max_length=150, blank=True, default="")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="inspections")
    # Children inspectors may open when the type does not allow all (ids, one per line in the form).
    allowed_children = models.JSONField(default=list, blank=True)
    # role -> username or names: gatekeeper, annex_a_owner, audit_lead, tracked_cases, communications, it_logistics
    leads = models.JSONField(default=dict, blank=True)
    gatekeeper = models.CharField(max_length=150, blank=True, default="")
    rapid_response_team = models.JSONField(default=list, blank=True)  # usernames
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%d %b %Y}"

    def is_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class InspectorView(models.Model):
    """Every page an inspector opened during an inspection, and the child it showed (if any)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="views")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=200)
    child_id = models.CharField(max_length=48, blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]


class InformationRequest(models.Model):
    """The gatekeeper's register: an inspector's request, its approval and what was handed over."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="requests")
    what = models.TextField()
    asked_by = models.CharField(max_length=150, help_text="the inspector who asked")
    asked_at = models.DateTimeField()
    line_of_enquiry = models.CharField(max_length=200, blank=True, default="")
    due = models.DateTimeField(null=True, blank=True)
    approved_by = models.CharField(max_length=150, blank=True, default="")
    approved_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.CharField(max_length=150, blank=True, default="")
    handed_over_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True, default="")
    file_content = models.BinaryField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, default="")
    recorded_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["asked_at", "pk"]

    @property
    def status(self) -> str:
        if self.handed_over_at:
            return "handed over"
        if self.approved_at:
            return "approved"
        return "awaiting approval"


class SelectedCase(models.Model):
    """A child picked with the lead inspector for audit or for tracking."""

    AUDIT, TRACKED = "audit", "tracked"
    PURPOSES = [(AUDIT, "Audit"), (TRACKED, "Tracked")]

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    purpose = models.CharField(max_length=8, choices=PURPOSES)
    child_id = models.CharField(max_length=48)
    worker = models.CharField(max_length=200, blank=True, default="")
    team_manager = models.CharField(max_length=200, blank=True, default="")
    iro = models.CharField(max_length=200, blank=True, default="")
    partner_contacts = models.TextField(blank=True, default="")
    parents_told = models.BooleanField(default=False)
    management_scrutiny = models.TextField(blank=True, default="")
    notified_at = models.DateTimeField(null=True, blank=True)
    audit_id = models.IntegerField(null=True, blank=True)  # audits.Audit for an audit case
    notes = models.TextField(blank=True, default="")  # the tracked case's folder of notes
    added_by = models.CharField(max_length=150, blank=True, default="")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "purpose", "child_id"], name="inspection_case_once")
        ]
        ordering = ["purpose", "child_id"]


class CaseDocument(models.Model):
    """A document in a tracked case's folder (kept as given, with its SHA-256)."""

    case = models.ForeignKey(SelectedCase, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    added_by = models.CharField(max_length=150)
    added_at = models.DateTimeField(auto_now_add=True)


class Meeting(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True, default="")
    inspectors = models.CharField(max_length=300, blank=True, default="")
    attendees = models.JSONField(default=list, blank=True)  # usernames or names
    topic = models.CharField(max_length=200)
    preparation = models.TextField(blank=True, default="")
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "pk"]


class MeetingChange(models.Model):
    """Every change to a meeting: what it was before and after, who changed it, when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.CharField(max_length=150)
    what = models.CharField(max_length=20)  # created, changed, cancelled
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]


class LineOfEnquiry(models.Model):
    OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
    STATUSES = [(OPEN, "Open"), (ANSWERED, "Answered"), (CLOSED, "Closed")]

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="lines")
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=150, blank=True, default="")
    response = models.TextField(blank=True, default="")
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN)


class KeepInTouch(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="keep_in_touch")
    held_on = models.DateField()
    notes = models.TextField(blank=True, default="")
    actions = models.TextField(blank=True, default="")
    recorded_by = models.CharField(max_length=150, blank=True, default="")


class Briefing(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="briefings")
    day = models.DateField()
    text = models.TextField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["-day", "-pk"]


class EvidenceArea(models.Model):
    """A self-evaluation evidence area, rated twice: on submission, then for quality and fitness for purpose."""

    RAG = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]

    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=150, blank=True, default="")
    due_on = models.DateField(null=True, blank=True)
    documents = models.TextField(blank=True, default="")
    submitted_rag = models.CharField(max_length=5, choices=RAG, blank=True, default="")
    quality_rag = models.CharField(max_length=5, choices=RAG, blank=True, default="")

    class Meta:
        ordering = ["title"]


class PartnerContact(models.Model):
    organisation = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["organisation", "name"]


class Alert(models.Model):
    """A notice to one login (a case picked for inspection, a briefing), shown on their alerts page."""

    username = models.CharField(max_length=150, db_index=True)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]


class CalendarToken(models.Model):
    """A login's secret link to its meetings of one inspection as an iCalendar subscription (no session needed).

    Only the SHA-256 of the token is kept: the link is shown once, when made. It
    reads that login's meetings of that inspection and nothing else, while the
    login is active and on the inspection's team; revoking deletes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "inspection"], name="one_calendar_token_per_user")]


class RecordChange(models.Model):
    """A change to or deletion of a line of enquiry or an evidence area: who, when, the record before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.CharField(max_length=150)
    kind = models.CharField(max_length=20)  # line, evidence
    record_id = models.IntegerField()
    inspection_id = models.IntegerField(null=True, blank=True)  # for lines of enquiry
    what = models.CharField(max_length=10)  # changed, deleted
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
