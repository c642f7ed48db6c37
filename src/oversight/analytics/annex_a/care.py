"""Lists 8 and 9: children in care (now, or ceased in the 6 months) and care leavers (on the as-at date)."""

from __future__ import annotations

import polars as pl

from oversight.analytics.annex_a.common import Context, label, latest, yes_no


def _placement_type(ctx: Context) -> pl.Expr:
    fallback = {str(k): str(v) for k, v in ctx.settings.placement_type_fallback.items()}
    code = pl.col("clap_cla_placement_type")
    if fallback:
        code = code.replace(fallback)
    return label(code, "PLACE")


# Postcode areas wholly in one of the other nations: the template's LA of Placement code for them (annex-a.md §4 LAP).
# Areas that cross a border (CH, LL, SY, TD) are left to `placement_las`.
NATION_AREAS = (
    {"BT": "NIR - Child placed in Northern Ireland"}
    | {
        area: "SCO - Child placed in Scotland"
        for area in ("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE")
    }
    | {area: "WAL - Child placed in Wales" for area in ("CF", "LD", "NP", "SA")}
)


def _location(ctx: Context) -> tuple[pl.Expr, pl.Expr]:
    """In or Out of the council's area from the postcode's area letters, and the LA of Placement.

    Inside the area: the council's name. Outside it: the LA named for the
    postcode's district (outward code, "B15") or area ("B") in `placement_las`,
    else the template's code for Northern Ireland, Scotland or Wales when the
    area lies wholly in one; otherwise blank (the checks say why) rather than guessed.
    """
    areas = [a.upper() for a in ctx.settings.home_postcode_areas]
    postcode = pl.col("clap_cla_placement_postcode").str.to_uppercase().str.replace_all(r"\s", "")
    area = postcode.str.extract(r"^([A-Z]{1,2})\d", 1)
    # The outward code: everything before the inward code (digit and two letters) at the end.
    district = postcode.str.extract(r"^([A-Z]{1,2}\d[A-Z\d]?)\d[A-Z]{2}$", 1)
    las = {str(k).upper().replace(" ", ""): str(v) for k, v in ctx.settings.placement_las.items()}
    named = pl.coalesce(
        district.replace_strict(las, default=None, return_dtype=pl.String),
        area.replace_strict(las, default=None, return_dtype=pl.String),
        area.replace_strict(NATION_AREAS, default=None, return_dtype=pl.String),
    )
    if not areas:
        return pl.lit(None, pl.String), pl.lit(None, pl.String)
    inside = area.is_in(areas)
    known = area.is_not_null()
    loc = pl.when(inside).then(pl.lit("a) In")).when(known).then(pl.lit("b) Out"))
    council = pl.lit(ctx.settings.council_name or None, pl.String)
    la = pl.when(inside).then(council).when(known).then(named)
    return loc, la


