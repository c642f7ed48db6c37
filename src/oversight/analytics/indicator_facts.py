"""How each indicator of the catalogue is computed from the case data. No Django.

The front door, assessment and child protection indicators and the shared helpers live here;
indicator_care, indicator_workforce and indicator_records add the rest to REGISTRY. Each function takes
the scorecard Context and the Indicator and says which
records it counts (children, events, items), leaving the counting to
`scorecard` (count, share, average, per_10k). Where an engine of Oversight
already computes a thing (timeliness clocks and measures, caseloads,
workforce, cohorts, audit grades) it is used, not recomputed.
"""

from __future__ import annotations

import polars as pl

from oversight.analytics import timeliness_measures
from oversight.analytics.caseloads import _EXPLODE
from oversight.analytics.indicators import Indicator, NotMeasurable
from oversight.analytics.scorecard import (
    Context,
    Result,
    average,
    count,
    days_frame,
    in_months,
    per_10k,
    share,
)

FAR = pl.date(9999, 12, 31)


def open_on_days(frame: pl.DataFrame, start: str, end: str, ctx: Context) -> pl.DataFrame:
    """FRAME's rows once for each month-end they are open on (start on or before it, end empty or after it), as as_at.

    Each row is expanded only over the dates it covers (binary search on the
    sorted month-ends), as `caseloads.holdings` does, rather than a cross join.
    """
    days = pl.Series("as_at", ctx.days, dtype=pl.Date)
    rows = frame.filter(pl.col(start).is_not_null())
    first = days.search_sorted(rows.get_column(start), side="left")
    stop = days.search_sorted(rows.get_column(end).fill_null(FAR), side="left")
    index = pl.DataFrame({"_i": pl.Series(range(len(days)), dtype=pl.UInt32), "as_at": days})
    expanded = rows.with_columns(_i=pl.int_ranges(first, stop, dtype=pl.UInt32)).filter(pl.col("_i").list.len() > 0)
    return expanded.explode("_i", **_EXPLODE).join(index, on="_i").drop("_i")


def in_window(frame: pl.DataFrame, date: str, ctx: Context, months: int = 12) -> pl.DataFrame:
    """FRAME's rows once for each month-end whose MONTHS months (month-end excluded before, included after) hold DATE."""
    early = ctx.days[0].replace(day=1)
    earliest = pl.lit(early).dt.offset_by(f"-{months}mo")
    rows = frame.filter(pl.col(date).is_not_null() & (pl.col(date) <= ctx.last) & (pl.col(date) > earliest))
    return rows.join(days_frame(ctx), how="cross").filter(
        (pl.col(date) <= pl.col("as_at")) & (pl.col(date) > pl.col("as_at").dt.offset_by(f"-{months}mo"))
    )


def _events(table: str, date: str, child: str, team: str | None = None):
    def compute(ctx: Context, ind: Indicator) -> Result:
        frame = ctx.frames[table].select(
            child_id=pl.col(child), date=pl.col(date), team=pl.col(team) if team else pl.lit(None, pl.String)
        )
        return count(in_months(frame, "date", ctx), ctx, ind)

    return compute


# ---- stocks at the month-end ------------------------------------------------------------------


def _cla_open(ctx: Context) -> pl.DataFrame:
    eps = ctx.frames["ssd_cla_episodes"]
    return (
        open_on_days(eps, "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", ctx)
        .select("as_at", child_id="clae_person_id")
        .unique(["as_at", "child_id"])
        .with_columns(team=pl.lit(None, pl.String))
    )


