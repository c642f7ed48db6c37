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
from collections.abc import Iterable

import numpy as np
import polars as pl

from oversight.analytics.clocks import CLOCKS, PERIOD
from oversight.analytics.measurability import Measurability
from oversight.analytics.rulebook import UNITS, Rulebook
from oversight.analytics.timeliness_figures import (  # noqa: F401 (the figures are part of this module's interface)
    STATUSES,
    _counts,
    breakdown,
    completed_in_period,
    completed_on_time,
    in_period,
    monthly,
    summary,
)
from oversight.analytics.workdays import WorkingDayCalendar

ITEM_COLUMNS = [
    "rule",
    "child_id",
    "record_id",
    "step",
    "start_date",
    "due_date",
    "completed_date",
    "end_date",
    "status",
    "days_late",
    "worker_id",
    "team",
]
ALLOCATION_TABLES = {
    "ssd_involvements": (
        "invo_person_id",
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
    ),
    "ssd_professionals": ("prof_professional_id", "prof_team_id"),
}
UNIT_CODES = {unit: i for i, unit in enumerate(UNITS)}
_FAR = dt.date(9999, 12, 31)
_FIRST_DAY = -1_000_000  # day numbers (days since 1970) from about the year -800 ...
_SPAN = 1 << 23  # ... to beyond 9999-12-31 fit in this span


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


def _rule_of_step(rules, kind: pl.Enum) -> pl.Expr:
    """Which of a clock's rules measures each interval (null past the last one that does not repeat)."""
    expr = pl.lit(None, kind)
    for r in sorted(rules, key=lambda r: r.first_step):
        test = pl.col("step") >= r.first_step if r.repeats else pl.col("step") == r.first_step
        expr = pl.when(test).then(pl.lit(r.id, kind)).otherwise(expr)
    return expr


def _add_working_days(cal: WorkingDayCalendar, days: np.ndarray, ns: np.ndarray) -> np.ndarray:
    """Day numbers N working days after DAYS. The calendar answers once per day of the span and N, then rows look it up."""
    first = int(days.min())
    span = pl.Series(np.arange(first, int(days.max()) + 1, dtype=np.int32)).cast(pl.Date)
    out = np.empty(len(days), dtype=np.int32)
    for n in np.unique(ns):  # a handful of distinct numbers of working days
        rows = ns == n
        table = cal.add_series(span, int(n)).to_physical().to_numpy()
        out[rows] = table[days[rows] - first]
    return out


