"""Supervision compliance: is each worker's supervision up to date on a date? No Django.

A frequency standard is a list of stages by grade, each "every" period applying
until an "until" period after the worker started (the last stage has no end):

    {"nqsw": [{"until": "6 weeks", "every": "1 week"},
              {"until": "6 months", "every": "2 weeks"},
              {"every": "1 month"}],
     "other": [{"every": "1 month"}]}

A grade not listed takes "other"'s. On a date D a worker's next supervision is
due one "every" period (of the stage D falls in) after the last supervision
held on or before D, or after their start date if none was held. The worker is
on time on D unless that due date is before D. Sessions recorded as cancelled
do not count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import polars as pl

from oversight.analytics.workforce import dates, employed, staff

_PERIOD = re.compile(r"^\s*(\d+)\s+(days?|weeks?|months?)\s*$", re.IGNORECASE)
_OFFSET = {"day": "d", "week": "w", "month": "mo"}
SESSION_COLUMNS = {"worker_id": pl.String, "supervisor_id": pl.String, "date": pl.Date, "held": pl.Boolean}


class StandardsError(ValueError):
    pass


def offset(text: Any, where: str) -> str:
    """'2 weeks' -> '2w' (a polars offset); StandardsError naming WHERE otherwise."""
    match = _PERIOD.match(text) if isinstance(text, str) else None
    if not match or int(match.group(1)) == 0:
        raise StandardsError(f"{where} must be written like '1 week', '14 days' or '1 month'; got {text!r}")
    unit = match.group(2).lower().rstrip("s")
    return f"{int(match.group(1))}{_OFFSET[unit]}"


def parse_standards(raw: Any) -> dict[str, list[tuple[str | None, str]]]:
    """grade -> [(until offset or None, every offset)], checked; the last stage of each grade has no end."""
    if not isinstance(raw, dict) or not raw:
        raise StandardsError("[performance.supervision] standards must be a table of grades")
    out = {}
    for grade, stages in raw.items():
        where = f"[performance.supervision.standards] {grade}"
        if not isinstance(stages, list) or not stages or not all(isinstance(s, dict) for s in stages):
            raise StandardsError(f"{where} must be a list of stages like {{every = '1 month'}}")
        parsed = []
        for n, stage in enumerate(stages, 1):
            last = n == len(stages)
            if not last and "until" not in stage:
                raise StandardsError(f"{where} stage {n}: every stage but the last needs an 'until'")
            until = offset(stage["until"], f"{where} stage {n} until") if not last and "until" in stage else None
            parsed.append((until, offset(stage.get("every"), f"{where} stage {n} every")))
        out[str(grade)] = parsed
    out.setdefault("other", [(None, "1mo")])
    return out


def _every(standards: dict[str, list[tuple[str | None, str]]]) -> pl.Expr:
    """The 'every' offset in force on as_at for each worker, by grade and time since starting."""
    expr = None
    since = pl.coalesce("start_date", "qualified_date")
    for grade, stages in standards.items():
        if grade == "other":
            continue
        chosen = None
        for until, every in reversed(stages):
            chosen = (
                pl.lit(every)
                if until is None or chosen is None
                else pl.when(since.is_not_null() & (since.dt.offset_by(until) > pl.col("as_at")))
                .then(pl.lit(every))
                .otherwise(chosen)
            )
        expr = (pl.when(pl.col("grade") == grade) if expr is None else expr.when(pl.col("grade") == grade)).then(chosen)
    fallback = standards["other"][-1][1]
    return pl.lit(fallback) if expr is None else expr.otherwise(pl.lit(fallback))


def compliance(
    professionals: pl.DataFrame,
    sessions: pl.DataFrame,
    days: Iterable[dt.date],
    standards: dict[str, list[tuple[str | None, str]]],
    grades: Iterable[str],
) -> pl.DataFrame:
    """Per date and supervised worker employed on it: last held, every, next due, on_time, days overdue."""
    d = dates(days)
    workers = (
        staff(professionals)
        .filter(pl.col("grade").is_in(list(grades)))
        .join(d.to_frame(), how="cross")
        .filter(employed())
    )
    held = sessions.filter(pl.col("held") & pl.col("date").is_not_null()).select("worker_id", "date")
    last = (
        workers.select("as_at", "worker_id")
        .join(held, on="worker_id")
        .filter(pl.col("date") <= pl.col("as_at"))
        .group_by("as_at", "worker_id")
        .agg(last_held=pl.col("date").max())
    )
    out = workers.join(last, on=["as_at", "worker_id"], how="left").with_columns(every=_every(standards))
    out = out.with_columns(due=pl.coalesce("last_held", "start_date").dt.offset_by(pl.col("every")))
    out = out.with_columns(on_time=(pl.col("due") >= pl.col("as_at")).fill_null(False))
    out = out.with_columns(
        days_overdue=pl.when(~pl.col("on_time") & pl.col("due").is_not_null()).then(
            (pl.col("as_at") - pl.col("due")).dt.total_days()
        )
    )
    return out.select(
        "as_at",
        "worker_id",
        "name",
        "grade",
        pl.col("home_team").alias("team"),
        "start_date",
        "last_held",
        "every",
        "due",
        "on_time",
        "days_overdue",
    ).sort("as_at", "worker_id")


def by_team(rows: pl.DataFrame) -> pl.DataFrame:
    """Per date and team: workers, on time, and the % on time (one decimal place, halves up)."""
    from oversight.analytics.indicators import percent_expr

    out = rows.group_by("as_at", "team").agg(workers=pl.len(), on_time=pl.col("on_time").sum())
    return out.with_columns(percent_on_time=percent_expr("on_time", "workers")).sort("as_at", "team")
