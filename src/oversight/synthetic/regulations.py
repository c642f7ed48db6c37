"""The synthetic council's events for the rules checked against the regulations (docs/timeliness.md):
placements' until-18 flags and visit regimes, return home interview dates, care leavers' accommodation
starts (with a personal adviser visit soon after most) and needs assessments, child in need plan reviews
and SDQ scores.

A pass over the frames the builder has made, drawn from its own random generator, so the
stories (synthetic/stories.py) stay as they are. Shares and gaps are illustrative, not national figures.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

_EPOCH = dt.date(1970, 1, 1)
_NONE = 10**9  # a missing date, as a day number far beyond any other


def _days(series: pl.Series) -> np.ndarray:
    """Dates as day numbers (days since 1970), a missing date as _NONE."""
    return series.cast(pl.Int32).cast(pl.Int64).fill_null(_NONE).to_numpy()


def _dates(days: np.ndarray) -> pl.Series:
    return pl.Series(days.astype(np.int32)).cast(pl.Date)


def _or_null(mask: np.ndarray, days: np.ndarray) -> pl.Series:
    """DAYS as dates where MASK, else no date."""
    frame = pl.DataFrame({"d": np.where(mask, days, 0).astype(np.int32), "m": mask})
    return frame.select(pl.when(pl.col("m")).then(pl.col("d").cast(pl.Date))).to_series()


def _placements(placements: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Meant to last until 18 mostly where the type is long-term foster care (some left blank, so the type
    decides); placements with parents or connected people sometimes under reg 28(3)-(5); a few short breaks."""
    n = placements.height
    kind = placements.get_column("clap_cla_placement_type").fill_null("").to_numpy()
    u, v = rng.random(n), rng.random(n)
    long_term = np.isin(kind, ["U1", "U4"])
    until_18 = np.where(u < 0.15, "", np.where(long_term ^ (v < 0.05), "Y", "N"))
    with_parents, connected = kind == "P1", np.isin(kind, ["U1", "U2", "U3"])
    w = rng.random(n)
    regime = np.where(
        with_parents & (w < 0.3),
        "reg28_5",
        np.where(
            with_parents & (w < 0.5),
            "reg28_3",
            np.where(connected & (w < 0.04), "reg28_4", np.where(~with_parents & (w > 0.995), "short_breaks", "")),
        ),
    )
    return placements.with_columns(
        clap_cla_placement_until_18=pl.Series(until_18, dtype=pl.String),
        clap_cla_visit_regime=pl.Series(regime, dtype=pl.String),
    )


def _interviews(missing: pl.DataFrame, rng: np.random.Generator, A: int) -> pl.DataFrame:
    """An interview date for episodes that ended with an interview offered and accepted: mostly within 3 days."""
    n = missing.height
    end = _days(missing.get_column("miss_missing_episode_end_date"))
    agreed = (missing.get_column("miss_missing_rhi_offered").fill_null("") == "Y").to_numpy() & (
        missing.get_column("miss_missing_rhi_accepted").fill_null("") == "Y"
    ).to_numpy()
    held = end + np.where(rng.random(n) < 0.85, rng.integers(0, 4, n), rng.integers(4, 15, n))
    ok = agreed & (end < A) & (held <= A)
    return missing.with_columns(miss_missing_rhi_date=_or_null(ok, held))


def _leavers(leavers: pl.DataFrame, people: pl.DataFrame, rng: np.random.Generator, A: int) -> pl.DataFrame:
    """Current accommodation from a day since leaving care began; the needs assessment near the 16th birthday."""
    n = leavers.height
    dob = leavers.select("clea_person_id").join(
        people.select(clea_person_id="pers_person_id", dob="pers_dob").unique("clea_person_id", keep="first"),
        on="clea_person_id",
        how="left",
        maintain_order="left",
    )
    start = _days(leavers.get_column("clea_care_leaver_start_date"))
    start = np.where(start == _NONE, A - 700, start)
    moved = np.maximum(start, A - rng.integers(5, 500, n))
    has_move = rng.random(n) < 0.8
    sixteen = _days(dob.get_column("dob").dt.offset_by("16y"))
    assessed = sixteen + np.where(rng.random(n) < 0.85, rng.integers(0, 90, n), rng.integers(90, 200, n))
    has_assessment = (sixteen < A) & (assessed <= A) & (rng.random(n) < 0.9)
    return leavers.with_columns(
        clea_care_leaver_accom_start_date=_or_null(has_move & (moved <= A), moved),
        clea_pathway_needs_assessment_date=_or_null(has_assessment, assessed),
    )


def _move_visits(leavers: pl.DataFrame, contacts: pl.DataFrame, rng: np.random.Generator, A: int) -> pl.DataFrame:
    """CONTACTS with a personal adviser visit soon after most moves into new accommodation (reg 8: within 7 days)."""
    moved = leavers.filter(pl.col("clea_care_leaver_accom_start_date").is_not_null())
    n = moved.height
    days = _days(moved.get_column("clea_care_leaver_accom_start_date")) + np.where(
        rng.random(n) < 0.8, rng.integers(0, 8, n), rng.integers(8, 30, n)
    )
    keep = (days <= A) & (rng.random(n) < 0.9)
    visits = pl.DataFrame(
        {
            "clec_contact_id": [f"PV{i:07d}" for i in range(1, int(keep.sum()) + 1)],
            "clec_person_id": moved.get_column("clea_person_id").filter(pl.Series(keep)),
            "clec_contact_date": _dates(days[keep]),
            "clec_worker_id": moved.get_column("clea_care_leaver_worker_id").filter(pl.Series(keep)),
        }
    )
    return pl.concat([contacts, visits.select(contacts.columns).cast(contacts.schema)])


