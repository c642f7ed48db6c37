"""Reads for the audit pages and CLI: queues, the auditor's view of a child, figures."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q

from oversight.accounts import roles, scope
from oversight.analytics import audits as A
from oversight.audits.models import Action, Answer, Audit, Escalation, Tool
from oversight.config import section
from oversight.people import frames, ssd
from oversight.people import models as people
from oversight.people import queries as people_queries


def scale(tool: Tool | None = None) -> A.Scale:
    cfg = section("audits")
    labels = tuple(tool.scale) if tool and tool.scale else tuple(cfg["scale"])
    return A.Scale(labels, dict(cfg.get("grade_aliases", {})))


def current_tools() -> list[Tool]:
    """The latest version of each tool (call services.sync_tools first to pick up edited files)."""
    latest: dict[str, Tool] = {}
    for tool in Tool.objects.order_by("key", "-version"):
        latest.setdefault(tool.key, tool)
    return list(latest.values())


def case_frame(table_name: str, **filters) -> pl.DataFrame:
    """Some rows of one SSD table as a frame with SSD column names."""
    t = ssd.table(table_name)
    rows = t.model.objects.filter(**filters).values_list(*[c.field for c in t.columns])
    return pl.DataFrame(list(rows), schema=frames.schema(t), orient="row")


def users_frame() -> pl.DataFrame:
    from oversight.accounts.models import User

    rows = User.objects.filter(is_active=True).values_list("username", "role", "professional_id", "team_id")
    return pl.DataFrame(
        list(rows),
        schema={"username": pl.String, "role": pl.String, "professional_id": pl.String, "team_id": pl.String},
        orient="row",
    )


def conflicted_usernames(child_id: str, worker_id: str, team_id: str, day: dt.date) -> set[str]:
    """Users who may not audit or moderate CHILD_ID now (see analytics.audits.conflicts)."""
    current = A.allocations(
        {
            "ssd_involvements": case_frame("ssd_involvements", person_id=child_id),
            "ssd_professionals": case_frame("ssd_professionals"),
        },
        day,
        section("involvements")["case_worker_roles"],
        section("involvements")["personal_adviser_roles"],
    )
    rows = [{"child_id": child_id, "worker_id": worker_id or None, "team_id": team_id or None}]
    rows += [
        {"child_id": child_id, "worker_id": r["worker_id"], "team_id": r["team_id"]}
        for r in current.iter_rows(named=True)
    ]
    sample = pl.DataFrame(rows, schema={"child_id": pl.String, "worker_id": pl.String, "team_id": pl.String})
    found = A.conflicts(
        sample, case_frame("ssd_involvements", person_id=child_id), case_frame("ssd_professionals"), users_frame(), day
    )
    return set(found.get_column("username").to_list())


def auditor_choices(audit: Audit, day: dt.date) -> list[tuple[str, str]]:
    """(username, label) of users who may be given AUDIT: auditor roles, team and senior managers, none in conflict."""
    from oversight.accounts.models import User

    pool_roles = set(section("audits")["auditor_roles"]) | {roles.TEAM_MANAGER, roles.SENIOR_MANAGER}
    barred = conflicted_usernames(audit.child_id, audit.worker_id, audit.team_id, day)
    users = User.objects.filter(is_active=True, role__in=pool_roles).exclude(username__in=barred).order_by("username")
    return [(u.username, f"{u.get_full_name() or u.username} ({u.get_role_display()})") for u in users]


# ---- queues ------------------------------------------------------------------------------------


def my_audits(user):
    return (
        Audit.objects.filter(auditor=user.username)
        .exclude(status=Audit.FINAL)
        .exclude(source=Audit.IMPORTED)
        .select_related("tool")
    )


def moderation_queue(user):
    """Submitted audits waiting for a moderator, and those this user has taken."""
    return (
        Audit.objects.filter(status=Audit.SUBMITTED)
        .exclude(source=Audit.IMPORTED)
        .exclude(auditor=user.username)
        .filter(Q(moderator="") | Q(moderator=user.username))
        .select_related("tool")
    )


def all_audits(month: dt.date | None = None, status: str = ""):
    qs = Audit.objects.select_related("tool")
    if month:
        qs = qs.filter(month=month)
    if status:
        qs = qs.filter(status=status)
    return qs


def escalations_for(user, include_resolved: bool = False):
    """Escalations raised to USER (as team manager or head of service) or by them; all for coordinators."""
    from oversight.audits.access import is_coordinator

    qs = Escalation.objects.all()
    if not include_resolved:
        qs = qs.filter(resolved_at__isnull=True)
    if not is_coordinator(user):
        qs = qs.filter(Q(recipients__username=user.username) | Q(raised_by=user.username)).distinct()
    return qs.order_by("due_date", "id")


def actions_for(user):
    """Open actions this user owns, or on audits of their team if they manage one; all for coordinators."""
    from oversight.audits.access import is_coordinator

    qs = Action.objects.filter(status=Action.OPEN).select_related("audit")
    if is_coordinator(user):
        return qs
    mine = Q(owner=user.username) | Q(created_by=user.username)
    if user.professional_id:
        mine |= Q(owner=user.professional_id)
    if user.role == roles.TEAM_MANAGER and user.team_id:
        mine |= Q(audit__team_id__in=scope.team_ids(user.team_id))
    return qs.filter(mine)


def overdue_actions(day: dt.date):
    return Action.objects.filter(status=Action.OPEN, due_date__lt=day).select_related("audit")


def open_escalations():
    return Escalation.objects.filter(resolved_at__isnull=True).order_by("due_date", "id")


def actions_to_check(audit: Audit):
    """Actions from this child's earlier audits, for a later audit to check."""
    return (
        Action.objects.filter(audit__child_id=audit.child_id, audit__completed_date__isnull=False)
        .exclude(audit=audit)
        .filter(Q(checked_by__isnull=True) | Q(checked_by=audit))
        .select_related("audit")
        .order_by("due_date", "id")
    )