def _with_due(items: pl.DataFrame, rulebook: Rulebook, cal: WorkingDayCalendar) -> pl.DataFrame:
    """due_date from each row's rule and named period: working days on the calendar, or calendar days, weeks, months."""
    rules, periods = items.schema["rule"].categories.to_list(), PERIOD.categories.to_list()
    pair = (
        items.get_column("rule").to_physical().to_numpy().astype(np.int64) * len(periods)
        + items.get_column("period").to_physical().to_numpy()
    )
    # One (unit, n) per rule and period, looked up by the enums' integer codes.
    unit = np.full(len(rules) * len(periods), -1, dtype=np.int8)
    n = np.zeros(len(rules) * len(periods), dtype=np.int64)
    for i in np.flatnonzero(np.bincount(pair, minlength=len(unit))):  # the few dozen pairs in use
        d = rulebook.rule(rules[i // len(periods)]).duration(periods[i % len(periods)])
        unit[i], n[i] = UNIT_CODES[d.unit], d.n * (7 if d.unit == "weeks" else 1)
    units, ns = unit[pair], n[pair]
    start = items.get_column("start_date")
    # Calendar days and weeks on the dates' day numbers; then working days and months where they apply.
    due = pl.Series("due_date", (start.to_physical().to_numpy() + ns).astype(np.int32)).cast(pl.Date)
    working = np.flatnonzero(units == UNIT_CODES["working_days"])
    if len(working):
        days = start.to_physical().to_numpy()[working]
        due = due.scatter(working, pl.Series(_add_working_days(cal, days, ns[working])).cast(pl.Date))
    for months in np.unique(ns[units == UNIT_CODES["months"]]):  # a handful of distinct month counts
        mask = (units == UNIT_CODES["months"]) & (ns == months)
        due = due.scatter(np.flatnonzero(mask), start.filter(pl.Series(mask)).dt.offset_by(f"{months}mo"))
    return items.with_columns(due_date=due).drop("period")


def _status(items: pl.DataFrame, as_at: dt.date, due_soon_until: dt.date) -> pl.DataFrame:
    items = items.filter(pl.col("start_date") <= as_at).with_columns(
        completed_date=pl.when(pl.col("completed_date") <= as_at).then(pl.col("completed_date")),
        end_date=pl.when(pl.col("end_date") <= as_at).then(pl.col("end_date")),
    )
    done = pl.col("completed_date").is_not_null()
    items = items.filter(done | pl.col("end_date").is_null() | (pl.col("due_date") < pl.col("end_date")))
    status = (
        pl.when(done & (pl.col("completed_date") <= pl.col("due_date")))
        .then(pl.lit("on_time"))
        .when(done)
        .then(pl.lit("late"))
        .when(pl.col("due_date") < as_at)
        .then(pl.lit("overdue"))
        .when(pl.col("due_date") <= due_soon_until)
        .then(pl.lit("due_soon"))
        .otherwise(pl.lit("open"))
    )
    stopped = pl.coalesce(pl.col("end_date"), pl.lit(as_at))
    days_late = (
        pl.when(pl.col("status") == "late")
        .then((pl.col("completed_date") - pl.col("due_date")).dt.total_days())
        .when(pl.col("status") == "overdue")
        .then((stopped - pl.col("due_date")).dt.total_days())
    )
    return items.with_columns(status=status).with_columns(days_late=days_late.cast(pl.Int64))


def _holders(frames: dict[str, pl.DataFrame], roles: list[str]) -> pl.DataFrame:
    """Allocations in ROLES by child and start, each with its team and the latest end of any earlier one."""
    inv = frames["ssd_involvements"]
    held = inv.filter(
        pl.col("invo_professional_role_id").is_in(roles) & pl.col("invo_involvement_start_date").is_not_null()
    )
    teams = (
        frames["ssd_professionals"]
        .select(worker_id="prof_professional_id", own_team="prof_team_id")
        .unique("worker_id")
    )
    held = (
        held.select(
            child_id="invo_person_id",
            worker_id="invo_professional_id",
            inv_team="invo_professional_team",
            inv_start="invo_involvement_start_date",
            inv_end="invo_involvement_end_date",
        )
        .join(teams, on="worker_id", how="left")
        .sort("child_id", "inv_start")
    )
    # The worker's own team first, else the allocation's.
    has_own = pl.col("own_team").is_not_null() & (pl.col("own_team") != "")
    # A running maximum per child without a window: each child's values are lifted above every earlier child's.
    first = (pl.col("child_id") != pl.col("child_id").shift(1)).fill_null(True)
    lift = first.cum_sum().cast(pl.Int64) * _SPAN
    ends = pl.col("inv_end").fill_null(_FAR).cast(pl.Int32).cast(pl.Int64) - _FIRST_DAY
    running = (lift + ends).cum_max() - lift + _FIRST_DAY
    return held.select(
        "child_id",
        "worker_id",
        "inv_start",
        "inv_end",
        team=pl.when(has_own).then(pl.col("own_team")).otherwise(pl.col("inv_team")),
        earlier_until=pl.when(first).then(None).otherwise(running.shift(1)).cast(pl.Int32).cast(pl.Date),
    )


def _holder_on(days: pl.DataFrame, held: pl.DataFrame) -> pl.DataFrame:
    """For each (row, child_id, on) of DAYS: the latest-started allocation open on that day; worker_id, team, by row."""
    open_on = pl.col("inv_end").is_null() | (pl.col("inv_end") > pl.col("on"))
    latest = days.sort("on").join_asof(
        held.sort("inv_start"),
        left_on="on",
        right_on="inv_start",
        by="child_id",
        strategy="backward",
        check_sortedness=False,
    )
    found = pl.col("worker_id").is_not_null() & open_on
    out = latest.select(
        "row", worker_id=pl.when(found).then(pl.col("worker_id")), team=pl.when(found).then(pl.col("team"))
    )
    # The latest allocation had ended, but an earlier one still ran that day (cover that finished first).
    retry = latest.filter(pl.col("worker_id").is_not_null() & ~open_on & (pl.col("earlier_until") > pl.col("on")))
    if retry.height:
        earlier = (
            retry.select("row", "child_id", "on")
            .join(held, on="child_id", how="inner")
            .filter((pl.col("inv_start") <= pl.col("on")) & open_on)
            .sort("row", "inv_start", descending=[False, True])
            .unique("row", keep="first")
        )
        out = out.update(earlier.select("row", "worker_id", "team"), on="row")
    return out.sort("row")


def _allocate(
    items: pl.DataFrame, frames: dict[str, pl.DataFrame], as_at: dt.date, role_sets: list[list[str]]
) -> pl.DataFrame:
    """The child's allocated worker on the due date (on AS_AT for items not yet due), and that worker's team.

    ROLE_SETS are tried in turn (case workers, then personal advisers) for items still without a worker.
    """
    all_days = items.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
        "child_id",
        pl.min_horizontal("due_date", pl.lit(as_at)).alias("on"),
    )
    days = all_days
    worker = pl.Series("worker_id", [None] * items.height, dtype=pl.String)
    team = pl.Series("team", [None] * items.height, dtype=pl.String)
    helds = []
    for roles in role_sets:
        if not roles or days.is_empty():
            continue
        held = _holders(frames, roles)
        helds.append(held)
        if days.height < items.height:  # later passes: only children who have such an allocation at all
            days = days.join(held.select("child_id").unique(), on="child_id", how="semi")
        found = _holder_on(days, held)
        rows = found.get_column("row")
        if len(rows) == items.height:  # the first pass answers every row, in row order
            worker, team = found.get_column("worker_id"), found.get_column("team")
        else:
            worker = worker.scatter(rows, found.get_column("worker_id"))
            team = team.scatter(rows, found.get_column("team"))
        days = days.filter(worker.gather(days.get_column("row")).is_null())
    team = _last_team(all_days.filter(worker.is_null()), team, helds)
    return items.with_columns(worker.alias("worker_id"), team.alias("team"))


def _last_team(missing: pl.DataFrame, team: pl.Series, helds: list[pl.DataFrame]) -> pl.Series:
    """TEAM, with the team of the allocation that started last before it for each MISSING item (row, child_id,
    on: nobody allocated that day).

    An unallocated child stays on the list of the team that last held them, so
    their overdue visits reach a manager's morning list instead of nobody's.
    """
    if missing.is_empty() or not helds:
        return team
    held = pl.concat([h.select("child_id", "inv_start", "team") for h in helds]).filter(
        pl.col("team").is_not_null() & (pl.col("team") != "")
    )
    last = (
        missing.sort("on")
        .join_asof(
            held.sort("inv_start"),
            left_on="on",
            right_on="inv_start",
            by="child_id",
            strategy="backward",
            check_sortedness=False,
        )
        .drop_nulls("team")
    )
    return team.scatter(last.get_column("row"), last.get_column("team")) if last.height else team


def items(
    frames: dict[str, pl.DataFrame],
    rulebook: Rulebook,
    as_at: dt.date,
    *,
    calendar: WorkingDayCalendar,
    case_worker_roles: list[str],
    adviser_roles: list[str] = (),
    due_soon_working_days: int = 5,
    rule_ids: Iterable[str] | None = None,
    measurable: dict[str, Measurability] | None = None,
) -> pl.DataFrame:
    """Every item of the chosen (enabled) rules as at AS_AT.

    The worker is the allocated case worker (CASE_WORKER_ROLES) on the due
    date, or failing one a personal adviser (ADVISER_ROLES). MEASURABLE
    (analytics.measurability) leaves out the rules the data cannot support,
    and keeps only the wait since the latest event where that is all it can.
    """
    wanted = rulebook.enabled(list(rule_ids) if rule_ids is not None else None)
    if measurable is not None:
        wanted = tuple(r for r in wanted if measurable.get(r.id, Measurability(True)).measurable)
    _check(frames, tables_needed(rulebook, [r.id for r in wanted]))
    # An enum keeps rule ids as small integers until the end, and sorts in rulebook order.
    kind = pl.Enum(rulebook.rule_ids)
    parts = []
    for clock in dict.fromkeys(r.clock for r in wanted):  # a dozen clocks, each vectorised over every child
        rows = CLOCKS[clock].build(frames, rulebook.clock_rules(clock), calendar)
        rows = rows.with_columns(rule=_rule_of_step(rulebook.clock_rules(clock), kind))
        latest = [
            r.id
            for r in rulebook.clock_rules(clock)
            if measurable and measurable.get(r.id, None) and measurable[r.id].latest_wait
        ]
        if latest:
            # Intervals before the latest event are unknown: keep each record's last one.
            last = pl.col("step") == pl.col("step").max().over("record_id")
            rows = rows.filter(~pl.col("rule").cast(pl.String).is_in(latest) | last)
        for r in rulebook.clock_rules(clock):
            since = measurable.get(r.id).since if measurable and measurable.get(r.id) else None
            if since is not None:
                # The source covers no events before SINCE: an older clock's completion may be unrecorded.
                rows = rows.filter((pl.col("rule").cast(pl.String) != r.id) | (pl.col("start_date") >= since))
        parts.append(rows)
    if not parts:
        return empty_items()
    found = pl.concat(parts, how="vertical_relaxed")
    codes = [rulebook.rule_ids.index(r.id) for r in wanted]
    found = found.filter(pl.col("rule").to_physical().is_in(codes))
    if found.is_empty():
        return empty_items()
    found = _with_due(found, rulebook, calendar)
    found = _status(found, as_at, calendar.add(as_at, due_soon_working_days))
    found = _allocate(found, frames, as_at, [list(case_worker_roles), list(adviser_roles)])
    # In no particular order: callers that show items sort them (see ordered).
    return found.with_columns(pl.col("rule").cast(pl.String)).select(ITEM_COLUMNS)


def ordered(items: pl.DataFrame, rulebook: Rulebook) -> pl.DataFrame:
    """ITEMS in rulebook order, then by child, start date and interval."""
    return items.sort(pl.col("rule").cast(pl.Enum(rulebook.rule_ids)), "child_id", "start_date", "step", "record_id")


def empty_items() -> pl.DataFrame:
    schema = {
        "rule": pl.String,
        "child_id": pl.String,
        "record_id": pl.String,
        "step": pl.Int32,
        "start_date": pl.Date,
        "due_date": pl.Date,
        "completed_date": pl.Date,
        "end_date": pl.Date,
        "status": pl.String,
        "days_late": pl.Int64,
        "worker_id": pl.String,
        "team": pl.String,
    }
    return pl.DataFrame(schema=schema)
