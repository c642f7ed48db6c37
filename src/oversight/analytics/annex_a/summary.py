"""What the Annex A says, and how a practice run compares with the one before.

The summary reads the lists themselves (not the case data behind them), as an
inspector reading the workbook would. A figure the lists cannot support is
given as None with the reason, never as a number.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.annex_a.common import Context, months_before
from oversight.analytics.workdays import WorkingDayCalendar

UNALLOCATED = "Unallocated"


def _share(numerator: int, denominator: int, why: str) -> dict:
    if not denominator:
        return {"value": None, "numerator": 0, "denominator": 0, "not_measurable": why}
    return {"value": round(100 * numerator / denominator, 1), "numerator": numerator, "denominator": denominator}


def summary(lists: dict[int, pl.DataFrame], as_at: dt.date, calendar: WorkingDayCalendar, due_days: int) -> dict:
    """Headline measures from the lists: each a share with its numerator and denominator."""
    out: dict[str, dict] = {}
    leavers = lists[9]
    out["care_leavers_in_touch"] = _share(
        leavers.filter(pl.col("in_touch") == "a) Yes").height, leavers.height, "no care leavers in List 9"
    )
    rated = leavers.filter(pl.col("suitability").is_not_null())
    out["care_leavers_suitable_accommodation"] = _share(
        rated.filter(pl.col("suitability") == "a) Suitable").height,
        rated.height,
        "no care leaver in List 9 has a suitability of accommodation",
    )
    done = lists[4].filter(pl.col("asmt_auth").is_not_null())
    if done.height:
        days = calendar.between_series(done.get_column("asmt_start"), done.get_column("asmt_auth"))
        on_time = int((days <= due_days).sum())
    else:
        on_time = 0
    out["assessments_within_timescale"] = _share(
        on_time, done.height, "no assessment in List 4 has an authorisation date"
    )
    out["assessments_within_timescale"]["due_working_days"] = due_days
    refs = lists[3]
    out["repeat_referrals"] = _share(
        refs.filter(pl.col("referrals_12m") > 1).height, refs.height, "no referrals in List 3"
    )
    cp = lists[7]
    out["second_cp_plans"] = _share(
        cp.filter(pl.col("previous_plans") > 0).height, cp.height, "no child protection plans in List 7"
    )
    out["children_without_a_worker"] = _without_worker(lists)
    return out


def _without_worker(lists: dict[int, pl.DataFrame]) -> dict:
    """Children open on the as-at date in Lists 6-9 with no allocated worker (a care leaver: nor adviser)."""
    parts = [
        lists[6].filter(pl.col("cin_end").is_null()).select("child_id", "worker"),
        lists[7].filter(pl.col("cp_end").is_null()).select("child_id", "worker"),
        lists[8].filter(pl.col("cla_end").is_null()).select("child_id", "worker"),
        lists[9].select(
            "child_id",
            pl.when((pl.col("worker") == UNALLOCATED) & (pl.col("pa") == UNALLOCATED))
            .then(pl.lit(UNALLOCATED))
            .otherwise(pl.lit("held"))
            .alias("worker"),
        ),
    ]
    every = pl.concat(parts)
    children = every.get_column("child_id").n_unique()
    without = every.filter(pl.col("worker") == UNALLOCATED).get_column("child_id").n_unique()
    return _share(without, children, "no open cases in Lists 6 to 9")


def repeat_referrals(ctx: Context) -> pl.DataFrame:
    """Re-referrals in List 3's period: referrals with another referral of the child in the 12 months before.

    Columns child_id, referral_id, referral_date, previous_date.
    """
    a = ctx.as_at
    refs = (
        ctx.table("ssd_cin_episodes")
        .filter(pl.col("cine_referral_date") <= a)
        .select(
            pl.col("cine_person_id").alias("child_id"),
            pl.col("cine_referral_id").alias("referral_id"),
            pl.col("cine_referral_date").alias("referral_date"),
        )
    )
    recent = refs.filter(pl.col("referral_date") > months_before(a, 6))
    earlier = refs.select("child_id", pl.col("referral_date").alias("previous_date"))
    return (
        recent.join(earlier, on="child_id")
        .filter(
            (pl.col("previous_date") < pl.col("referral_date"))
            & (pl.col("previous_date") > pl.col("referral_date").dt.offset_by("-12mo"))
        )
        .group_by("child_id", "referral_id", "referral_date")
        .agg(pl.col("previous_date").max())
        .sort("referral_date", "child_id")
    )


def members(lists: dict[int, pl.DataFrame]) -> dict[str, list[str]]:
    """Per list, the distinct children (List 11: adopters) in it, sorted."""
    out = {}
    for n, f in sorted(lists.items()):
        col = "adopter_id" if n == 11 else "child_id"
        out[f"List {n}"] = sorted(f.get_column(col).drop_nulls().unique().to_list())
    return out


def compare(
    previous: dict[str, list[str]] | None,
    current: dict[str, list[str]],
    previous_counts: dict[str, int] | None,
    counts: dict[str, int],
    threshold_percent: float,
) -> tuple[dict, list[dict]]:
    """Children in and out of each list since the previous run, and counts that moved by more than THRESHOLD_PERCENT."""
    if previous is None or previous_counts is None:
        return {}, []
    changes, moved = {}, []
    for name, ids in current.items():
        before = set(previous.get(name, []))
        now = set(ids)
        changes[name] = {"in": sorted(now - before), "out": sorted(before - now)}
    for name, n in counts.items():
        old = previous_counts.get(name, 0)
        if old == 0:
            if n:
                moved.append({"list": name, "previous": old, "current": n, "change_percent": None})
            continue
        pct = round(100 * (n - old) / old, 1)
        if abs(pct) > threshold_percent:
            moved.append({"list": name, "previous": old, "current": n, "change_percent": pct})
    return changes, moved
