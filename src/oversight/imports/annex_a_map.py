"""Annex A lists to case-data tables (SSD names). docs/imports.md has the column-by-column map.

Ids come from annex_a_ids (natural keys, hashed); workers, teams and open
allocations from annex_a_staff.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.imports.annex_a_ids import clean_name, key_id, ssd_frame
from oversight.imports.annex_a_staff import staff, with_staff
from oversight.imports.report import Report

SHOWN_CONFLICTS = 50


def _flag(expr: pl.Expr) -> pl.Expr:
    """Y/N/U as a Y/N flag: unknown becomes blank."""
    return pl.when(expr.is_in(["Y", "N"])).then(expr).otherwise(None)


def _link_referral(frame: pl.DataFrame, date: str, referrals: pl.DataFrame) -> pl.DataFrame:
    """Add `__ref`: the child's latest referral on or before DATE."""
    frame = frame.with_row_index("__i")
    refs = (
        referrals.select(
            pl.col("cine_person_id").alias("__p"),
            pl.col("cine_referral_date").alias("__d"),
            pl.col("cine_referral_id").alias("__ref"),
        )
        .drop_nulls("__d")
        .sort("__d")
    )
    left = frame.select("__i", pl.col("child_id").alias("__p"), pl.col(date).alias("__d")).drop_nulls("__d").sort("__d")
    if not left.height or not refs.height:
        return frame.with_columns(pl.lit(None, pl.String).alias("__ref")).drop("__i")
    joined = left.join_asof(refs, on="__d", by="__p", strategy="backward", check_sortedness=False).select(
        "__i", "__ref"
    )
    return frame.join(joined, on="__i", how="left").sort("__i").drop("__i")


def _people(lists: dict[int, pl.DataFrame], report: Report) -> tuple[pl.DataFrame, pl.DataFrame]:
    parts, disab = [], []
    for n in range(1, 11):
        f = lists.get(n)
        if f is None or not f.height:
            continue
        parts.append(
            f.select(
                pl.col("child_id"),
                pl.col("gender").alias("pers_sex"),
                pl.col("ethnicity").alias("pers_ethnicity"),
                pl.col("dob").alias("pers_dob"),
                pl.lit(n).alias("__list"),
            )
        )
        if "disability" in f.columns:
            code = pl.col("disability_code") if "disability_code" in f.columns else pl.lit(None, pl.String)
            disab.append(
                f.select(
                    pl.col("child_id"),
                    pl.coalesce(
                        pl.when(~code.is_in(["NONE"])).then(code),
                        pl.when(pl.col("disability") == "Y")
                        .then(pl.lit("DDA"))
                        .when(pl.col("disability") == "N")
                        .then(pl.lit("NONE")),
                    ).alias("code"),
                )
            )
    if not parts:
        return pl.DataFrame(), pl.DataFrame()
    every = pl.concat(parts).filter(pl.col("child_id").is_not_null())
    conflicts = (
        every.group_by("child_id")
        .agg(
            pl.col("pers_dob").drop_nulls().n_unique().alias("d"), pl.col("pers_sex").drop_nulls().n_unique().alias("s")
        )
        .filter((pl.col("d") > 1) | (pl.col("s") > 1))
    )
    file = report.files[0]["name"] if report.files else ""
    for row in conflicts.sort("child_id").head(SHOWN_CONFLICTS).iter_rows(named=True):
        what = "dates of birth" if row["d"] > 1 else "genders"
        report.warnings.add(
            file,
            "",
            None,
            "Child Unique ID",
            row["child_id"],
            f"This child has different {what} in different lists; the one in the lowest-numbered list is used.",
        )
    if conflicts.height > SHOWN_CONFLICTS:
        report.warnings.add(
            file,
            "",
            None,
            "Child Unique ID",
            "",
            f"…and {conflicts.height - SHOWN_CONFLICTS} more children whose details differ between lists.",
        )
    people = (
        every.group_by("child_id", maintain_order=True)
        .agg([pl.col(c).drop_nulls().first() for c in ("pers_sex", "pers_ethnicity", "pers_dob")])
        .rename({"child_id": "pers_person_id"})
    )
    if disab:
        d = pl.concat(disab).drop_nulls().unique(maintain_order=True)
        has_one = d.filter(pl.col("code") != "NONE").select("child_id").unique()
        d = pl.concat(
            [
                d.filter(pl.col("code") != "NONE"),
                d.filter(pl.col("code") == "NONE").join(has_one, on="child_id", how="anti"),
            ]
        )
        disab_frame = d.select(
            key_id("DISA", "child_id", "code").alias("disa_table_id"),
            pl.col("child_id").alias("disa_person_id"),
            pl.col("code").alias("disa_disability_code"),
        )
    else:
        disab_frame = pl.DataFrame()
    return people, disab_frame


