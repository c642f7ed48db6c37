"""How each indicator of the catalogue is computed from the case data. No Django.

Each function takes the scorecard Context and the Indicator and says which
records it counts (children, events, items), leaving the counting to
`scorecard` (count, share, average, per_10k). Where an engine of Oversight
already computes a thing (timeliness clocks and measures, caseloads,
workforce, cohorts, audit grades) it is used, not recomputed.
"""

from __future__ import annotations

import polars as pl

from oversight.analytics import caseloads, cohorts, timeliness_measures
from oversight.analytics.caseloads import _EXPLODE
from oversight.analytics.clocks import care_periods
from oversight.analytics.indicators import Indicator, NotMeasurable, month_label
from oversight.analytics.scorecard import (
    Context,
    Result,
    average,
    count,
    days_frame,
    figures,
    in_months,
    per_10k,
    share,
)
from oversight.analytics.workforce import workforce

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


# ---- children in care ---------------------------------------------------------------------------


def cla_admissions(ctx, ind):
    periods = care_periods(ctx.frames).select("child_id", date="anchor")
    return count(in_months(periods, "date", ctx).with_columns(team=pl.lit(None, pl.String)), ctx, ind)


def cla_discharges(ctx, ind):
    periods = care_periods(ctx.frames).select("child_id", date="end_date")
    return count(in_months(periods, "date", ctx).with_columns(team=pl.lit(None, pl.String)), ctx, ind)


def placements_at_month_ends(ctx: Context) -> pl.DataFrame:
    """Each child in care at a month-end with the placement open on that day (the latest started, if several)."""
    places = ctx.frames["ssd_cla_placement"]
    open_places = open_on_days(places, "clap_cla_placement_start_date", "clap_cla_placement_end_date", ctx).select(
        "as_at",
        child_id="clap_person_id",
        start="clap_cla_placement_start_date",
        kind="clap_cla_placement_type",
        distance="clap_cla_placement_distance",
        postcode="clap_cla_placement_postcode",
    )
    open_places = open_places.sort("start").unique(["as_at", "child_id"], keep="last")
    return _cla_open(ctx).join(open_places, on=["as_at", "child_id"], how="left")


def cla_placed_20_miles_pct(ctx, ind):
    miles = float(ind.params.get("miles", 20))
    recs = placements_at_month_ends(ctx).filter(pl.col("distance").is_not_null())
    return share(recs.with_columns(flagged=pl.col("distance") > miles), ctx, ind)


def cla_out_of_area_pct(ctx, ind):
    districts = {d.strip().upper() for d in ctx.postcode_districts if d.strip()}
    if not districts:
        raise NotMeasurable(
            "the council's own postcode districts are not configured ([performance] council_postcode_districts)"
        )
    recs = placements_at_month_ends(ctx).filter(pl.col("postcode").fill_null("").str.strip_chars() != "")
    district = pl.col("postcode").str.to_uppercase().str.strip_chars().str.split(" ").list.first()
    return share(recs.with_columns(flagged=~district.is_in(sorted(districts))), ctx, ind)


def cla_residential_secure(ctx, ind):
    types = [str(t) for t in ind.params.get("types", [])]
    recs = placements_at_month_ends(ctx).filter(pl.col("kind").is_in(types))
    return count(recs, ctx, ind)


def cla_3plus_placements_pct(ctx, ind):
    in_care = _cla_open(ctx)
    places = ctx.frames["ssd_cla_placement"].select(
        placement="clap_cla_placement_id",
        child_id="clap_person_id",
        start="clap_cla_placement_start_date",
        end="clap_cla_placement_end_date",
    )
    pairs = in_care.join(places, on="child_id").filter(
        (pl.col("start") <= pl.col("as_at"))
        & (pl.col("end").is_null() | (pl.col("end") > pl.col("as_at").dt.offset_by("-12mo")))
    )
    counts = pairs.group_by("as_at", "child_id").agg(placements=pl.col("placement").n_unique())
    recs = in_care.join(counts, on=["as_at", "child_id"], how="left").with_columns(
        flagged=pl.col("placements").fill_null(0) >= 3
    )
    return share(recs, ctx, ind)


