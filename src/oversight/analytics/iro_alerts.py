"""Change alerts: what changed for each child between two snapshots of case data. No Django.

Both snapshots are read as they stand on AS_AT (a period is open when it
started on or before AS_AT and has not ended on or before it). Only children
in the earlier snapshot are compared: a child new to the data has nothing to
compare with. Each change is sent to the child's IRO or CP chair in the new
snapshot (else the earlier one); a change with no IRO keeps an empty
professional_id so it is still listed, never dropped.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

TABLES = (
    "ssd_person",
    "ssd_involvements",
    "ssd_professionals",
    "ssd_cin_episodes",
    "ssd_cp_plans",
    "ssd_cla_episodes",
    "ssd_cla_placement",
    "ssd_missing",
)
OUT = {
    "child_id": pl.String,
    "kind": pl.String,
    "detail": pl.String,
    "event_date": pl.Date,
    "professional_id": pl.String,
}


def _open(start: str, end: str, as_at: dt.date) -> pl.Expr:
    day = pl.lit(as_at, pl.Date)
    return (pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) > day))


def _get(frames: dict, name: str) -> pl.DataFrame | None:
    frame = frames.get(name)
    return frame if frame is not None and frame.height else None


def _workers(frames: dict, roles: list[str], as_at: dt.date) -> pl.DataFrame:
    """child_id, worker_id, team_id, start of each open involvement in ROLES."""
    inv = _get(frames, "ssd_involvements")
    if inv is None:
        return pl.DataFrame(
            schema={"child_id": pl.String, "worker_id": pl.String, "team_id": pl.String, "start": pl.Date}
        )
    staff = frames.get("ssd_professionals")
    out = inv.filter(
        pl.col("invo_professional_role_id").is_in(roles)
        & _open("invo_involvement_start_date", "invo_involvement_end_date", as_at)
    ).select(
        pl.col("invo_person_id").alias("child_id"),
        pl.col("invo_professional_id").alias("worker_id"),
        pl.col("invo_professional_team").alias("inv_team"),
        pl.col("invo_involvement_start_date").alias("start"),
    )
    if staff is not None and staff.height:
        out = out.join(
            staff.select(pl.col("prof_professional_id").alias("worker_id"), pl.col("prof_team_id").alias("prof_team")),
            on="worker_id",
            how="left",
        )
    else:
        out = out.with_columns(pl.lit(None, pl.String).alias("prof_team"))
    team = pl.when(pl.col("prof_team").fill_null("") != "").then(pl.col("prof_team")).otherwise(pl.col("inv_team"))
    return out.select("child_id", "worker_id", team.fill_null("").alias("team_id"), "start")


def _ids_open(frames: dict, table: str, person: str, ident: str, start: str, end: str, as_at: dt.date) -> pl.DataFrame:
    f = _get(frames, table)
    if f is None:
        return pl.DataFrame(schema={"child_id": pl.String, "id": pl.String, "start": pl.Date})
    return f.filter(_open(start, end, as_at)).select(
        pl.col(person).alias("child_id"), pl.col(ident).alias("id"), pl.col(start).alias("start")
    )


def _has_case(frames: dict, as_at: dt.date) -> pl.DataFrame:
    parts = [
        _ids_open(
            frames,
            "ssd_cin_episodes",
            "cine_person_id",
            "cine_referral_id",
            "cine_referral_date",
            "cine_close_date",
            as_at,
        ),
        _ids_open(
            frames,
            "ssd_cp_plans",
            "cppl_person_id",
            "cppl_cp_plan_id",
            "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date",
            as_at,
        ),
        _ids_open(
            frames,
            "ssd_cla_episodes",
            "clae_person_id",
            "clae_cla_episode_id",
            "clae_cla_episode_start_date",
            "clae_cla_episode_ceased_date",
            as_at,
        ),
    ]
    return pl.concat([p.select("child_id") for p in parts]).unique()


def _rows(frame: pl.DataFrame, kind: str, detail: pl.Expr, day: pl.Expr) -> pl.DataFrame:
    return frame.select(
        "child_id",
        pl.lit(kind).alias("kind"),
        detail.cast(pl.String).alias("detail"),
        day.cast(pl.Date).alias("event_date"),
    )


def changes(
    old: dict[str, pl.DataFrame],
    new: dict[str, pl.DataFrame],
    as_at: dt.date,
    case_worker_roles: list[str],
    iro_roles: list[str],
) -> pl.DataFrame:
    """child_id, kind, detail, event_date, professional_id: one row per significant change."""
    people = _get(old, "ssd_person")
    if people is None:
        return pl.DataFrame(schema=OUT)
    known = people.select(pl.col("pers_person_id").alias("child_id")).unique()
    found: list[pl.DataFrame] = []

    w_old, w_new = _workers(old, case_worker_roles, as_at), _workers(new, case_worker_roles, as_at)
    added = w_new.join(w_old.select("child_id", "worker_id"), on=["child_id", "worker_id"], how="anti").join(
        known, on="child_id"
    )
    found.append(_rows(added, "new_worker", pl.concat_str(pl.lit("worker "), pl.col("worker_id")), pl.col("start")))
    had = w_old.select("child_id").unique()
    has = w_new.select("child_id").unique()
    dropped = had.join(has, on="child_id", how="anti").join(_has_case(new, as_at), on="child_id")
    found.append(_rows(dropped, "unallocated", pl.lit("no allocated social worker"), pl.lit(as_at)))
    t_old = (
        w_old.filter(pl.col("team_id") != "").group_by("child_id").agg(pl.col("team_id").unique().sort().alias("old"))
    )
    t_new = (
        w_new.filter(pl.col("team_id") != "")
        .group_by("child_id")
        .agg(pl.col("team_id").unique().sort().alias("new"), pl.col("start").max())
    )
    moved = t_new.join(t_old, on="child_id").filter(pl.col("old") != pl.col("new"))
    found.append(
        _rows(moved, "new_team", pl.concat_str(pl.lit("team "), pl.col("new").list.join(", ")), pl.col("start"))
    )

    def new_rows(table, person, ident, start, detail, kind):
        n, o = _get(new, table), _get(old, table)
        if n is None:
            return
        rows = n.select(
            pl.col(person).alias("child_id"), pl.col(ident).alias("id"), pl.col(start).alias("start"), detail
        )
        if o is not None:
            rows = rows.join(o.select(pl.col(ident).alias("id")), on="id", how="anti")
        rows = rows.join(known, on="child_id").filter(pl.col("start") <= as_at)
        found.append(_rows(rows, kind, pl.col("detail"), pl.col("start")))

    new_rows(
        "ssd_cla_placement",
        "clap_person_id",
        "clap_cla_placement_id",
        "clap_cla_placement_start_date",
        pl.concat_str(pl.lit("placement type "), pl.col("clap_cla_placement_type").fill_null("")).alias("detail"),
        "placement_change",
    )
    new_rows(
        "ssd_missing",
        "miss_person_id",
        "miss_table_id",
        "miss_missing_episode_start_date",
        pl.concat_str(pl.lit("missing episode "), pl.col("miss_missing_episode_type").fill_null("")).alias("detail"),
        "missing",
    )
    cp = ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date")
    cp_old, cp_new = _ids_open(old, *cp, as_at), _ids_open(new, *cp, as_at)
    started = cp_new.join(cp_old, on="id", how="anti").join(known, on="child_id")
    found.append(_rows(started, "cp_plan_started", pl.concat_str(pl.lit("plan "), pl.col("id")), pl.col("start")))
    ended = cp_old.join(cp_new, on="id", how="anti")
    found.append(_rows(ended, "cp_plan_ended", pl.concat_str(pl.lit("plan "), pl.col("id")), pl.lit(as_at)))
    cla = (
        "ssd_cla_episodes",
        "clae_person_id",
        "clae_cla_episode_id",
        "clae_cla_episode_start_date",
        "clae_cla_episode_ceased_date",
    )
    in_old = _ids_open(old, *cla, as_at).group_by("child_id").agg(pl.col("start").min())
    in_new = _ids_open(new, *cla, as_at).group_by("child_id").agg(pl.col("start").max())
    found.append(
        _rows(
            in_new.join(in_old, on="child_id", how="anti").join(known, on="child_id"),
            "care_started",
            pl.lit("period of care"),
            pl.col("start"),
        )
    )
    found.append(
        _rows(in_old.join(in_new, on="child_id", how="anti"), "care_ended", pl.lit("period of care"), pl.lit(as_at))
    )

    out = pl.concat(found)
    iro_new = _workers(new, iro_roles, as_at).sort("start", descending=True).unique("child_id", keep="first")
    iro_old = _workers(old, iro_roles, as_at).sort("start", descending=True).unique("child_id", keep="first")
    iro = pl.concat(
        [
            iro_new.select("child_id", "worker_id"),
            iro_old.join(iro_new, on="child_id", how="anti").select("child_id", "worker_id"),
        ]
    )
    out = out.join(iro.rename({"worker_id": "professional_id"}), on="child_id", how="left").with_columns(
        pl.col("professional_id").fill_null("")
    )
    return out.select(list(OUT)).cast(OUT).sort(["professional_id", "child_id", "kind"])