def _cp_open(ctx: Context) -> pl.DataFrame:
    plans = ctx.frames["ssd_cp_plans"]
    return (
        open_on_days(plans, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", ctx)
        .select("as_at", child_id="cppl_person_id")
        .unique(["as_at", "child_id"])
        .with_columns(team=pl.lit(None, pl.String))
    )


def early_help_open(ctx, ind):
    eps = ctx.frames["ssd_early_help_episodes"]
    recs = open_on_days(eps, "earl_episode_start_date", "earl_episode_end_date", ctx)
    recs = recs.select("as_at", child_id="earl_person_id").unique(["as_at", "child_id"])
    return count(recs.with_columns(team=pl.lit(None, pl.String)), ctx, ind)


def cp_plans(ctx, ind):
    return count(_cp_open(ctx), ctx, ind)


def cp_plans_per_10k(ctx, ind):
    return per_10k(_cp_open(ctx), ctx, ind)


def cla(ctx, ind):
    return count(_cla_open(ctx), ctx, ind)


def cla_per_10k(ctx, ind):
    return per_10k(_cla_open(ctx), ctx, ind)


# ---- front door -------------------------------------------------------------------------------


def referrals_per_10k(ctx, ind):
    refs = ctx.frames["ssd_cin_episodes"].select(child_id="cine_person_id", date="cine_referral_date")
    return per_10k(in_window(refs, "date", ctx).with_columns(team=pl.lit(None, pl.String)), ctx, ind)


def contact_conversion_pct(ctx, ind):
    within = int(ind.params.get("within_days", 7))
    contacts = ctx.frames["ssd_contacts"].select(
        contact="cont_contact_id", child_id="cont_person_id", date="cont_contact_date"
    )
    contacts = in_months(contacts, "date", ctx)
    refs = ctx.frames["ssd_cin_episodes"].select(child_id="cine_person_id", referred="cine_referral_date")
    converted = (
        contacts.join(refs, on="child_id")
        .filter(
            (pl.col("referred") >= pl.col("date"))
            & (pl.col("referred") < pl.col("date") + pl.duration(days=within))
            & (pl.col("referred") <= ctx.last)
        )
        .select("contact")
        .unique()
    )
    recs = contacts.with_columns(
        flagged=pl.col("contact").is_in(converted.get_column("contact").implode()), team=pl.lit(None, pl.String)
    )
    return share(recs, ctx, ind)


def _measure(ctx, ind):
    rule = ctx.rulebook.measure(ind.params["measure"])
    if not rule.enabled:
        raise NotMeasurable(f"the timeliness measure {rule.id} is switched off in this council's configuration")
    rows = timeliness_measures.cohort(ctx.frames, rule, ctx.last, ctx.calendar, ctx.first_day, ctx.last)
    recs = in_months(rows, "date", ctx).with_columns(team=pl.lit(None, pl.String))
    return share(recs, ctx, ind)


# ---- timeliness clocks -------------------------------------------------------------------------


def clock_items(ctx: Context, ind: Indicator) -> pl.DataFrame:
    wanted = ind.params["rules"]
    enabled = {r.id for r in ctx.rulebook.enabled()}
    if not any(r in enabled for r in wanted):
        raise NotMeasurable(f"the timeliness rule {', '.join(wanted)} is switched off in this council's configuration")
    return ctx.items().filter(pl.col("rule").is_in(wanted))


def on_time_as_at_month_end(items: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Items due in each month, judged as at that month's end, as the timeliness engine judges them.

    The items were built as at the last month-end; an item due in an earlier
    month looked different at that month's end: an event done after it was
    not yet known (so late-but-done then was overdue), an item due on the
    month-end itself and not done was due soon (left out), and an item of a
    record that ended on or before its due date, with nothing done, had none.
    """
    recs = in_months(items, "due_date", ctx)
    done = pl.col("completed_date").is_not_null() & (pl.col("completed_date") <= pl.col("as_at"))
    ended_first = (
        pl.col("end_date").is_not_null()
        & (pl.col("end_date") <= pl.col("as_at"))
        & (pl.col("end_date") <= pl.col("due_date"))
    )
    recs = recs.filter(done | ((pl.col("due_date") < pl.col("as_at")) & ~ended_first))
    return recs.with_columns(flagged=done & (pl.col("completed_date") <= pl.col("due_date")))


def clock_share(ctx, ind):
    items = clock_items(ctx, ind)
    if ind.params.get("period") == "completed":
        recs = in_months(items, "completed_date", ctx).with_columns(
            flagged=pl.col("completed_date") <= pl.col("due_date")
        )
    else:
        recs = on_time_as_at_month_end(items, ctx)
    return share(recs, ctx, ind)


def assessment_median_wd(ctx, ind):
    items = in_months(clock_items(ctx, ind), "completed_date", ctx)
    items = items.with_columns(
        x=ctx.calendar.between_series(items.get_column("start_date"), items.get_column("completed_date"))
    )
    return average(items, ctx, ind, how="median")


# ---- assessment and child protection -----------------------------------------------------------


def s47_to_icpc_pct(ctx, ind):
    s47 = ctx.frames["ssd_s47_enquiry"].select(
        s47="s47e_s47_enquiry_id", child_id="s47e_person_id", date="s47e_s47_end_date"
    )
    s47 = in_months(s47, "date", ctx)
    held = ctx.frames["ssd_initial_cp_conference"].select(s47="icpc_s47_enquiry_id", held="icpc_icpc_date")
    held = held.filter(pl.col("held").is_not_null()).group_by("s47").agg(pl.col("held").min())
    recs = s47.join(held, on="s47", how="left").with_columns(
        flagged=(pl.col("held") <= pl.col("as_at")).fill_null(False), team=pl.lit(None, pl.String)
    )
    return share(recs, ctx, ind)


# ---- registry -----------------------------------------------------------------------------------

REGISTRY = {
    "early_help_open": early_help_open,
    "early_help_started": _events("ssd_early_help_episodes", "earl_episode_start_date", "earl_person_id"),
    "contacts": _events("ssd_contacts", "cont_contact_date", "cont_person_id"),
    "contact_conversion_pct": contact_conversion_pct,
    "contact_decisions_1wd_pct": clock_share,
    "referrals": _events("ssd_cin_episodes", "cine_referral_date", "cine_person_id"),
    "referrals_per_10k": referrals_per_10k,
    "re_referrals_12m_pct": _measure,
    "assessments_45wd_pct": clock_share,
    "assessment_median_wd": assessment_median_wd,
    "s47_enquiries": _events("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_person_id"),
    "s47_to_icpc_pct": s47_to_icpc_pct,
    "icpc_15wd_pct": clock_share,
    "cp_plans": cp_plans,
    "cp_plans_per_10k": cp_plans_per_10k,
    "cp_second_or_subsequent_pct": _measure,
    "cp_plans_2_years_pct": _measure,
    "cp_visits_on_time_pct": clock_share,
    "cp_reviews_on_time_pct": clock_share,
    "cla": cla,
    "cla_per_10k": cla_per_10k,
    "cla_reviews_on_time_pct": clock_share,
    "cla_visits_on_time_pct": clock_share,
    "cla_health_on_time_pct": clock_share,
    "missing_episodes": _events("ssd_missing", "miss_missing_episode_start_date", "miss_person_id"),
    "missing_rhi_72h_pct": clock_share,
    "pathway_plans_on_time_pct": clock_share,
}


def register(indicator_id: str, function) -> None:
    """Add the computation of an indicator whose records come from elsewhere (the quality and supervision ones)."""
    REGISTRY[indicator_id] = function
