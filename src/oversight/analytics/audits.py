"""Case audits: sampling, moderation figures and grade summaries. Frames in, frames out.

Case-data frames carry SSD names. Audit frames carry these columns:
audit_id, tool_id, child_id, team_id, auditor, completed_date, grade,
moderated_grade (null when not moderated); `with_ranks` adds grade_rank and
moderated_rank from a scales frame (tool_id, grade, rank; rank 0 is best).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from oversight.analytics.cohorts import (
    care_leaver_children,
    cp_plan_children,
    in_care_children,
    open_on,
    open_referral_children,
)

CIN, CP, CLA, CARE_LEAVER = "CIN", "CP", "CLA", "care_leaver"
# A child open in several ways is sampled as the first that applies.
CASE_TYPE_PRECEDENCE = (CLA, CP, CARE_LEAVER, CIN)

SAMPLE_TABLES = (
    "ssd_cin_episodes",
    "ssd_cp_plans",
    "ssd_cla_episodes",
    "ssd_care_leavers",
    "ssd_involvements",
    "ssd_professionals",
)


# ---- the grading scale -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """Grades, best first, with other accepted spellings."""

    labels: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def normalise(self, text: str | None) -> str | None:
        """The grade TEXT names, matched case-insensitively on labels and aliases; None if none."""
        if text is None:
            return None
        wanted = " ".join(str(text).split()).casefold()
        for label in self.labels:
            if label.casefold() == wanted:
                return label
        for alias, label in self.aliases.items():
            if alias.casefold() == wanted and label in self.labels:
                return label
        return None

    def rank(self, label: str) -> int:
        return self.labels.index(label)


# ---- sampling ----------------------------------------------------------------------------------


def _nonempty(column: str) -> pl.Expr:
    return pl.when(pl.col(column).str.strip_chars() == "").then(None).otherwise(pl.col(column)).alias(column)


def case_types(frames: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    """child_id, case_type for every child with an open case on DAY (one row a child)."""
    parts = [
        in_care_children(frames["ssd_cla_episodes"], day).to_frame("child_id").with_columns(case_type=pl.lit(CLA)),
        cp_plan_children(frames["ssd_cp_plans"], day).to_frame("child_id").with_columns(case_type=pl.lit(CP)),
        care_leaver_children(frames["ssd_care_leavers"], day)
        .to_frame("child_id")
        .with_columns(case_type=pl.lit(CARE_LEAVER)),
        open_referral_children(frames["ssd_cin_episodes"], day)
        .to_frame("child_id")
        .with_columns(case_type=pl.lit(CIN)),
    ]
    order = pl.DataFrame(
        {"case_type": list(CASE_TYPE_PRECEDENCE), "precedence": list(range(len(CASE_TYPE_PRECEDENCE)))}
    )
    return (
        pl.concat([p.with_columns(pl.col("child_id").cast(pl.String)) for p in parts])
        .join(order, on="case_type")
        .sort("child_id", "precedence")
        .unique("child_id", keep="first", maintain_order=True)
        .select("child_id", "case_type")
    )


def allocations_on(
    wanted: pl.DataFrame,
    frames: dict[str, pl.DataFrame],
    case_worker_roles: list[str],
    personal_adviser_roles: list[str] = (),
) -> pl.DataFrame:
    """child_id, day, worker_id, team_id: the allocated worker of each (child_id, day) in WANTED and their team.

    A case worker comes before a personal adviser; among several, the latest
    allocated. The team is the worker's own (prof_team_id), else the
    involvement's team. Pairs with no allocated worker are left out.
    """
    roles = pl.DataFrame(
        {
            "invo_professional_role_id": [*case_worker_roles, *personal_adviser_roles],
            "role_order": [0] * len(case_worker_roles) + [1] * len(personal_adviser_roles),
        },
        schema={"invo_professional_role_id": pl.String, "role_order": pl.Int64},
    )
    staff = frames["ssd_professionals"].select(
        pl.col("prof_professional_id").alias("invo_professional_id"), _nonempty("prof_team_id")
    )
    start, end = pl.col("invo_involvement_start_date"), pl.col("invo_involvement_end_date")
    return (
        wanted.select("child_id", "day")
        .unique()
        .join(frames["ssd_involvements"], left_on="child_id", right_on="invo_person_id")
        .filter((start <= pl.col("day")) & (end.is_null() | (end > pl.col("day"))))
        .join(roles, on="invo_professional_role_id")
        .join(staff, on="invo_professional_id", how="left")
        .with_columns(_nonempty("invo_professional_team"))
        .sort(
            ["child_id", "day", "role_order", "invo_involvement_start_date", "invo_involvements_id"],
            descending=[False, False, False, True, True],
            nulls_last=True,
        )
        .unique(["child_id", "day"], keep="first", maintain_order=True)
        .select(
            "child_id",
            "day",
            pl.col("invo_professional_id").alias("worker_id"),
            pl.coalesce("prof_team_id", "invo_professional_team").alias("team_id"),
        )
    )


def allocations(
    frames: dict[str, pl.DataFrame], day: dt.date, case_worker_roles: list[str], personal_adviser_roles: list[str] = ()
) -> pl.DataFrame:
    """child_id, worker_id, team_id: each child's allocated worker on DAY (see allocations_on)."""
    wanted = (
        frames["ssd_involvements"]
        .select(pl.col("invo_person_id").alias("child_id"))
        .unique()
        .with_columns(day=pl.lit(day, dtype=pl.Date))
    )
    return allocations_on(wanted, frames, case_worker_roles, personal_adviser_roles).drop("day")


