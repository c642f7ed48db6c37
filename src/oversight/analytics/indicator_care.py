"""Children in care, care leavers and permanence indicators, from the case data. No Django.

See indicator_facts for how an indicator says which records it counts.
"""

from __future__ import annotations

import polars as pl

from oversight.analytics.clocks import care_periods
from oversight.analytics.indicator_facts import _cla_open, in_window, open_on_days, register
from oversight.analytics.indicators import Indicator, NotMeasurable, month_label
from oversight.analytics.scorecard import Context, Result, average, count, in_months, share

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


for _id in (
    "cla_admissions",
    "cla_discharges",
    "cla_placed_20_miles_pct",
    "cla_out_of_area_pct",
    "cla_residential_secure",
    "cla_3plus_placements_pct",
    "cla_long_term_stability_pct",
    "care_leavers_in_touch_pct",
    "care_leavers_suitable_accommodation_pct",
    "care_leavers_eet_pct",
    "adoption_orders",
    "sgo_orders",
    "adoption_care_to_placed_days",
    "adoption_order_to_match_days",
):
    register(_id, globals()[_id])