def cla_long_term_stability_pct(ctx, ind):
    periods = care_periods(ctx.frames).select("child_id", "anchor", "end_date")
    in_period = open_on_days(periods, "anchor", "end_date", ctx).select("as_at", "child_id", "anchor")
    in_period = in_period.sort("anchor").unique(["as_at", "child_id"], keep="last")
    dob = ctx.frames["ssd_person"].select(child_id="pers_person_id", dob="pers_dob")
    placed = placements_at_month_ends(ctx).select("as_at", "child_id", "start")
    recs = (
        in_period.join(dob, on="child_id", how="left")
        .join(placed, on=["as_at", "child_id"], how="left")
        .filter(
            pl.col("dob").is_not_null()
            & (pl.col("dob").dt.offset_by("16y") > pl.col("as_at"))
            & (pl.col("anchor") <= pl.col("as_at").dt.offset_by("-30mo"))
        )
        .with_columns(
            flagged=(pl.col("start") <= pl.col("as_at").dt.offset_by("-24mo")).fill_null(False),
            team=pl.lit(None, pl.String),
        )
    )
    return share(recs, ctx, ind)


# ---- care leavers -------------------------------------------------------------------------------


def _care_leavers_open(ctx: Context) -> pl.DataFrame:
    leavers = ctx.frames["ssd_care_leavers"].with_columns(
        pl.col("clea_care_leaver_start_date").fill_null(pl.date(1900, 1, 1)).alias("_start")
    )
    return open_on_days(leavers, "_start", "clea_care_leaver_end_date", ctx).with_columns(
        child_id=pl.col("clea_person_id"), team=pl.lit(None, pl.String)
    )


def care_leavers_in_touch_pct(ctx, ind):
    months = int(ind.params.get("months", 2))
    leavers = _care_leavers_open(ctx).filter(
        pl.col("clea_care_leaver_start_date").is_not_null()
        & (pl.col("clea_care_leaver_start_date") <= pl.col("as_at").dt.offset_by(f"-{months}mo"))
    )
    leavers = leavers.select("as_at", "child_id", "team").unique(["as_at", "child_id"])
    contacts = ctx.frames["ssd_care_leaver_contacts"].select(child_id="clec_person_id", date="clec_contact_date")
    touched = (
        leavers.join(contacts, on="child_id")
        .filter((pl.col("date") <= pl.col("as_at")) & (pl.col("date") > pl.col("as_at").dt.offset_by(f"-{months}mo")))
        .select("as_at", "child_id")
        .unique()
        .with_columns(flagged=pl.lit(True))
    )
    recs = leavers.join(touched, on=["as_at", "child_id"], how="left").with_columns(pl.col("flagged").fill_null(False))
    return share(recs, ctx, ind)


YES = ["Y", "YES", "1", "TRUE"]


def _latest_state(ctx: Context, ind: Indicator, column: str, flagged: pl.Expr) -> Result:
    latest = ctx.frames["ssd_contacts"].get_column("cont_contact_date").drop_nulls()
    day = None if latest.is_empty() else latest.max().replace(day=1)
    stamp = None if day is None else in_months(pl.DataFrame({"d": [day]}), "d", ctx)
    if stamp is None or stamp.is_empty():
        raise NotMeasurable(
            "the SSD holds only each care leaver's latest state, which describes the month of the data's latest "
            "contact, not this month"
        )
    as_at = stamp.get_column("as_at")[0]
    leavers = _care_leavers_open(ctx).filter(pl.col("as_at") == as_at)
    leavers = leavers.filter(pl.col(column).fill_null("").str.strip_chars() != "").unique(["as_at", "child_id"])
    result = share(leavers.with_columns(flagged=flagged), ctx, ind)
    result.reason = f"the SSD holds only the latest state: given for {month_label(as_at)} only"
    return result