def build(lists: dict[int, pl.DataFrame], as_at: dt.date, report: Report) -> dict[str, pl.DataFrame]:
    """SSD table name -> frame, from the typed Annex A lists (annex_a.read)."""
    L = {n: with_staff(f) for n, f in lists.items() if f is not None}
    out: dict[str, pl.DataFrame] = {}
    people, disab = _people(L, report)
    if people.height:
        out["ssd_person"] = ssd_frame("ssd_person", people)
    if disab.height:
        out["ssd_disability"] = ssd_frame("ssd_disability", disab)

    if 1 in L:
        out["ssd_contacts"] = ssd_frame(
            "ssd_contacts",
            L[1].select(
                key_id("CONT", "child_id", "contact_date", "contact_source").alias("cont_contact_id"),
                pl.col("child_id").alias("cont_person_id"),
                pl.col("contact_date").alias("cont_contact_date"),
                pl.col("contact_source").alias("cont_contact_source_code"),
            ),
        )
    if 2 in L:
        out["ssd_early_help_episodes"] = ssd_frame(
            "ssd_early_help_episodes",
            L[2].select(
                key_id("EARL", "child_id", "eh_start").alias("earl_episode_id"),
                pl.col("child_id").alias("earl_person_id"),
                pl.col("eh_start").alias("earl_episode_start_date"),
                pl.col("eh_end").alias("earl_assessment_completion_date"),
                pl.col("eh_org").alias("earl_episode_organisation"),
            ),
        )

    if 6 in L:
        # List 6's "Date Child Was Last Seen": the child's latest visit as a child in need.
        seen = L[6].filter(pl.col("last_seen").is_not_null()).unique(["child_id", "last_seen"], keep="first")
        out["ssd_cin_visits"] = ssd_frame(
            "ssd_cin_visits",
            seen.select(
                key_id("CINV", "child_id", "last_seen").alias("cinv_cin_visit_id"),
                pl.col("child_id").alias("cinv_person_id"),
                pl.col("last_seen").alias("cinv_cin_visit_date"),
                pl.lit("Y").alias("cinv_cin_visit_seen"),
            ),
        )

    referrals = _referrals(L, as_at, report)
    if referrals.height:
        out["ssd_cin_episodes"] = ssd_frame("ssd_cin_episodes", referrals)
    open_referrals = referrals.filter(pl.col("cine_close_date").is_null() | (pl.col("cine_close_date") > as_at))
    _assessments(L, referrals, out)
    _child_protection(L, referrals, out)
    _in_care(L, referrals, out)
    _care_leavers(L, out)
    _adoption(L, out)
    staff(L, open_referrals, as_at, out)
    return out


