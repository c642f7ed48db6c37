"""Case audits, moderation, actions and welfare escalations.

Children, workers and teams are held as id strings, never foreign keys into
case data: an SSD import replaces case data wholesale and audits must survive
it. Auditors, moderators and action owners are held by username for the same
reason (an imported audit may name someone without a login).
"""

from django.db import models


class Tool(models.Model):
    """One version of an audit tool. Never edited: a changed tool file becomes a new version."""

    key = models.CharField(max_length=48)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24)
    theme = models.CharField(max_length=48, blank=True, default="")
    description = models.TextField(blank=True, default="")
    # Grades, best first.
    scale = models.JSONField(default=list)
    # [{"key", "text", "guidance"}]
    questions = models.JSONField(default=list)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="audit_tool_key_version")]
        ordering = ["key", "-version"]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    def question_text(self, key: str) -> str:
        return next((q["text"] for q in self.questions if q["key"] == key), key)


class Sample(models.Model):
    """A month's sample of children for audit, drawn by `services.draw_sample`."""

    month = models.DateField(help_text="first day of the month")
    theme = models.CharField(max_length=48, blank=True, default="")
    per_team = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "theme"], name="audit_sample_month_theme")]


class Audit(models.Model):
    ASSIGNED, DRAFT, SUBMITTED, FINAL = "assigned", "draft", "submitted", "final"
    STATUSES = [(ASSIGNED, "Not started"), (DRAFT, "In progress"), (SUBMITTED, "Awaiting moderation"), (FINAL, "Final")]
    SAMPLED, MANUAL, IMPORTED = "sampled", "manual", "imported"

    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="audits")
    sample = models.ForeignKey(Sample, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits")
    review_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews")
    source = models.CharField(max_length=12, default=SAMPLED)
    import_ref = models.CharField(max_length=100, blank=True, default="", db_index=True)

    child_id = models.CharField(max_length=48, db_index=True)
    case_type = models.CharField(max_length=16, blank=True, default="")
    team_id = models.CharField(max_length=48, blank=True, default="", db_index=True)
    worker_id = models.CharField(max_length=48, blank=True, default="")
    month = models.DateField(null=True, blank=True)
    review_from = models.DateField(null=True, blank=True)
    review_to = models.DateField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=STATUSES, default=ASSIGNED, db_index=True)
    auditor = models.CharField(max_length=150, blank=True, default="", db_index=True)
    grade = models.CharField(max_length=100, blank=True, default="")
    evidence = models.TextField(blank=True, default="")
    conversation_date = models.DateField(null=True, blank=True)
    conversation = models.TextField(blank=True, default="", help_text="the conversation with the allocated worker")
    completed_date = models.DateField(null=True, blank=True, db_index=True)

    moderator = models.CharField(max_length=150, blank=True, default="", db_index=True)
    moderated_grade = models.CharField(max_length=100, blank=True, default="")
    moderation_reason = models.TextField(blank=True, default="")
    moderated_date = models.DateField(null=True, blank=True)

    # Optimistic concurrency: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "team_id", "child_id", "id"]

    def __str__(self):
        return f"Audit {self.pk}"

    @property
    def final_grade(self) -> str:
        return self.moderated_grade or self.grade

    @property
    def editable(self) -> bool:
        return self.status in (self.ASSIGNED, self.DRAFT)


class Answer(models.Model):
    """The grade and evidence for one question of an audit, and its moderation."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=48)
    grade = models.CharField(max_length=100, blank=True, default="")
    evidence = models.TextField(blank=True, default="")
    moderated_grade = models.CharField(max_length=100, blank=True, default="")
    moderation_reason = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="audit_answer_question")]


class Action(models.Model):
    OPEN, DONE = "open", "done"
    CHECKED = [("done", "Done"), ("not_done", "Not done")]

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner = models.CharField(max_length=150, help_text="username or worker id")
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=8, default=OPEN, db_index=True)
    completed_date = models.DateField(null=True, blank=True)
    completion_note = models.TextField(blank=True, default="")
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # The later audit that checked whether this action was done.
    checked_by = models.ForeignKey(
        Audit, null=True, blank=True, on_delete=models.SET_NULL, related_name="checked_actions"
    )
    check_outcome = models.CharField(max_length=8, blank=True, default="", choices=CHECKED)

    class Meta:
        ordering = ["due_date", "id"]


class Escalation(models.Model):
    """A welfare escalation: a child who needs action now, raised from an audit."""

    audit = models.ForeignKey(Audit, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations")
    child_id = models.CharField(max_length=48, db_index=True)
    team_id = models.CharField(max_length=48, blank=True, default="")
    reason = models.TextField()
    raised_by = models.CharField(max_length=150)
    raised_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True, default="")
    resolution = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["due_date", "id"]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class EscalationRecipient(models.Model):
    TEAM_MANAGER, HEAD_OF_SERVICE = "team_manager", "head_of_service"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="recipients")
    username = models.CharField(max_length=150, db_index=True)
    as_role = models.CharField(max_length=20)
