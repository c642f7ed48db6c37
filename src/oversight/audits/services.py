"""Writes: tools, samples, assignment, auditing, moderation, escalations, actions.

Every write that a second person might race uses the audit's version number:
a save names the version it started from and fails, changing nothing, if
someone else saved in between.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from oversight.accounts import roles
from oversight.analytics import audits as A
from oversight.analytics.workdays import add_months, default_calendar
from oversight.audits import access, queries, toolfiles
from oversight.audits.models import Action, Answer, Audit, Escalation, EscalationRecipient, Sample, Tool
from oversight.config import section

log = logging.getLogger(__name__)


class AuditError(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


class StaleAudit(AuditError):
    pass


STALE_MESSAGE = (
    "Someone else saved this audit after you opened it. Your changes have not been saved. "
    "Open the audit again to see their changes, then make yours."
)


# ---- tools -------------------------------------------------------------------------------------


def sync_tools() -> list[Tool]:
    """Store each tool file as a new version when it differs from the latest stored one."""
    cfg = section("audits")
    try:
        specs = toolfiles.read_dirs(cfg.get("tool_dirs", []))
    except toolfiles.ToolFileError as exc:
        raise AuditError(str(exc))
    with transaction.atomic():
        for spec in specs:
            content = spec.content(cfg["scale"])
            digest = toolfiles.digest(content)
            latest = Tool.objects.select_for_update().filter(key=spec.key).order_by("-version").first()
            if latest and latest.digest == digest:
                continue
            Tool.objects.create(
                version=(latest.version + 1) if latest else 1, digest=digest, **{k: v for k, v in content.items()}
            )
            log.info("audit tool %s stored as version %s", spec.key, (latest.version + 1) if latest else 1)
    return queries.current_tools()


def _tool(key: str) -> Tool:
    tool = Tool.objects.filter(key=key).order_by("-version").first()
    if tool is None:
        raise AuditError(f"there is no audit tool '{key}'")
    return tool


def themed_tool(theme: str) -> Tool:
    tools = [t for t in queries.current_tools() if t.kind == "thematic"]
    for tool in tools:
        if theme in (tool.theme, tool.key):
            return tool
    themes = ", ".join(sorted(t.theme for t in tools)) or "none"
    raise AuditError(f"no thematic audit tool has the theme '{theme}' (themes: {themes})")


# ---- sampling ----------------------------------------------------------------------------------

MAX_PER_TEAM = 1000
MAX_SEED = 2**63 - 1  # the seed is stored in a bigint


@dataclass
class SampleResult:
    sample: Sample
    rows: list[dict]
    created: bool
    warnings: list[str] = field(default_factory=list)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    return start, add_months(start, 1) - dt.timedelta(days=1)


def review_period(month: dt.date) -> tuple[dt.date, dt.date]:
    """The last N months (config review_period_months) up to the end of the audit month."""
    start, end = month_bounds(month)
    return add_months(start, 1 - int(section("audits")["review_period_months"])), end


def _excluded_children(month_start: dt.date, existing: Sample | None) -> list[str]:
    """Children audited in the last M months, being audited now, or in another sample this month."""
    from django.db.models import Q

    since = add_months(month_start, -int(section("audits")["exclude_recently_audited_months"]))
    recent = Q(completed_date__gte=since, completed_date__lt=month_start)
    unfinished = Q(completed_date__isnull=True) & ~Q(status=Audit.FINAL)
    same_month = Q(month=month_start)
    qs = Audit.objects.filter(recent | unfinished | same_month)
    if existing:
        qs = qs.exclude(sample=existing)
    return sorted(set(qs.values_list("child_id", flat=True)))


def _on_theme(eligible, thematic: Tool, day: dt.date, warnings: list[str]):
    """Only the children whose recent assessments recorded one of the theme's CIN factors (config theme_factors)."""
    import polars as pl

    from oversight.people import frames

    cfg = section("audits")
    by_theme, lookback = cfg["theme_factors"], cfg["theme_lookback_months"]
    example = 'such as domestic_abuse = ["3A", "3B", "3C"]'
    if not isinstance(by_theme, dict):
        raise AuditError(f"[audits.theme_factors] in the configuration must be a table of themes, {example}")
    codes = by_theme.get(thematic.theme) or by_theme.get(thematic.key)
    if not (codes is None or isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
        raise AuditError(
            f"[audits.theme_factors] in the configuration must list each theme's CIN factor codes as text, "
            f"{example}; {thematic.theme} has {codes!r}"
        )
    if isinstance(lookback, bool) or not isinstance(lookback, int) or not 0 <= lookback <= 1200:
        raise AuditError(
            f"[audits] theme_lookback_months in the configuration must be a whole number of months "
            f"from 0 to 1200, not {lookback!r}"
        )
    if not codes:
        warnings.append(
            f"the theme '{thematic.theme}' has no CIN factor codes configured (audits.theme_factors): "
            f"children were drawn from every open case"
        )
        return eligible
    since = add_months(day, -lookback)
    with_factors = A.children_with_factors(
        frames.load("ssd_cin_assessments"), frames.load("ssd_assessment_factors"), codes, since, day
    )
    return eligible.filter(pl.col("child_id").is_in(with_factors.implode()))


def draw_sample(month: dt.date, per_team: int, seed: int, theme: str = "", by: str = "") -> SampleResult:
    """Pick PER_TEAM children per team for MONTH's audits and assign auditors.

    Drawing again with the same month, theme, seed and data gives the stored
    sample back unchanged. A different draw replaces a month's sample while
    none of its audits has been started, and is refused after.
    """
    import polars as pl

    from oversight.people import frames

    if not 1 <= per_team <= MAX_PER_TEAM:
        raise AuditError(f"the number per team must be from 1 to {MAX_PER_TEAM}")
    if not 0 <= seed <= MAX_SEED:
        raise AuditError(f"the seed must be a whole number from 0 to {MAX_SEED}")
    cfg = section("audits")
    inv = section("involvements")
    month_start, month_end = month_bounds(month)
    sync_tools()
    thematic = themed_tool(theme) if theme else None
    existing = Sample.objects.filter(month=month_start, theme=theme).first()

    day = month_end if cfg.get("sample_open_on", "start") == "end" else month_start
    data = {name: frames.load(name) for name in A.SAMPLE_TABLES}
    eligible = A.eligible_children(data, day, inv["case_worker_roles"], inv["personal_adviser_roles"])
    warnings = []
    teams = eligible  # every team with open cases, so one with none on the theme is reported short
    if thematic:
        eligible = _on_theme(eligible, thematic, day, warnings)
    excluded = pl.Series("child_id", _excluded_children(month_start, existing), dtype=pl.String)
    picked = A.draw(eligible, per_team, seed, excluded)
    users = queries.users_frame()
    auditors = sorted(users.filter(pl.col("role").is_in(cfg["auditor_roles"])).get_column("username").to_list())
    conflicted = A.conflicts(picked, data["ssd_involvements"], data["ssd_professionals"], users, day)
    picked = A.assign(picked, auditors, conflicted, seed)

    no_team = eligible.filter(pl.col("team_id").is_null()).height
    if no_team:
        warnings.append(
            f"{no_team} children with an open case have no allocated worker or team and could not be sampled"
        )
    for team_id, n in A.short_teams(teams, picked, per_team).iter_rows():
        warnings.append(
            f"team {team_id} had only {n} children who could be sampled"
            if n
            else f"team {team_id} had no children who could be sampled"
        )
    unassigned = picked.filter(pl.col("auditor_id").is_null()).height
    if unassigned:
        warnings.append(
            f"{unassigned} sampled children have no auditor free of a conflict of interest; assign them by hand"
        )

    if existing:
        stored = set(existing.audits.values_list("child_id", flat=True))
        same = (existing.seed, existing.per_team) == (seed, per_team) and stored == set(
            picked.get_column("child_id").to_list()
        )
        if same:
            return SampleResult(existing, sample_rows(existing), created=False, warnings=warnings)
        if existing.audits.exclude(status=Audit.ASSIGNED).exists():
            raise AuditError(
                f"{month_start:%Y-%m}'s{' ' + theme if theme else ''} sample cannot be drawn again: "
                f"some of its audits have been started"
            )
        warnings.append(
            f"the earlier {month_start:%Y-%m} sample (seed {existing.seed}, {existing.per_team} per team), "
            f"none of it started, was replaced"
        )

    tools = {} if thematic else {ct: _tool(key) for ct, key in cfg["tool_for_case_type"].items()}
    try:
        sample = _save_sample(existing, picked, month_start, theme, per_team, seed, by, thematic, tools)
    except IntegrityError:
        raise AuditError(f"someone else drew a sample for {month_start:%Y-%m} at the same moment; draw again to see it")
    log.info("audit sample %s drawn: %s children", sample.pk, picked.height)
    return SampleResult(sample, sample_rows(sample), created=True, warnings=warnings)


def _save_sample(existing, picked, month_start, theme, per_team, seed, by, thematic, tools) -> Sample:
    review_from, review_to = review_period(month_start)
    with transaction.atomic():
        if existing:
            existing.audits.all().delete()
            existing.delete()
        sample = Sample.objects.create(month=month_start, theme=theme, per_team=per_team, seed=seed, created_by=by)
        Audit.objects.bulk_create(
            [
                Audit(
                    tool=thematic or tools.get(row["case_type"]) or _tool("practice"),
                    sample=sample,
                    source=Audit.SAMPLED,
                    child_id=row["child_id"],
                    case_type=row["case_type"],
                    team_id=row["team_id"] or "",
                    worker_id=row["worker_id"] or "",
                    month=month_start,
                    review_from=review_from,
                    review_to=review_to,
                    auditor=row["auditor_id"] or "",
                )
                for row in picked.iter_rows(named=True)
            ]
        )
    return sample


def sample_rows(sample: Sample) -> list[dict]:
    return [
        {"team": a.team_id, "child_id": a.child_id, "case_type": a.case_type, "auditor_id": a.auditor or None}
        for a in sample.audits.order_by("team_id", "child_id")
    ]


# ---- assignment --------------------------------------------------------------------------------


def _check_free(audit: Audit, username: str, what: str) -> None:
    if username in queries.conflicted_usernames(audit.child_id, audit.worker_id, audit.team_id, timezone.localdate()):
        raise AuditError(
            f"{username} cannot {what} this audit: they are the child's allocated worker, "
            f"work with the child, or manage the allocated worker's team"
        )


def assign(audit_id: int, username: str, version: int) -> Audit:
    from oversight.accounts.models import User

    audit = Audit.objects.get(pk=audit_id)
    if not audit.editable:
        raise AuditError("only an audit that has not been submitted can be given to another auditor")
    if not User.objects.filter(username=username, is_active=True).exists():
        raise AuditError(f"there is no active user '{username}'")
    _check_free(audit, username, "audit")
    if not Audit.objects.filter(pk=audit_id, version=version).update(auditor=username, version=F("version") + 1):
        raise StaleAudit(STALE_MESSAGE)
    return Audit.objects.get(pk=audit_id)


# ---- auditing ----------------------------------------------------------------------------------


@dataclass
class AuditInput:
    grade: str = ""
    evidence: str = ""
    conversation_date: dt.date | None = None
    conversation: str = ""
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)  # question key -> (grade, evidence)
    checks: dict[int, str] = field(default_factory=dict)  # earlier action id -> done / not_done


