"""Statutory timeliness: every clock of the rulebook, its items and who is late. No Django.

Frames in (SSD tables with SSD column names), an items frame out, one row per
interval of each clock:

    rule, child_id, record_id, step, start_date, due_date, completed_date,
    end_date, status, days_late, worker_id, team

Status as at a date A (events after A are not yet known):
    on_time   completed on or before the due date
    late      completed after it (days_late = completed - due, in calendar days)
    overdue   not completed and the due date has passed (days_late = A - due,
              or end - due when the record ended first: the chance was missed)
    due_soon  not completed, due from A up to the due-soon number of working days after A
    open      not completed and not yet due
A record that ended on or before an item's due date, with the event not done,
gets no item: nothing more was due once the plan or care had ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import polars as pl

from oversight.analytics.clocks import CLOCKS
from oversight.analytics.rulebook import Rulebook
from oversight.analytics.workdays import WorkingDayCalendar

STATUSES = ("on_time", "late", "overdue", "due_soon", "open")
ITEM_COLUMNS = ["rule", "child_id", "record_id", "step", "start_date", "due_date", "completed_date", "end_date",
                "status", "days_late", "worker_id", "team"]
ALLOCATION_TABLES = {
    "ssd_involvements": ("invo_person_id", "invo_professional_id", "invo_professional_role_id", "invo_professional_team",
                         "invo_involvement_start_date", "invo_involvement_end_date"),
    "ssd_professionals": ("prof_professional_id", "prof_team_id"),
}


class MissingData(ValueError):
    """A frame the rules need is missing, or lacks a column."""


def tables_needed(rulebook: Rulebook, rule_ids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """SSD table -> the columns the chosen rules (and worker allocation) read."""
    needed: dict[str, set[str]] = {t: set(c) for t, c in ALLOCATION_TABLES.items()}
    for clock in {r.clock for r in rulebook.enabled(list(rule_ids) if rule_ids is not None else None)}:
        for table, columns in CLOCKS[clock].tables.items():
            needed.setdefault(table, set()).update(columns)
    return {t: tuple(sorted(c)) for t, c in needed.items()}


def _check(frames: dict[str, pl.DataFrame], needed: dict[str, tuple[str, ...]]) -> None:
    for table, columns in needed.items():
        if table not in frames:
            raise MissingData(f"table {table} is needed for timeliness but was not given")
        missing = [c for c in columns if c not in frames[table].columns]
        if missing:
            raise MissingData(f"table {table} has no column(s) {', '.join(missing)}")


def _rule_of_step(rules) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    for r in sorted(rules, key=lambda r: r.first_step):
        test = pl.col("step") >= r.first_step if r.repeats else pl.col("step") == r.first_step
        expr = pl.when(test).then(pl.lit(r.id)).otherwise(expr)
    return expr


def _with_due(items: pl.DataFrame, rulebook: Rulebook, cal: WorkingDayCalendar) -> pl.DataFrame:
    """due_date from each row's rule and named period: working days on the calendar, or calendar days, weeks, months."""
    combos = items.select("rule", "period").unique()
    table = []
    for rule_id, period in combos.iter_rows():  # a few dozen (rule, period) pairs, not rows
        d = rulebook.rule(rule_id).duration(period)
        table.append({"rule": rule_id, "period": period, "unit": d.unit, "n": d.n * (7 if d.unit == "weeks" else 1)})
    spec = pl.DataFrame(table, schema={"rule": pl.String, "period": pl.String, "unit": pl.String, "n": pl.Int64})
    items = items.join(spec, on=["rule", "period"], how="left")
    n_working = items.select(pl.when(pl.col("unit") == "working_days").then(pl.col("n")).otherwise(0)).to_series()
    working = cal.add_series(items.get_column("start_date"), n_working)
    due = (
        pl.when(pl.col("unit") == "working_days").then(working)
        .when(pl.col("unit") == "months").then(pl.col("start_date").dt.offset_by(pl.format("{}mo", pl.col("n"))))
        .otherwise(pl.col("start_date") + pl.duration(days=pl.col("n")))
    )
    return items.with_columns(due_date=due).drop("unit", "n", "period")


def _status(items: pl.DataFrame, as_at: dt.date, due_soon_until: dt.date) -> pl.DataFrame:
    items = items.filter(pl.col("start_date") <= as_at).with_columns(
        completed_date=pl.when(pl.col("completed_date") <= as_at).then(pl.col("completed_date")),
        end_date=pl.when(pl.col("end_date") <= as_at).then(pl.col("end_date")),
    )
    done = pl.col("completed_date").is_not_null()
    items = items.filter(done | pl.col("end_date").is_null() | (pl.col("due_date") < pl.col("end_date")))
    status = (
        pl.when(done & (pl.col("completed_date") <= pl.col("due_date"))).then(pl.lit("on_time"))
        .when(done).then(pl.lit("late"))
        .when(pl.col("due_date") < as_at).then(pl.lit("overdue"))
        .when(pl.col("due_date") <= due_soon_until).then(pl.lit("due_soon"))
        .otherwise(pl.lit("open"))
    )
    stopped = pl.coalesce(pl.col("end_date"), pl.lit(as_at))
    days_late = (
        pl.when(pl.col("status") == "late").then((pl.col("completed_date") - pl.col("due_date")).dt.total_days())
        .when(pl.col("status") == "overdue").then((stopped - pl.col("due_date")).dt.total_days())
    )
    return items.with_columns(status=status).with_columns(days_late=days_late.cast(pl.Int64))