def children_in_care(ctx: Context) -> pl.DataFrame:
    """One row per child: their latest episode, open on the as-at date or ceased in the period."""
    a = ctx.as_at
    episodes = ctx.table("ssd_cla_episodes").filter(pl.col("clae_cla_episode_start_date") <= a)
    last = (
        episodes.sort("clae_cla_episode_start_date", "clae_cla_episode_id")
        .group_by("clae_person_id")
        .agg(pl.all().last())
        .filter(
            pl.col("clae_cla_episode_ceased_date").is_null() | (pl.col("clae_cla_episode_ceased_date") > ctx.start6)
        )
    )
    # The period of care the episode belongs to: its first episode's start is when the child started to be looked after.
    periods = episodes.group_by("clae_cla_id").agg(
        pl.col("clae_cla_episode_start_date").min().alias("__period_start"),
        pl.col("clae_cla_last_iro_contact_date")
        .filter(pl.col("clae_cla_last_iro_contact_date") <= a)
        .max()
        .alias("__iro"),
    )
    # Another period of care that ended in the 12 months before this one began.
    prior = (
        last.select("clae_person_id", "clae_cla_id")
        .join(
            episodes.select("clae_person_id", pl.col("clae_cla_id").alias("__other"), "clae_cla_episode_ceased_date"),
            on="clae_person_id",
        )
        .filter((pl.col("__other") != pl.col("clae_cla_id")) & pl.col("clae_cla_episode_ceased_date").is_not_null())
        .join(periods.select(pl.col("clae_cla_id"), "__period_start"), on="clae_cla_id")
        .filter(
            (pl.col("clae_cla_episode_ceased_date") <= pl.col("__period_start"))
            & (pl.col("clae_cla_episode_ceased_date") > pl.col("__period_start").dt.offset_by("-12mo"))
        )
        .select("clae_person_id")
        .unique()
        .with_columns(pl.lit(True).alias("__second"))
    )
    legal = latest(
        ctx.table("ssd_legal_status"), "lega_person_id", "lega_legal_status_start_date", a, "lega_legal_status"
    )
    reviews = latest(
        ctx.table("ssd_cla_reviews").drop_nulls("clar_cla_review_date"), "clar_cla_person_id", "clar_cla_review_date", a
    )
    visits = latest(ctx.table("ssd_cla_visits"), "clav_person_id", "clav_cla_visit_date", a)
    health = ctx.table("ssd_cla_health").filter(pl.col("clah_health_check_status") == "Completed")
    checks = [
        latest(
            health.filter(pl.col("clah_health_check_type") == kind), "clah_person_id", "clah_health_check_date", a
        ).rename({"clah_health_check_date": name})
        for kind, name in (("Health assessment", "last_health"), ("Dental check", "last_dental"))
    ]
    placements = ctx.table("ssd_cla_placement").filter(pl.col("clap_cla_placement_start_date") <= a)
    current = (
        placements.sort("clap_cla_placement_start_date", "clap_cla_placement_id")
        .group_by("clap_person_id")
        .agg(pl.all().last())
    )
    moves = (
        placements.filter(
            pl.col("clap_cla_placement_end_date").is_null() | (pl.col("clap_cla_placement_end_date") > ctx.start12)
        )
        .group_by("clap_person_id")
        .agg(pl.len().cast(pl.Int64).alias("placements_12m"))
    )
    missing = ctx.table("ssd_missing").filter(ctx.in_window("miss_missing_episode_start_date", ctx.start12))
    absence = missing.group_by("miss_person_id").agg(
        (pl.col("miss_missing_episode_type") == "Missing").sum().cast(pl.Int64).alias("missing_12m"),
        (pl.col("miss_missing_episode_type") != "Missing").sum().cast(pl.Int64).alias("absent_12m"),
    )
    last_missing = latest(
        missing.filter(pl.col("miss_missing_episode_type") == "Missing"),
        "miss_person_id",
        "miss_missing_episode_start_date",
        a,
        "miss_missing_rhi_offered",
        "miss_missing_rhi_accepted",
    )
    uasc = (
        ctx.table("ssd_immigration_status")
        .filter(
            (pl.col("immi_immigration_status") == "UASC")
            & (
                pl.col("immi_immigration_status_start_date").is_null()
                | (pl.col("immi_immigration_status_start_date") <= a)
            )
            & (
                pl.col("immi_immigration_status_end_date").is_null()
                | (pl.col("immi_immigration_status_end_date") > ctx.start12)
            )
        )
        .select(pl.col("immi_person_id").alias("clae_person_id"))
        .unique()
        .with_columns(pl.lit(True).alias("__uasc"))
    )
    f = (
        last.join(periods, on="clae_cla_id", how="left")
        .join(prior, on="clae_person_id", how="left")
        .join(uasc, on="clae_person_id", how="left")
        .join(legal, left_on="clae_person_id", right_on="lega_person_id", how="left")
        .join(reviews, left_on="clae_person_id", right_on="clar_cla_person_id", how="left")
        .join(visits, left_on="clae_person_id", right_on="clav_person_id", how="left")
        .join(checks[0], left_on="clae_person_id", right_on="clah_person_id", how="left")
        .join(checks[1], left_on="clae_person_id", right_on="clah_person_id", how="left")
        .join(current, left_on="clae_person_id", right_on="clap_person_id", how="left")
        .join(moves, left_on="clae_person_id", right_on="clap_person_id", how="left")
        .join(absence, left_on="clae_person_id", right_on="miss_person_id", how="left")
        .join(last_missing, left_on="clae_person_id", right_on="miss_person_id", how="left")
    )
    ceased = pl.col("clae_cla_episode_ceased_date") <= a
    loc, la = _location(ctx)
    f = f.select(
        "clae_person_id",
        pl.when(pl.col("__uasc").fill_null(False)).then(pl.lit("a) Yes")).otherwise(pl.lit("b) No")).alias("uasc"),
        pl.col("__period_start").alias("cla_start"),
        label(pl.col("clae_cla_primary_need_code"), "NEED").fill_null("N0 - Not stated").alias("need"),
        pl.when(pl.col("__second").fill_null(False))
        .then(pl.lit("a) Yes"))
        .otherwise(pl.lit("b) No"))
        .alias("second_period"),
        pl.col("lega_legal_status_start_date").alias("legal_status_start"),
        label(pl.col("lega_legal_status"), "LS").alias("legal_status"),
        pl.col("clar_cla_review_date").alias("last_review"),
        pl.col("clav_cla_visit_date").alias("last_visit"),
        pl.lit(None, pl.String).alias("permanence_plan"),
        pl.col("__iro").alias("last_iro"),
        "last_health",
        "last_dental",
        pl.col("placements_12m").fill_null(0),
        ctx.known("clae_cla_episode_ceased_date").alias("cla_end"),
        pl.when(ceased).then(label(pl.col("clae_cla_episode_ceased_reason"), "REC")).alias("cla_end_reason"),
        pl.col("clap_cla_placement_start_date").alias("placement_start"),
        _placement_type(ctx).alias("placement_type"),
        label(pl.col("clap_cla_placement_provider"), "PROV").alias("placement_provider"),
        pl.col("clap_cla_placement_postcode").alias("placement_postcode"),
        pl.col("clap_cla_placement_urn").replace("", None).alias("placement_urn"),
        loc.alias("placement_location"),
        la.alias("placement_la"),
        pl.col("missing_12m").fill_null(0),
        pl.col("absent_12m").fill_null(0),
        yes_no(pl.col("miss_missing_rhi_offered")).alias("rhi_offered"),
        yes_no(pl.col("miss_missing_rhi_accepted")).alias("rhi_accepted"),
    )
    return ctx.with_staff(ctx.with_child(f, "clae_person_id")).sort("cla_start", "child_id")


