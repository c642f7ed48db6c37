"""Who is in which part of the system on a date. Frames in, frames out.

Frames use SSD table and column names. A period is open on DAY when it started
on or before DAY and has not ended on or before it (the DfE's convention).
"""

from __future__ import annotations

import datetime as dt

import polars as pl


def open_on(frame: pl.DataFrame, start: str, end: str, day: dt.date) -> pl.DataFrame:
    return frame.filter((pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day)))


def _ids(frame: pl.DataFrame, column: str) -> pl.Series:
    return frame.get_column(column).unique()


def open_referral_children(cin_episodes: pl.DataFrame, day: dt.date) -> pl.Series:
    return _ids(open_on(cin_episodes, "cine_referral_date", "cine_close_date", day), "cine_person_id")


def cp_plan_children(cp_plans: pl.DataFrame, day: dt.date) -> pl.Series:
    return _ids(open_on(cp_plans, "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", day), "cppl_person_id")


def in_care_children(cla_episodes: pl.DataFrame, day: dt.date) -> pl.Series:
    return _ids(
        open_on(cla_episodes, "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", day), "clae_person_id"
    )


def care_leaver_children(care_leavers: pl.DataFrame, day: dt.date) -> pl.Series:
    # A care-leaver row without a start date is taken as current from the beginning.
    started = pl.col("clea_care_leaver_start_date").is_null() | (pl.col("clea_care_leaver_start_date") <= day)
    not_ended = pl.col("clea_care_leaver_end_date").is_null() | (pl.col("clea_care_leaver_end_date") > day)
    return _ids(care_leavers.filter(started & not_ended), "clea_person_id")


def children_in_need(frames: dict[str, pl.DataFrame], day: dt.date) -> pl.Series:
    """Open CIN episodes plus children on CP plans and in care, as the DfE counts them."""
    return pl.concat(
        [
            open_referral_children(frames["ssd_cin_episodes"], day),
            cp_plan_children(frames["ssd_cp_plans"], day),
            in_care_children(frames["ssd_cla_episodes"], day),
        ]
    ).unique()


def open_case_children(frames: dict[str, pl.DataFrame], day: dt.date) -> pl.Series:
    """Children with an open case of any kind: in need, on a plan, in care or a care leaver."""
    return pl.concat([children_in_need(frames, day), care_leaver_children(frames["ssd_care_leavers"], day)]).unique()


def employed_on(professionals: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    started = pl.col("prof_start_date").is_null() | (pl.col("prof_start_date") <= day)
    not_left = pl.col("prof_end_date").is_null() | (pl.col("prof_end_date") > day)
    return professionals.filter(started & not_left)


def allocated_children(frames: dict[str, pl.DataFrame], day: dt.date, roles: list[str]) -> pl.Series:
    """Children with an open involvement in one of ROLES to a worker employed on DAY."""
    inv = open_on(frames["ssd_involvements"], "invo_involvement_start_date", "invo_involvement_end_date", day)
    inv = inv.filter(pl.col("invo_professional_role_id").is_in(list(roles)))
    staff = employed_on(frames["ssd_professionals"], day).select(
        pl.col("prof_professional_id").alias("invo_professional_id")
    )
    return inv.join(staff, on="invo_professional_id", how="semi").get_column("invo_person_id").unique()


def unallocated_children(
    frames: dict[str, pl.DataFrame],
    day: dt.date,
    case_worker_roles: list[str],
    personal_adviser_roles: list[str] = (),
) -> pl.Series:
    """Children with an open case and nobody in post allocated to it (a worker who left counts as none).

    A care leaver is allocated when a personal adviser in post holds them, as
    leaving-care services are led by personal advisers; every other open case
    needs an allocated case worker.
    """
    open_ids = open_case_children(frames, day).to_frame("id")
    allocated = allocated_children(frames, day, case_worker_roles).to_frame("id")
    unallocated = open_ids.join(allocated, on="id", how="anti")
    if personal_adviser_roles:
        leavers_with_pa = (
            care_leaver_children(frames["ssd_care_leavers"], day)
            .to_frame("id")
            .join(allocated_children(frames, day, personal_adviser_roles).to_frame("id"), on="id", how="semi")
        )
        unallocated = unallocated.join(leavers_with_pa, on="id", how="anti")
    return unallocated.get_column("id")


SUMMARY_TABLES = (
    "ssd_cin_episodes",
    "ssd_cp_plans",
    "ssd_cla_episodes",
    "ssd_care_leavers",
    "ssd_involvements",
    "ssd_professionals",
)


def headline_counts(
    frames: dict[str, pl.DataFrame], day: dt.date, case_worker_roles: list[str], personal_adviser_roles: list[str] = ()
) -> dict:
    """The home page's headline figures: numbers of distinct children on DAY."""
    return {
        "as_at": day.isoformat(),
        "open_referrals": open_referral_children(frames["ssd_cin_episodes"], day).len(),
        "children_in_need": children_in_need(frames, day).len(),
        "child_protection_plans": cp_plan_children(frames["ssd_cp_plans"], day).len(),
        "children_in_care": in_care_children(frames["ssd_cla_episodes"], day).len(),
        "care_leavers": care_leaver_children(frames["ssd_care_leavers"], day).len(),
        "unallocated_children": unallocated_children(frames, day, case_worker_roles, personal_adviser_roles).len(),
    }
