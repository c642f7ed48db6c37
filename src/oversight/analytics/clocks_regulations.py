"""The clocks of the looked-after visit regimes, health checks, care leavers, missing episodes,
child in need plans and transfer-in conferences (timescales.md LV-1 to LV-8, HE, CL-2, CL-5, CP-3).

Builders in the shape of clocks.py (one row per interval of each clock), registered
in its CLOCKS. No Django.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.clocks import (
    _CIN,
    _EPISODES,
    OUTPUT,
    PERIOD,
    Clock,
    _given,
    _outcome_flag,
    _single,
    _yes,
    care_periods,
    chain,
    plus,
)

_FAR = dt.date(9999, 12, 31)
# reg 28(3)-(5) and reg 48: placements whose visits follow another regime than reg 28(2).
REGIMES = ("reg28_3", "reg28_4", "reg28_5")
OTHER_REGIMES = (*REGIMES, "short_breaks")
_PLACEMENT = (
    "clap_cla_placement_id",
    "clap_person_id",
    "clap_cla_placement_start_date",
    "clap_cla_placement_end_date",
    "clap_cla_placement_type",
    "clap_cla_placement_until_18",
    "clap_cla_visit_regime",
)
_VISITS = ("clav_person_id", "clav_cla_visit_date")
_HEALTH = ("clah_person_id", "clah_health_check_type", "clah_health_check_date", "clah_health_check_status")


def _regime() -> pl.Expr:
    return pl.col("clap_cla_visit_regime").fill_null("").str.strip_chars().str.to_lowercase()


def _visits(frames) -> pl.DataFrame:
    return frames["ssd_cla_visits"].select(child_id="clav_person_id", event_date="clav_cla_visit_date")


def _cla_visits(frames, rules, cal):
    """reg 28(2): within a week of the placement, then 6 weeks in its first year, then 3 months when it is meant
    to last until 18 (the placement's flag; its type when the flag is blank), else 6 weeks."""
    rule = rules[0]
    flag = pl.col("clap_cla_placement_until_18").fill_null("").str.strip_chars().str.to_uppercase()
    by_type = pl.col("clap_cla_placement_type").is_in(rule.params["long_term_placement_types"]).fill_null(False)
    placements = (
        frames["ssd_cla_placement"]
        .filter(~_regime().is_in(OTHER_REGIMES))
        .select(
            record_id="clap_cla_placement_id",
            child_id="clap_person_id",
            anchor="clap_cla_placement_start_date",
            end_date="clap_cla_placement_end_date",
            long_term=pl.when(flag.is_in(["Y", "N"])).then(flag == "Y").otherwise(by_type),
        )
    )
    placements = placements.with_columns(plus(placements, "anchor", rule.duration("first_year"), cal).alias("year_end"))
    items = chain(placements, _visits(frames), by="child_id")
    # Which gap applies is read on the date of the previous visit.
    period = (
        pl.when(pl.col("step") == 1)
        .then(pl.lit("due", PERIOD))
        .when(pl.col("start_date") < pl.col("year_end"))
        .then(pl.lit("then", PERIOD))
        .when(pl.col("long_term"))
        .then(pl.lit("long_term", PERIOD))
        .otherwise(pl.lit("then", PERIOD))
    )
    return items.with_columns(period=period).select(OUTPUT)


def _first_reviews(frames, placements: pl.DataFrame) -> pl.DataFrame:
    """record_id -> first_review: the first review (not cancelled) of the period of care the placement is in."""
    periods = care_periods(frames).select("child_id", care_start="anchor", care_end="end_date")
    inside = (
        placements.select("record_id", "child_id", "anchor")
        .join(periods, on="child_id", how="inner")
        .filter((pl.col("care_start") <= pl.col("anchor")) & (pl.col("anchor") <= pl.col("care_end").fill_null(_FAR)))
    )
    reviews = (
        frames["ssd_cla_reviews"]
        .filter(~_yes("clar_cla_review_cancelled") & pl.col("clar_cla_review_date").is_not_null())
        .select(child_id="clar_cla_person_id", review="clar_cla_review_date")
    )
    return (
        inside.join(reviews, on="child_id", how="inner")
        .filter((pl.col("review") >= pl.col("care_start")) & (pl.col("review") <= pl.col("care_end").fill_null(_FAR)))
        .group_by("record_id")
        .agg(first_review=pl.col("review").min())
    )


def _cla_visits_regime(frames, rules, cal):
    """reg 28(3)-(5): weekly until the first review, then 6 or 4 weeks; after a care order at home, a week then 6."""
    placements = (
        frames["ssd_cla_placement"]
        .with_columns(regime=_regime())
        .filter(pl.col("regime").is_in(REGIMES))
        .select(
            "regime",
            record_id="clap_cla_placement_id",
            child_id="clap_person_id",
            anchor="clap_cla_placement_start_date",
            end_date="clap_cla_placement_end_date",
        )
    )
    placements = placements.join(_first_reviews(frames, placements), on="record_id", how="left")
    items = chain(placements, _visits(frames), by="child_id")
    before_review = pl.col("first_review").is_null() | (pl.col("start_date") < pl.col("first_review"))
    period = (
        pl.when(pl.col("step") == 1)
        .then(pl.lit("due", PERIOD))
        .when(pl.col("regime") == "reg28_5")
        .then(pl.lit("then", PERIOD))
        .when(before_review)
        .then(pl.lit("until_first_review", PERIOD))
        .when(pl.col("regime") == "reg28_4")
        .then(pl.lit("four_weekly", PERIOD))
        .otherwise(pl.lit("then", PERIOD))
    )
    return items.with_columns(period=period).select(OUTPUT)


def _checks(frames, word: str) -> pl.DataFrame:
    """Completed checks of ssd_cla_health whose type contains WORD: child_id, event_date."""
    h = frames["ssd_cla_health"]
    return h.filter(
        pl.col("clah_health_check_type").str.to_lowercase().str.contains(word, literal=True).fill_null(False)
        & (pl.col("clah_health_check_status").str.to_lowercase().str.strip_chars() == "completed").fill_null(False)
    ).select(child_id="clah_person_id", event_date="clah_health_check_date")


def _dental_checks(frames, rules, cal):
    items = chain(care_periods(frames), _checks(frames, "dental"), by="child_id")
    return items.with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def _sdq(frames, rules, cal):
    """Annual SDQs while the child is aged within the rule's ages (on the day each interval starts)."""
    rule = rules[0]
    lowest, highest = int(rule.params["from_age"]), int(rule.params["to_age"])
    dob = frames["ssd_person"].select(child_id="pers_person_id", dob="pers_dob").unique("child_id")
    scores = frames["ssd_sdq_scores"].select(child_id="csdq_person_id", event_date="csdq_sdq_completed_date")
    items = chain(care_periods(frames), scores, by="child_id").join(dob, on="child_id", how="left")
    age_ok = (pl.col("start_date") >= pl.col("dob").dt.offset_by(f"{lowest}y")) & (
        pl.col("start_date") < pl.col("dob").dt.offset_by(f"{highest + 1}y")
    )
    return items.filter(age_ok.fill_null(False)).with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def eligible_from(frames, weeks: int = 13) -> pl.DataFrame:
    """child_id, start_date: the day each child became an eligible child (Care Planning Regs reg 40): looked after
    on or after their 16th birthday, having been looked after WEEKS weeks in all since 14 (respite not told apart)."""
    dob = frames["ssd_person"].select(child_id="pers_person_id", dob="pers_dob").unique("child_id")
    eps = (
        frames["ssd_cla_episodes"]
        .select(child_id="clae_person_id", s="clae_cla_episode_start_date", e="clae_cla_episode_ceased_date")
        .filter(pl.col("s").is_not_null())
        .join(dob.filter(pl.col("dob").is_not_null()), on="child_id", how="inner")
        .with_columns(
            sixteen=pl.col("dob").dt.offset_by("16y"),
            eighteen=pl.col("dob").dt.offset_by("18y"),
            cs=pl.max_horizontal("s", pl.col("dob").dt.offset_by("14y")),
            ce=pl.min_horizontal(pl.col("e").fill_null(_FAR), pl.col("dob").dt.offset_by("18y")),
        )
        .with_columns(days=(pl.col("ce") - pl.col("cs")).dt.total_days().clip(lower_bound=0))
        .sort("child_id", "cs")
    )
    need = weeks * 7
    before = pl.col("days").cum_sum().over("child_id") - pl.col("days")
    reached = (
        eps.with_columns(before=before)
        .filter((pl.col("before") < need) & (pl.col("before") + pl.col("days") >= need))
        .select("child_id", reached=pl.col("cs") + pl.duration(days=need - pl.col("before")))
        .group_by("child_id")
        .agg(pl.col("reached").min())
    )
    candidates = (
        eps.join(reached, on="child_id", how="inner")
        .with_columns(on=pl.max_horizontal("s", "reached", "sixteen"))
        .filter((pl.col("on") <= pl.col("e").fill_null(_FAR)) & (pl.col("on") < pl.col("eighteen")))
    )
    return candidates.group_by("child_id").agg(start_date=pl.col("on").min())


def _needs_assessments(frames, rules, cal):
    done = (
        frames["ssd_care_leavers"]
        .select(child_id="clea_person_id", done="clea_pathway_needs_assessment_date")
        .group_by("child_id")
        .agg(completed_date=pl.col("done").min())
    )
    out = eligible_from(frames).join(done, on="child_id", how="left")
    return _single(out.with_columns(record_id=pl.col("child_id")))


def _accommodation_visits(frames, rules, cal):
    """Care leavers whose accommodation start is recorded: the first personal adviser contact on or after it."""
    starts = (
        frames["ssd_care_leavers"]
        .filter(pl.col("clea_care_leaver_accom_start_date").is_not_null())
        .select(
            record_id="clea_table_id",
            child_id="clea_person_id",
            start_date="clea_care_leaver_accom_start_date",
            end_date="clea_care_leaver_end_date",
        )
    )
    contacts = frames["ssd_care_leaver_contacts"].select(child_id="clec_person_id", date="clec_contact_date")
    first = (
        starts.select("record_id", "child_id", "start_date")
        .join(contacts, on="child_id", how="inner")
        .filter(pl.col("date") >= pl.col("start_date"))
        .group_by("record_id")
        .agg(completed_date=pl.col("date").min())
    )
    return _single(starts.join(first, on="record_id", how="left"))


def _return_interviews(frames, rules, cal):
    """Every missing episode that has ended, unless the child declined the interview (rhi accepted N)."""
    m = frames["ssd_missing"]
    declined = pl.col("miss_missing_rhi_accepted").fill_null("").str.strip_chars().str.to_uppercase() == "N"
    return _single(
        m.filter(~declined).select(
            record_id="miss_table_id",
            child_id="miss_person_id",
            start_date="miss_missing_episode_end_date",
            completed_date="miss_missing_rhi_date",
        )
    )


def _cin_plans(frames) -> pl.DataFrame:
    return frames["ssd_cin_plans"].select(
        record_id="cinp_cin_plan_id",
        child_id="cinp_person_id",
        anchor="cinp_cin_plan_start_date",
        end_date="cinp_cin_plan_end_date",
    )


def _cin_visits(frames, rules, cal):
    visits = frames["ssd_cin_visits"].select(child_id="cinv_person_id", event_date="cinv_cin_visit_date")
    return chain(_cin_plans(frames), visits, by="child_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def _cin_plan_reviews(frames, rules, cal):
    reviews = frames["ssd_cin_plan_reviews"].select(
        record_id="cinr_cin_plan_id", event_date="cinr_cin_plan_review_date"
    )
    return chain(_cin_plans(frames), reviews, by="record_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def _transfer_in_conferences(frames, rules, cal):
    """Referrals notifying a child's move in on another council's plan: the transfer-in conference of the referral."""
    via_s47 = (
        frames["ssd_s47_enquiry"]
        .select(icpc_s47_enquiry_id="s47e_s47_enquiry_id", via="s47e_referral_id")
        .filter(_given("icpc_s47_enquiry_id"))
        .unique("icpc_s47_enquiry_id", keep="first")
    )
    held = (
        frames["ssd_initial_cp_conference"]
        .filter(_yes("icpc_icpc_transfer_in"))
        .join(via_s47, on="icpc_s47_enquiry_id", how="left")
        # The conference's own referral, else the referral of its section 47 enquiry.
        .with_columns(record_id=pl.when(_given("icpc_referral_id")).then(pl.col("icpc_referral_id")).otherwise("via"))
        .filter(_given("record_id"))
        .group_by("record_id")
        .agg(completed_date=pl.col("icpc_icpc_date").min(), held=pl.lit(True))
    )
    refs = frames["ssd_cin_episodes"].select(
        record_id="cine_referral_id",
        child_id="cine_person_id",
        start_date="cine_referral_date",
        end_date="cine_close_date",
        wanted=_outcome_flag("cine_referral_outcome_json", "CP_TRANSFER_IN_FLAG"),
    )
    out = refs.join(held, on="record_id", how="left")
    return _single(out.filter(pl.col("held").fill_null(False) | pl.col("wanted")))


_LEAVERS = ("clea_table_id", "clea_person_id", "clea_care_leaver_end_date")
_CIN_PLANS = ("cinp_cin_plan_id", "cinp_person_id", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date")

CLOCKS: dict[str, Clock] = {
    "cla_visits": Clock(
        {"ssd_cla_placement": _PLACEMENT, "ssd_cla_visits": _VISITS},
        _cla_visits,
    ),
    "cla_visits_regime": Clock(
        {
            "ssd_cla_placement": _PLACEMENT,
            "ssd_cla_visits": _VISITS,
            "ssd_cla_episodes": _EPISODES,
            "ssd_cla_reviews": ("clar_cla_person_id", "clar_cla_review_date", "clar_cla_review_cancelled"),
        },
        _cla_visits_regime,
    ),
    "cla_dental": Clock({"ssd_cla_episodes": _EPISODES, "ssd_cla_health": _HEALTH}, _dental_checks),
    "cla_sdq": Clock(
        {
            "ssd_cla_episodes": _EPISODES,
            "ssd_person": ("pers_person_id", "pers_dob"),
            "ssd_sdq_scores": ("csdq_person_id", "csdq_sdq_completed_date"),
        },
        _sdq,
    ),
    "needs_assessments": Clock(
        {
            "ssd_cla_episodes": _EPISODES,
            "ssd_person": ("pers_person_id", "pers_dob"),
            "ssd_care_leavers": ("clea_person_id", "clea_pathway_needs_assessment_date"),
        },
        _needs_assessments,
    ),
    "care_leaver_accommodation": Clock(
        {
            "ssd_care_leavers": (*_LEAVERS, "clea_care_leaver_accom_start_date"),
            "ssd_care_leaver_contacts": ("clec_person_id", "clec_contact_date"),
        },
        _accommodation_visits,
    ),
    "return_interviews": Clock(
        {
            "ssd_missing": (
                "miss_table_id",
                "miss_person_id",
                "miss_missing_episode_end_date",
                "miss_missing_rhi_accepted",
                "miss_missing_rhi_date",
            )
        },
        _return_interviews,
    ),
    "cin_visits": Clock(
        {"ssd_cin_plans": _CIN_PLANS, "ssd_cin_visits": ("cinv_person_id", "cinv_cin_visit_date")}, _cin_visits
    ),
    "cin_plan_reviews": Clock(
        {
            "ssd_cin_plans": _CIN_PLANS,
            "ssd_cin_plan_reviews": ("cinr_cin_plan_id", "cinr_cin_plan_review_date"),
        },
        _cin_plan_reviews,
    ),
    "transfer_in_conferences": Clock(
        {
            "ssd_cin_episodes": (*_CIN, "cine_referral_outcome_json"),
            "ssd_initial_cp_conference": (
                "icpc_referral_id",
                "icpc_s47_enquiry_id",
                "icpc_icpc_transfer_in",
                "icpc_icpc_date",
            ),
            "ssd_s47_enquiry": ("s47e_s47_enquiry_id", "s47e_referral_id"),
        },
        _transfer_in_conferences,
    ),
}