def _referrals(L, as_at: dt.date, report: Report) -> pl.DataFrame:
    parts = []
    if 6 in L:
        start_key = (
            pl.when(pl.col("cin_start").is_null())
            .then(pl.format("row {}", pl.col("__row")))
            .otherwise(pl.col("cin_start").cast(pl.String))
        )
        undated = L[6].filter(pl.col("cin_start").is_null())
        if undated.height:
            report.warnings.add(
                report.files[0]["name"] if report.files else "",
                "",
                int(undated.item(0, "__row")),
                "CIN Start Date",
                "",
                f"{undated.height} List 6 row(s) have no CIN Start Date (this is the first): each is taken as "
                "starting on its closure date, or if open on the as-at date, so that open ones count.",
            )
        # A CIN episode with no start is still open if it has no closure: it counts from the as-at date.
        parts.append(
            L[6].select(
                key_id("CINE", "child_id", start_key).alias("cine_referral_id"),
                pl.col("child_id").alias("cine_person_id"),
                pl.coalesce("cin_start", "cin_end", pl.lit(as_at)).alias("cine_referral_date"),
                pl.col("need").alias("cine_cin_primary_need_code"),
                pl.col("cin_end").alias("cine_close_date"),
                pl.col("close_reason").alias("cine_close_reason"),
                pl.col("__team").alias("cine_referral_team"),
                pl.col("__worker").alias("cine_referral_worker_id"),
                pl.lit(None, pl.String).alias("cine_referral_source_code"),
                pl.lit(None, pl.String).alias("cine_referral_nfa"),
                pl.lit(True).alias("__from6"),
            )
        )
    if 3 in L:
        parts.append(
            L[3].select(
                key_id("CINE", "child_id", "referral_date").alias("cine_referral_id"),
                pl.col("child_id").alias("cine_person_id"),
                pl.col("referral_date").alias("cine_referral_date"),
                pl.lit(None, pl.String).alias("cine_cin_primary_need_code"),
                pl.lit(None, pl.Date).alias("cine_close_date"),
                pl.lit(None, pl.String).alias("cine_close_reason"),
                pl.col("__team").alias("cine_referral_team"),
                pl.col("__worker").alias("cine_referral_worker_id"),
                pl.col("referral_source").alias("cine_referral_source_code"),
                _flag(pl.col("referral_nfa")).alias("cine_referral_nfa"),
                pl.lit(False).alias("__from6"),
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "cine_referral_id": pl.String,
                "cine_person_id": pl.String,
                "cine_referral_date": pl.Date,
                "cine_close_date": pl.Date,
            }
        )
    merged = (
        pl.concat(parts)
        .group_by("cine_referral_id", maintain_order=True)
        .agg(pl.all().exclude("__from6").drop_nulls().first(), pl.col("__from6").any())
    )
    # A referral that ended in no further action, and is not a CIN episode in List 6, closed on its day.
    nfa_closed = ~pl.col("__from6") & (pl.col("cine_referral_nfa") == "Y") & pl.col("cine_close_date").is_null()
    return merged.with_columns(
        pl.when(nfa_closed)
        .then(pl.col("cine_referral_date"))
        .otherwise(pl.col("cine_close_date"))
        .alias("cine_close_date")
    )