def _repeating(
    ids: np.ndarray, starts: np.ndarray, limits: np.ndarray, rng: np.random.Generator, gap: tuple[int, int], most: int
) -> tuple[np.ndarray, np.ndarray]:
    """Events after each START, GAP days apart (at random within it), up to and including its LIMIT: (ids, days)."""
    if not len(ids):
        return ids, starts
    days = starts[:, None] + rng.integers(gap[0], gap[1] + 1, (len(ids), most)).cumsum(axis=1)
    keep = days <= limits[:, None]
    return np.repeat(ids, keep.sum(axis=1)), days[keep]


def _cin_plan_reviews(plans: pl.DataFrame, rng: np.random.Generator, A: int) -> pl.DataFrame:
    plans = plans.filter(pl.col("cinp_cin_plan_start_date").is_not_null())
    starts = _days(plans.get_column("cinp_cin_plan_start_date"))
    limits = np.minimum(_days(plans.get_column("cinp_cin_plan_end_date")), A)
    row, days = _repeating(np.arange(plans.height), starts, limits, rng, (70, 100), 30)
    return pl.DataFrame(
        {
            "cinr_cin_plan_review_id": [f"CR{i:07d}" for i in range(1, len(row) + 1)],
            "cinr_person_id": plans.get_column("cinp_person_id").gather(row),
            "cinr_cin_plan_id": plans.get_column("cinp_cin_plan_id").gather(row),
            "cinr_cin_plan_review_date": _dates(days),
        },
        schema={
            "cinr_cin_plan_review_id": pl.String,
            "cinr_person_id": pl.String,
            "cinr_cin_plan_id": pl.String,
            "cinr_cin_plan_review_date": pl.Date,
        },
    )


def _sdq(episodes: pl.DataFrame, people: pl.DataFrame, rng: np.random.Generator, A: int) -> pl.DataFrame:
    """A yearly SDQ through each period of care while the child is 4 to 16."""
    periods = (
        episodes.filter(pl.col("clae_cla_episode_start_date").is_not_null())
        .group_by(pl.coalesce(pl.col("clae_cla_id"), pl.col("clae_cla_episode_id")).alias("cla"))
        .agg(
            child=pl.col("clae_person_id").first(),
            start=pl.col("clae_cla_episode_start_date").min(),
            end=pl.when(pl.col("clae_cla_episode_ceased_date").is_null().any())
            .then(None)
            .otherwise(pl.col("clae_cla_episode_ceased_date").max()),
        )
        .join(
            people.select(child="pers_person_id", dob="pers_dob").unique("child", keep="first"), on="child", how="inner"
        )
        .filter(pl.col("dob").is_not_null())
        .sort("cla")
    )
    four, seventeen = (
        _days(periods.get_column("dob").dt.offset_by("4y")),
        _days(periods.get_column("dob").dt.offset_by("17y")),
    )
    limits = np.minimum(np.minimum(_days(periods.get_column("end")), A), seventeen - 1)
    row, days = _repeating(np.arange(periods.height), _days(periods.get_column("start")), limits, rng, (300, 390), 20)
    keep = days >= four[row]
    row, days = row[keep], days[keep]
    scores = rng.integers(0, 41, len(row))
    return pl.DataFrame(
        {
            "csdq_table_id": [f"SQ{i:07d}" for i in range(1, len(row) + 1)],
            "csdq_person_id": periods.get_column("child").gather(row),
            "csdq_sdq_completed_date": _dates(days),
            "csdq_sdq_reason": pl.Series([""] * len(row), dtype=pl.String),
            "csdq_sdq_score": pl.Series(scores.astype(str), dtype=pl.String),
        }
    )


def events(frames: dict[str, pl.DataFrame], rng: np.random.Generator, as_at: dt.date) -> dict[str, pl.DataFrame]:
    """The frames this pass changes or adds, from the builder's FRAMES."""
    A = (as_at - _EPOCH).days
    leavers = _leavers(frames["ssd_care_leavers"], frames["ssd_person"], rng, A)
    return {
        "ssd_cla_placement": _placements(frames["ssd_cla_placement"], rng),
        "ssd_missing": _interviews(frames["ssd_missing"], rng, A),
        "ssd_care_leavers": leavers,
        "ssd_care_leaver_contacts": _move_visits(leavers, frames["ssd_care_leaver_contacts"], rng, A),
        "ssd_cin_plan_reviews": _cin_plan_reviews(frames["ssd_cin_plans"], rng, A),
        "ssd_sdq_scores": _sdq(frames["ssd_cla_episodes"], frames["ssd_person"], rng, A),
    }