def eligible_children(
    frames: dict[str, pl.DataFrame], day: dt.date, case_worker_roles: list[str], personal_adviser_roles: list[str] = ()
) -> pl.DataFrame:
    """child_id, case_type, worker_id, team_id for children with an open case on DAY; team null if unallocated."""
    return case_types(frames, day).join(
        allocations(frames, day, case_worker_roles, personal_adviser_roles), on="child_id", how="left"
    )


def factor_codes(text: str | None) -> list[str]:
    """The CIN factor codes in an assessment's factors field, upper case, sorted.

    Extracts write it as a JSON list (["3B", "4B"]), a JSON object of flags
    ({"3B": "Y", "4B": "N"}) or plain text ("3B, 4B"); all three are read.
    """
    if not text or not text.strip():
        return []
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, list):
        items = [str(v) for v in value]
    elif isinstance(value, dict):
        items = [k for k, v in value.items() if str(v).strip().casefold() in {"y", "yes", "1", "true"}]
    elif isinstance(value, (str, int)):
        items = [str(value)]
    else:
        items = re.split(r"[,;\s]+", text.strip().strip("[]{}"))
    return sorted({item.strip().strip("'\"").upper() for item in items} - {""})


def children_with_factors(
    assessments: pl.DataFrame, factors: pl.DataFrame, codes: list[str], since: dt.date, until: dt.date
) -> pl.Series:
    """child_id of children with any of CODES recorded at an assessment completed (else started) from SINCE to UNTIL."""
    wanted = {c.strip().upper() for c in codes}
    texts = factors.get_column("cinf_assessment_factors_json").drop_nulls().unique()
    matching = [t for t in texts.to_list() if wanted.intersection(factor_codes(t))]
    day = pl.coalesce("cina_assessment_auth_date", "cina_assessment_start_date")
    return (
        factors.filter(pl.col("cinf_assessment_factors_json").is_in(matching))
        .join(
            assessments.filter(day.is_between(since, until)),
            left_on="cinf_assessment_id",
            right_on="cina_assessment_id",
        )
        .get_column("cina_person_id")
        .cast(pl.String)
        .unique()
        .sort()
        .alias("child_id")
    )


