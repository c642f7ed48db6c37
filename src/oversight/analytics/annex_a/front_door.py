"""Lists 1-5: contacts, early help, referrals, assessments, section 47 enquiries and ICPCs (6 months)."""

from __future__ import annotations

import polars as pl

from oversight.analytics.annex_a.common import Context, label, yes_no


def contacts(ctx: Context) -> pl.DataFrame:
    f = ctx.table("ssd_contacts").filter(ctx.in_window("cont_contact_date", ctx.start6))
    f = f.select(
        "cont_person_id",
        pl.col("cont_contact_date").alias("contact_date"),
        label(pl.col("cont_contact_source_code"), "SRC").alias("contact_source"),
    )
    return ctx.with_child(f, "cont_person_id", disability=False).sort("contact_date", "child_id")


def early_help(ctx: Context) -> pl.DataFrame:
    """Assessments started in the period, and interventions still open on the as-at date."""
    a = ctx.as_at
    f = ctx.table("ssd_early_help_episodes").filter(
        (pl.col("earl_episode_start_date") <= a)
        & (
            (pl.col("earl_episode_start_date") > ctx.start6)
            | pl.col("earl_episode_end_date").is_null()
            | (pl.col("earl_episode_end_date") > a)
        )
    )
    f = f.select(
        "earl_person_id",
        pl.col("earl_episode_start_date").alias("eh_start"),
        ctx.known("earl_assessment_completion_date").alias("eh_end"),
        pl.col("earl_episode_organisation").alias("eh_org"),
    )
    return ctx.with_child(f, "earl_person_id", disability=False).sort("eh_start", "child_id")


def _count_before(events: pl.DataFrame, person: str, date: str, ctx: Context, include_self: bool) -> pl.DataFrame:
    """Per event, the child's events in the 12 months before it (annex-a.md §6), optionally counting itself."""
    e = events.select(pl.col(person).alias("__p"), pl.col(date).alias("__d")).drop_nulls()
    pairs = events.select(pl.col(person).alias("__p"), pl.col(date).alias("__at")).unique().join(e, on="__p")
    window = (pl.col("__d") > pl.col("__at").dt.offset_by("-12mo")) & (
        (pl.col("__d") <= pl.col("__at")) if include_self else (pl.col("__d") < pl.col("__at"))
    )
    return pairs.filter(window).group_by("__p", "__at").agg(pl.len().cast(pl.Int64).alias("__n"))


def referrals(ctx: Context) -> pl.DataFrame:
    a = ctx.as_at
    every = ctx.table("ssd_cin_episodes").filter(pl.col("cine_referral_date") <= a)
    f = every.filter(ctx.in_window("cine_referral_date", ctx.start6))
    # Referrals in the 12 months up to and including this one (Ofsted's own definition is unverified, §6).
    counts = _count_before(every, "cine_person_id", "cine_referral_date", ctx, include_self=True)
    f = f.join(counts, left_on=["cine_person_id", "cine_referral_date"], right_on=["__p", "__at"], how="left").select(
        "cine_person_id",
        pl.col("cine_referral_id").alias("__record"),
        pl.col("cine_referral_date").alias("referral_date"),
        label(pl.col("cine_referral_source_code"), "SRC").alias("referral_source"),
        yes_no(pl.col("cine_referral_nfa")).fill_null("b) No").alias("referral_nfa"),
        pl.col("__n").fill_null(1).alias("referrals_12m"),
    )
    return ctx.with_staff(ctx.with_child(f, "cine_person_id", disability=False)).sort("referral_date", "child_id")


def assessments(ctx: Context) -> pl.DataFrame:
    f = ctx.table("ssd_cin_assessments").filter(ctx.in_window("cina_assessment_start_date", ctx.start6))
    authorised = pl.col("cina_assessment_auth_date") <= ctx.as_at
    f = f.select(
        "cina_person_id",
        pl.col("cina_assessment_start_date").alias("asmt_start"),
        yes_no(pl.col("cina_assessment_child_seen"), unknown=True).fill_null("c) Unknown").alias("asmt_seen"),
        ctx.known("cina_assessment_auth_date").alias("asmt_auth"),
        # Needing support is the opposite of "no further action"; not known until the assessment is authorised.
        pl.when(authorised)
        .then(
            pl.when(pl.col("cina_assessment_outcome_nfa") == "Y")
            .then(pl.lit("b) No"))
            .when(pl.col("cina_assessment_outcome_nfa") == "N")
            .then(pl.lit("a) Yes"))
        )
        .alias("asmt_support"),
    )
    return ctx.with_staff(ctx.with_child(f, "cina_person_id")).sort("asmt_start", "child_id")


def section47(ctx: Context) -> pl.DataFrame:
    a = ctx.as_at
    every = ctx.table("ssd_s47_enquiry").filter(pl.col("s47e_s47_start_date") <= a)
    f = every.filter(ctx.in_window("s47e_s47_start_date", ctx.start6))
    icpc = ctx.table("ssd_initial_cp_conference").filter(pl.col("icpc_icpc_date") <= a)
    held = icpc.group_by("icpc_s47_enquiry_id").agg(
        pl.col("icpc_icpc_date").min().alias("__icpc_date"), pl.col("icpc_icpc_outcome_cp_flag").first().alias("__cp")
    )
    # Counts exclude the current enquiry, as D2I's derivation does (annex-a.md §6).
    s47n = _count_before(every, "s47e_person_id", "s47e_s47_start_date", ctx, include_self=False)
    icpc_days = icpc.select("icpc_person_id", "icpc_icpc_date")
    starts = f.select(pl.col("s47e_person_id").alias("__p"), pl.col("s47e_s47_start_date").alias("__at")).unique()
    icpcn = (
        starts.join(icpc_days.rename({"icpc_person_id": "__p", "icpc_icpc_date": "__d"}), on="__p")
        .filter((pl.col("__d") > pl.col("__at").dt.offset_by("-12mo")) & (pl.col("__d") < pl.col("__at")))
        .group_by("__p", "__at")
        .agg(pl.len().cast(pl.Int64).alias("__m"))
    )
    ended = pl.col("s47e_s47_end_date") <= a
    f = (
        f.join(held, left_on="s47e_s47_enquiry_id", right_on="icpc_s47_enquiry_id", how="left")
        .join(s47n, left_on=["s47e_person_id", "s47e_s47_start_date"], right_on=["__p", "__at"], how="left")
        .join(icpcn, left_on=["s47e_person_id", "s47e_s47_start_date"], right_on=["__p", "__at"], how="left")
    )
    f = f.select(
        "s47e_person_id",
        pl.col("s47e_s47_start_date").alias("s47_start"),
        # Unnecessary: the enquiry ended with no conference; blank while it is still open.
        pl.when(pl.col("__icpc_date").is_not_null())
        .then(pl.lit("b) No"))
        .when(ended)
        .then(pl.lit("a) Yes"))
        .alias("icpc_unnecessary"),
        pl.col("__icpc_date").alias("icpc_date"),
        pl.when(pl.col("__icpc_date").is_not_null())
        .then(yes_no(pl.col("__cp"), unknown=True).fill_null("c) Unknown"))
        .alias("icpc_plan"),
        pl.col("__n").fill_null(0).alias("s47_12m"),
        pl.col("__m").fill_null(0).alias("icpc_12m"),
    )
    return ctx.with_staff(ctx.with_child(f, "s47e_person_id")).sort("s47_start", "child_id")