def audit_problems(audit: Audit, data: AuditInput, submit: bool) -> dict[str, str]:
    """Field name -> message; empty when DATA may be saved (and, if SUBMIT, submitted)."""
    sc = queries.scale(audit.tool)
    problems: dict[str, str] = {}
    for q in audit.tool.questions:
        grade, _ = data.answers.get(q["key"], ("", ""))
        if grade and grade not in sc.labels:
            problems[f"q_{q['key']}_grade"] = f"Choose a grade for '{q['text']}'"
        elif submit and not grade:
            problems[f"q_{q['key']}_grade"] = f"Choose a grade for '{q['text']}'"
    if data.grade and data.grade not in sc.labels or (submit and not data.grade):
        problems["grade"] = "Choose an overall grade"
    if submit and not data.evidence.strip():
        problems["evidence"] = "Enter the evidence for the overall grade"
    if submit and not data.conversation.strip():
        problems["conversation"] = "Record the conversation with the allocated worker"
    if submit and data.conversation_date is None:
        problems["conversation_date"] = "Enter the date of the conversation with the allocated worker"
    if data.conversation_date and data.conversation_date > timezone.localdate():
        problems["conversation_date"] = "The date of the conversation must be today or in the past"
    for action_id, outcome in data.checks.items():
        if outcome not in ("", "done", "not_done"):
            problems[f"check_{action_id}"] = "Say whether the action was done"
    return problems


