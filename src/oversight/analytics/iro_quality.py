"""Conference and review quality figures, and step-downs whose CIN plan closed early. No Django.

A meeting-record frame: kind, chair, meeting_date, reports_shared (bool),
shared_working_days_before (int or null), agencies_reported (int count),
agencies_attended (int count), participation (PN code or ""), midway_check (bool).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.workdays import add_months

MEETING_SCHEMA = {
    "kind": pl.String,
    "chair": pl.String,
    "meeting_date": pl.Date,
    "reports_shared": pl.Boolean,
    "shared_working_days_before": pl.Int64,
    "agencies_reported": pl.Int64,
    "agencies_attended": pl.Int64,
    "participation": pl.String,
    "midway_check": pl.Boolean,
}


def _pct(expr: pl.Expr) -> pl.Expr:
    return (expr.cast(pl.Float64).mean() * 100).round(2)


def by_chair_and_month(frame: pl.DataFrame) -> list[dict]:
    """Per chair and month: meetings recorded, % reports shared, median working days shared before,
    % with a midway check (looked-after reviews), % of reviews where the child spoke or conveyed views (PN1-PN6)."""
    if frame.is_empty():
        return []
    lac = pl.col("kind") == "cla_review"
    return (
        frame.with_columns(pl.col("meeting_date").dt.truncate("1mo").alias("month"))
        .group_by("chair", "month")
        .agg(
            pl.len().alias("meetings"),
            _pct(pl.col("reports_shared")).alias("reports_shared_pct"),
            pl.col("shared_working_days_before").median().alias("median_days_shared_before"),
            pl.col("agencies_attended").mean().round(2).alias("mean_agencies_attended"),
            lac.sum().alias("reviews"),
            (_pct(pl.col("midway_check").filter(lac))).alias("midway_check_pct"),
            (_pct(pl.col("participation").filter(lac).is_in([f"PN{i}" for i in range(1, 7)]))).alias(
                "views_conveyed_pct"
            ),
        )
        .sort("month", "chair", descending=[True, False])
        .to_dicts()
    )


def closed_early(step_downs: pl.DataFrame, cin_plans: pl.DataFrame, months: int) -> pl.DataFrame:
    """Step-downs (child_id, step_down_date, step_down_id) whose child's CIN plan, started from a week
    before the step-down, closed within MONTHS of it."""
    plans = cin_plans.select(
        pl.col("cinp_person_id").alias("child_id"),
        pl.col("cinp_cin_plan_start_date").alias("start"),
        pl.col("cinp_cin_plan_end_date").alias("end"),
    ).filter(pl.col("end").is_not_null())
    joined = step_downs.join(plans, on="child_id").filter(
        (pl.col("start") >= pl.col("step_down_date") - pl.duration(days=7))
        & (pl.col("end") >= pl.col("step_down_date"))
    )
    limit = pl.col("step_down_date").map_elements(lambda d: add_months(d, months), return_dtype=pl.Date)
    return (
        joined.filter(pl.col("end") <= limit)
        .group_by("step_down_id")
        .agg(pl.col("child_id").first(), pl.col("step_down_date").first(), pl.col("end").min().alias("cin_plan_closed"))
        .sort("step_down_date")
    )


def meetings_held(frames: dict, as_at: dt.date, since: dt.date) -> pl.DataFrame:
    """kind, meeting_ref, child_id, meeting_date: conferences and reviews held in [SINCE, AS_AT]."""
    parts = [
        frames["ssd_initial_cp_conference"].select(
            pl.lit("icpc").alias("kind"),
            pl.col("icpc_icpc_id").alias("meeting_ref"),
            pl.col("icpc_person_id").alias("child_id"),
            pl.col("icpc_icpc_date").alias("meeting_date"),
        ),
        frames["ssd_cp_reviews"].select(
            pl.lit("cp_review").alias("kind"),
            pl.col("cppr_cp_review_id").alias("meeting_ref"),
            pl.col("cppr_person_id").alias("child_id"),
            pl.col("cppr_cp_review_date").alias("meeting_date"),
        ),
        frames["ssd_cla_reviews"].select(
            pl.lit("cla_review").alias("kind"),
            pl.col("clar_cla_review_id").alias("meeting_ref"),
            pl.col("clar_cla_person_id").alias("child_id"),
            pl.col("clar_cla_review_date").alias("meeting_date"),
        ),
    ]
    return pl.concat(parts).filter((pl.col("meeting_date") >= since) & (pl.col("meeting_date") <= as_at))


def chair_of(meetings: pl.DataFrame, involvements: pl.DataFrame, iro_roles: list[str]) -> pl.DataFrame:
    """MEETINGS with chair_id: the IRO or chair holding the child on the meeting date (latest allocated)."""
    iro = involvements.filter(pl.col("invo_professional_role_id").is_in(iro_roles)).select(
        pl.col("invo_person_id").alias("child_id"),
        pl.col("invo_professional_id").alias("chair_id"),
        pl.col("invo_involvement_start_date").alias("s"),
        pl.col("invo_involvement_end_date").alias("e"),
    )
    held = (
        meetings.join(iro, on="child_id", how="left")
        .filter(
            pl.col("s").is_null()
            | (
                (pl.col("s") <= pl.col("meeting_date"))
                & (pl.col("e").is_null() | (pl.col("e") > pl.col("meeting_date")))
            )
        )
        .sort("s", descending=True, nulls_last=True)
        .unique(["kind", "meeting_ref"], keep="first")
    )
    return meetings.join(held.select("kind", "meeting_ref", "chair_id"), on=["kind", "meeting_ref"], how="left")
