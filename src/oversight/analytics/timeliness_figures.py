"""Figures from timeliness items: counts per status, percent on time, percent done in time. No Django.

Both percentages are given to one decimal place with halves rounded up (1 of 16
is 6.3), in whole numbers so no float decides a tie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from oversight.analytics.measurability import Measurability
from oversight.analytics.rulebook import Rulebook

STATUSES = ("on_time", "late", "overdue", "due_soon", "open")


def in_period(items: pl.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Items whose due date falls from START to END (both included; either may be open)."""
    test = pl.lit(True)
    if start:
        test = test & (pl.col("due_date") >= start)
    if end:
        test = test & (pl.col("due_date") <= end)
    return items.filter(test)


def _counts(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    aggs = [pl.len().cast(pl.Int64).alias("items")] + [
        (pl.col("status") == s).sum().cast(pl.Int64).alias(s) for s in STATUSES
    ]
    out = frame.group_by(by).agg(aggs) if by else frame.select(aggs)
    measured = pl.col("on_time") + pl.col("late") + pl.col("overdue")
    # To one decimal place, halves up (1 of 16 is 6.3), in whole numbers so no float decides a tie.
    tenths = (2000 * pl.col("on_time") + measured) // (2 * measured)
    return out.with_columns(percent_on_time=pl.when(measured > 0).then((tenths / 10).round(1)))


def _percent(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    tenths = (2000 * part + whole) // (2 * whole)
    return pl.when(whole > 0).then((tenths / 10).round(1))


def completed_in_period(items: pl.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Items whose event was done from START to END (both included), whenever they were due."""
    test = pl.col("completed_date").is_not_null()
    if start:
        test = test & (pl.col("completed_date") >= start)
    if end:
        test = test & (pl.col("completed_date") <= end)
    return items.filter(test)


def completed_on_time(completed: pl.DataFrame) -> dict[str, float | None]:
    """Per rule, the figure the DfE publishes: of the events done in the period, the share done in time."""
    counts = completed.group_by("rule").agg(
        on_time=(pl.col("status") == "on_time").sum().cast(pl.Int64), done=pl.len().cast(pl.Int64)
    )
    return dict(counts.select("rule", _percent(pl.col("on_time"), pl.col("done")).alias("p")).iter_rows())


def summary(
    items: pl.DataFrame,
    rulebook: Rulebook,
    rule_ids: Iterable[str] | None = None,
    measurable: dict[str, Measurability] | None = None,
    completed: pl.DataFrame | None = None,
) -> list[dict]:
    """Per rule: items, a count per status, percent_on_time = on time / (on time + late + overdue) over the items
    given; percent_completed_on_time = on time / done over COMPLETED (the items done in the period); and whether
    the data can measure it (MEASURABLE, from analytics.measurability: `measurable`, `reason`, `part`)."""
    counts = {row["rule"]: row for row in _counts(items, ["rule"]).iter_rows(named=True)}
    if completed is None and "completed_date" in items.columns:
        completed = items.filter(pl.col("completed_date").is_not_null())
    done = completed_on_time(completed) if completed is not None else {}
    out = []
    for r in rulebook.enabled(list(rule_ids) if rule_ids is not None else None):
        m = (measurable or {}).get(r.id, Measurability(True))
        row = counts.get(r.id, {"items": 0, **{s: 0 for s in STATUSES}, "percent_on_time": None})
        out.append(
            {
                "rule": r.id,
                "description": r.description,
                "items": row["items"],
                **{s: row[s] for s in STATUSES},
                "percent_on_time": row["percent_on_time"],
                "percent_completed_on_time": done.get(r.id) if m.measurable else None,
                **m.as_dict(),
            }
        )
    return out


def monthly(items: pl.DataFrame) -> pl.DataFrame:
    """Counts and percent on time by month of due date (month = first day of the month)."""
    if items.is_empty():
        return _counts(items.with_columns(month=pl.col("due_date")), ["month"]).head(0)
    return _counts(items.with_columns(month=pl.col("due_date").dt.truncate("1mo")), ["month"]).sort("month")


def breakdown(items: pl.DataFrame, column: str) -> pl.DataFrame:
    """Counts and percent on time by COLUMN (team or worker_id); no allocated worker is ''."""
    frame = items.with_columns(pl.col(column).fill_null(""))
    return _counts(frame, [column]).sort([column])