def _assessments(L, referrals, out) -> None:
    if 4 in L:
        f = _link_referral(L[4], "asmt_start", referrals)
        out["ssd_cin_assessments"] = ssd_frame(
            "ssd_cin_assessments",
            f.select(
                key_id("CINA", "child_id", "asmt_start").alias("cina_assessment_id"),
                pl.col("child_id").alias("cina_person_id"),
                pl.col("__ref").alias("cina_referral_id"),
                pl.col("asmt_start").alias("cina_assessment_start_date"),
                _flag(pl.col("asmt_seen")).alias("cina_assessment_child_seen"),
                pl.col("asmt_auth").alias("cina_assessment_auth_date"),
                pl.when(pl.col("asmt_support") == "Y")
                .then(pl.lit("N"))
                .when(pl.col("asmt_support") == "N")
                .then(pl.lit("Y"))
                .alias("cina_assessment_outcome_nfa"),
                pl.col("__team").alias("cina_assessment_team"),
                pl.col("__worker").alias("cina_assessment_worker_id"),
            ),
        )
    if 5 in L:
        f = _link_referral(L[5], "s47_start", referrals).with_columns(
            key_id("S47E", "child_id", "s47_start").alias("__s47"),
            key_id("ICPC", "child_id", "s47_start").alias("__icpc"),
        )
        out["ssd_s47_enquiry"] = ssd_frame(
            "ssd_s47_enquiry",
            f.select(
                pl.col("__s47").alias("s47e_s47_enquiry_id"),
                pl.col("__ref").alias("s47e_referral_id"),
                pl.col("child_id").alias("s47e_person_id"),
                pl.col("s47_start").alias("s47e_s47_start_date"),
                pl.col("__team").alias("s47e_s47_completed_by_team"),
                pl.col("__worker").alias("s47e_s47_completed_by_worker_id"),
            ),
        )
        out["ssd_strategy_discussions"] = ssd_frame(
            "ssd_strategy_discussions",
            f.select(
                key_id("STRD", "child_id", "s47_start").alias("strd_strategy_discussion_id"),
                pl.col("child_id").alias("strd_person_id"),
                pl.col("__ref").alias("strd_referral_id"),
                pl.col("s47_start").alias("strd_strategy_discussion_date"),
                pl.col("__s47").alias("strd_s47_enquiry_id"),
                pl.col("__team").alias("strd_strategy_discussion_team"),
                pl.col("__worker").alias("strd_strategy_discussion_worker_id"),
            ),
        )
        plans = (
            L[7]
            .select(
                pl.col("child_id"),
                pl.col("cp_start").alias("icpc_date"),
                key_id("CPPL", "child_id", "cp_start").alias("__plan"),
            )
            .unique(subset=["child_id", "icpc_date"], keep="first")
            if 7 in L
            else pl.DataFrame(schema={"child_id": pl.String, "icpc_date": pl.Date, "__plan": pl.String})
        )
        held = f.filter(pl.col("icpc_date").is_not_null()).join(plans, on=["child_id", "icpc_date"], how="left")
        out["ssd_initial_cp_conference"] = ssd_frame(
            "ssd_initial_cp_conference",
            held.select(
                pl.col("__icpc").alias("icpc_icpc_id"),
                pl.col("__s47").alias("icpc_s47_enquiry_id"),
                pl.col("child_id").alias("icpc_person_id"),
                pl.when(pl.col("icpc_plan") == "Y").then(pl.col("__plan")).alias("icpc_cp_plan_id"),
                pl.col("__ref").alias("icpc_referral_id"),
                pl.col("icpc_date").alias("icpc_icpc_date"),
                _flag(pl.col("icpc_plan")).alias("icpc_icpc_outcome_cp_flag"),
                pl.col("__team").alias("icpc_icpc_team"),
                pl.col("__worker").alias("icpc_icpc_worker_id"),
            ),
        )