def _allocate(items: pl.DataFrame, frames: dict[str, pl.DataFrame], as_at: dt.date, case_worker_roles: list[str]) -> pl.DataFrame:
    """The child's allocated case worker on the due date (on A for items not yet due), and that worker's team."""
    inv = frames["ssd_involvements"].filter(pl.col("invo_professional_role_id").is_in(case_worker_roles)).select(
        child_id="invo_person_id", worker_id="invo_professional_id", inv_team="invo_professional_team",
        inv_start="invo_involvement_start_date", inv_end="invo_involvement_end_date",
    ).filter(pl.col("inv_start").is_not_null())
    teams = frames["ssd_professionals"].select(worker_id="prof_professional_id", prof_team="prof_team_id").unique("worker_id")
    items = items.with_row_index("row").with_columns(on=pl.min_horizontal("due_date", pl.lit(as_at)))
    # The latest allocation started on or before the day; if that one had ended, an earlier one may still be open.
    latest = items.select("row", "child_id", "on").sort("on").join_asof(
        inv.sort("inv_start"), left_on="on", right_on="inv_start", by="child_id", strategy="backward",
        check_sortedness=False)
    open_on = pl.col("inv_end").is_null() | (pl.col("inv_end") > pl.col("on"))
    found = latest.filter(pl.col("worker_id").is_not_null() & open_on)
    retry = latest.filter(pl.col("worker_id").is_not_null() & ~open_on).select("row", "child_id", "on")
    if retry.height:
        earlier = (
            retry.join(inv, on="child_id", how="inner")
            .filter((pl.col("inv_start") <= pl.col("on")) & open_on)
            .sort("row", "inv_start", descending=[False, True]).unique("row", keep="first")
        )
        found = pl.concat([found, earlier.select(found.columns)])
    found = found.join(teams, on="worker_id", how="left").select(
        "row", "worker_id", team=pl.when(pl.col("prof_team").is_not_null() & (pl.col("prof_team") != ""))
        .then(pl.col("prof_team")).otherwise(pl.col("inv_team")))
    return items.join(found, on="row", how="left").drop("row", "on")


def items(
    frames: dict[str, pl.DataFrame],
    rulebook: Rulebook,
    as_at: dt.date,
    *,
    calendar: WorkingDayCalendar,
    case_worker_roles: list[str],
    due_soon_working_days: int = 5,
    rule_ids: Iterable[str] | None = None,
) -> pl.DataFrame:
    """Every item of the chosen (enabled) rules as at AS_AT, in rulebook order."""
    wanted = rulebook.enabled(list(rule_ids) if rule_ids is not None else None)
    _check(frames, tables_needed(rulebook, [r.id for r in wanted]))
    order = {r.id: i for i, r in enumerate(rulebook.rules)}
    parts = []
    for clock in dict.fromkeys(r.clock for r in wanted):  # a dozen clocks, each vectorised over every child
        rows = CLOCKS[clock].build(frames, rulebook.clock_rules(clock), calendar)
        parts.append(rows.with_columns(rule=_rule_of_step(rulebook.clock_rules(clock))))
    if not parts:
        return empty_items()
    found = pl.concat([p.with_columns(pl.col("step").cast(pl.Int32)) for p in parts], how="vertical_relaxed")
    found = found.filter(pl.col("rule").is_in([r.id for r in wanted]))
    if found.is_empty():
        return empty_items()
    found = _with_due(found, rulebook, calendar)
    found = _status(found, as_at, calendar.add(as_at, due_soon_working_days))
    found = _allocate(found, frames, as_at, case_worker_roles)
    found = found.with_columns(rule_order=pl.col("rule").replace_strict(order, return_dtype=pl.Int32))
    return found.sort("rule_order", "child_id", "record_id", "step").select(ITEM_COLUMNS)


def empty_items() -> pl.DataFrame:
    schema = {"rule": pl.String, "child_id": pl.String, "record_id": pl.String, "step": pl.Int32,
              "start_date": pl.Date, "due_date": pl.Date, "completed_date": pl.Date, "end_date": pl.Date,
              "status": pl.String, "days_late": pl.Int64, "worker_id": pl.String, "team": pl.String}
    return pl.DataFrame(schema=schema)


def in_period(items: pl.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Items whose due date falls from START to END (both included; either may be open)."""
    test = pl.lit(True)
    if start:
        test = test & (pl.col("due_date") >= start)
    if end:
        test = test & (pl.col("due_date") <= end)
    return items.filter(test)


def _counts(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    aggs = [pl.len().cast(pl.Int64).alias("items")] + [(pl.col("status") == s).sum().cast(pl.Int64).alias(s) for s in STATUSES]
    out = frame.group_by(by).agg(aggs) if by else frame.select(aggs)
    measured = pl.col("on_time") + pl.col("late") + pl.col("overdue")
    return out.with_columns(
        percent_on_time=pl.when(measured > 0).then((100 * pl.col("on_time") / measured).round(1)))


def summary(items: pl.DataFrame, rulebook: Rulebook, rule_ids: Iterable[str] | None = None) -> list[dict]:
    """Per rule: items, a count per status and percent_on_time = on time / (on time + late + overdue)."""
    counts = {row["rule"]: row for row in _counts(items, ["rule"]).iter_rows(named=True)}
    out = []
    for r in rulebook.enabled(list(rule_ids) if rule_ids is not None else None):
        row = counts.get(r.id, {"items": 0, **{s: 0 for s in STATUSES}, "percent_on_time": None})
        out.append({"rule": r.id, "description": r.description, "items": row["items"],
                    **{s: row[s] for s in STATUSES}, "percent_on_time": row["percent_on_time"]})
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
