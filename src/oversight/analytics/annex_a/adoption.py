"""Lists 10 and 11: children with an adoption decision and adopters (12 months)."""

from __future__ import annotations

import polars as pl

from oversight.analytics.annex_a.common import Context, label, yes_no

PERM_DATES = (
    "perm_adm_decision_date",
    "perm_placement_order_date",
    "perm_matched_date",
    "perm_placed_for_adoption_date",
    "perm_permanence_order_date",
    "perm_decision_reversed_date",
    "perm_placed_ffa_cp_date",
)


def adoption(ctx: Context) -> pl.DataFrame:
    """Children adopted in the period, decided on in it, waiting on the as-at date, or whose decision was reversed."""
    a = ctx.as_at
    perm = ctx.table("ssd_permanence").filter(pl.col("perm_adm_decision_date") <= a)
    adopted = (pl.col("perm_permanence_order_date") <= a) & (
        pl.col("perm_permanence_order_type").fill_null("").str.to_lowercase() == "adoption"
    )
    reversed_ = pl.col("perm_decision_reversed_date") <= a
    waiting = ~adopted.fill_null(False) & ~reversed_.fill_null(False)
    recent = (
        ctx.in_window("perm_adm_decision_date", ctx.start12)
        | (adopted & ctx.in_window("perm_permanence_order_date", ctx.start12))
        | ctx.in_window("perm_decision_reversed_date", ctx.start12)
    ).fill_null(False)
    f = perm.filter(waiting | recent)
    entered = (
        ctx.table("ssd_cla_episodes")
        .group_by("clae_cla_id")
        .agg(pl.col("clae_cla_episode_start_date").min().alias("entered_care"))
    )
    f = f.join(entered, left_on="perm_cla_id", right_on="clae_cla_id", how="left").with_columns(
        [ctx.known(c) for c in PERM_DATES]
    )
    f = f.select(
        "perm_person_id",
        pl.col("perm_family_id").replace("", None).alias("family_id"),
        "entered_care",
        pl.col("perm_adm_decision_date").alias("adm_decision"),
        pl.col("perm_placement_order_date").alias("placement_order"),
        pl.col("perm_matched_date").alias("matched"),
        pl.col("perm_placed_for_adoption_date").alias("placed"),
        pl.when(adopted).then(pl.col("perm_permanence_order_date")).alias("adoption_order"),
        pl.col("perm_decision_reversed_date").alias("reversed"),
        pl.when(reversed_).then(label(pl.col("perm_decision_reversed_reason"), "RD")).alias("reversed_reason"),
        pl.col("perm_placed_ffa_cp_date").alias("ffa_placed"),
    )
    return ctx.with_child(f, "perm_person_id").sort("adm_decision", "child_id")


ADOPTER_DATES = {
    "adop_enquiry_date": "enquiry",
    "adop_stage1_start_date": "stage1_start",
    "adop_stage1_end_date": "stage1_end",
    "adop_stage2_start_date": "stage2_start",
    "adop_stage2_end_date": "stage2_end",
    "adop_application_date": "application",
    "adop_approval_date": "approval",
    "adop_matched_date": "matched",
    "adop_placed_date": "placed",
    "adop_adoption_order_date": "adoption_order",
    "adop_left_date": "left",
}


def adopters(ctx: Context) -> pl.DataFrame:
    """Adopters in touch with the agency during the 12 months: enquired before its end, not finished before its start."""
    a = ctx.as_at
    f = ctx.table("ssd_adopters").filter(
        (pl.col("adop_enquiry_date") <= a)
        & (pl.col("adop_left_date").is_null() | (pl.col("adop_left_date") > ctx.start12))
        & (pl.col("adop_adoption_order_date").is_null() | (pl.col("adop_adoption_order_date") > ctx.start12))
    )
    left = pl.col("adop_left_date") <= a
    placed = pl.col("adop_placed_date") <= a
    f = f.select(
        pl.col("adop_adopter_id").alias("adopter_id"),
        pl.col("adop_family_id").replace("", None).alias("family_id"),
        label(pl.col("adop_sex"), "GEN").fill_null("c) Not stated/recorded").alias("gender"),
        label(pl.col("adop_ethnicity"), "ETH").alias("ethnicity"),
        yes_no(pl.col("adop_disability"), unknown=True).fill_null("c) Unknown").alias("disability"),
        label(pl.col("adop_ffa_flag"), "YESNO").fill_null("No").alias("ffa"),
        *[ctx.known(src).alias(dst) for src, dst in ADOPTER_DATES.items()],
        pl.when(placed).then(pl.col("adop_children_placed")).alias("children_placed"),
        pl.when(left).then(label(pl.col("adop_left_reason"), "ADLV")).alias("left_reason"),
    )
    return f.sort("enquiry", "adopter_id")