def _child_protection(L, referrals, out) -> None:
    if 7 not in L:
        return
    f = _link_referral(L[7], "cp_start", referrals).with_columns(key_id("CPPL", "child_id", "cp_start").alias("__plan"))
    icpc = out.get("ssd_initial_cp_conference")
    if icpc is not None and icpc.height:
        links = (
            icpc.filter(pl.col("icpc_cp_plan_id").is_not_null())
            .select(pl.col("icpc_cp_plan_id").alias("__plan"), pl.col("icpc_icpc_id").alias("__icpc"))
            .unique("__plan")
        )
        f = f.join(links, on="__plan", how="left")
    else:
        f = f.with_columns(pl.lit(None, pl.String).alias("__icpc"))
    out["ssd_cp_plans"] = ssd_frame(
        "ssd_cp_plans",
        f.select(
            pl.col("__plan").alias("cppl_cp_plan_id"),
            pl.col("__ref").alias("cppl_referral_id"),
            pl.col("__icpc").alias("cppl_icpc_id"),
            pl.col("child_id").alias("cppl_person_id"),
            pl.col("cp_start").alias("cppl_cp_plan_start_date"),
            pl.col("cp_end").alias("cppl_cp_plan_end_date"),
            pl.col("initial_category").alias("cppl_cp_plan_initial_category"),
            pl.col("latest_category").alias("cppl_cp_plan_latest_category"),
        ),
    )
    visits = f.filter(pl.col("last_visit").is_not_null())
    out["ssd_cp_visits"] = ssd_frame(
        "ssd_cp_visits",
        visits.select(
            key_id("CPPV", "child_id", "cp_start", "last_visit").alias("cppv_cp_visit_id"),
            pl.col("child_id").alias("cppv_person_id"),
            pl.col("__plan").alias("cppv_cp_plan_id"),
            pl.col("last_visit").alias("cppv_cp_visit_date"),
            _flag(pl.col("seen_alone")).alias("cppv_cp_visit_seen_alone"),
        ),
    )
    reviews = f.filter(pl.col("last_review").is_not_null())
    out["ssd_cp_reviews"] = ssd_frame(
        "ssd_cp_reviews",
        reviews.select(
            key_id("CPPR", "child_id", "cp_start", "last_review").alias("cppr_cp_review_id"),
            pl.col("child_id").alias("cppr_person_id"),
            pl.col("__plan").alias("cppr_cp_plan_id"),
            pl.col("last_review").alias("cppr_cp_review_date"),
        ),
    )


