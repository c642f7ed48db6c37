"""Drift signals for the children each IRO or CP chair reviews, on a date. No Django.

Signals (one row per child and signal):
- `overdue_clocks`: statutory clocks overdue (the timeliness engine's items, passed in);
- `assessment_open_at_review`: an assessment still open, with two or more CP or
  looked-after reviews held since it started;
- `long_cp_plan`: a CP plan open longer than CP_MONTHS;
- `unallocated`: an open case with no allocated case worker;
- `worker_changes`: more than MAX_CHANGES changes of case worker in the last CHANGE_MONTHS.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.workdays import add_months

SIGNALS = {
    "overdue_clocks": "Statutory clocks overdue",
    "assessment_open_at_review": "Assessment still open at the second review",
    "long_cp_plan": "Child protection plan open over the limit",
    "unallocated": "No allocated social worker",
    "worker_changes": "Changes of social worker",
}
OUT = {"professional_id": pl.String, "child_id": pl.String, "signal": pl.String, "detail": pl.String}


def _open(start: str, end: str, day: dt.date) -> pl.Expr:
    d = pl.lit(day, pl.Date)
    return (pl.col(start) <= d) & (pl.col(end).is_null() | (pl.col(end) > d))


def reviewed_by(frames: dict, iro_roles: list[str], as_at: dt.date) -> pl.DataFrame:
    """professional_id, child_id: the children each IRO or chair holds on AS_AT."""
    inv = frames["ssd_involvements"]
    return (
        inv.filter(
            pl.col("invo_professional_role_id").is_in(iro_roles)
            & _open("invo_involvement_start_date", "invo_involvement_end_date", as_at)
        )
        .select(pl.col("invo_professional_id").alias("professional_id"), pl.col("invo_person_id").alias("child_id"))
        .unique()
    )


def _one(frame: pl.DataFrame, signal: str, detail: pl.Expr) -> pl.DataFrame:
    return frame.select("child_id", pl.lit(signal).alias("signal"), detail.cast(pl.String).alias("detail"))


def signals(
    frames: dict[str, pl.DataFrame],
    as_at: dt.date,
    *,
    iro_roles: list[str],
    case_worker_roles: list[str],
    overdue_items: pl.DataFrame,
    cp_months: int = 18,
    max_changes: int = 2,
    change_months: int = 12,
) -> pl.DataFrame:
    held = reviewed_by(frames, iro_roles, as_at)
    children = held.select("child_id").unique()
    found = []

    overdue = overdue_items.filter(pl.col("status") == "overdue").group_by("child_id").agg(pl.len().alias("n"))
    found.append(_one(overdue, "overdue_clocks", pl.concat_str(pl.col("n"), pl.lit(" clock(s) overdue"))))

    a = frames["ssd_cin_assessments"].filter(
        (pl.col("cina_assessment_start_date") <= as_at) & pl.col("cina_assessment_auth_date").is_null()
    )
    reviews = pl.concat(
        [
            frames["ssd_cp_reviews"].select(
                pl.col("cppr_person_id").alias("child_id"), pl.col("cppr_cp_review_date").alias("day")
            ),
            frames["ssd_cla_reviews"].select(
                pl.col("clar_cla_person_id").alias("child_id"), pl.col("clar_cla_review_date").alias("day")
            ),
        ]
    ).filter(pl.col("day").is_not_null() & (pl.col("day") <= as_at))
    open_at = (
        a.select(pl.col("cina_person_id").alias("child_id"), pl.col("cina_assessment_start_date").alias("start"))
        .join(reviews, on="child_id")
        .filter(pl.col("day") >= pl.col("start"))
        .group_by("child_id", "start")
        .agg(pl.len().alias("n"))
        .filter(pl.col("n") >= 2)
        .group_by("child_id")
        .agg(pl.col("start").min())
    )
    found.append(
        _one(
            open_at,
            "assessment_open_at_review",
            pl.concat_str(pl.lit("assessment open since "), pl.col("start").cast(pl.String)),
        )
    )

    limit = add_months(as_at, -cp_months)
    plans = frames["ssd_cp_plans"].filter(
        _open("cppl_cp_plan_start_date", "cppl_cp_plan_end_date", as_at) & (pl.col("cppl_cp_plan_start_date") < limit)
    )
    long_plans = plans.group_by(pl.col("cppl_person_id").alias("child_id")).agg(
        pl.col("cppl_cp_plan_start_date").min().alias("start")
    )
    found.append(
        _one(long_plans, "long_cp_plan", pl.concat_str(pl.lit("plan open since "), pl.col("start").cast(pl.String)))
    )

    inv = frames["ssd_involvements"]
    cw = inv.filter(pl.col("invo_professional_role_id").is_in(case_worker_roles))
    allocated = cw.filter(_open("invo_involvement_start_date", "invo_involvement_end_date", as_at)).select(
        pl.col("invo_person_id").alias("child_id")
    )
    unallocated = children.join(allocated.unique(), on="child_id", how="anti")
    found.append(_one(unallocated, "unallocated", pl.lit("no allocated social worker")))

    since = add_months(as_at, -change_months)
    first = cw.group_by("invo_person_id").agg(pl.col("invo_involvement_start_date").min().alias("first"))
    changes = (
        cw.join(first, on="invo_person_id")
        .filter(
            (pl.col("invo_involvement_start_date") > since)
            & (pl.col("invo_involvement_start_date") <= as_at)
            & (pl.col("invo_involvement_start_date") > pl.col("first"))
        )
        .group_by(pl.col("invo_person_id").alias("child_id"))
        .agg(pl.col("invo_professional_id").n_unique().alias("n"))
        .filter(pl.col("n") > max_changes)
    )
    found.append(
        _one(changes, "worker_changes", pl.concat_str(pl.col("n"), pl.lit(f" changes in {change_months} months")))
    )

    out = pl.concat(found).join(held, on="child_id")
    return out.select(list(OUT)).cast(OUT).sort(["professional_id", "child_id", "signal"])