def draw(
    eligible: pl.DataFrame,
    per_team: int,
    seed: int,
    exclude: pl.Series | None = None,
    case_types_allowed: list[str] | None = None,
) -> pl.DataFrame:
    """PER_TEAM children per team, spread across case types, reproducible for SEED and the same data.

    Within a team the case types take turns (the type with most children
    first), and within a type children come in a seeded random order.
    """
    frame = eligible.filter(pl.col("team_id").is_not_null())
    if exclude is not None and exclude.len():
        frame = frame.filter(~pl.col("child_id").is_in(exclude.cast(pl.String).implode()))
    if case_types_allowed is not None:
        frame = frame.filter(pl.col("case_type").is_in(case_types_allowed))
    frame = frame.sort("team_id", "case_type", "child_id")
    frame = frame.with_columns(draw=pl.Series(np.random.default_rng(seed).random(frame.height), dtype=pl.Float64))
    precedence = {t: i for i, t in enumerate(CASE_TYPE_PRECEDENCE)}
    frame = frame.with_columns(
        turn=pl.col("draw").rank("ordinal").over("team_id", "case_type"),
        type_size=pl.len().over("team_id", "case_type"),
        type_order=pl.col("case_type").replace_strict(precedence, default=len(precedence), return_dtype=pl.Int64),
    )
    return (
        frame.sort(["team_id", "turn", "type_size", "type_order"], descending=[False, False, True, False])
        .with_columns(pick=pl.int_range(pl.len()).over("team_id"))
        .filter(pl.col("pick") < per_team)
        .sort("team_id", "child_id")
        .select("team_id", "child_id", "case_type", "worker_id")
    )


def short_teams(eligible: pl.DataFrame, sample: pl.DataFrame, per_team: int) -> pl.DataFrame:
    """team_id, sampled: teams with open cases that gave fewer than PER_TEAM children to the sample."""
    teams = eligible.filter(pl.col("team_id").is_not_null()).select("team_id").unique()
    counts = sample.group_by("team_id").len("sampled").with_columns(pl.col("sampled").cast(pl.Int64))
    return (
        teams.join(counts, on="team_id", how="left")
        .with_columns(pl.col("sampled").fill_null(0))
        .filter(pl.col("sampled") < per_team)
        .sort("team_id")
    )


def conflicts(
    sample: pl.DataFrame, involvements: pl.DataFrame, professionals: pl.DataFrame, users: pl.DataFrame, day: dt.date
) -> pl.DataFrame:
    """child_id, username: users who may not audit a sampled child.

    The child's allocated worker, anyone else involved with the child on DAY,
    and the allocated worker's team manager: a user with role team_manager for
    that team, or whose worker record has grade team_manager in that team.
    USERS has username, role, professional_id, team_id.
    """
    users = users.with_columns(_nonempty("professional_id"), _nonempty("team_id"))
    involved = open_on(involvements, "invo_involvement_start_date", "invo_involvement_end_date", day).select(
        pl.col("invo_person_id").alias("child_id"), pl.col("invo_professional_id").alias("professional_id")
    )
    as_worker = pl.concat([sample.select("child_id", pl.col("worker_id").alias("professional_id")), involved]).join(
        sample.select("child_id"), on="child_id", how="semi"
    )
    by_worker = as_worker.join(users, on="professional_id").select("child_id", "username")
    manager_workers = professionals.filter(pl.col("prof_grade") == "team_manager").select(
        pl.col("prof_professional_id").alias("professional_id"), pl.col("prof_team_id").alias("manages")
    )
    managers = pl.concat(
        [
            users.filter(pl.col("role") == "team_manager").select("username", pl.col("team_id").alias("manages")),
            users.join(manager_workers, on="professional_id").select("username", "manages"),
        ]
    ).filter(pl.col("manages").is_not_null())
    by_manager = (
        sample.select("child_id", pl.col("team_id").alias("manages"))
        .join(managers, on="manages")
        .select("child_id", "username")
    )
    return pl.concat([by_worker, by_manager]).unique().sort("child_id", "username")


def assign(sample: pl.DataFrame, auditors: list[str], conflicted: pl.DataFrame, seed: int) -> pl.DataFrame:
    """SAMPLE with auditor_id: auditors in turn, fewest audits first, never one in conflict (null if none is free)."""
    pool = sorted(set(auditors))
    barred: dict[str, set[str]] = {}
    for child_id, username in conflicted.select("child_id", "username").iter_rows():
        barred.setdefault(child_id, set()).add(username)
    load = {name: 0 for name in pool}
    start = seed % len(pool) if pool else 0
    chosen = []
    # A loop over the sample (teams x N rows), not over case data: each choice
    # depends on the loads left by the previous ones.
    for i, child_id in enumerate(sample.get_column("child_id").to_list()):
        free = [name for name in pool if name not in barred.get(child_id, set())]
        if not free:
            chosen.append(None)
            continue
        best = min(free, key=lambda name: (load[name], (pool.index(name) - start - i) % len(pool)))
        load[best] += 1
        chosen.append(best)
    return sample.with_columns(auditor_id=pl.Series(chosen, dtype=pl.String))