def care_leavers_suitable_accommodation_pct(ctx, ind):
    col = "clea_care_leaver_accom_suitable"
    return _latest_state(ctx, ind, col, pl.col(col).str.strip_chars().str.to_uppercase().is_in(YES + ["SUITABLE"]))


def care_leavers_eet_pct(ctx, ind):
    col = "clea_care_leaver_activity"
    code = pl.col(col).str.strip_chars().str.to_uppercase()
    return _latest_state(ctx, ind, col, code.str.starts_with("F") | code.str.starts_with("P"))


# ---- permanence ---------------------------------------------------------------------------------


def _orders(ctx: Context, word: str) -> pl.DataFrame:
    perm = ctx.frames["ssd_permanence"]
    kind = pl.col("perm_permanence_order_type").fill_null("").str.to_lowercase()
    return perm.filter(kind.str.contains(word, literal=True)).with_columns(
        child_id=pl.col("perm_person_id"), team=pl.lit(None, pl.String)
    )


def adoption_orders(ctx, ind):
    return count(in_months(_orders(ctx, "adoption"), "perm_permanence_order_date", ctx), ctx, ind)


def sgo_orders(ctx, ind):
    return count(in_months(_orders(ctx, "special guardianship"), "perm_permanence_order_date", ctx), ctx, ind)


def adoption_care_to_placed_days(ctx, ind):
    adopted = in_window(_orders(ctx, "adoption"), "perm_permanence_order_date", ctx)
    periods = care_periods(ctx.frames).select("child_id", "anchor")
    pairs = (
        adopted.join(periods, on="child_id")
        .filter(pl.col("anchor") <= pl.col("perm_placed_for_adoption_date"))
        .sort("anchor")
        .unique(["as_at", "child_id"], keep="last")
    )
    recs = pairs.with_columns(x=(pl.col("perm_placed_for_adoption_date") - pl.col("anchor")).dt.total_days())
    return average(recs, ctx, ind)


def adoption_order_to_match_days(ctx, ind):
    adopted = in_window(_orders(ctx, "adoption"), "perm_permanence_order_date", ctx)
    recs = adopted.filter(pl.col("perm_placement_order_date").is_not_null() & pl.col("perm_matched_date").is_not_null())
    recs = recs.with_columns(x=(pl.col("perm_matched_date") - pl.col("perm_placement_order_date")).dt.total_days())
    return average(recs, ctx, ind)


# ---- workforce ----------------------------------------------------------------------------------


def _workers(ctx: Context) -> pl.DataFrame:
    return caseloads.worker_caseloads(ctx.frames, ctx.days, ctx.rules)


def _caseload_figures(ctx: Context, numerator: str, denominator: str | None, value: str) -> pl.DataFrame:
    workers = _workers(ctx)
    council = caseloads.summary(workers, ctx.days, ctx.rules).select(
        "as_at",
        level=pl.lit("council"),
        group=pl.lit(""),
        numerator=pl.col(numerator),
        denominator=pl.col(denominator) if denominator else pl.lit(None),
        value=pl.col(value),
    )
    parts = [council]
    for level in ("team", "locality"):
        grouped = caseloads.group_caseloads(workers, ctx.frames["ssd_department"], ctx.rules, level)
        parts.append(
            grouped.select(
                "as_at",
                level=pl.lit(level),
                group=pl.col(level),
                numerator=pl.col("cases" if numerator == "cases" else numerator),
                denominator=pl.col("fte") if denominator else pl.lit(None),
                value=pl.col("average_caseload_fte" if value == "average_caseload_fte" else value),
            )
        )
    return pl.concat(parts, how="diagonal_relaxed")


def average_caseload(ctx, ind):
    return figures(_caseload_figures(ctx, "cases", "case_holding_fte", "average_caseload_fte"), ctx)


def workers_over_target(ctx, ind):
    return figures(_caseload_figures(ctx, "workers_over_target", None, "workers_over_target"), ctx)


