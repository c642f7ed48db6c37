"""The rulebook's measures that are not clocks: shares of records with a property. No Django.

Each measure finds its cohort (records dated in the period, as known on the
"as at" date) and flags some of them; the figure is flagged / cohort.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.clocks import plus
from oversight.analytics.rulebook import Rule, Rulebook
from oversight.analytics.workdays import WorkingDayCalendar

_PLANS = ("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cppl_cp_plan_ola")
TABLES = {
    "re_referral_12m": {"ssd_cin_episodes": ("cine_referral_id", "cine_person_id", "cine_referral_date")},
    "cp_plan_second_or_subsequent": {"ssd_cp_plans": _PLANS},
    "cp_plan_2_years": {"ssd_cp_plans": _PLANS},
    "cin_closed_after_step_down": {
        "ssd_cp_plans": _PLANS,
        "ssd_cin_plans": ("cinp_cin_plan_id", "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
    },
    "missing_episodes": {
        "ssd_missing": (
            "miss_table_id",
            "miss_person_id",
            "miss_missing_episode_start_date",
            "miss_missing_rhi_offered",
        )
    },
}
# Every measure's cohort frame: record_id, child_id, date (what places it in a period), flagged.


def _after_previous() -> pl.Expr:
    """The previous row's date for the same child (FRAME sorted by child, date)."""
    return pl.when(pl.col("child_id").shift(1) == pl.col("child_id")).then(pl.col("date").shift(1))


def _re_referrals(frames, rule: Rule, as_at: dt.date, cal: WorkingDayCalendar) -> pl.DataFrame:
    refs = frames["ssd_cin_episodes"].select(
        record_id="cine_referral_id", child_id="cine_person_id", date="cine_referral_date"
    )
    refs = refs.filter(pl.col("date").is_not_null() & (pl.col("date") <= as_at)).sort("child_id", "date")
    refs = refs.with_columns(previous=_after_previous())
    refs = refs.with_columns(plus(refs, "previous", rule.duration("within"), cal).alias("previous_plus"))
    return refs.select(
        "record_id", "child_id", "date", flagged=(pl.col("date") <= pl.col("previous_plus")).fill_null(False)
    )


def _own_plans(frames) -> pl.DataFrame:
    ola = pl.col("cppl_cp_plan_ola").fill_null("").str.to_uppercase() == "Y"
    return (
        frames["ssd_cp_plans"]
        .filter(~ola)
        .select(
            record_id="cppl_cp_plan_id",
            child_id="cppl_person_id",
            start="cppl_cp_plan_start_date",
            end="cppl_cp_plan_end_date",
        )
    )


def _second_plans(frames, rule, as_at, cal) -> pl.DataFrame:
    plans = _own_plans(frames).rename({"start": "date"})
    plans = plans.filter(pl.col("date").is_not_null() & (pl.col("date") <= as_at)).sort("child_id", "date")
    return plans.select("record_id", "child_id", "date", flagged=_after_previous().is_not_null())


def _two_year_plans(frames, rule, as_at, cal) -> pl.DataFrame:
    plans = _own_plans(frames).filter(
        pl.col("end").is_not_null() & (pl.col("end") <= as_at) & pl.col("start").is_not_null()
    )
    plans = plans.with_columns(plus(plans, "start", rule.duration("lasting"), cal).alias("long_after"))
    return plans.select("record_id", "child_id", date="end", flagged=pl.col("end") >= pl.col("long_after"))


def _step_down_closures(frames, rule, as_at, cal) -> pl.DataFrame:
    ended = _own_plans(frames).filter(pl.col("end").is_not_null() & (pl.col("end") <= as_at))
    ended = ended.with_columns(plus(ended, "end", rule.duration("step_down_within"), cal).alias("window_end"))
    cin = (
        frames["ssd_cin_plans"]
        .select(child_id="cinp_person_id", cin_start="cinp_cin_plan_start_date", cin_end="cinp_cin_plan_end_date")
        .filter(pl.col("cin_start").is_not_null() & (pl.col("cin_start") <= as_at))
    )
    pairs = (
        ended.join(cin, on="child_id", how="inner")
        .filter((pl.col("cin_start") >= pl.col("end")) & (pl.col("cin_start") <= pl.col("window_end")))
        .sort("record_id", "cin_start")
        .unique("record_id", keep="first")
    )
    pairs = pairs.with_columns(cin_end=pl.when(pl.col("cin_end") <= as_at).then(pl.col("cin_end")))
    pairs = pairs.with_columns(plus(pairs, "cin_start", rule.duration("closed_within"), cal).alias("soon"))
    return pairs.select(
        "record_id", "child_id", date="end", flagged=(pl.col("cin_end") <= pl.col("soon")).fill_null(False)
    )


def _missing_episodes(frames, rule, as_at, cal) -> pl.DataFrame:
    """Missing episodes known on AS_AT, flagged where a return home interview was offered."""
    offered = pl.col("miss_missing_rhi_offered").fill_null("").str.strip_chars().str.to_uppercase() == "Y"
    return (
        frames["ssd_missing"]
        .filter(pl.col("miss_missing_episode_start_date").is_not_null())
        .select(
            record_id="miss_table_id",
            child_id="miss_person_id",
            date="miss_missing_episode_start_date",
            flagged=offered,
        )
        .filter(pl.col("date") <= as_at)
    )


def tables_needed(rulebook: Rulebook) -> dict[str, tuple[str, ...]]:
    needed: dict[str, set[str]] = {}
    for rule in rulebook.measures:
        for table, columns in TABLES[rule.id].items():
            needed.setdefault(table, set()).update(columns)
    return {t: tuple(sorted(c)) for t, c in needed.items()}


_BUILDERS = {
    "re_referral_12m": _re_referrals,
    "cp_plan_second_or_subsequent": _second_plans,
    "cp_plan_2_years": _two_year_plans,
    "cin_closed_after_step_down": _step_down_closures,
    "missing_episodes": _missing_episodes,
}


def cohort(
    frames: dict[str, pl.DataFrame],
    rule: Rule,
    as_at: dt.date,
    calendar: WorkingDayCalendar,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pl.DataFrame:
    """The measure's records dated in the period (START to END, both included): record_id, child_id, date, flagged."""
    out = _BUILDERS[rule.id](frames, rule, as_at, calendar)
    if start:
        out = out.filter(pl.col("date") >= start)
    if end:
        out = out.filter(pl.col("date") <= end)
    return out


def percent(part: int, whole: int) -> float | None:
    """PART of WHOLE as a percentage to one decimal place, halves up (1 of 16 is 6.3); None when WHOLE is 0."""
    return (2000 * part + whole) // (2 * whole) / 10 if whole else None


def measures(
    frames: dict[str, pl.DataFrame],
    rulebook: Rulebook,
    as_at: dt.date,
    calendar: WorkingDayCalendar,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[dict]:
    out = []
    for rule in rulebook.measures:
        if not rule.enabled:
            continue
        rows = cohort(frames, rule, as_at, calendar, start, end)
        flagged = int(rows.get_column("flagged").sum())
        out.append(
            {
                "measure": rule.id,
                "description": rule.description,
                "counts": rule.counts,
                "records": rows.height,
                "flagged": flagged,
                "percent": percent(flagged, rows.height),
            }
        )
    return out
