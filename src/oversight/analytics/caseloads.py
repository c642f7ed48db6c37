"""Caseloads on one or many dates, computed from allocation history. Frames in, frames out.

A worker's caseload on DAY is the number of distinct children with an
involvement of the given roles to that worker open on DAY (started on or
before it, not ended on or before it), counted only while the worker is
employed (`cohorts.employed_on`). Every figure is recomputed from
`ssd_involvements` and `ssd_professionals`, never from stored snapshots, so
any past date gives the same answer it gave at the time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from oversight.analytics import cohorts
from oversight.analytics.workforce import dates, employed, staff, workforce

FAR_FUTURE = dt.date(9999, 12, 31)
# Dates the figures can be asked for: wide enough for any case record, far enough from
# year 9999 that "a year later" and "12 weeks later" stay real dates.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
# Empty lists are filtered out before exploding; newer polars asks for the choice to be explicit.
_EXPLODE = {"empty_as_null": False} if "empty_as_null" in inspect.signature(pl.DataFrame.explode).parameters else {}


@dataclass(frozen=True)
class Rules:
    """Local choices that shape the figures (config sections "involvements" and "caseloads")."""

    case_worker_roles: tuple[str, ...] = ("CW",)
    iro_roles: tuple[str, ...] = ("IRO",)
    personal_adviser_roles: tuple[str, ...] = ("PA",)
    targets: tuple[tuple[str, int], ...] = (("nqsw", 20), ("social_worker", 25), ("other", 25), ("iro", 70))
    aspiration: int = 18
    hot_spot_threshold: float = 22
    anniversary_weeks: int = 12
    # Grades listed even when they hold no cases (so a new starter with none shows).
    case_holding_grades: tuple[str, ...] = ("nqsw", "social_worker", "senior_practitioner")
    iro_grades: tuple[str, ...] = ("iro", "cp_chair")
    personal_adviser_grades: tuple[str, ...] = ("personal_adviser",)
    # Grades outside the social work workforce (headcount, FTE, turnover).
    non_workforce_grades: tuple[str, ...] = ("personal_adviser", "other")

    @classmethod
    def from_config(cls, involvements: dict, caseloads: dict) -> Rules:
        """Rules from the two config sections; a bad value raises ValueError naming its key."""
        base = cls()
        targets = dict(base.targets)
        for grade, value in dict(caseloads.get("targets", {})).items():
            targets[str(grade)] = _number(value, f"caseloads.targets.{grade}", int)

        def names(section: dict, key: str, prefix: str) -> tuple[str, ...]:
            value = section.get(key, getattr(base, key))
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"configuration {prefix}.{key} must be a list of text codes; got {value!r}")
            return tuple(value)

        return cls(
            case_worker_roles=names(involvements, "case_worker_roles", "involvements"),
            iro_roles=names(involvements, "iro_roles", "involvements"),
            personal_adviser_roles=names(involvements, "personal_adviser_roles", "involvements"),
            targets=tuple(sorted(targets.items())),
            aspiration=_number(caseloads.get("aspiration", base.aspiration), "caseloads.aspiration", int),
            hot_spot_threshold=_number(
                caseloads.get("hot_spot_threshold", base.hot_spot_threshold), "caseloads.hot_spot_threshold", float
            ),
            anniversary_weeks=_number(
                caseloads.get("anniversary_weeks", base.anniversary_weeks), "caseloads.anniversary_weeks", int
            ),
            case_holding_grades=names(caseloads, "case_holding_grades", "caseloads"),
            iro_grades=names(caseloads, "iro_grades", "caseloads"),
            personal_adviser_grades=names(caseloads, "personal_adviser_grades", "caseloads"),
            non_workforce_grades=names(caseloads, "non_workforce_grades", "caseloads"),
        )

    @classmethod
    def configured(cls) -> Rules:
        from oversight.config import section

        return cls.from_config(section("involvements"), section("caseloads"))

    def target(self, grade: str) -> int:
        table = dict(self.targets)
        return table.get(grade, table.get("other", 25))

    @property
    def nqsw_target(self) -> int:
        return self.target("nqsw")

    @property
    def experienced_target(self) -> int:
        # An NQSW past the first anniversary of qualifying takes a social worker's target.
        return self.target("social_worker")


def _number(value, key: str, kind: type):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    if not ok or (kind is int and value != int(value)):
        raise ValueError(
            f"configuration {key} must be a {'whole ' if kind is int else ''}number of 0 or more; got {value!r}"
        )
    return kind(value)


# The three kinds of caseload: (roles attribute, grades listed with no cases).
KINDS = {
    "social_work": ("case_worker_roles", "case_holding_grades"),
    "iro": ("iro_roles", "iro_grades"),
    "personal_adviser": ("personal_adviser_roles", "personal_adviser_grades"),
}

# The columns each table needs here (loading only these keeps a page on a large council quick).
COLUMNS = {
    "ssd_involvements": (
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_person_id",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
    ),
    "ssd_professionals": (
        "prof_professional_id",
        "prof_professional_name",
        "prof_grade",
        "prof_team_id",
        "prof_full_time_equivalency",
        "prof_agency_worker_flag",
        "prof_qualified_date",
        "prof_start_date",
        "prof_end_date",
    ),
    "ssd_department": ("dept_team_id", "dept_team_name", "dept_team_parent_id"),
    "ssd_cin_episodes": ("cine_person_id", "cine_referral_date", "cine_close_date"),
    "ssd_cp_plans": ("cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    "ssd_cla_episodes": ("clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_care_leavers": ("clea_person_id", "clea_care_leaver_start_date", "clea_care_leaver_end_date"),
}
TABLES = tuple(COLUMNS)
# Each dated table's (start, end) columns: only rows overlapping a period can be open on a date in it.
PERIODS = {
    "ssd_involvements": ("invo_involvement_start_date", "invo_involvement_end_date"),
    "ssd_cin_episodes": ("cine_referral_date", "cine_close_date"),
    "ssd_cp_plans": ("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    "ssd_cla_episodes": ("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_care_leavers": ("clea_care_leaver_start_date", "clea_care_leaver_end_date"),
}


def check_day(day: dt.date, label: str = "The date") -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{label} must be from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}; got {day.isoformat()}"
        )
    return day


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month MONTHS_BACK months before DAY's month."""
    months = day.year * 12 + day.month - 1 - months_back
    return dt.date(months // 12, months % 12 + 1, 1)


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month-end from START to END inclusive."""
    out = []
    year, month = start.year, start.month
    while True:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last > end:
            return out
        if last >= start:
            out.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def holdings(involvements: pl.DataFrame, roles: Sequence[str], days: Iterable[dt.date]) -> pl.DataFrame:
    """One row per (as_at, worker, child) for every involvement of ROLES open on each of DAYS.

    Rather than cross-joining every involvement with every date, each
    involvement is expanded only over the dates it covers: the first date on
    or after its start up to the last date before its end (binary search on
    the sorted dates).
    """
    d = dates(days)
    inv = involvements.filter(
        pl.col("invo_professional_role_id").is_in(list(roles))
        & pl.col("invo_involvement_start_date").is_not_null()
        & pl.col("invo_professional_id").is_not_null()
        & pl.col("invo_person_id").is_not_null()
    )
    first = d.search_sorted(inv.get_column("invo_involvement_start_date"), side="left")
    stop = d.search_sorted(inv.get_column("invo_involvement_end_date").fill_null(FAR_FUTURE), side="left")
    expanded = (
        inv.select(
            pl.col("invo_professional_id").alias("worker_id"),
            pl.col("invo_person_id").alias("person_id"),
            pl.col("invo_professional_team").fill_null("").alias("team"),
            pl.col("invo_involvement_start_date").alias("since"),
        )
        .with_columns(pl.int_ranges(first, stop, dtype=pl.UInt32).alias("i"))
        .filter(pl.col("i").list.len() > 0)
        .explode("i", **_EXPLODE)
    )
    index = pl.DataFrame({"i": pl.Series(range(d.len()), dtype=pl.UInt32), "as_at": d})
    return expanded.join(index, on="i").drop("i")


def worker_caseloads(
    frames: dict[str, pl.DataFrame], days: Iterable[dt.date], rules: Rules, kind: str = "social_work"
) -> pl.DataFrame:
    """Per date and worker employed on it: cases, FTE, grade, team, target and cases over target.

    Workers of the kind's grades appear even with no cases; others only
    when they hold at least one. Team is the worker's own (`prof_team_id`),
    else the team on their most recently started open involvement.
    """
    roles_attr, grades_attr = KINDS[kind]
    d = dates(days)
    held = holdings(frames["ssd_involvements"], getattr(rules, roles_attr), d)
    counts = held.group_by("as_at", "worker_id").agg(
        pl.col("person_id").n_unique().cast(pl.Int64).alias("cases"),
        pl.col("team").sort_by("since").last().alias("involvement_team"),
    )
    people = staff(frames["ssd_professionals"])
    listed_grades = list(getattr(rules, grades_attr))
    out = (
        people.join(d.to_frame(), how="cross")
        .filter(employed())
        .join(counts, on=["as_at", "worker_id"], how="left")
        .with_columns(pl.col("cases").fill_null(0))
        .filter((pl.col("cases") > 0) | pl.col("grade").is_in(listed_grades))
        .with_columns(
            pl.when(pl.col("home_team") != "")
            .then(pl.col("home_team"))
            .otherwise(pl.col("involvement_team").fill_null(""))
            .alias("team"),
            pl.col("qualified_date").dt.offset_by("1y").alias("anniversary"),
        )
    )
    table = dict(rules.targets)
    by_grade = pl.col("grade").replace_strict(table, default=rules.target("other"), return_dtype=pl.Int64)
    still_newly_qualified = pl.col("anniversary").is_null() | (pl.col("as_at") < pl.col("anniversary"))
    out = out.with_columns(
        pl.when(pl.col("grade") == "nqsw")
        .then(
            pl.when(still_newly_qualified).then(pl.lit(rules.nqsw_target)).otherwise(pl.lit(rules.experienced_target))
        )
        .otherwise(by_grade)
        .cast(pl.Int64)
        .alias("target")
    )
    return (
        out.with_columns(
            (pl.col("cases") - pl.col("target")).clip(lower_bound=0).alias("over_target_by"),
            pl.when(pl.col("fte") > 0).then(pl.col("cases") / pl.col("fte")).alias("cases_per_fte"),
        )
        .select(
            "as_at",
            "worker_id",
            "name",
            "grade",
            "team",
            "fte",
            "agency",
            "qualified_date",
            "anniversary",
            "cases",
            "target",
            "over_target_by",
            "cases_per_fte",
        )
        .sort("as_at", "worker_id")
    )


def summary(workers: pl.DataFrame, days: Iterable[dt.date], rules: Rules) -> pl.DataFrame:
    """Per date: case holders, average caseload per head and per FTE, over and under target.

    Averages are over case-holding workers (at least one case): per head is
    cases / case holders; per FTE is cases / the case holders' total FTE, as
    the DfE workforce census computes it.
    """
    holder = pl.col("cases") > 0
    over = pl.col("cases") > pl.col("target")
    w = workers.with_columns(pl.col("cases").filter(holder).mean().over("as_at").alias("_mean"))
    agg = w.group_by("as_at").agg(
        holder.sum().cast(pl.Int64).alias("case_holding_workers"),
        pl.col("cases").sum().cast(pl.Int64).alias("cases"),
        pl.col("fte").filter(holder).sum().alias("case_holding_fte"),
        over.sum().cast(pl.Int64).alias("workers_over_target"),
        pl.col("over_target_by").filter(over).mean().alias("average_over_target_by"),
        (pl.col("cases") < pl.col("target")).sum().cast(pl.Int64).alias("workers_under_target"),
        (pl.col("cases") > rules.aspiration).sum().cast(pl.Int64).alias("workers_above_aspiration"),
        (holder & (pl.col("cases") > pl.col("_mean"))).sum().cast(pl.Int64).alias("workers_above_average"),
    )
    out = (
        dates(days)
        .to_frame()
        .join(agg, on="as_at", how="left")
        .with_columns(
            pl.col(
                "case_holding_workers",
                "cases",
                "workers_over_target",
                "workers_under_target",
                "workers_above_aspiration",
                "workers_above_average",
            ).fill_null(0),
            pl.col("case_holding_fte").fill_null(0.0),
        )
    )
    some = pl.col("case_holding_workers") > 0
    return out.with_columns(
        pl.when(some).then(pl.col("cases") / pl.col("case_holding_workers")).alias("average_caseload"),
        pl.when(pl.col("case_holding_fte") > 0)
        .then(pl.col("cases") / pl.col("case_holding_fte"))
        .alias("average_caseload_fte"),
        pl.when(some)
        .then(100 * pl.col("workers_above_average") / pl.col("case_holding_workers"))
        .alias("share_above_average_pct"),
    ).sort("as_at")


def group_caseloads(workers: pl.DataFrame, departments: pl.DataFrame, rules: Rules, by: str = "team") -> pl.DataFrame:
    """Per date and team (by="team") or locality (by="locality", the team's parent in ssd_department)."""
    depts = departments.select(
        pl.col("dept_team_id").alias("team"),
        pl.col("dept_team_name").fill_null("").alias("team_name"),
        pl.col("dept_team_parent_id").fill_null("").alias("locality"),
    ).unique("team", keep="first")
    w = workers.join(depts, on="team", how="left").with_columns(
        pl.col("team_name").fill_null(""), pl.col("locality").fill_null("")
    )
    if by == "locality":
        names = depts.select(pl.col("team").alias("locality"), pl.col("team_name").alias("locality_name"))
        w = w.join(names, on="locality", how="left").with_columns(pl.col("locality_name").fill_null(""))
        keys = ["locality", "locality_name"]
    else:
        keys = ["team", "team_name", "locality"]
    holder = pl.col("cases") > 0
    out = w.group_by("as_at", *keys).agg(
        holder.sum().cast(pl.Int64).alias("workers"),
        pl.col("cases").sum().cast(pl.Int64).alias("cases"),
        pl.col("fte").filter(holder).sum().alias("fte"),
        (pl.col("cases") > pl.col("target")).sum().cast(pl.Int64).alias("workers_over_target"),
    )
    return (
        out.with_columns(
            pl.when(pl.col("workers") > 0).then(pl.col("cases") / pl.col("workers")).alias("average_caseload"),
            pl.when(pl.col("fte") > 0).then(pl.col("cases") / pl.col("fte")).alias("average_caseload_fte"),
        )
        .with_columns(
            (pl.col("average_caseload").fill_null(0) > rules.hot_spot_threshold).alias("hot_spot"),
        )
        .sort("as_at", keys[0])
    )


def nqsw_anniversaries(workers: pl.DataFrame, day: dt.date, rules: Rules, weeks: int | None = None) -> pl.DataFrame:
    """Newly qualified workers whose first anniversary falls after DAY and within WEEKS weeks of it.

    On the anniversary itself the experienced target already applies, so a
    worker whose anniversary is DAY is no longer listed.
    """
    weeks = rules.anniversary_weeks if weeks is None else weeks
    until = day + dt.timedelta(weeks=weeks)
    return (
        workers.filter(
            (pl.col("as_at") == day)
            & (pl.col("grade") == "nqsw")
            & (pl.col("anniversary") > day)
            & (pl.col("anniversary") <= until)
        )
        .with_columns((pl.col("cases") > rules.nqsw_target).alias("above_nqsw_target"))
        .sort("anniversary", "worker_id")
    )


def distribution(workers: pl.DataFrame, width: int = 5, top: int = 30) -> pl.DataFrame:
    """Case holders per caseload band (1-4, 5-9, ..., TOP and over), every band present, per date."""
    starts = list(range(0, top, width)) + [top]
    bands = pl.DataFrame(
        {
            "band_start": starts,
            "band": [f"{max(s, 1)} to {s + width - 1}" for s in starts[:-1]] + [f"{top} or more"],
        },
        schema={"band_start": pl.Int64, "band": pl.String},
    )
    held = workers.filter(pl.col("cases") > 0).with_columns(
        pl.min_horizontal((pl.col("cases") // width) * width, pl.lit(top)).cast(pl.Int64).alias("band_start")
    )
    counts = held.group_by("as_at", "band_start").agg(pl.len().cast(pl.Int64).alias("workers"))
    grid = workers.select("as_at").unique().join(bands, how="cross")
    return (
        grid.join(counts, on=["as_at", "band_start"], how="left")
        .with_columns(pl.col("workers").fill_null(0))
        .sort("as_at", "band_start")
    )


def unallocated(frames: dict[str, pl.DataFrame], days: Iterable[dt.date], rules: Rules) -> pl.DataFrame:
    """Unallocated children per date, by the home page's own definition (`cohorts.unallocated_children`)."""
    roles, advisers = list(rules.case_worker_roles), list(rules.personal_adviser_roles)
    d = list(dates(days))
    return pl.DataFrame(
        {
            "as_at": d,
            "unallocated_children": [cohorts.unallocated_children(frames, day, roles, advisers).len() for day in d],
        },
        schema={"as_at": pl.Date, "unallocated_children": pl.Int64},
    )


def _round(value, places: int = 2):
    return None if value is None else round(float(value), places)


def _rows(frame: pl.DataFrame, columns: Sequence[str]) -> list[dict]:
    rows = frame.select(columns).to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float):
                row[key] = _round(value)
            elif isinstance(value, dt.date):
                row[key] = value.isoformat()
    return rows


WORKER_COLUMNS = (
    "worker_id",
    "name",
    "grade",
    "team",
    "fte",
    "agency",
    "cases",
    "target",
    "over_target_by",
    "cases_per_fte",
)
TEAM_COLUMNS = (
    "team",
    "team_name",
    "locality",
    "workers",
    "cases",
    "average_caseload",
    "average_caseload_fte",
    "workers_over_target",
    "hot_spot",
)
LOCALITY_COLUMNS = (
    "locality",
    "locality_name",
    "workers",
    "cases",
    "average_caseload",
    "average_caseload_fte",
    "workers_over_target",
    "hot_spot",
)
SUMMARY_KEYS = (
    "case_holding_workers",
    "average_caseload",
    "average_caseload_fte",
    "workers_over_target",
    "average_over_target_by",
    "cases",
    "case_holding_fte",
    "workers_under_target",
    "workers_above_aspiration",
    "workers_above_average",
    "share_above_average_pct",
)


def _other_kind(frames: dict[str, pl.DataFrame], day: dt.date, rules: Rules, kind: str) -> dict:
    workers = worker_caseloads(frames, [day], rules, kind)
    s = summary(workers, [day], rules).row(0, named=True)
    return {
        "workers": _rows(workers, WORKER_COLUMNS),
        "case_holding_workers": s["case_holding_workers"],
        "cases": s["cases"],
        "average_caseload": _round(s["average_caseload"]),
        "average_caseload_fte": _round(s["average_caseload_fte"]),
        "workers_over_target": s["workers_over_target"],
    }


def report(frames: dict[str, pl.DataFrame], day: dt.date, rules: Rules) -> dict:
    """Everything about caseloads and the workforce on DAY, as plain values (floats to 2 places)."""
    workers = worker_caseloads(frames, [day], rules)
    row = summary(workers, [day], rules).row(0, named=True)
    figures = {k: (_round(row[k]) if isinstance(row[k], float) else row[k]) for k in SUMMARY_KEYS}
    figures["unallocated_children"] = cohorts.unallocated_children(
        frames, day, list(rules.case_worker_roles), list(rules.personal_adviser_roles)
    ).len()
    figures["aspiration"] = rules.aspiration
    depts = frames["ssd_department"]
    anniversaries = nqsw_anniversaries(workers, day, rules)
    force = workforce(frames["ssd_professionals"], [day], rules.non_workforce_grades).row(0, named=True)
    return {
        "as_at": day.isoformat(),
        "workers": _rows(workers, WORKER_COLUMNS),
        "summary": figures,
        "teams": _rows(group_caseloads(workers, depts, rules, "team"), TEAM_COLUMNS),
        "localities": _rows(group_caseloads(workers, depts, rules, "locality"), LOCALITY_COLUMNS),
        "hot_spot_threshold": rules.hot_spot_threshold,
        "iro": _other_kind(frames, day, rules, "iro"),
        "personal_advisers": _other_kind(frames, day, rules, "personal_adviser"),
        "nqsw_anniversaries": {
            "weeks": rules.anniversary_weeks,
            "until": (day + dt.timedelta(weeks=rules.anniversary_weeks)).isoformat(),
            "nqsw_target": rules.nqsw_target,
            "workers": _rows(
                anniversaries,
                ("worker_id", "name", "team", "qualified_date", "anniversary", "cases", "above_nqsw_target"),
            ),
            "count": anniversaries.height,
            "above_nqsw_target": int(anniversaries.get_column("above_nqsw_target").sum()),
        },
        "workforce": {k: (_round(v) if isinstance(v, float) else v) for k, v in force.items() if k != "as_at"},
    }


TREND_COLUMNS = (
    "as_at",
    "case_holding_workers",
    "cases",
    "average_caseload",
    "average_caseload_fte",
    "workers_over_target",
    "average_over_target_by",
    "workers_above_aspiration",
    "share_above_average_pct",
    "unallocated_children",
    "hot_spot_teams",
    "iro_average_caseload",
    "personal_adviser_average_caseload",
    "headcount",
    "fte",
    "agency_rate_fte",
    "turnover_rate_fte",
)


def trend_frame(frames: dict[str, pl.DataFrame], days: Sequence[dt.date], rules: Rules) -> pl.DataFrame:
    """The summary figures at each of DAYS, all dates computed together."""
    workers = worker_caseloads(frames, days, rules)
    out = summary(workers, days, rules)
    teams = group_caseloads(workers, frames["ssd_department"], rules, "team")
    hot = teams.group_by("as_at").agg(pl.col("hot_spot").sum().cast(pl.Int64).alias("hot_spot_teams"))
    out = out.join(hot, on="as_at", how="left").with_columns(pl.col("hot_spot_teams").fill_null(0))
    for kind, name in (("iro", "iro_average_caseload"), ("personal_adviser", "personal_adviser_average_caseload")):
        other = summary(worker_caseloads(frames, days, rules, kind), days, rules)
        out = out.join(other.select("as_at", pl.col("average_caseload").alias(name)), on="as_at", how="left")
    force = workforce(frames["ssd_professionals"], days, rules.non_workforce_grades)
    out = out.join(
        force.select("as_at", "headcount", "fte", "agency_rate_fte", "turnover_rate_fte"), on="as_at", how="left"
    )
    return out.join(unallocated(frames, days, rules), on="as_at", how="left").select(TREND_COLUMNS)


def trend(frames: dict[str, pl.DataFrame], days: Sequence[dt.date], rules: Rules) -> list[dict]:
    return _rows(trend_frame(frames, days, rules), TREND_COLUMNS)


CENSUS_MEASURES = {
    "cases": "Cases held by case-holding social workers",
    "case_holding_fte": "Case-holding FTE",
    "caseload_fte": "Caseload per case-holding FTE",
    "in_post_headcount": "In post (headcount, not agency)",
    "in_post_fte": "In post (FTE, not agency)",
    "agency_headcount": "Agency workers (headcount)",
    "agency_fte": "Agency workers (FTE)",
    "agency_rate_headcount": "Agency rate, headcount (%)",
    "agency_rate_fte": "Agency rate, FTE (%)",
    "starters_headcount": "Starters in the year (headcount)",
    "starters_fte": "Starters in the year (FTE)",
    "leavers_headcount": "Leavers in the year (headcount)",
    "leavers_fte": "Leavers in the year (FTE)",
    "turnover_rate_headcount": "Turnover, headcount (%)",
    "turnover_rate_fte": "Turnover, FTE (%)",
}


def census(frames: dict[str, pl.DataFrame], year: int, rules: Rules) -> dict:
    """The 30 September figures of YEAR beside England's (where known), measure by measure."""
    from oversight.analytics.workforce import NATIONAL, census_day

    day = census_day(year)
    row = summary(worker_caseloads(frames, [day], rules), [day], rules).row(0, named=True)
    local = workforce(frames["ssd_professionals"], [day], rules.non_workforce_grades).row(0, named=True)
    local.update(cases=row["cases"], case_holding_fte=row["case_holding_fte"], caseload_fte=row["average_caseload_fte"])
    national = NATIONAL.get(year, {})
    return {
        "year": year,
        "as_at": day.isoformat(),
        "national_evidence": national.get("evidence"),
        "measures": [
            {
                "measure": k,
                "label": label,
                "local": _round(local[k]) if isinstance(local[k], float) else local[k],
                "england": national.get(k),
            }
            for k, label in CENSUS_MEASURES.items()
        ],
    }
