"""IRO escalation figures: statuses on a date, the period report, monthly counts. No Django.

An escalation frame has one row per stage record:
escalation_id, child_id, team_id, iro, stage, category, raised_date, response_due,
response_date, outcome, resolved_date.

Status on a date D: a response on or before D is `responded_on_time` (on or
before its due date) or `responded_late`; a stage closed on or before D with no
response is `closed`; otherwise `overdue` once D is past the due date, else
`awaiting`. A stage raised after D has no status on D.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.workdays import WorkingDayCalendar

SCHEMA = {
    "escalation_id": pl.Int64,
    "child_id": pl.String,
    "team_id": pl.String,
    "iro": pl.String,
    "stage": pl.String,
    "category": pl.String,
    "raised_date": pl.Date,
    "response_due": pl.Date,
    "response_date": pl.Date,
    "outcome": pl.String,
    "resolved_date": pl.Date,
}
STATUSES = ["awaiting", "overdue", "responded_on_time", "responded_late", "closed"]


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def with_status(frame: pl.DataFrame, as_at: dt.date) -> pl.DataFrame:
    """FRAME with `status` as at AS_AT (null for stages raised after it)."""
    day = pl.lit(as_at, pl.Date)
    responded = pl.col("response_date").is_not_null() & (pl.col("response_date") <= day)
    closed = (
        (pl.col("outcome").fill_null("") != "")
        & pl.col("resolved_date").is_not_null()
        & (pl.col("resolved_date") <= day)
    )
    status = (
        pl.when(pl.col("raised_date") > day)
        .then(None)
        .when(responded & (pl.col("response_date") <= pl.col("response_due")))
        .then(pl.lit("responded_on_time"))
        .when(responded)
        .then(pl.lit("responded_late"))
        .when(closed)
        .then(pl.lit("closed"))
        .when(day > pl.col("response_due"))
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("awaiting"))
    )
    return frame.with_columns(status.alias("status"))


def in_period(frame: pl.DataFrame, start: dt.date | None, end: dt.date | None) -> pl.DataFrame:
    """Escalations counted in a period by their raised date."""
    if start:
        frame = frame.filter(pl.col("raised_date") >= start)
    if end:
        frame = frame.filter(pl.col("raised_date") <= end)
    return frame


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _groups(frame: pl.DataFrame, column: str, label: str) -> list[dict]:
    if frame.is_empty():
        return []
    rows = (
        frame.group_by(pl.col(column).fill_null(""))
        .agg(
            pl.len().alias("raised"),
            (pl.col("category") == "practice").sum().alias("practice"),
            (pl.col("status") == "overdue").sum().alias("overdue"),
            (pl.col("status") == "responded_on_time").sum().alias("on_time"),
            pl.col("status").is_in(["responded_on_time", "responded_late"]).sum().alias("responded"),
        )
        .sort(column)
    )
    return [
        {
            label: r[column],
            "raised": r["raised"],
            "practice_share_pct": _pct(r["practice"], r["raised"]),
            "overdue": r["overdue"],
            "responded_on_time_pct": _pct(r["on_time"], r["responded"]),
        }
        for r in rows.iter_rows(named=True)
    ]


def report(
    frame: pl.DataFrame,
    as_at: dt.date,
    calendar: WorkingDayCalendar,
    stages: list[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict:
    """The escalations report for a period (by raised date), statuses as at AS_AT.

    Percentages and the median are None where nothing was measured (no
    escalations, no responses): never a 0 the data cannot support.
    """
    period = with_status(in_period(frame, start, end).filter(pl.col("raised_date") <= as_at), as_at)
    raised = period.height
    status_counts = dict(period.group_by("status").len().iter_rows()) if raised else {}
    category_counts = dict(period.group_by("category").len().iter_rows()) if raised else {}
    practice = int(category_counts.get("practice", 0))
    responded = period.filter(pl.col("status").is_in(["responded_on_time", "responded_late"]))
    median = None
    if responded.height:
        days = calendar.between_series(responded["raised_date"], responded["response_date"])
        median = float(days.median())
    stage_counts = dict(period.group_by("stage").len().iter_rows()) if raised else {}
    resolved = period.filter((pl.col("outcome") == "resolved") & (pl.col("resolved_date") <= as_at))
    resolved_counts = dict(resolved.group_by("stage").len().iter_rows()) if resolved.height else {}
    on_time = int(status_counts.get("responded_on_time", 0))
    late = int(status_counts.get("responded_late", 0))
    return {
        "from": start,
        "to": end,
        "as_at": as_at,
        "raised": raised,
        "by_category": {"practice": practice, "process": int(category_counts.get("process", 0))},
        "practice_share_pct": _pct(practice, raised),
        "responded_on_time": on_time,
        "responded_late": late,
        "responded_on_time_pct": _pct(on_time, on_time + late),
        "awaiting": int(status_counts.get("awaiting", 0)),
        "overdue": int(status_counts.get("overdue", 0)),
        "closed_without_response": int(status_counts.get("closed", 0)),
        "median_working_days_to_response": median,
        "by_stage": {s: int(stage_counts.get(s, 0)) for s in stages},
        "resolved_by_stage": {s: int(resolved_counts.get(s, 0)) for s in stages},
        "by_iro": _groups(period, "iro", "iro"),
        "by_team": _groups(period, "team_id", "team"),
    }


def listing(frame: pl.DataFrame, as_at: dt.date, overdue_only: bool = False) -> list[dict]:
    """Every stage raised on or before AS_AT with its status, oldest due first."""
    rows = with_status(frame.filter(pl.col("raised_date") <= as_at), as_at)
    if overdue_only:
        rows = rows.filter(pl.col("status") == "overdue")
    rows = rows.sort(["response_due", "escalation_id"])
    return rows.select(
        "escalation_id", "child_id", "stage", "category", "raised_date", "response_due", "status", "iro", "team_id"
    ).to_dicts()


def monthly_counts(frame: pl.DataFrame, month_ends: list[dt.date]) -> list[dict]:
    """For each month end: stages raised in that calendar month, and stages overdue on that day."""
    out = []
    for end in month_ends:
        start = end.replace(day=1)
        raised = frame.filter((pl.col("raised_date") >= start) & (pl.col("raised_date") <= end)).height
        overdue = with_status(frame.filter(pl.col("raised_date") <= end), end).filter(pl.col("status") == "overdue")
        out.append({"month_end": end, "raised": raised, "overdue": overdue.height})
    return out
