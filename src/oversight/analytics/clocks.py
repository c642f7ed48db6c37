"""The event histories the timeliness rules read: one builder per clock.

A builder takes SSD frames and returns one row per interval of the clock, with
no regard to any "as at" date (the engine in timeliness.py applies that):

    record_id      the record the clock belongs to (contact, referral, plan, period of care...)
    child_id
    step           1 for the interval from the start event, 2 for the next, ...
    start_date     when the interval began (the start event, or the previous completing event)
    completed_date the event that ended it, or null if none has happened
    end_date       when the record ended (plan ended, care ended), or null
    period         which of the rule's periods sets the due date ("due", "then", "under_5", ...)

Repeating clocks run from the date the previous event actually happened, so a
late event moves every later due date. After the last event there is one
more, still open, interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from oversight.analytics.rulebook import Duration, Rule
from oversight.analytics.workdays import WorkingDayCalendar

OUTPUT = ["record_id", "child_id", "step", "start_date", "completed_date", "end_date", "period"]
# The names a clock may give a row's period; each is a key of the rule ("due" is its main period).
PERIOD = pl.Enum(["due", "then", "long_term", "under_5", "from_5", "until_first_review", "four_weekly"])


@dataclass(frozen=True)
class Clock:
    tables: dict[str, tuple[str, ...]]  # SSD table -> columns read
    build: Callable[[dict[str, pl.DataFrame], tuple[Rule, ...], WorkingDayCalendar], pl.DataFrame]


def plus(frame: pl.DataFrame, column: str, duration: Duration, cal: WorkingDayCalendar) -> pl.Series:
    """COLUMN plus DURATION for every row (working days on the calendar; months clamp to the month's end)."""
    if duration.unit == "working_days":
        return cal.add_series(frame.get_column(column), duration.n)
    days = duration.n * (7 if duration.unit == "weeks" else 1)
    expr = (
        pl.col(column) + pl.duration(days=days)
        if duration.unit != "months"
        else pl.col(column).dt.offset_by(f"{duration.n}mo")
    )
    return frame.select(expr.alias(column)).get_column(column)


def _given(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) != "")