def care_leavers(ctx: Context) -> pl.DataFrame:
    a = ctx.as_at
    f = ctx.table("ssd_care_leavers").filter(
        (pl.col("clea_care_leaver_start_date").is_null() | (pl.col("clea_care_leaver_start_date") <= a))
        & (pl.col("clea_care_leaver_end_date").is_null() | (pl.col("clea_care_leaver_end_date") > a))
    )
    f = f.sort("clea_table_id").unique("clea_person_id", keep="last", maintain_order=True)
    uasc = (
        ctx.table("ssd_immigration_status")
        .filter(pl.col("immi_immigration_status") == "UASC")
        .select(pl.col("immi_person_id").alias("clea_person_id"))
        .unique()
        .with_columns(pl.lit(True).alias("__uasc"))
    )
    reviews = latest(ctx.table("ssd_pathway_plan_reviews"), "clpp_person_id", "clpp_pathway_plan_review_date", a)
    contacts = latest(ctx.table("ssd_care_leaver_contacts"), "clec_person_id", "clec_contact_date", a)
    f = (
        f.join(uasc, on="clea_person_id", how="left")
        .join(reviews, left_on="clea_person_id", right_on="clpp_person_id", how="left")
        .join(contacts, left_on="clea_person_id", right_on="clec_person_id", how="left")
    )
    f = f.select(
        "clea_person_id",
        pl.when(pl.col("__uasc").fill_null(False)).then(pl.lit("a) Yes")).otherwise(pl.lit("b) No")).alias("uasc"),
        label(pl.col("clea_care_leaver_eligibility"), "ELIG").alias("eligibility"),
        pl.coalesce("clpp_pathway_plan_review_date", ctx.known("clea_pathway_plan_review_date")).alias(
            "pathway_review"
        ),
        label(pl.col("clea_care_leaver_in_touch"), "TOUCH").alias("in_touch"),
        pl.coalesce("clec_contact_date", ctx.known("clea_care_leaver_latest_contact")).alias("latest_contact"),
        label(pl.col("clea_care_leaver_accommodation"), "ACCOM").alias("accommodation"),
        label(pl.col("clea_care_leaver_accom_suitable"), "SUIT").alias("suitability"),
        label(pl.col("clea_care_leaver_activity"), "ACTIV").alias("activity"),
    )
    return ctx.with_staff(ctx.with_child(f, "clea_person_id"), pa=True).sort("child_id")