# ---- the department tree -----------------------------------------------------------------------


def team_hierarchy(departments: pl.DataFrame, depth: int = 6) -> pl.DataFrame:
    """team_id, team_name, locality_id, locality_name, service_id, service_name for each department.

    The locality and service area are the nearest ancestors (or the team
    itself) of team_type locality and service_area.
    """
    d = departments.select(
        pl.col("dept_team_id").alias("node"),
        pl.col("dept_team_name").alias("name"),
        _nonempty("dept_team_parent_id").alias("parent"),
        pl.col("dept_team_type").alias("type"),
    ).unique("node", keep="first", maintain_order=True)
    walk = d.select(pl.col("node").alias("team_id"), "node")
    levels = []
    for level in range(depth):  # one join per level of the tree
        walk = walk.join(d, on="node", how="left")
        levels.append(walk.select("team_id", pl.struct("node", "name", "type").alias(f"l{level}")))
        walk = walk.select("team_id", pl.col("parent").alias("node"))
    tree = levels[0]
    for part in levels[1:]:
        tree = tree.join(part, on="team_id", how="left")

    def nearest(kind: str, attr: str) -> pl.Expr:
        return pl.coalesce(
            [
                pl.when(pl.col(f"l{i}").struct.field("type") == kind).then(pl.col(f"l{i}").struct.field(attr))
                for i in range(depth)
            ]
        )

    return tree.select(
        "team_id",
        pl.col("l0").struct.field("name").alias("team_name"),
        nearest("locality", "node").alias("locality_id"),
        nearest("locality", "name").alias("locality_name"),
        nearest("service_area", "node").alias("service_id"),
        nearest("service_area", "name").alias("service_name"),
    ).sort("team_id")


# ---- moderation and grades ---------------------------------------------------------------------


def with_ranks(audits: pl.DataFrame, scales: pl.DataFrame) -> pl.DataFrame:
    """Add grade_rank and moderated_rank (0 is best) from SCALES (tool_id, grade, rank)."""
    ranks = scales.select("tool_id", "grade", pl.col("rank").cast(pl.Int64))
    return audits.join(ranks.rename({"rank": "grade_rank"}), on=["tool_id", "grade"], how="left").join(
        ranks.rename({"grade": "moderated_grade", "rank": "moderated_rank"}),
        on=["tool_id", "moderated_grade"],
        how="left",
    )


