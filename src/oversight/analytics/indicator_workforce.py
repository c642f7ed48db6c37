"""Workforce indicators: caseloads, unallocated children, agency, turnover, worker changes. No Django.

Each reuses the caseload, workforce and cohort engines rather than recounting.
"""

from __future__ import annotations

import polars as pl

from oversight.analytics import caseloads, cohorts
from oversight.analytics.caseloads import _EXPLODE
from oversight.analytics.caseloads import FAR_FUTURE as FAR_DAY
from oversight.analytics.indicator_facts import open_on_days, register
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


def open_case_records(ctx: Context) -> pl.DataFrame:
    """as_at, child_id: children with an open case at each month-end, as `cohorts.open_case_children` counts them."""
    parts = [
        open_on_days(ctx.frames[table], start, end, ctx).select("as_at", child_id=pl.col(person))
        for table, person, start, end in (
            ("ssd_cin_episodes", "cine_person_id", "cine_referral_date", "cine_close_date"),
            ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
            ("ssd_cla_episodes", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
        )
    ]
    # A care-leaver row without a start date is current from the beginning (as cohorts.care_leaver_children).
    leavers = ctx.frames["ssd_care_leavers"].with_columns(
        pl.col("clea_care_leaver_start_date").fill_null(pl.date(1900, 1, 1)).alias("_start")
    )
    parts.append(
        open_on_days(leavers, "_start", "clea_care_leaver_end_date", ctx).select("as_at", child_id="clea_person_id")
    )
    return pl.concat(parts).unique()


def worker_changes_3plus_pct(ctx, ind):
    """Open cases at each month-end whose case-worker allocations in the 12 months to it name 3 or more workers.

    An allocation counts at a month-end when it started on or before it and
    had not ended on or before the same day a year earlier; each is expanded
    only over the month-ends it counts at (binary search on the sorted dates).
    """
    open_cases = open_case_records(ctx)
    days = pl.Series("as_at", ctx.days, dtype=pl.Date)
    year_before = days.dt.offset_by("-12mo")
    inv = ctx.frames["ssd_involvements"].filter(
        pl.col("invo_professional_role_id").is_in(list(ctx.rules.case_worker_roles))
        & pl.col("invo_involvement_start_date").is_not_null()
    )
    first = days.search_sorted(inv.get_column("invo_involvement_start_date"), side="left")
    stop = year_before.search_sorted(inv.get_column("invo_involvement_end_date").fill_null(FAR_DAY), side="left")
    index = pl.DataFrame({"_i": pl.Series(range(len(days)), dtype=pl.UInt32), "as_at": days})
    held = (
        inv.select(child_id="invo_person_id", worker="invo_professional_id")
        .with_columns(_i=pl.int_ranges(first, stop, dtype=pl.UInt32))
        .filter(pl.col("_i").list.len() > 0)
        .explode("_i", **_EXPLODE)
        .join(index, on="_i")
        .group_by("as_at", "child_id")
        .agg(workers=pl.col("worker").n_unique())
    )
    recs = open_cases.join(held, on=["as_at", "child_id"], how="left").with_columns(
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
