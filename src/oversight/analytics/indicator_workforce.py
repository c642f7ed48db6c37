"""Workforce indicators: caseloads, unallocated children, agency, turnover, worker changes. No Django.

Each reuses the caseload, workforce and cohort engines rather than recounting.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics import caseloads, cohorts
from oversight.analytics.indicator_facts import register
from oversight.analytics.scorecard import Context, Result, count, figures, share
from oversight.analytics.workforce import workforce

# ---- workforce ----------------------------------------------------------------------------------


def _workers(ctx: Context) -> pl.DataFrame:
    return ctx.memo("workers", lambda: caseloads.worker_caseloads(ctx.frames, ctx.days, ctx.rules))


def _caseload_figures(ctx: Context, numerator: str, denominator: str | None, value: str) -> pl.DataFrame:
    workers = _workers(ctx)
    council = caseloads.summary(workers, ctx.days, ctx.rules).select(
        "as_at",
        level=pl.lit("council"),
        group=pl.lit(""),
        numerator=pl.col(numerator),
        denominator=pl.col(denominator) if denominator else pl.lit(None),
        value=pl.col(value),
    )
    parts = [council]
    for level in ("team", "locality"):
        grouped = caseloads.group_caseloads(workers, ctx.frames["ssd_department"], ctx.rules, level)
        parts.append(
            grouped.select(
                "as_at",
                level=pl.lit(level),
                group=pl.col(level),
                numerator=pl.col("cases" if numerator == "cases" else numerator),
                denominator=pl.col("fte") if denominator else pl.lit(None),
                value=pl.col("average_caseload_fte" if value == "average_caseload_fte" else value),
            )
        )
    return pl.concat(parts, how="diagonal_relaxed")


def average_caseload(ctx, ind):
    return figures(_caseload_figures(ctx, "cases", "case_holding_fte", "average_caseload_fte"), ctx)


def workers_over_target(ctx, ind):
    return figures(_caseload_figures(ctx, "workers_over_target", None, "workers_over_target"), ctx)


def unallocated_children(ctx, ind):
    roles, advisers = list(ctx.rules.case_worker_roles), list(ctx.rules.personal_adviser_roles)
    parts = [
        cohorts.unallocated_children(ctx.frames, day, roles, advisers).to_frame("child_id").with_columns(as_at=day)
        for day in ctx.days
    ]
    recs = pl.concat(parts).with_columns(pl.col("as_at").cast(pl.Date), team=pl.lit(None, pl.String))
    return count(recs, ctx, ind)


def _workforce(ctx: Context, numerator: str, denominator: str, value: str) -> Result:
    force = workforce(ctx.frames["ssd_professionals"], ctx.days, ctx.rules.non_workforce_grades)
    return figures(
        force.select(
            "as_at",
            level=pl.lit("council"),
            group=pl.lit(""),
            numerator=pl.col(numerator),
            denominator=pl.col(denominator),
            value=pl.col(value),
        ),
        ctx,
    )


def agency_share_pct(ctx, ind):
    return _workforce(ctx, "agency_fte", "fte", "agency_rate_fte")


def turnover_pct(ctx, ind):
    return _workforce(ctx, "leavers_fte", "in_post_fte", "turnover_rate_fte")


def worker_changes_3plus_pct(ctx, ind):
    open_cases = pl.concat(
        [cohorts.open_case_children(ctx.frames, day).to_frame("child_id").with_columns(as_at=day) for day in ctx.days]
    ).with_columns(pl.col("as_at").cast(pl.Date))
    # Only allocations that can fall in some month-end's 12 months, before the join with every open case.
    since = ctx.days[0].replace(day=1) - dt.timedelta(days=366)
    inv = ctx.frames["ssd_involvements"].filter(
        pl.col("invo_professional_role_id").is_in(list(ctx.rules.case_worker_roles))
        & (pl.col("invo_involvement_start_date") <= ctx.last)
        & (pl.col("invo_involvement_end_date").is_null() | (pl.col("invo_involvement_end_date") > since))
    )
    inv = inv.select(
        child_id="invo_person_id",
        worker="invo_professional_id",
        start="invo_involvement_start_date",
        end="invo_involvement_end_date",
    )
    workers = (
        open_cases.join(inv, on="child_id")
        .filter(
            (pl.col("start") <= pl.col("as_at"))
            & (pl.col("end").is_null() | (pl.col("end") > pl.col("as_at").dt.offset_by("-12mo")))
        )
        .group_by("as_at", "child_id")
        .agg(workers=pl.col("worker").n_unique())
    )
    recs = open_cases.join(workers, on=["as_at", "child_id"], how="left").with_columns(
        flagged=pl.col("workers").fill_null(0) >= 3, team=pl.lit(None, pl.String)
    )
    return share(recs, ctx, ind)


for _id in (
    "average_caseload",
    "workers_over_target",
    "unallocated_children",
    "agency_share_pct",
    "turnover_pct",
    "worker_changes_3plus_pct",
):
    register(_id, globals()[_id])