def final_grades(audits: pl.DataFrame) -> pl.DataFrame:
    """Add final_grade and final_rank: the moderated grade where there is one, else the auditor's."""
    return audits.with_columns(
        final_grade=pl.coalesce("moderated_grade", "grade"),
        final_rank=pl.when(pl.col("moderated_grade").is_not_null()).then("moderated_rank").otherwise("grade_rank"),
    )


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _moderation_counts(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    moderated = frame.filter(pl.col("moderated_rank").is_not_null() & pl.col("grade_rank").is_not_null())
    return (
        moderated.group_by(by).agg(
            moderated=pl.len(),
            agreed=(pl.col("moderated_rank") == pl.col("grade_rank")).sum(),
            upgraded=(pl.col("moderated_rank") < pl.col("grade_rank")).sum(),
            downgraded=(pl.col("moderated_rank") > pl.col("grade_rank")).sum(),
        )
        if by
        else moderated.select(
            moderated=pl.len(),
            agreed=(pl.col("moderated_rank") == pl.col("grade_rank")).sum(),
            upgraded=(pl.col("moderated_rank") < pl.col("grade_rank")).sum(),
            downgraded=(pl.col("moderated_rank") > pl.col("grade_rank")).sum(),
        )
    )


def moderation_report(audits: pl.DataFrame) -> dict:
    """Moderation figures over AUDITS (ranked, graded audits).

    agreement_rate = agreed / moderated; net_downgrade_rate = (downgraded -
    upgraded) / moderated, the measure of first auditors' over-optimism (it is
    negative when moderators raise more grades than they lower). Rates are
    None when nothing was moderated. by_auditor lists auditors with at least
    one moderated audit.
    """
    total = _moderation_counts(audits, []).row(0, named=True)
    total = {k: int(v or 0) for k, v in total.items()}
    by_auditor = [
        {
            "auditor": row["auditor"],
            "moderated": row["moderated"],
            "agreement_rate": _rate(row["agreed"], row["moderated"]),
            "net_downgrade_rate": _rate(row["downgraded"] - row["upgraded"], row["moderated"]),
        }
        for row in _moderation_counts(audits, ["auditor"]).sort("auditor").iter_rows(named=True)
    ]
    graded = final_grades(audits).filter(pl.col("final_grade").is_not_null())
    grade_counts = (
        graded.group_by("final_grade")
        .agg(n=pl.len(), rank=pl.col("final_rank").min())
        .sort("rank", "final_grade", nulls_last=True)
    )
    return {
        "moderated": total["moderated"],
        "agreed": total["agreed"],
        "upgraded": total["upgraded"],
        "downgraded": total["downgraded"],
        "agreement_rate": _rate(total["agreed"], total["moderated"]),
        "net_downgrade_rate": _rate(total["downgraded"] - total["upgraded"], total["moderated"]),
        "by_auditor": by_auditor,
        "grades": dict(zip(grade_counts.get_column("final_grade").to_list(), grade_counts.get_column("n").to_list())),
    }


def in_period(audits: pl.DataFrame, start: dt.date | None, end: dt.date | None) -> pl.DataFrame:
    """Audits completed between START and END inclusive (either may be None: open-ended)."""
    keep = pl.col("completed_date").is_not_null()
    if start:
        keep &= pl.col("completed_date") >= start
    if end:
        keep &= pl.col("completed_date") <= end
    return audits.filter(keep)


GROUPINGS = ("team", "locality", "service")


def grades_by_month(audits: pl.DataFrame, hierarchy: pl.DataFrame, by: str) -> pl.DataFrame:
    """group_id, group_name, month (YYYY-MM), final_grade, audits: final grades counted by group and month.

    BY is team, locality or service; a team missing from the department tree
    (or without a locality or service above it) counts under a null group.
    """
    if by not in GROUPINGS:
        raise ValueError(f"grades can be grouped by {', '.join(GROUPINGS)}, not '{by}'")
    frame = final_grades(audits).filter(pl.col("final_grade").is_not_null() & pl.col("completed_date").is_not_null())
    frame = frame.join(hierarchy, on="team_id", how="left").with_columns(team_name=pl.coalesce("team_name", "team_id"))
    group_id, group_name = f"{by}_id", f"{by}_name"
    return (
        frame.with_columns(month=pl.col("completed_date").dt.strftime("%Y-%m"))
        .group_by(pl.col(group_id).alias("group_id"), pl.col(group_name).alias("group_name"), "month", "final_grade")
        .agg(audits=pl.len(), rank=pl.col("final_rank").min())
        .sort(["group_id", "month", "rank", "final_grade"], nulls_last=True)
        .drop("rank")
    )


def question_grades_by_month(answers: pl.DataFrame, audits: pl.DataFrame) -> pl.DataFrame:
    """question, month, final_grade, answers: question grades (moderated where moderated) by month.

    ANSWERS has audit_id, question, grade, moderated_grade, rank columns
    grade_rank and moderated_rank; the month is the audit's completed_date.
    """
    frame = answers.join(audits.select("audit_id", "completed_date"), on="audit_id").pipe(final_grades)
    return (
        frame.filter(pl.col("final_grade").is_not_null() & pl.col("completed_date").is_not_null())
        .with_columns(month=pl.col("completed_date").dt.strftime("%Y-%m"))
        .group_by("question", "month", "final_grade")
        .agg(answers=pl.len(), rank=pl.col("final_rank").min())
        .sort(["question", "month", "rank", "final_grade"], nulls_last=True)
        .drop("rank")
    )


def overdue(frame: pl.DataFrame, due: str, day: dt.date, done: str) -> pl.DataFrame:
    """Rows of FRAME due before DAY and not done (DONE is null)."""
    return frame.filter((pl.col(due) < day) & pl.col(done).is_null())
