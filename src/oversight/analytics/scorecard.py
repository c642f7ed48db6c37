"""The scorecard: every indicator of the catalogue at 13 month-ends, by council, locality and team. No Django.

`compute(catalogue, context)` runs each indicator's computation (registered in
`indicator_facts`) and aggregates what it found into one frame of figures per
indicator. Records (one row per child or event, with the month-end it counts
at) are turned into counts, percentages, averages or rates here, so each
indicator only has to say which records it counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from oversight.analytics import timeliness as timeliness_engine
from oversight.analytics.caseloads import Rules
from oversight.analytics.indicators import Catalogue, Indicator, NotMeasurable, percent_expr, round_value
from oversight.analytics.rulebook import Rulebook
from oversight.analytics.workdays import WorkingDayCalendar

VALUE_SCHEMA = {
    "as_at": pl.Date,
    "level": pl.String,
    "group": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}
CHILD_SCHEMA = {"as_at": pl.Date, "child_id": pl.String, "team": pl.String, "flagged": pl.Boolean}


@dataclass
class Context:
    """What the computations read: case data, the month-ends, and the configuration in force."""

    frames: dict[str, pl.DataFrame]
    days: list[dt.date]  # the month-ends, oldest first
    calendar: WorkingDayCalendar
    rulebook: Rulebook
    rules: Rules = field(default_factory=Rules)
    child_population: int | None = None
    postcode_districts: tuple[str, ...] = ()
    good_or_better: tuple[str, ...] = ("Outstanding", "Good")
    # Workflow records from the apps, as frames (see indicator_facts for their columns).
    records: dict[str, pl.DataFrame] = field(default_factory=dict)
    supervision_standards: Any = None
    # Counting functions of capabilities other apps provide, by indicator id: (ctx) -> records frame.
    providers: dict[str, Callable] = field(default_factory=dict)
    # The clock rules the indicators read (None: every enabled rule); compute() sets it from the catalogue.
    rule_ids: list[str] | None = None
    _items: pl.DataFrame | None = None
    _memo: dict = field(default_factory=dict)

    def memo(self, key: str, make: Callable):
        """MAKE() once per context: figures several indicators share (the month-end caseloads)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @property
    def last(self) -> dt.date:
        return self.days[-1]

    @property
    def first_day(self) -> dt.date:
        """The first day of the oldest month."""
        return self.days[0].replace(day=1)

    def items(self) -> pl.DataFrame:
        """Timeliness items of every enabled rule as at the last month-end, computed once."""
        if self._items is None:
            self._items = timeliness_engine.items(
                self.recent_frames(),
                self.rulebook,
                self.last,
                calendar=self.calendar,
                case_worker_roles=list(self.rules.case_worker_roles),
                adviser_roles=list(self.rules.personal_adviser_roles),
                rule_ids=self.rule_ids,
            )
        return self._items

    def recent_frames(self) -> dict[str, pl.DataFrame]:
        """The case data of children with a case record open at some time from a year before the first month on.

        A clock item due (or done) in the 13 months belongs to a referral, plan,
        period of care, leaving-care support or missing episode open then: one that ended
        earlier generated nothing due after its end. Leaving the other children
        out makes the timeliness engine's work proportional to the recent
        caseload, not to the whole history; a test checks the result against
        the engine run on everything.
        """
        since = self.first_day - dt.timedelta(days=366)
        periods = {
            "ssd_contacts": ("cont_person_id", "cont_contact_date", "cont_contact_date"),
            "ssd_cin_episodes": ("cine_person_id", "cine_referral_date", "cine_close_date"),
            "ssd_cp_plans": ("cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
            "ssd_cla_episodes": ("clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
            "ssd_care_leavers": ("clea_person_id", "clea_care_leaver_start_date", "clea_care_leaver_end_date"),
            "ssd_s47_enquiry": ("s47e_person_id", "s47e_s47_start_date", "s47e_s47_end_date"),
            # A child missing from home has a return interview due with no case open.
            "ssd_missing": ("miss_person_id", "miss_missing_episode_start_date", "miss_missing_episode_end_date"),
        }
        active = []
        for table, (person, start, end) in periods.items():
            frame = self.frames.get(table)
            if frame is None or person not in frame.columns:
                return self.frames
            recent = (pl.col(start).is_null() | (pl.col(start) <= self.last)) & (
                pl.col(end).is_null() | (pl.col(end) >= since)
            )
            active.append(frame.filter(recent).get_column(person))
        children = pl.concat(active).unique().implode()
        out = {}
        for name, frame in self.frames.items():
            person = next((c for c in frame.columns if c.endswith("person_id")), None)
            out[name] = frame if person is None else frame.filter(pl.col(person).is_in(children))
        return out

    def teams(self) -> pl.DataFrame:
        """team -> locality (the team's parent in ssd_department)."""
        depts = self.frames.get("ssd_department")
        if depts is None or depts.is_empty():
            return pl.DataFrame(schema={"team": pl.String, "locality": pl.String})
        return depts.select(team=pl.col("dept_team_id"), locality=pl.col("dept_team_parent_id").fill_null("")).unique(
            "team", keep="first"
        )


@dataclass
class Result:
    values: pl.DataFrame  # VALUE_SCHEMA
    children: pl.DataFrame | None = None  # CHILD_SCHEMA
    reason: str = ""  # why a month has no value, when only some months can have one


# ---- from records to figures -------------------------------------------------------------------


def days_frame(ctx: Context) -> pl.DataFrame:
    return pl.DataFrame({"as_at": ctx.days}, schema={"as_at": pl.Date})


def in_months(frame: pl.DataFrame, date_column: str, ctx: Context) -> pl.DataFrame:
    """Rows whose DATE_COLUMN falls in one of the months, with the month-end it counts at as as_at."""
    return frame.filter(
        pl.col(date_column).is_not_null() & (pl.col(date_column) >= ctx.first_day) & (pl.col(date_column) <= ctx.last)
    ).with_columns(as_at=pl.col(date_column).dt.month_end())


def _groups(records: pl.DataFrame, ctx: Context, by_team: bool) -> list[tuple[str, pl.DataFrame, list[str]]]:
    """(level, frame, grouping columns) for the council and, BY_TEAM, each team and locality."""
    out = [("council", records.with_columns(group=pl.lit("")), ["as_at", "group"])]
    if by_team:
        teamed = records.with_columns(group=pl.col("team").fill_null(""))
        out.append(("team", teamed, ["as_at", "group"]))
        localities = records.join(ctx.teams(), on="team", how="left").with_columns(
            group=pl.col("locality").fill_null("")
        )
        out.append(("locality", localities, ["as_at", "group"]))
    return out


def _finish(parts: list[pl.DataFrame], ctx: Context, zero_fill: bool) -> pl.DataFrame:
    out = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame(schema=VALUE_SCHEMA)
    out = out.select([pl.col(c).cast(t) for c, t in VALUE_SCHEMA.items()])
    # Every month has a council row: 0 for a count with no records, no value for a share of nothing.
    council = days_frame(ctx).join(out.filter(pl.col("level") == "council"), on="as_at", how="left")
    council = council.with_columns(level=pl.lit("council"), group=pl.lit(""))
    if zero_fill:
        council = council.with_columns(pl.col("numerator").fill_null(0.0), pl.col("value").fill_null(0.0))
    return pl.concat([council.select(VALUE_SCHEMA.keys()), out.filter(pl.col("level") != "council")]).sort(
        "level", "group", "as_at"
    )


def _children(records: pl.DataFrame, flagged: pl.Expr | None = None) -> pl.DataFrame:
    cols = [
        pl.col("as_at"),
        pl.col("child_id").cast(pl.String),
        (pl.col("team") if "team" in records.columns else pl.lit(None)).cast(pl.String).alias("team"),
        (flagged if flagged is not None else pl.lit(True)).cast(pl.Boolean).alias("flagged"),
    ]
    return records.select(cols) if "child_id" in records.columns else pl.DataFrame(schema=CHILD_SCHEMA)


def count(records: pl.DataFrame, ctx: Context, ind: Indicator) -> Result:
    """One record = one; value = records per month-end."""
    parts = [
        frame.group_by(keys)
        .agg(numerator=pl.len())
        .with_columns(level=pl.lit(level), value=pl.col("numerator"), denominator=pl.lit(None))
        for level, frame, keys in _groups(records, ctx, ind.by_team)
    ]
    return Result(_finish(parts, ctx, zero_fill=True), _children(records))


def share(records: pl.DataFrame, ctx: Context, ind: Indicator) -> Result:
    """Records with a boolean `flagged`: value = flagged ÷ records in %, one decimal place, halves up."""
    parts = [
        frame.group_by(keys)
        .agg(numerator=pl.col("flagged").sum(), denominator=pl.len())
        .with_columns(level=pl.lit(level), value=percent_expr("numerator", "denominator"))
        for level, frame, keys in _groups(records, ctx, ind.by_team)
    ]
    return Result(_finish(parts, ctx, zero_fill=False), _children(records, pl.col("flagged")))


def average(records: pl.DataFrame, ctx: Context, ind: Indicator, how: str = "mean") -> Result:
    """Records with a number `x`: value = the mean (or median) of x per month-end."""
    stat = pl.col("x").median() if how == "median" else pl.col("x").mean()
    parts = [
        frame.group_by(keys)
        .agg(value=stat, denominator=pl.len(), numerator=pl.col("x").sum())
        .with_columns(level=pl.lit(level))
        for level, frame, keys in _groups(records, ctx, ind.by_team)
    ]
    return Result(_finish(parts, ctx, zero_fill=False), _children(records))


def per_10k(records: pl.DataFrame, ctx: Context, ind: Indicator) -> Result:
    """A count per 10,000 children of the configured child population."""
    if not ctx.child_population:
        raise NotMeasurable("the council's child population is not configured ([performance] child_population)")
    counted = count(records, ctx, Indicator(**{**ind.__dict__, "by_team": False}))
    values = counted.values.with_columns(
        denominator=pl.lit(float(ctx.child_population)),
        value=pl.col("numerator") * 10000 / ctx.child_population,
    )
    return Result(values, counted.children)


def figures(frame: pl.DataFrame, ctx: Context) -> Result:
    """Figures computed elsewhere (as_at, level, group, numerator, denominator, value)."""
    return Result(_finish([frame], ctx, zero_fill=False))


# ---- the whole scorecard -----------------------------------------------------------------------


def missing_data(ind: Indicator, frames: dict[str, pl.DataFrame]) -> str | None:
    """Why the loaded data cannot support IND, or None if it holds what IND requires."""
    for need in ind.requires:
        table, column = need.split(".", 1)
        frame = frames.get(table)
        if frame is None or column not in frame.columns:
            return f"the loaded data has no {column} column ({table})"
        if frame.get_column(column).drop_nulls().len() == 0:
            return f"the loaded data has no {column} values ({table})"
    return None


@dataclass
class Outcome:
    indicator: Indicator
    measurable: bool
    reason: str
    result: Result | None

    def value(self, day: dt.date, level: str = "council", group: str = "") -> dict | None:
        if self.result is None:
            return None
        rows = self.result.values.filter(
            (pl.col("as_at") == day) & (pl.col("level") == level) & (pl.col("group") == group)
        ).to_dicts()
        return rows[0] if rows else None


def compute_one(ind: Indicator, ctx: Context, registry: dict[str, Callable]) -> Outcome:
    if not ind.available and ind.id not in ctx.providers:
        return Outcome(ind, False, "not yet available: the capability that counts it is not yet in Oversight", None)
    if ind.not_measurable:
        return Outcome(ind, False, ind.not_measurable, None)
    reason = missing_data(ind, ctx.frames)
    if reason:
        note = ind.params.get("requires_note")
        return Outcome(ind, False, f"{reason}: {note}" if note else reason, None)
    try:
        result = registry[ind.id](ctx, ind)
    except NotMeasurable as exc:
        return Outcome(ind, False, str(exc), None)
    return Outcome(ind, True, result.reason, result)


def compute(catalogue: Catalogue, ctx: Context, ids: list[str] | None = None) -> dict[str, Outcome]:
    # Importing these registers their indicators.
    from oversight.analytics import indicator_care, indicator_records, indicator_workforce  # noqa: F401
    from oversight.analytics.indicator_facts import REGISTRY

    wanted = [i for i in catalogue.indicators if ids is None or i.id in ids]
    if ctx.rule_ids is None:
        ctx.rule_ids = sorted({r for i in wanted for r in i.params.get("rules", ())})
    return {ind.id: compute_one(ind, ctx, REGISTRY) for ind in wanted}


def rounded(ind: Indicator, value) -> float | int | None:
    return round_value(value, ind.unit)