def _yes(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.to_uppercase().is_in(["Y", "YES", "1", "TRUE"])


def _outcome_flag(column: str, flag: str) -> pl.Expr:
    """A Y flag inside an SSD *_outcome_json column (read by pattern, so bad JSON is just 'no')."""
    return pl.col(column).str.contains(rf'"{flag}"\s*:\s*"?(?i:y|yes|1|true)"?\s*[,}}]').fill_null(False)


def _single(frame: pl.DataFrame) -> pl.DataFrame:
    if "end_date" not in frame.columns:
        frame = frame.with_columns(end_date=pl.lit(None, pl.Date))
    return (
        frame.filter(pl.col("start_date").is_not_null())
        .with_columns(step=pl.lit(1, pl.Int32), period=pl.lit("due", PERIOD))
        .select(OUTPUT)
    )


def chain(parents: pl.DataFrame, events: pl.DataFrame, by: str) -> pl.DataFrame:
    """Intervals from each parent's anchor through its events, in date order.

    PARENTS: record_id, child_id, anchor, end_date (+ any other columns, kept).
    EVENTS: BY, event_date. An event counts for a parent when it is on or after
    the anchor and, if the parent has ended, on or before the end.
    """
    parents = parents.filter(pl.col("anchor").is_not_null()).with_row_index("parent")
    matched = (
        parents.select(*dict.fromkeys(["parent", by, "anchor", "end_date"]))
        .join(events.filter(pl.col("event_date").is_not_null()), on=by, how="inner")
        .filter(
            (pl.col("event_date") >= pl.col("anchor"))
            & (pl.col("end_date").is_null() | (pl.col("event_date") <= pl.col("end_date")))
        )
        .select("parent", pl.col("event_date").alias("date"), pl.lit(1, pl.Int64).alias("is_event"))
    )
    starts = parents.select("parent", pl.col("anchor").alias("date"), pl.lit(0, pl.Int64).alias("is_event"))
    # One integer to sort on: parent, then date, then the anchor before an event on the same day
    # (so that event completes the first interval).
    order = (
        pl.col("parent").cast(pl.Int64) * (1 << 27)
        + (pl.col("date").cast(pl.Int32).cast(pl.Int64) + (1 << 25)) * 2
        + pl.col("is_event")
    )
    rows = pl.concat([starts, matched]).sort(order)
    # Two records of one day's event are one event.
    repeat = (
        (pl.col("parent") == pl.col("parent").shift(1))
        & (pl.col("date") == pl.col("date").shift(1))
        & (pl.col("is_event") == 1)
        & (pl.col("is_event").shift(1) == 1)
    )
    rows = rows.filter(~repeat.fill_null(False))
    # Every parent has its anchor row, so a parent's rows are numbered from where its run begins.
    first = pl.col("parent") != pl.col("parent").shift(1, fill_value=-1)
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    rows = rows.with_columns(
        completed_date=pl.when(pl.col("parent").shift(-1) == pl.col("parent")).then(pl.col("date").shift(-1)),
        step=(index - pl.when(first).then(index).forward_fill() + 1).cast(pl.Int32),
    )
    kept = parents.drop("anchor", "parent")
    out = rows.select(pl.col("date").alias("start_date"), "completed_date", "step")
    return out.hstack(kept[rows.get_column("parent")].get_columns())


# --- single clocks -----------------------------------------------------------------------------


def _contacts(frames, rules, cal):
    c = frames["ssd_contacts"]
    return _single(
        c.select(
            record_id="cont_contact_id",
            child_id="cont_person_id",
            start_date="cont_contact_date",
            completed_date="cont_contact_decision_date",
        )
    )


def _assessments(frames, rules, cal):
    assessed = (
        frames["ssd_cin_assessments"]
        .filter(_given("cina_referral_id"))
        .group_by("cina_referral_id")
        .agg(completed_date=pl.col("cina_assessment_auth_date").min(), assessed=pl.lit(True))
        .rename({"cina_referral_id": "record_id"})
    )
    refs = frames["ssd_cin_episodes"].select(
        record_id="cine_referral_id",
        child_id="cine_person_id",
        start_date="cine_referral_date",
        end_date="cine_close_date",
        nfa=_yes("cine_referral_nfa"),
    )
    out = refs.join(assessed, on="record_id", how="left")
    return _single(out.filter(pl.col("assessed").fill_null(False) | ~pl.col("nfa")))


def _strategy_discussions(frames, rules, cal):
    held = (
        frames["ssd_strategy_discussions"]
        .filter(_given("strd_referral_id"))
        .group_by("strd_referral_id")
        .agg(completed_date=pl.col("strd_strategy_discussion_date").min(), held=pl.lit(True))
        .rename({"strd_referral_id": "record_id"})
    )
    refs = frames["ssd_cin_episodes"].select(
        record_id="cine_referral_id",
        child_id="cine_person_id",
        start_date="cine_referral_date",
        end_date="cine_close_date",
        wanted=_outcome_flag("cine_referral_outcome_json", "STRATEGY_DISCUSSION_FLAG"),
    )
    out = refs.join(held, on="record_id", how="left")
    return _single(out.filter(pl.col("held").fill_null(False) | pl.col("wanted")))


def _initial_conferences(frames, rules, cal):
    conferences = frames["ssd_initial_cp_conference"].filter(
        _given("icpc_s47_enquiry_id") & ~_yes("icpc_icpc_transfer_in")
    )
    held = (
        conferences.group_by("icpc_s47_enquiry_id")
        .agg(completed_date=pl.col("icpc_icpc_date").min(), held=pl.lit(True))
        .rename({"icpc_s47_enquiry_id": "record_id"})
    )
    closed = (
        frames["ssd_cin_episodes"]
        .select(referral_id="cine_referral_id", end_date="cine_close_date")
        .unique("referral_id")
    )
    s47 = frames["ssd_s47_enquiry"].select(
        record_id="s47e_s47_enquiry_id",
        child_id="s47e_person_id",
        start_date="s47e_s47_start_date",
        referral_id="s47e_referral_id",
        wanted=_outcome_flag("s47e_s47_outcome_json", "CP_CONFERENCE_FLAG"),
    )
    out = s47.join(held, on="record_id", how="left").join(closed, on="referral_id", how="left")
    return _single(out.filter(pl.col("held").fill_null(False) | pl.col("wanted")))


def _plan_of_conference(frames) -> pl.DataFrame:
    """icpc_id, plan_id, icpc_date: the plan each initial conference made (either side may record the link)."""
    icpc = frames["ssd_initial_cp_conference"].select(
        icpc_id="icpc_icpc_id", linked="icpc_cp_plan_id", icpc_date="icpc_icpc_date", child_id="icpc_person_id"
    )
    by_plan_side = (
        frames["ssd_cp_plans"]
        .filter(_given("cppl_icpc_id"))
        .group_by("cppl_icpc_id")
        .agg(pl.col("cppl_cp_plan_id").min().alias("from_plan"))
        .rename({"cppl_icpc_id": "icpc_id"})
    )
    out = icpc.join(by_plan_side, on="icpc_id", how="left").with_columns(
        plan_id=pl.when(_given("linked")).then(pl.col("linked")).otherwise(pl.col("from_plan"))
    )
    return out.filter(pl.col("plan_id").is_not_null() & pl.col("icpc_date").is_not_null()).select(
        "icpc_id", "plan_id", "icpc_date", "child_id"
    )


def _core_groups(frames, rules, cal):
    made = _plan_of_conference(frames).sort("icpc_date").unique("plan_id", keep="first")
    ends = frames["ssd_cp_plans"].select(plan_id="cppl_cp_plan_id", end_date="cppl_cp_plan_end_date").unique("plan_id")
    starts = made.join(ends, on="plan_id", how="left").select(
        record_id="plan_id", child_id="child_id", start_date="icpc_date", end_date="end_date"
    )
    groups = frames["ssd_core_groups"].select(record_id="cpcg_cp_plan_id", date="cpcg_core_group_date")
    first = (
        starts.select("record_id", "start_date")
        .join(groups, on="record_id", how="inner")
        .filter(pl.col("date") >= pl.col("start_date"))
        .group_by("record_id")
        .agg(completed_date=pl.col("date").min())
    )
    return _single(starts.join(first, on="record_id", how="left"))


# --- repeating clocks --------------------------------------------------------------------------


def _own_plans(frames) -> pl.DataFrame:
    return (
        frames["ssd_cp_plans"]
        .filter(~_yes("cppl_cp_plan_ola"))
        .select(
            record_id="cppl_cp_plan_id",
            child_id="cppl_person_id",
            plan_start="cppl_cp_plan_start_date",
            end_date="cppl_cp_plan_end_date",
        )
    )


def _cp_reviews(frames, rules, cal):
    icpc = (
        _plan_of_conference(frames).group_by("plan_id").agg(pl.col("icpc_date").min()).rename({"plan_id": "record_id"})
    )
    plans = (
        _own_plans(frames)
        .join(icpc, on="record_id", how="left")
        .with_columns(anchor=pl.coalesce("icpc_date", "plan_start"))
    )
    events = frames["ssd_cp_reviews"].select(record_id="cppr_cp_plan_id", event_date="cppr_cp_review_date")
    return (
        chain(plans.select("record_id", "child_id", "anchor", "end_date"), events, by="record_id")
        .with_columns(period=pl.lit("due", PERIOD))
        .select(OUTPUT)
    )


def _cp_visits(frames, rules, cal):
    plans = _own_plans(frames).rename({"plan_start": "anchor"})
    events = frames["ssd_cp_visits"].select(record_id="cppv_cp_plan_id", event_date="cppv_cp_visit_date")
    return chain(plans, events, by="record_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def care_periods(frames) -> pl.DataFrame:
    """Periods of care: record_id (clae_cla_id, or the episode id if blank), child_id, anchor (start of care), end_date."""
    episodes = frames["ssd_cla_episodes"].with_columns(
        record_id=pl.when(_given("clae_cla_id")).then(pl.col("clae_cla_id")).otherwise(pl.col("clae_cla_episode_id"))
    )
    periods = episodes.group_by("record_id").agg(
        child_id=pl.col("clae_person_id").first(),
        anchor=pl.min_horizontal(pl.col("clae_entered_care_date").min(), pl.col("clae_cla_episode_start_date").min()),
        still_open=pl.col("clae_cla_episode_ceased_date").is_null().any(),
        last_ceased=pl.col("clae_cla_episode_ceased_date").max(),
    )
    return periods.select(
        "record_id", "child_id", "anchor", end_date=pl.when(~pl.col("still_open")).then(pl.col("last_ceased"))
    )


def _cla_reviews(frames, rules, cal):
    reviews = (
        frames["ssd_cla_reviews"]
        .filter(~_yes("clar_cla_review_cancelled"))
        .select(child_id="clar_cla_person_id", event_date="clar_cla_review_date")
    )
    return chain(care_periods(frames), reviews, by="child_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)


def _cla_health(frames, rules, cal):
    dob = frames["ssd_person"].select(child_id="pers_person_id", dob="pers_dob").unique("child_id")
    periods = care_periods(frames).join(dob, on="child_id", how="left")
    checks = (
        frames["ssd_cla_health"]
        .filter(
            pl.col("clah_health_check_type")
            .str.to_lowercase()
            .str.contains("health assessment", literal=True)
            .fill_null(False)
            & (pl.col("clah_health_check_status").str.to_lowercase().str.strip_chars() == "completed").fill_null(False)
        )
        .select(child_id="clah_person_id", event_date="clah_health_check_date")
    )
    items = chain(periods, checks, by="child_id")
    fifth_birthday = pl.col("dob").dt.offset_by("5y")
    period = (
        pl.when(pl.col("step") == 1)
        .then(pl.lit("due", PERIOD))
        .when(pl.col("dob").is_null() | (pl.col("start_date") < fifth_birthday))
        .then(pl.lit("under_5", PERIOD))
        .otherwise(pl.lit("from_5", PERIOD))
    )
    return items.with_columns(period=period).select(OUTPUT)


def _leaving_care(frames) -> pl.DataFrame:
    return frames["ssd_care_leavers"].select(
        record_id="clea_table_id",
        child_id="clea_person_id",
        anchor="clea_care_leaver_start_date",
        end_date="clea_care_leaver_end_date",
    )


def _care_leaver_contacts(frames, rules, cal):
    contacts = frames["ssd_care_leaver_contacts"].select(child_id="clec_person_id", event_date="clec_contact_date")
    return (
        chain(_leaving_care(frames), contacts, by="child_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)
    )


def _pathway_plan_reviews(frames, rules, cal):
    reviews = frames["ssd_pathway_plan_reviews"].select(
        child_id="clpp_person_id", event_date="clpp_pathway_plan_review_date"
    )
    return (
        chain(_leaving_care(frames), reviews, by="child_id").with_columns(period=pl.lit("due", PERIOD)).select(OUTPUT)
    )


_CIN = ("cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date")
_ICPC = ("icpc_icpc_id", "icpc_cp_plan_id", "icpc_icpc_date", "icpc_person_id")
_PLANS = (
    "cppl_cp_plan_id",
    "cppl_person_id",
    "cppl_cp_plan_start_date",
    "cppl_cp_plan_end_date",
    "cppl_icpc_id",
    "cppl_cp_plan_ola",
)
_EPISODES = (
    "clae_cla_episode_id",
    "clae_cla_id",
    "clae_person_id",
    "clae_cla_episode_start_date",
    "clae_cla_episode_ceased_date",
    "clae_entered_care_date",
)
_LEAVERS = ("clea_table_id", "clea_person_id", "clea_care_leaver_start_date", "clea_care_leaver_end_date")

CLOCKS: dict[str, Clock] = {
    "contacts": Clock(
        {"ssd_contacts": ("cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_decision_date")},
        _contacts,
    ),
    "assessments": Clock(
        {
            "ssd_cin_episodes": (*_CIN, "cine_referral_nfa"),
            "ssd_cin_assessments": ("cina_referral_id", "cina_assessment_auth_date"),
        },
        _assessments,
    ),
    "strategy_discussions": Clock(
        {
            "ssd_cin_episodes": (*_CIN, "cine_referral_outcome_json"),
            "ssd_strategy_discussions": ("strd_referral_id", "strd_strategy_discussion_date"),
        },
        _strategy_discussions,
    ),
    "initial_conferences": Clock(
        {
            "ssd_s47_enquiry": (
                "s47e_s47_enquiry_id",
                "s47e_person_id",
                "s47e_s47_start_date",
                "s47e_referral_id",
                "s47e_s47_outcome_json",
            ),
            "ssd_initial_cp_conference": ("icpc_s47_enquiry_id", "icpc_icpc_transfer_in", "icpc_icpc_date"),
            "ssd_cin_episodes": _CIN,
        },
        _initial_conferences,
    ),
    "core_groups": Clock(
        {
            "ssd_initial_cp_conference": _ICPC,
            "ssd_cp_plans": _PLANS,
            "ssd_core_groups": ("cpcg_cp_plan_id", "cpcg_core_group_date"),
        },
        _core_groups,
    ),
    "cp_reviews": Clock(
        {
            "ssd_initial_cp_conference": _ICPC,
            "ssd_cp_plans": _PLANS,
            "ssd_cp_reviews": ("cppr_cp_plan_id", "cppr_cp_review_date"),
        },
        _cp_reviews,
    ),
    "cp_visits": Clock(
        {"ssd_cp_plans": _PLANS, "ssd_cp_visits": ("cppv_cp_plan_id", "cppv_cp_visit_date")}, _cp_visits
    ),
    "cla_reviews": Clock(
        {
            "ssd_cla_episodes": _EPISODES,
            "ssd_cla_reviews": ("clar_cla_person_id", "clar_cla_review_date", "clar_cla_review_cancelled"),
        },
        _cla_reviews,
    ),
    "cla_health": Clock(
        {
            "ssd_cla_episodes": _EPISODES,
            "ssd_person": ("pers_person_id", "pers_dob"),
            "ssd_cla_health": (
                "clah_person_id",
                "clah_health_check_type",
                "clah_health_check_date",
                "clah_health_check_status",
            ),
        },
        _cla_health,
    ),
    "care_leaver_contacts": Clock(
        {"ssd_care_leavers": _LEAVERS, "ssd_care_leaver_contacts": ("clec_person_id", "clec_contact_date")},
        _care_leaver_contacts,
    ),
    "pathway_plan_reviews": Clock(
        {"ssd_care_leavers": _LEAVERS, "ssd_pathway_plan_reviews": ("clpp_person_id", "clpp_pathway_plan_review_date")},
        _pathway_plan_reviews,
    ),
}

# The clocks of the visit regimes, health checks, care leavers, missing episodes, CIN plans and
# transfer-in conferences (they use the helpers above).
from oversight.analytics.clocks_regulations import CLOCKS as _MORE  # noqa: E402

CLOCKS.update(_MORE)
