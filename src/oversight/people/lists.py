"""Lists of children behind the figures: who they are, what kind of case, who holds them, why they are listed.

One frame per request, built from the cached case-data frames, so every list
(home tiles, unallocated children, a worker's children) shows the same
columns and a download has exactly the rows of the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from oversight.analytics import cohorts
from oversight.analytics.keyed import Keyed
from oversight.config import section
from oversight.people import figures, frames
from oversight.web import labels

# The figures a list can be filtered to: key -> (what the list is called, why a child is on it).
STATUSES = {
    "open_referrals": ("Children with an open referral", "Open referral"),
    "children_in_need": ("Children in need", "Child in need"),
    "child_protection_plans": ("Children on child protection plans", "On a child protection plan"),
    "children_in_care": ("Children in care", "In care"),
    "care_leavers": ("Care leavers", "Care leaver"),
    "unallocated_children": ("Unallocated children", "Open case, no allocated worker in post"),
    "open_cases": ("Children with an open case", "Open case"),
}
HEADER = ["Child id", "Name", "Age", "Legal status", "Allocated worker", "Team", "Why listed"]


@dataclass
class Filters:
    status: str = ""
    worker_id: str = ""
    team_ids: frozenset[str] | None = None
    q: str = ""


def _frames() -> dict[str, pl.DataFrame]:
    data = {name: frames.load(name) for name in cohorts.SUMMARY_TABLES}
    data["ssd_person"] = frames.load("ssd_person", ("pers_person_id", "pers_forename", "pers_surname", "pers_dob"))
    return data


def status_ids(data: dict[str, pl.DataFrame], status: str, day: dt.date) -> pl.Series:
    roles = section("involvements")
    if status == "open_referrals":
        return cohorts.open_referral_children(data["ssd_cin_episodes"], day)
    if status == "children_in_need":
        return cohorts.children_in_need(data, day)
    if status == "child_protection_plans":
        return cohorts.cp_plan_children(data["ssd_cp_plans"], day)
    if status == "children_in_care":
        return cohorts.in_care_children(data["ssd_cla_episodes"], day)
    if status == "care_leavers":
        return cohorts.care_leaver_children(data["ssd_care_leavers"], day)
    if status == "unallocated_children":
        return cohorts.unallocated_children(data, day, roles["case_worker_roles"], roles["personal_adviser_roles"])
    if status == "open_cases":
        return cohorts.open_case_children(data, day)
    raise KeyError(status)


def _case_type(data: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    """Each child's case type on DAY, the CIN census way round: in care, then CP, then CIN, then care leaver."""
    parts = [
        cohorts.in_care_children(data["ssd_cla_episodes"], day).to_frame("id").with_columns(rank=pl.lit(0)),
        cohorts.cp_plan_children(data["ssd_cp_plans"], day).to_frame("id").with_columns(rank=pl.lit(1)),
        cohorts.open_referral_children(data["ssd_cin_episodes"], day).to_frame("id").with_columns(rank=pl.lit(2)),
        cohorts.care_leaver_children(data["ssd_care_leavers"], day).to_frame("id").with_columns(rank=pl.lit(3)),
    ]
    names = {0: "CLA", 1: "CP", 2: "CIN", 3: "Care leaver"}
    return (
        pl.concat(parts)
        .group_by("id")
        .agg(pl.col("rank").min())
        .with_columns(legal_status=pl.col("rank").replace_strict(names, return_dtype=pl.String))
        .drop("rank")
    )


