"""Lists 6 and 7: children in need and child protection (open now, or ended in the 6 months)."""

from __future__ import annotations

import polars as pl

from oversight.analytics.annex_a.common import Context, label, latest, yes_no


def _open_or_ended_in(ctx: Context, start: str, end: str) -> pl.Expr:
    a = ctx.as_at
    return (pl.col(start) <= a) & (pl.col(end).is_null() | (pl.col(end) > ctx.start6))


def _open_on(frame: pl.DataFrame, person: str, start: str, end: str, day) -> pl.DataFrame:
    return (
        frame.filter((pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day)))
        .select(pl.col(person).alias("child_id"))
        .unique()
    )


def _last_seen(ctx: Context) -> pl.DataFrame:
    """Each child's latest visit at which they were seen, from CIN, CP and CLA visits."""
    parts = [
        ctx.table("ssd_cin_visits")
        .filter(pl.col("cinv_cin_visit_seen") == "Y")
        .select(pl.col("cinv_person_id").alias("child_id"), pl.col("cinv_cin_visit_date").alias("d")),
        ctx.table("ssd_cp_visits")
        .filter(pl.col("cppv_cp_visit_seen") == "Y")
        .select(pl.col("cppv_person_id").alias("child_id"), pl.col("cppv_cp_visit_date").alias("d")),
        ctx.table("ssd_cla_visits")
        .filter(pl.col("clav_cla_visit_seen") == "Y")
        .select(pl.col("clav_person_id").alias("child_id"), pl.col("clav_cla_visit_date").alias("d")),
    ]
    return (
        pl.concat(parts).filter(pl.col("d") <= ctx.as_at).group_by("child_id").agg(pl.col("d").max().alias("last_seen"))
    )


def children_in_need(ctx: Context) -> pl.DataFrame:
    """Every CIN episode open on the as-at date or closed in the period.

    The template leaves out referral-only children; an open referral is kept
    here so that every child the council counts as in need is in the list
    (docs/inspection.md).
    """
    a = ctx.as_at
    f = ctx.table("ssd_cin_episodes").filter(_open_or_ended_in(ctx, "cine_referral_date", "cine_close_date"))
    closed = pl.col("cine_close_date") <= a
    lac = _open_on(
        ctx.table("ssd_cla_episodes"),
        "clae_person_id",
        "clae_cla_episode_start_date",
        "clae_cla_episode_ceased_date",
        a,
    ).with_columns(pl.lit("LAC").alias("__s1"))
    cp = _open_on(
        ctx.table("ssd_cp_plans"), "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", a
    ).with_columns(pl.lit("CP").alias("__s2"))
    cin = _open_on(
        ctx.table("ssd_cin_plans"), "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", a
    ).with_columns(pl.lit("CIN").alias("__s3"))
    asmt = _open_on(
        ctx.table("ssd_cin_assessments"), "cina_person_id", "cina_assessment_start_date", "cina_assessment_auth_date", a
    ).with_columns(pl.lit("ASSESSMENT").alias("__s4"))
    f = f.rename({"cine_person_id": "child_id"})
    for extra in (lac, cp, cin, asmt):
        f = f.join(extra, on="child_id", how="left")
    # D2I's priority (annex-a.md §4 CASE); an open referral with nothing further yet is an open assessment.
    status = (
        pl.when(closed)
        .then(pl.lit("CLOSED"))
        .otherwise(pl.coalesce("__s1", "__s2", "__s3", "__s4", pl.lit("ASSESSMENT")))
    )
    f = f.join(_last_seen(ctx), on="child_id", how="left").select(
        "child_id",
        pl.col("cine_referral_date").alias("cin_start"),
        label(pl.col("cine_cin_primary_need_code"), "NEED").fill_null("N0 - Not stated").alias("need"),
        "last_seen",
        ctx.known("cine_close_date").alias("cin_end"),
        pl.when(closed).then(label(pl.col("cine_close_reason"), "RC")).alias("close_reason"),
        label(status, "CASE").alias("case_status"),
    )
    return ctx.with_staff(ctx.with_child(f, "child_id")).sort("cin_start", "child_id")


def child_protection(ctx: Context) -> pl.DataFrame:
    a = ctx.as_at
    plans = ctx.table("ssd_cp_plans").filter(pl.col("cppl_cp_plan_start_date") <= a)
    f = plans.filter(_open_or_ended_in(ctx, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"))
    visits = latest(ctx.table("ssd_cp_visits"), "cppv_cp_plan_id", "cppv_cp_visit_date", a, "cppv_cp_visit_seen_alone")
    reviews = latest(
        ctx.table("ssd_cp_reviews").drop_nulls("cppr_cp_review_date"), "cppr_cp_plan_id", "cppr_cp_review_date", a
    )
    # Emergency protection: an EPO (L2) or police protection (L1) legal status begun in the six months.
    epo = (
        ctx.table("ssd_legal_status")
        .filter(
            pl.col("lega_legal_status").is_in(["L1", "L2"]) & ctx.in_window("lega_legal_status_start_date", ctx.start6)
        )
        .select(pl.col("lega_person_id").alias("cppl_person_id"))
        .unique()
        .with_columns(pl.lit(True).alias("__epo"))
    )
    earlier = (
        f.select("cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date")
        .join(plans.select("cppl_person_id", pl.col("cppl_cp_plan_start_date").alias("__other")), on="cppl_person_id")
        .filter(pl.col("__other") < pl.col("cppl_cp_plan_start_date"))
        .group_by("cppl_cp_plan_id")
        .agg(pl.len().cast(pl.Int64).alias("__prev"))
    )
    f = (
        f.join(visits, left_on="cppl_cp_plan_id", right_on="cppv_cp_plan_id", how="left")
        .join(reviews, left_on="cppl_cp_plan_id", right_on="cppr_cp_plan_id", how="left")
        .join(epo, on="cppl_person_id", how="left")
        .join(earlier, on="cppl_cp_plan_id", how="left")
    )
    f = f.select(
        "cppl_person_id",
        pl.col("cppl_cp_plan_start_date").alias("cp_start"),
        label(pl.col("cppl_cp_plan_initial_category"), "ABUSE").alias("initial_category"),
        label(
            pl.coalesce(pl.col("cppl_cp_plan_latest_category").replace("", None), "cppl_cp_plan_initial_category"),
            "ABUSE",
        ).alias("latest_category"),
        pl.col("cppv_cp_visit_date").alias("last_visit"),
        pl.when(pl.col("cppv_cp_visit_date").is_not_null())
        .then(yes_no(pl.col("cppv_cp_visit_seen_alone"), unknown=True).fill_null("c) Unknown"))
        .alias("seen_alone"),
        pl.col("cppr_cp_review_date").alias("last_review"),
        ctx.known("cppl_cp_plan_end_date").alias("cp_end"),
        pl.when(pl.col("__epo").fill_null(False)).then(pl.lit("a) Yes")).otherwise(pl.lit("b) No")).alias("epo"),
        pl.col("__prev").fill_null(0).alias("previous_plans"),
    )
    return ctx.with_staff(ctx.with_child(f, "cppl_person_id")).sort("cp_start", "child_id")