def _in_care(L, referrals, out) -> None:
    if 8 not in L:
        return
    f = _link_referral(L[8], "cla_start", referrals).with_columns(
        key_id("CLAE", "child_id", "cla_start").alias("__period"),
        key_id(
            "CLAP",
            "child_id",
            "cla_start",
            "placement_start",
            "placement_type",
            "placement_provider",
            "placement_postcode",
        ).alias("__placement"),
    )
    episodes = (
        f.sort("placement_start", nulls_last=False)
        .group_by("__period", maintain_order=True)
        .agg(
            pl.col("child_id", "cla_start", "need", "cla_end", "cla_end_reason", "__ref").drop_nulls().first(),
            pl.col("last_iro").max(),
            pl.col("__placement").last(),
        )
    )
    out["ssd_cla_episodes"] = ssd_frame(
        "ssd_cla_episodes",
        episodes.select(
            pl.col("__period").alias("clae_cla_episode_id"),
            pl.col("child_id").alias("clae_person_id"),
            pl.col("__placement").alias("clae_cla_placement_id"),
            pl.col("cla_start").alias("clae_cla_episode_start_date"),
            pl.col("need").alias("clae_cla_primary_need_code"),
            pl.col("cla_end").alias("clae_cla_episode_ceased_date"),
            pl.col("cla_end_reason").alias("clae_cla_episode_ceased_reason"),
            pl.col("__period").alias("clae_cla_id"),
            pl.col("__ref").alias("clae_referral_id"),
            pl.col("last_iro").alias("clae_cla_last_iro_contact_date"),
            pl.col("cla_start").alias("clae_entered_care_date"),
        ),
    )
    placements = (
        f.unique(subset=["__placement"], keep="first", maintain_order=True)
        .sort("__period", "placement_start")
        .with_columns(
            pl.coalesce(pl.col("placement_start").shift(-1).over("__period"), pl.col("cla_end")).alias("__end")
        )
    )
    out["ssd_cla_placement"] = ssd_frame(
        "ssd_cla_placement",
        placements.select(
            pl.col("__placement").alias("clap_cla_placement_id"),
            pl.col("__period").alias("clap_cla_id"),
            pl.col("child_id").alias("clap_person_id"),
            pl.col("placement_start").alias("clap_cla_placement_start_date"),
            pl.col("placement_type").alias("clap_cla_placement_type"),
            pl.col("placement_urn").alias("clap_cla_placement_urn"),
            pl.col("placement_provider").alias("clap_cla_placement_provider"),
            pl.col("placement_postcode").alias("clap_cla_placement_postcode"),
            pl.col("__end").alias("clap_cla_placement_end_date"),
        ),
    )
    legal = (
        f.filter(pl.col("legal_status").is_not_null())
        .with_columns(key_id("LEGA", "child_id", "legal_status_start", "legal_status").alias("__ls"))
        .unique("__ls", keep="first", maintain_order=True)
    )
    legal = legal.sort("child_id", "legal_status_start").with_columns(
        pl.coalesce(pl.col("legal_status_start").shift(-1).over("child_id"), pl.col("cla_end")).alias("__end")
    )
    out["ssd_legal_status"] = ssd_frame(
        "ssd_legal_status",
        legal.select(
            pl.col("__ls").alias("lega_legal_status_id"),
            pl.col("child_id").alias("lega_person_id"),
            pl.col("legal_status").alias("lega_legal_status"),
            pl.col("legal_status_start").alias("lega_legal_status_start_date"),
            pl.col("__end").alias("lega_legal_status_end_date"),
        ),
    )
    out["ssd_cla_reviews"] = ssd_frame(
        "ssd_cla_reviews",
        f.filter(pl.col("last_review").is_not_null()).select(
            key_id("CLAR", "child_id", "last_review").alias("clar_cla_review_id"),
            pl.col("__period").alias("clar_cla_id"),
            pl.col("child_id").alias("clar_cla_person_id"),
            pl.col("last_review").alias("clar_cla_review_date"),
        ),
    )
    out["ssd_cla_visits"] = ssd_frame(
        "ssd_cla_visits",
        f.filter(pl.col("last_visit").is_not_null()).select(
            key_id("CLAV", "child_id", "last_visit").alias("clav_cla_visit_id"),
            pl.col("__period").alias("clav_cla_id"),
            pl.col("child_id").alias("clav_person_id"),
            pl.col("last_visit").alias("clav_cla_visit_date"),
        ),
    )
    health = [
        f.filter(pl.col(c).is_not_null()).select(
            key_id("CLAH", "child_id", pl.lit(kind), c).alias("clah_health_check_id"),
            pl.col("child_id").alias("clah_person_id"),
            pl.lit(kind).alias("clah_health_check_type"),
            pl.col(c).alias("clah_health_check_date"),
            pl.lit("Completed").alias("clah_health_check_status"),
        )
        for c, kind in (("last_health", "Health assessment"), ("last_dental", "Dental check"))
    ]
    out["ssd_cla_health"] = ssd_frame("ssd_cla_health", pl.concat(health))
    uasc = [L[n].filter(pl.col("uasc") == "Y").select("child_id") for n in (8, 9) if n in L and "uasc" in L[n].columns]
    if uasc:
        out["ssd_immigration_status"] = ssd_frame(
            "ssd_immigration_status",
            pl.concat(uasc)
            .unique(maintain_order=True)
            .select(
                key_id("IMMI", "child_id").alias("immi_immigration_status_id"),
                pl.col("child_id").alias("immi_person_id"),
                pl.lit("UASC").alias("immi_immigration_status"),
            ),
        )


