"""The social work workforce on a date: headcount, FTE, agency share, starters, leavers, turnover.

Follows the DfE children's social work workforce census: "in post" means
employed by the council (not agency); agency rate = agency / (in post +
agency); turnover = leavers in the 12 months to the date / in post on the
date. Both headcount and FTE forms are given; the DfE headline uses FTE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

CENSUS_MONTH, CENSUS_DAY = 9, 30

# England, children and family social workers, at 30 September. Source:
# shared/reference/national-figures.md §1 (DfE workforce census on
# explore-education-statistics; evidence P = DfE data set, S = press report of it).
NATIONAL = {
    2020: {"evidence": "P/S", "turnover_rate_fte": 13.5, "caseload_fte": 16.3},
    2021: {
        "evidence": "S",
        "in_post_fte": 32502.0,
        "agency_fte": 5977.0,
        "agency_rate_fte": 15.5,
        "turnover_rate_fte": 15.4,
        "caseload_fte": 16.3,
    },
    2022: {"evidence": "S", "in_post_fte": 31600.0, "agency_rate_fte": 17.6, "caseload_fte": 16.6},
    2023: {
        "evidence": "P",
        "in_post_fte": 33119.1,
        "in_post_headcount": 35199,
        "agency_fte": 7173.5,
        "agency_headcount": 7429,
        "agency_rate_fte": 17.8,
        "agency_rate_headcount": 17.4,
        "starters_fte": 6027.5,
        "starters_headcount": 6247,
        "leavers_fte": 5254.6,
        "leavers_headcount": 5640,
        "turnover_rate_fte": 15.9,
        "turnover_rate_headcount": 16.0,
        "cases": 337055,
        "case_holding_fte": 21111.4,
        "caseload_fte": 16.0,
    },
    2024: {"evidence": "S", "turnover_rate_fte": 13.8, "caseload_fte": 15.4},
}


def dates(days: Iterable[dt.date]) -> pl.Series:
    """Distinct dates, sorted, as the "as_at" series every per-date frame is keyed on."""
    return pl.Series("as_at", sorted(set(days)), dtype=pl.Date)


def staff(professionals: pl.DataFrame) -> pl.DataFrame:
    """Professionals with plain column names; missing FTE counts as 1.0 (full time)."""
    return professionals.select(
        pl.col("prof_professional_id").alias("worker_id"),
        pl.col("prof_professional_name").fill_null("").alias("name"),
        pl.col("prof_grade").fill_null("").alias("grade"),
        pl.col("prof_team_id").fill_null("").alias("home_team"),
        pl.col("prof_full_time_equivalency").cast(pl.Float64).fill_null(1.0).alias("fte"),
        pl.col("prof_agency_worker_flag")
        .fill_null("")
        .str.strip_chars()
        .str.to_uppercase()
        .is_in(["Y", "YES", "1", "TRUE"])
        .alias("agency"),
        pl.col("prof_qualified_date").alias("qualified_date"),
        pl.col("prof_start_date").alias("start_date"),
        pl.col("prof_end_date").alias("end_date"),
    )


def employed(day: str = "as_at") -> pl.Expr:
    """Employed on DAY: the rule of `cohorts.employed_on`, as an expression over a date column."""
    started = pl.col("start_date").is_null() | (pl.col("start_date") <= pl.col(day))
    not_left = pl.col("end_date").is_null() | (pl.col("end_date") > pl.col(day))
    return started & not_left


def workforce(
    professionals: pl.DataFrame, days: Iterable[dt.date], non_workforce_grades: Iterable[str] = ()
) -> pl.DataFrame:
    """Per date: headcount and FTE (all, in post, agency), starters and leavers in the 12 months to it, rates in %.

    Starters and leavers are council employees (not agency) whose start or
    end date falls after the same date a year before and on or before the
    date (an end date is the first day no longer employed).
    """
    d = dates(days)
    window = d.to_frame().with_columns(pl.col("as_at").dt.offset_by("-1y").alias("year_before"))
    people = staff(professionals).filter(~pl.col("grade").is_in(list(non_workforce_grades)))
    x = people.join(window, how="cross")
    on = employed()
    own = ~pl.col("agency")
    started = (
        pl.col("start_date").is_not_null()
        & (pl.col("start_date") > pl.col("year_before"))
        & (pl.col("start_date") <= pl.col("as_at"))
    )
    left = (
        pl.col("end_date").is_not_null()
        & (pl.col("end_date") > pl.col("year_before"))
        & (pl.col("end_date") <= pl.col("as_at"))
    )
    agg = x.group_by("as_at").agg(
        on.sum().cast(pl.Int64).alias("headcount"),
        pl.col("fte").filter(on).sum().alias("fte"),
        (on & own).sum().cast(pl.Int64).alias("in_post_headcount"),
        pl.col("fte").filter(on & own).sum().alias("in_post_fte"),
        (on & pl.col("agency")).sum().cast(pl.Int64).alias("agency_headcount"),
        pl.col("fte").filter(on & pl.col("agency")).sum().alias("agency_fte"),
        (own & started).sum().cast(pl.Int64).alias("starters_headcount"),
        pl.col("fte").filter(own & started).sum().alias("starters_fte"),
        (own & left).sum().cast(pl.Int64).alias("leavers_headcount"),
        pl.col("fte").filter(own & left).sum().alias("leavers_fte"),
    )
    counts = ["headcount", "in_post_headcount", "agency_headcount", "starters_headcount", "leavers_headcount"]
    ftes = ["fte", "in_post_fte", "agency_fte", "starters_fte", "leavers_fte"]
    out = (
        d.to_frame()
        .join(agg, on="as_at", how="left")
        .with_columns(pl.col(*counts).fill_null(0), pl.col(*ftes).fill_null(0.0))
    )
    return out.with_columns(
        _pct("agency_headcount", "headcount").alias("agency_rate_headcount"),
        _pct("agency_fte", "fte").alias("agency_rate_fte"),
        _pct("leavers_headcount", "in_post_headcount").alias("turnover_rate_headcount"),
        _pct("leavers_fte", "in_post_fte").alias("turnover_rate_fte"),
    ).sort("as_at")


def _pct(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then(100 * pl.col(part) / pl.col(whole))


def census_day(year: int) -> dt.date:
    return dt.date(year, CENSUS_MONTH, CENSUS_DAY)