def save_audit(audit_id: int, version: int, data: AuditInput, username: str, submit: bool = False) -> Audit:
    """Save the auditor's grades; SUBMIT sends the audit for moderation. Raises StaleAudit on a lost race."""
    audit = Audit.objects.select_related("tool").get(pk=audit_id)
    if audit.auditor != username:
        raise AuditError("only the assigned auditor can record this audit")
    if not audit.editable:
        raise StaleAudit("This audit has already been submitted; nothing was changed.")
    problems = audit_problems(audit, data, submit)
    if problems:
        raise AuditError(next(iter(problems.values())))
    checkable = set(queries.actions_to_check(audit).values_list("pk", flat=True))
    with transaction.atomic():
        changed = Audit.objects.filter(pk=audit_id, version=version, status__in=[Audit.ASSIGNED, Audit.DRAFT]).update(
            grade=data.grade,
            evidence=data.evidence,
            conversation=data.conversation,
            conversation_date=data.conversation_date,
            status=Audit.SUBMITTED if submit else Audit.DRAFT,
            completed_date=timezone.localdate() if submit else None,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            raise StaleAudit(STALE_MESSAGE)
        for q in audit.tool.questions:
            grade, evidence = data.answers.get(q["key"], ("", ""))
            Answer.objects.update_or_create(
                audit=audit, question=q["key"], defaults={"grade": grade, "evidence": evidence}
            )
        for action_id, outcome in data.checks.items():
            if action_id in checkable:
                Action.objects.filter(pk=action_id).update(checked_by=audit if outcome else None, check_outcome=outcome)
    log.info("audit %s %s", audit_id, "submitted" if submit else "saved")
    return Audit.objects.get(pk=audit_id)


# ---- moderation --------------------------------------------------------------------------------


def claim(audit_id: int, username: str) -> Audit:
    """Take a submitted audit for moderation."""
    from oversight.accounts.models import User

    audit = Audit.objects.get(pk=audit_id)
    user = User.objects.get(username=username)
    if not access.can_moderate(user, audit):
        raise AuditError("this audit is not waiting for you to moderate it")
    _check_free(audit, username, "moderate")
    Audit.objects.filter(pk=audit_id, moderator="").update(moderator=username, version=F("version") + 1)
    audit.refresh_from_db()
    if audit.moderator != username:
        raise StaleAudit("Another moderator has taken this audit.")
    return audit


@dataclass
class ModerationInput:
    grade: str
    reason: str = ""
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)  # question key -> (grade, reason)


