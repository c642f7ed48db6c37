"""Indicators computed from Oversight's own workflow records (audits, supervision, IRO escalations). No Django.

The apps hand their records in as frames in Context.records:
    audits        audit_id, tool_id, child_id, team_id, completed_date, grade, moderated_grade,
                  grade_rank, moderated_rank (as audits.queries.audits_frame gives them)
    audit_actions child_id, team, created, due_date, completed_date
    escalations   child_id, team, raised, resolved
    supervision   worker_id, supervisor_id, date, held
"""

from __future__ import annotations

import polars as pl

from oversight.analytics import audits as audit_analytics
from oversight.analytics import supervision as sup
from oversight.analytics.indicator_facts import register
from oversight.analytics.indicators import Indicator, NotMeasurable, percent_expr
from oversight.analytics.scorecard import Context, count, days_frame, figures, in_months, share


def _records(ctx: Context, name: str) -> pl.DataFrame:
    frame = ctx.records.get(name)
    if frame is None:
        raise NotMeasurable(f"no {name} records were loaded")
    return frame


def _graded(ctx: Context) -> pl.DataFrame:
    audits = audit_analytics.final_grades(_records(ctx, "audits"))
    return in_months(audits, "completed_date", ctx).rename({"team_id": "team"})


def audits_good_or_better_pct(ctx: Context, ind: Indicator):
    graded = _graded(ctx).filter(pl.col("final_grade").is_not_null())
    return share(graded.with_columns(flagged=pl.col("final_grade").is_in(list(ctx.good_or_better))), ctx, ind)


def _moderated(ctx: Context) -> pl.DataFrame:
    return _graded(ctx).filter(pl.col("moderated_rank").is_not_null() & pl.col("grade_rank").is_not_null())


def moderation_agreement_pct(ctx: Context, ind: Indicator):
    moderated = _moderated(ctx)
    return share(moderated.with_columns(flagged=pl.col("moderated_rank") == pl.col("grade_rank")), ctx, ind)


def moderation_net_downgrade_pct(ctx: Context, ind: Indicator):
    moderated = _moderated(ctx)
    monthly = moderated.group_by("as_at").agg(
        numerator=(pl.col("moderated_rank") > pl.col("grade_rank")).sum().cast(pl.Int64)
        - (pl.col("moderated_rank") < pl.col("grade_rank")).sum().cast(pl.Int64),
        denominator=pl.len().cast(pl.Int64),
    )
    monthly = monthly.with_columns(
        level=pl.lit("council"), group=pl.lit(""), value=percent_expr("numerator", "denominator")
    )
    result = figures(monthly, ctx)
    result.children = moderated.select(
        "as_at", "child_id", "team", flagged=pl.col("moderated_rank") > pl.col("grade_rank")
    )
    return result


def _open_at_month_ends(frame: pl.DataFrame, since: str, until: str, ctx: Context) -> pl.DataFrame:
    """Rows of FRAME with SINCE on or before a month-end and UNTIL empty or after it, once per such month-end."""
    return frame.join(days_frame(ctx), how="cross").filter(
        pl.col(since).is_not_null()
        & (pl.col(since) <= pl.col("as_at"))
        & (pl.col(until).is_null() | (pl.col(until) > pl.col("as_at")))
    )


def audit_actions_overdue(ctx: Context, ind: Indicator):
    actions = _open_at_month_ends(_records(ctx, "audit_actions"), "created", "completed_date", ctx)
    return count(actions.filter(pl.col("due_date") < pl.col("as_at")), ctx, ind)


def welfare_escalations_open(ctx: Context, ind: Indicator):
    return count(_open_at_month_ends(_records(ctx, "escalations"), "raised", "resolved", ctx), ctx, ind)


def supervision_on_time_pct(ctx: Context, ind: Indicator):
    sessions = _records(ctx, "supervision")
    standards, grades = ctx.supervision_standards or (sup.parse_standards({"other": [{"every": "1 month"}]}), [])
    rows = sup.compliance(ctx.frames["ssd_professionals"], sessions, ctx.days, standards, grades)
    if rows.is_empty():
        raise NotMeasurable("no supervised workers (grades in [performance.supervision] grades) are employed")
    return share(rows.with_columns(flagged=pl.col("on_time")), ctx, ind)


def iro_raised(escalations: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """IRO escalation stages raised in each month (the IRO app's escalation frame: child_id, team_id, raised_date)."""
    return in_months(escalations, "raised_date", ctx).select("as_at", "child_id", team=pl.col("team_id"))


def iro_overdue(escalations: pl.DataFrame, ctx: Context, with_status) -> pl.DataFrame:
    """Stages overdue at each month-end, by the IRO app's own status rule (WITH_STATUS(frame, day))."""
    parts = [
        with_status(escalations.filter(pl.col("raised_date") <= day), day)
        .filter(pl.col("status") == "overdue")
        .select(pl.lit(day).alias("as_at"), "child_id", team=pl.col("team_id"))
        for day in ctx.days
    ]
    return pl.concat(parts).with_columns(pl.col("as_at").cast(pl.Date)) if parts else pl.DataFrame()


def _provided(indicator_id: str):
    def compute(ctx: Context, ind: Indicator):
        provider = ctx.providers.get(indicator_id)
        if provider is None:
            raise NotMeasurable("not yet available: the capability that counts it is not yet in Oversight")
        return count(provider(ctx), ctx, ind)

    return compute


for _id, _fn in {
    "audits_good_or_better_pct": audits_good_or_better_pct,
    "moderation_agreement_pct": moderation_agreement_pct,
    "moderation_net_downgrade_pct": moderation_net_downgrade_pct,
    "audit_actions_overdue": audit_actions_overdue,
    "welfare_escalations_open": welfare_escalations_open,
    "supervision_on_time_pct": supervision_on_time_pct,
    "iro_escalations_raised": _provided("iro_escalations_raised"),
    "iro_escalations_overdue": _provided("iro_escalations_overdue"),
}.items():
    register(_id, _fn)