def _care_leavers(L, out) -> None:
    if 9 not in L:
        return
    f = L[9]
    out["ssd_care_leavers"] = ssd_frame(
        "ssd_care_leavers",
        f.select(
            key_id("CLEA", "child_id").alias("clea_table_id"),
            pl.col("child_id").alias("clea_person_id"),
            pl.col("eligibility").alias("clea_care_leaver_eligibility"),
            pl.col("in_touch").alias("clea_care_leaver_in_touch"),
            pl.col("latest_contact").alias("clea_care_leaver_latest_contact"),
            pl.col("accommodation").alias("clea_care_leaver_accommodation"),
            pl.col("suitability").alias("clea_care_leaver_accom_suitable"),
            pl.col("activity").alias("clea_care_leaver_activity"),
            pl.col("pathway_review").alias("clea_pathway_plan_review_date"),
            clean_name(pl.col("pa")).alias("clea_care_leaver_personal_advisor"),
            pl.col("__team").alias("clea_care_leaver_allocated_team"),
            pl.col("__worker").alias("clea_care_leaver_worker_id"),
        ),
    )
    out["ssd_pathway_plan_reviews"] = ssd_frame(
        "ssd_pathway_plan_reviews",
        f.filter(pl.col("pathway_review").is_not_null()).select(
            key_id("CLPP", "child_id", "pathway_review").alias("clpp_pathway_plan_review_id"),
            pl.col("child_id").alias("clpp_person_id"),
            pl.col("pathway_review").alias("clpp_pathway_plan_review_date"),
        ),
    )
    out["ssd_care_leaver_contacts"] = ssd_frame(
        "ssd_care_leaver_contacts",
        f.filter(pl.col("latest_contact").is_not_null()).select(
            key_id("CLEC", "child_id", "latest_contact").alias("clec_contact_id"),
            pl.col("child_id").alias("clec_person_id"),
            pl.col("latest_contact").alias("clec_contact_date"),
            pl.coalesce("__pa", "__worker").alias("clec_worker_id"),
        ),
    )


def _adoption(L, out) -> None:
    if 10 in L:
        f = L[10]
        out["ssd_permanence"] = ssd_frame(
            "ssd_permanence",
            f.select(
                key_id("PERM", "child_id", "adm_decision").alias("perm_table_id"),
                pl.col("child_id").alias("perm_person_id"),
                pl.when(pl.col("entered_care").is_not_null())
                .then(key_id("CLAE", "child_id", "entered_care"))
                .alias("perm_cla_id"),
                pl.col("adm_decision").alias("perm_adm_decision_date"),
                pl.col("placement_order").alias("perm_placement_order_date"),
                pl.col("matched").alias("perm_matched_date"),
                pl.col("placed").alias("perm_placed_for_adoption_date"),
                pl.col("adoption_order").alias("perm_permanence_order_date"),
                pl.when(pl.col("adoption_order").is_not_null())
                .then(pl.lit("Adoption"))
                .alias("perm_permanence_order_type"),
                pl.col("reversed").alias("perm_decision_reversed_date"),
                pl.col("reversed_reason").alias("perm_decision_reversed_reason"),
                pl.col("ffa_placed").alias("perm_placed_ffa_cp_date"),
                pl.col("family_id").alias("perm_family_id"),
            ),
        )
    if 11 in L:
        f = L[11]
        renames = {
            "family_id": "adop_family_id",
            "gender": "adop_sex",
            "ethnicity": "adop_ethnicity",
            "disability": "adop_disability",
            "enquiry": "adop_enquiry_date",
            "stage1_start": "adop_stage1_start_date",
            "stage1_end": "adop_stage1_end_date",
            "stage2_start": "adop_stage2_start_date",
            "stage2_end": "adop_stage2_end_date",
            "application": "adop_application_date",
            "approval": "adop_approval_date",
            "matched": "adop_matched_date",
            "placed": "adop_placed_date",
            "children_placed": "adop_children_placed",
            "adoption_order": "adop_adoption_order_date",
            "left": "adop_left_date",
            "left_reason": "adop_left_reason",
        }
        out["ssd_adopters"] = ssd_frame(
            "ssd_adopters",
            f.select(
                key_id("ADOP", "adopter_id", "enquiry").alias("adop_table_id"),
                pl.col("adopter_id").alias("adop_adopter_id"),
                _flag(pl.col("ffa")).alias("adop_ffa_flag"),
                *[pl.col(k).alias(v) for k, v in renames.items()],
            ),
        )