def moderation_problems(audit: Audit, data: ModerationInput) -> dict[str, str]:
    sc = queries.scale(audit.tool)
    problems = {}
    given = {a.question: a.grade for a in audit.answers.all()}
    for q in audit.tool.questions:
        grade, reason = data.answers.get(q["key"], ("", ""))
        if grade not in sc.labels:
            problems[f"q_{q['key']}_grade"] = f"Confirm or change the grade for '{q['text']}'"
        elif grade != given.get(q["key"], "") and not reason.strip():
            problems[f"q_{q['key']}_reason"] = f"Give the reason for changing the grade for '{q['text']}'"
    if data.grade not in sc.labels:
        problems["grade"] = "Confirm or change the overall grade"
    elif data.grade != audit.grade and not data.reason.strip():
        problems["reason"] = "Give the reason for changing the overall grade"
    return problems


def moderate(audit_id: int, version: int, data: ModerationInput, username: str) -> Audit:
    """Confirm or change each grade; the audit becomes final. Both grades are kept."""
    from oversight.accounts.models import User

    audit = Audit.objects.select_related("tool").get(pk=audit_id)
    if not access.can_moderate(User.objects.get(username=username), audit):
        raise StaleAudit("This audit is no longer waiting for your moderation; nothing was changed.")
    problems = moderation_problems(audit, data)
    if problems:
        raise AuditError(next(iter(problems.values())))
    _check_free(audit, username, "moderate")
    with transaction.atomic():
        changed = Audit.objects.filter(pk=audit_id, version=version, status=Audit.SUBMITTED).update(
            moderator=username,
            moderated_grade=data.grade,
            moderation_reason=data.reason,
            moderated_date=timezone.localdate(),
            status=Audit.FINAL,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            raise StaleAudit(STALE_MESSAGE)
        for q in audit.tool.questions:
            grade, reason = data.answers[q["key"]]
            Answer.objects.update_or_create(
                audit=audit, question=q["key"], defaults={"moderated_grade": grade, "moderation_reason": reason}
            )
    log.info("audit %s moderated", audit_id)
    return Audit.objects.get(pk=audit_id)


# ---- welfare escalations -----------------------------------------------------------------------


def escalation_recipients(team_id: str) -> list[tuple[str, str]]:
    """(username, role) of the team's managers and the head of service above the team."""
    from oversight.accounts.models import User
    from oversight.people.models import Department, Professional

    parents = dict(Department.objects.values_list("team_id", "team_parent_id"))
    chain, node = [], team_id
    while node and node not in chain:
        chain.append(node)
        node = parents.get(node, "")
    active = User.objects.filter(is_active=True)
    managers = (
        set(active.filter(role=roles.TEAM_MANAGER, team_id=team_id).values_list("username", flat=True))
        if team_id
        else set()
    )
    manager_workers = Professional.objects.filter(grade="team_manager", team_id=team_id).values_list(
        "professional_id", flat=True
    )
    if team_id:
        managers |= set(
            active.filter(professional_id__in=list(manager_workers))
            .exclude(professional_id="")
            .values_list("username", flat=True)
        )
    heads = set(active.filter(role=roles.SENIOR_MANAGER, team_id__in=chain[1:]).values_list("username", flat=True))
    if not heads:
        heads = set(active.filter(role=roles.SENIOR_MANAGER, team_id="").values_list("username", flat=True))
    return [(u, EscalationRecipient.TEAM_MANAGER) for u in sorted(managers)] + [
        (u, EscalationRecipient.HEAD_OF_SERVICE) for u in sorted(heads - managers)
    ]


def escalate(audit_id: int, username: str, reason: str, today: dt.date | None = None) -> Escalation:
    """Flag that the audited child needs action now: raised to the team manager and head of service."""
    if not reason.strip():
        raise AuditError("Say why the child needs immediate action")
    audit = Audit.objects.get(pk=audit_id)
    today = today or timezone.localdate()
    due = default_calendar().add(today, int(section("audits")["escalation_due_working_days"]))
    with transaction.atomic():
        esc = Escalation.objects.create(
            audit=audit,
            child_id=audit.child_id,
            team_id=audit.team_id,
            reason=reason.strip(),
            raised_by=username,
            due_date=due,
        )
        EscalationRecipient.objects.bulk_create(
            [
                EscalationRecipient(escalation=esc, username=u, as_role=r)
                for u, r in escalation_recipients(audit.team_id)
            ]
        )
    log.warning("welfare escalation %s raised from audit %s, due %s", esc.pk, audit_id, due)
    return esc


def resolve_escalation(escalation_id: int, username: str, resolution: str) -> Escalation:
    if not resolution.strip():
        raise AuditError("Say what was done")
    esc = Escalation.objects.get(pk=escalation_id)
    if not Escalation.objects.filter(pk=escalation_id, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=username, resolution=resolution.strip()
    ):
        raise AuditError("This escalation has already been resolved.")
    esc.refresh_from_db()
    log.info("welfare escalation %s resolved", escalation_id)
    return esc


def can_resolve(user, esc: Escalation) -> bool:
    return access.is_coordinator(user) or esc.recipients.filter(username=user.username).exists()


# ---- actions -----------------------------------------------------------------------------------


def add_action(audit_id: int, username: str, what: str, owner: str, due: dt.date | None) -> Action:
    from oversight.accounts.models import User
    from oversight.people.models import Professional

    problems = action_problems(what, owner, due)
    if problems:
        raise AuditError(next(iter(problems.values())))
    owner = owner.strip()
    if not (
        User.objects.filter(username=owner).exists() or Professional.objects.filter(professional_id=owner).exists()
    ):
        raise AuditError(f"The owner '{owner[:40]}' is neither a user nor a worker id")
    return Action.objects.create(audit_id=audit_id, what=what.strip(), owner=owner, due_date=due, created_by=username)


def action_problems(what: str, owner: str, due: dt.date | None) -> dict[str, str]:
    problems = {}
    if not what.strip():
        problems["what"] = "Say what needs to be done"
    if not owner.strip():
        problems["owner"] = "Enter who owns the action (a username or worker id)"
    if due is None:
        problems["due_date"] = "Enter the date the action is due, for example 2024-05-31"
    return problems


def complete_action(action_id: int, username: str, note: str) -> Action:
    if not note.strip():
        raise AuditError("Say what was done")
    if not Action.objects.filter(pk=action_id, status=Action.OPEN).update(
        status=Action.DONE, completed_date=timezone.localdate(), completion_note=note.strip()
    ):
        raise AuditError("This action has already been completed.")
    log.info("audit action %s completed", action_id)
    return Action.objects.get(pk=action_id)


# ---- review audits -----------------------------------------------------------------------------


def schedule_review(audit_id: int, auditor: str, month: dt.date | None = None) -> Audit:
    """A later audit of the same child that checks the earlier audit's actions were done."""
    earlier = Audit.objects.get(pk=audit_id)
    if earlier.completed_date is None:
        raise AuditError("only a completed audit can be reviewed")
    month_start, month_end = month_bounds(month or timezone.localdate())
    review = Audit(
        tool=_tool(earlier.tool.key),
        review_of=earlier,
        source=Audit.MANUAL,
        child_id=earlier.child_id,
        case_type=earlier.case_type,
        team_id=earlier.team_id,
        worker_id=earlier.worker_id,
        month=month_start,
        review_from=earlier.completed_date,
        review_to=month_end,
    )
    if auditor:
        _check_free(review, auditor, "audit")
    review.auditor = auditor
    review.save()
    return review