# ---- the auditor's view of the child -----------------------------------------------------------


def child_view(audit: Audit, day: dt.date) -> dict:
    """The child's record and chronology for the review period."""
    person = people.Person.objects.filter(person_id=audit.child_id).first()
    return {
        "person": person,
        "allocations": people_queries.current_allocations(audit.child_id, day),
        "events": people_queries.chronology(audit.child_id, since=audit.review_from, until=audit.review_to),
    }


def answer_rows(audit: Audit) -> list[dict]:
    answers = {a.question: a for a in audit.answers.all()}
    return [{"question": q, "answer": answers.get(q["key"])} for q in audit.tool.questions]


# ---- figures -----------------------------------------------------------------------------------

_AUDIT_SCHEMA = {
    "audit_id": pl.Int64,
    "tool_id": pl.Int64,
    "child_id": pl.String,
    "team_id": pl.String,
    "auditor": pl.String,
    "completed_date": pl.Date,
    "grade": pl.String,
    "moderated_grade": pl.String,
}


def _blank_to_null(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return frame.with_columns([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in columns])


def scales_frame() -> pl.DataFrame:
    rows = [(t.pk, label, rank) for t in Tool.objects.all() for rank, label in enumerate(scale(t).labels)]
    return pl.DataFrame(rows, schema={"tool_id": pl.Int64, "grade": pl.String, "rank": pl.Int64}, orient="row")


def audits_frame(start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Graded audits (submitted, final or imported) completed in the period, with grade ranks."""
    rows = (
        Audit.objects.exclude(grade="")
        .exclude(status__in=[Audit.ASSIGNED, Audit.DRAFT])
        .values_list("pk", "tool_id", "child_id", "team_id", "auditor", "completed_date", "grade", "moderated_grade")
    )
    frame = pl.DataFrame(list(rows), schema=_AUDIT_SCHEMA, orient="row")
    frame = _blank_to_null(frame, ["team_id", "grade", "moderated_grade"])
    return A.in_period(A.with_ranks(frame, scales_frame()), start, end)


def answers_frame(audit_ids: list[int]) -> pl.DataFrame:
    rows = (
        Answer.objects.filter(audit_id__in=audit_ids)
        .exclude(grade="")
        .values_list("audit_id", "audit__tool_id", "question", "grade", "moderated_grade")
    )
    frame = pl.DataFrame(
        list(rows),
        schema={
            "audit_id": pl.Int64,
            "tool_id": pl.Int64,
            "question": pl.String,
            "grade": pl.String,
            "moderated_grade": pl.String,
        },
        orient="row",
    )
    return A.with_ranks(_blank_to_null(frame, ["grade", "moderated_grade"]), scales_frame())


def hierarchy() -> pl.DataFrame:
    return A.team_hierarchy(frames.load("ssd_department"))


def report(start: dt.date | None = None, end: dt.date | None = None) -> dict:
    """The moderation report of `oversight audits report` for audits completed from START to END."""
    return A.moderation_report(audits_frame(start, end))


def grades(by: str, start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Final grades month by month for each team, locality, service or question.

    Rows: {"group", "name", "month", "audits", "grades": {grade: count}}, in
    group then month order, grades best first.
    """
    audits = audits_frame(start, end)
    if by == "question":
        long = A.question_grades_by_month(answers_frame(audits.get_column("audit_id").to_list()), audits)
        texts = {}
        for tool in Tool.objects.all():
            for q in tool.questions:
                texts.setdefault(q["key"], q["text"])
        long = long.rename({"question": "group_id", "answers": "audits"}).with_columns(
            group_name=pl.col("group_id").replace_strict(texts, default=pl.col("group_id"), return_dtype=pl.String)
        )
    else:
        long = A.grades_by_month(audits, hierarchy(), by)
    out: list[dict] = []
    for row in long.iter_rows(named=True):
        if not out or (out[-1]["group"], out[-1]["month"]) != (row["group_id"], row["month"]):
            out.append(
                {"group": row["group_id"], "name": row["group_name"], "month": row["month"], "audits": 0, "grades": {}}
            )
        out[-1]["grades"][row["final_grade"]] = row["audits"]
        out[-1]["audits"] += row["audits"]
    good = set(section("audits").get("good_or_better", []))
    for row in out:
        row["good_or_better"] = sum(n for g, n in row["grades"].items() if g in good) / row["audits"]
    return out