def unallocated_children(ctx, ind):
    roles, advisers = list(ctx.rules.case_worker_roles), list(ctx.rules.personal_adviser_roles)
    parts = [
        cohorts.unallocated_children(ctx.frames, day, roles, advisers).to_frame("child_id").with_columns(as_at=day)
        for day in ctx.days
    ]
    recs = pl.concat(parts).with_columns(pl.col("as_at").cast(pl.Date), team=pl.lit(None, pl.String))
    return count(recs, ctx, ind)


def _workforce(ctx: Context, numerator: str, denominator: str, value: str) -> Result:
    force = workforce(ctx.frames["ssd_professionals"], ctx.days, ctx.rules.non_workforce_grades)
    return figures(
        force.select(
            "as_at",
            level=pl.lit("council"),
            group=pl.lit(""),
            numerator=pl.col(numerator),
            denominator=pl.col(denominator),
            value=pl.col(value),
        ),
        ctx,
    )


def agency_share_pct(ctx, ind):
    return _workforce(ctx, "agency_fte", "fte", "agency_rate_fte")


def turnover_pct(ctx, ind):
    return _workforce(ctx, "leavers_fte", "in_post_fte", "turnover_rate_fte")


def worker_changes_3plus_pct(ctx, ind):
    open_cases = pl.concat(
        [cohorts.open_case_children(ctx.frames, day).to_frame("child_id").with_columns(as_at=day) for day in ctx.days]
    ).with_columns(pl.col("as_at").cast(pl.Date))
    inv = ctx.frames["ssd_involvements"].filter(
        pl.col("invo_professional_role_id").is_in(list(ctx.rules.case_worker_roles))
    )
    inv = inv.select(
        child_id="invo_person_id",
        worker="invo_professional_id",
        start="invo_involvement_start_date",
        end="invo_involvement_end_date",
    )
    workers = (
        open_cases.join(inv, on="child_id")
        .filter(
            (pl.col("start") <= pl.col("as_at"))
            & (pl.col("end").is_null() | (pl.col("end") > pl.col("as_at").dt.offset_by("-12mo")))
        )
        .group_by("as_at", "child_id")
        .agg(workers=pl.col("worker").n_unique())
    )
    recs = open_cases.join(workers, on=["as_at", "child_id"], how="left").with_columns(
        flagged=pl.col("workers").fill_null(0) >= 3, team=pl.lit(None, pl.String)
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
    "cla_admissions": cla_admissions,
    "cla_discharges": cla_discharges,
    "cla_placed_20_miles_pct": cla_placed_20_miles_pct,
    "cla_out_of_area_pct": cla_out_of_area_pct,
    "cla_residential_secure": cla_residential_secure,
    "cla_3plus_placements_pct": cla_3plus_placements_pct,
    "cla_long_term_stability_pct": cla_long_term_stability_pct,
    "cla_reviews_on_time_pct": clock_share,
    "cla_visits_on_time_pct": clock_share,
    "cla_health_on_time_pct": clock_share,
    "missing_episodes": _events("ssd_missing", "miss_missing_episode_start_date", "miss_person_id"),
    "care_leavers_in_touch_pct": care_leavers_in_touch_pct,
    "care_leavers_suitable_accommodation_pct": care_leavers_suitable_accommodation_pct,
    "care_leavers_eet_pct": care_leavers_eet_pct,
    "pathway_plans_on_time_pct": clock_share,
    "adoption_orders": adoption_orders,
    "sgo_orders": sgo_orders,
    "adoption_care_to_placed_days": adoption_care_to_placed_days,
    "adoption_order_to_match_days": adoption_order_to_match_days,
    "average_caseload": average_caseload,
    "workers_over_target": workers_over_target,
    "unallocated_children": unallocated_children,
    "agency_share_pct": agency_share_pct,
    "turnover_pct": turnover_pct,
    "worker_changes_3plus_pct": worker_changes_3plus_pct,
}


def register(indicator_id: str, function) -> None:
    """Add the computation of an indicator whose records come from elsewhere (the quality and supervision ones)."""
    REGISTRY[indicator_id] = function