def _holders(data: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    """Each child's allocated worker in post on DAY (case worker, or personal adviser); the latest allocation wins."""
    roles = section("involvements")
    codes = list(roles["case_worker_roles"]) + list(roles["personal_adviser_roles"])
    inv = cohorts.open_on(data["ssd_involvements"], "invo_involvement_start_date", "invo_involvement_end_date", day)
    staff = cohorts.employed_on(data["ssd_professionals"], day).select(
        pl.col("prof_professional_id").alias("invo_professional_id"), pl.col("prof_team_id")
    )
    return (
        inv.filter(pl.col("invo_professional_role_id").is_in(codes))
        .join(staff, on="invo_professional_id", how="inner")
        .with_columns(is_case_worker=pl.col("invo_professional_role_id").is_in(list(roles["case_worker_roles"])))
        .sort("is_case_worker", "invo_involvement_start_date", "invo_involvements_id", descending=True)
        .group_by("invo_person_id", maintain_order=True)
        .first()
        .select(
            pl.col("invo_person_id").alias("id"),
            pl.col("invo_professional_id").alias("worker_id"),
            pl.coalesce(pl.col("prof_team_id").replace("", None), pl.col("invo_professional_team")).alias("team_id"),
            pl.col("invo_involvement_start_date").alias("allocated_since"),
        )
    )


def _last_teams(data: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    """Each child's team as last allocated (to a case worker or adviser) on or before DAY: the team an
    unallocated child belongs to."""
    roles = section("involvements")
    codes = list(roles["case_worker_roles"]) + list(roles["personal_adviser_roles"])
    staff = data["ssd_professionals"].select(
        pl.col("prof_professional_id").alias("invo_professional_id"), pl.col("prof_team_id")
    )
    return (
        data["ssd_involvements"]
        .filter(pl.col("invo_professional_role_id").is_in(codes) & (pl.col("invo_involvement_start_date") <= day))
        .join(staff, on="invo_professional_id", how="left")
        .sort("invo_involvement_start_date", "invo_involvements_id", descending=True)
        .group_by("invo_person_id", maintain_order=True)
        .first()
        .select(
            pl.col("invo_person_id").alias("id"),
            pl.coalesce(pl.col("prof_team_id").replace("", None), pl.col("invo_professional_team")).alias(
                "last_team_id"
            ),
        )
    )


def children(
    visible: set[str] | None, day: dt.date, filters: Filters, data: dict[str, pl.DataFrame] | None = None
) -> tuple[list[dict], int]:
    """The children matching FILTERS on DAY that the user may see (VISIBLE; None = all), and how many more match
    but are outside the user's records.

    The council's list for a day and filters is worked out once per case-data version (people.figures) and
    narrowed to the user's children after, so every user shares it.
    """
    if data is None:
        teams = tuple(sorted(filters.team_ids)) if filters.team_ids is not None else None
        key = (day, filters.status, filters.worker_id, teams, filters.q)
        rows, position = figures.cached(
            "people.children_v2", key, lambda: _indexed(_council_children(day, filters, _frames()))
        )
    else:
        rows, position = _indexed(_council_children(day, filters, data))
    # A new list each time, of the shared rows: callers may sort or slice it, but never change a row in place.
    if visible is None:
        return list(rows), 0
    # The user's children found through the list's index (a few dicts look-ups), in the list's order.
    mine = [rows[i] for i in sorted(position[p] for p in visible if p in position)]
    return mine, len(rows) - len(mine)


def _indexed(rows: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """ROWS and where each child is in them."""
    return rows, {r["person_id"]: i for i, r in enumerate(rows)}


def _council_children(day: dt.date, filters: Filters, data: dict[str, pl.DataFrame]) -> list[dict]:
    people = data["ssd_person"].select(
        pl.col("pers_person_id").alias("id"),
        pl.col("pers_forename").fill_null("").alias("forename"),
        pl.col("pers_surname").fill_null("").alias("surname"),
        pl.col("pers_dob").alias("dob"),
    )
    if filters.status:
        people = people.join(status_ids(data, filters.status, day).to_frame("id"), on="id", how="semi")
    frame = (
        people.join(_case_type(data, day), on="id", how="left")
        .join(_holders(data, day), on="id", how="left")
        .join(_last_teams(data, day), on="id", how="left")
        # A child with an open case and nobody in post belongs to the team that last held them.
        .with_columns(
            team_id=pl.coalesce("team_id", pl.when(pl.col("legal_status").is_not_null()).then("last_team_id"))
        )
    )
    if filters.worker_id:
        frame = frame.filter(pl.col("worker_id") == filters.worker_id)
    if filters.team_ids is not None:
        frame = frame.filter(pl.col("team_id").is_in(list(filters.team_ids)))
    workers, teams = labels.worker_names(), labels.team_names()
    frame = frame.with_columns(
        worker=pl.col("worker_id").replace_strict(workers, default=pl.col("worker_id"), return_dtype=pl.String),
        team=pl.col("team_id").replace_strict(teams, default=pl.col("team_id"), return_dtype=pl.String),
        name=pl.concat_str(pl.col("forename"), pl.col("surname"), separator=" ").str.strip_chars(),
    )
    if filters.q:
        needle = filters.q.lower()
        frame = frame.filter(
            pl.col("id").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("name").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("worker").fill_null("").str.to_lowercase().str.contains(needle, literal=True)
            | (pl.col("worker_id").fill_null("").str.to_lowercase() == needle)
        )
    frame = frame.sort("surname", "forename", "id")
    reason = STATUSES[filters.status][1] if filters.status else ""
    rows = []
    for r in frame.to_dicts():
        rows.append(
            {
                "person_id": r["id"],
                "name": r["name"] or f"Child {r['id']}",
                "age": _age(r["dob"], day),
                "legal_status": r["legal_status"] or "No open case",
                "worker_id": r["worker_id"] or "",
                "worker": r["worker"] or "",
                "team_id": r["team_id"] or "",
                "team": r["team"] or "",
                "reason": _reason(r, reason, filters),
            }
        )
    return rows


def _age(dob: dt.date | None, day: dt.date) -> int | None:
    if dob is None or dob > day:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _reason(row: dict, status_reason: str, filters: Filters) -> str:
    if filters.status == "unallocated_children":
        return status_reason
    if filters.worker_id and row["allocated_since"]:
        return f"Allocated to {row['worker']} since {row['allocated_since']:%d %b %Y}"
    if status_reason:
        return status_reason
    if filters.q:
        return "Matches the search"
    return ""


def as_table_rows(rows: list[dict]) -> list[list]:
    return [
        [r["person_id"], r["name"], r["age"], r["legal_status"], r["worker"] or "Not allocated", r["team"], r["reason"]]
        for r in rows
    ]


def identify(ids, day: dt.date, data: dict[str, pl.DataFrame] | None = None) -> dict[str, dict]:
    """For each child id in IDS: name, age and legal status on DAY (so any list can show who a child is).

    The council's directory for DAY (every child's name, birth date and case type) is worked out once per
    case-data version (people.figures) and kept sorted by id, so a page's few children are found by
    binary search rather than by working out every child's case type on each request.
    """
    if data is None:
        keyed = figures.cached("people.directory", (day,), lambda: Keyed(_directory(_frames(), day), "id"))
        people = keyed.rows(ids)
    else:
        wanted = pl.Series("id", list(ids), dtype=pl.String).unique().to_frame()
        people = _directory(data, day, wanted)
    return {
        r["id"]: {
            "name": r["name"] or f"Child {r['id']}",
            "age": _age(r["dob"], day),
            "legal_status": r["legal_status"] or "No open case",
        }
        for r in people.to_dicts()
    }


def _directory(data: dict[str, pl.DataFrame], day: dt.date, wanted: pl.DataFrame | None = None) -> pl.DataFrame:
    """Id, name, birth date and case type on DAY of every child (or of those in WANTED's id column)."""
    people = data["ssd_person"].select(
        pl.col("pers_person_id").alias("id"),
        pl.concat_str(pl.col("pers_forename").fill_null(""), pl.col("pers_surname").fill_null(""), separator=" ")
        .str.strip_chars()
        .alias("name"),
        pl.col("pers_dob").alias("dob"),
    )
    case_type = _case_type(data, day)
    if wanted is not None:
        people = people.join(wanted, on="id", how="semi")
        case_type = case_type.join(wanted, on="id", how="semi")
    return people.join(case_type, on="id", how="left")
