"""Annex A's named workers and teams: professionals, departments and open allocations."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.config import section
from oversight.imports.annex_a_ids import clean_name, key_id, name_id, ssd_frame


def with_staff(frame: pl.DataFrame) -> pl.DataFrame:
    cols = []
    if "team" in frame.columns:
        cols.append(name_id("AT", pl.col("team")).alias("__team"))
    if "worker" in frame.columns:
        cols.append(name_id("AW", pl.col("worker")).alias("__worker"))
    if "pa" in frame.columns:
        cols.append(name_id("AW", pl.col("pa")).alias("__pa"))
    return frame.with_columns(cols)


def _open_rows(L, open_referrals: pl.DataFrame, as_at: dt.date) -> list[pl.DataFrame]:
    """Allocations of records still open at the as-at date, from the record's start (Annex A gives no allocation date)."""
    if 3 in L:
        ids = open_referrals.select("cine_referral_id")
        L = {
            **L,
            3: L[3]
            .with_columns(key_id("CINE", "child_id", "referral_date").alias("cine_referral_id"))
            .join(ids, on="cine_referral_id", how="semi"),
        }
    rows = []

    def take(n, start, still_open, who="__worker", role="cw"):
        if n not in L or who not in L[n].columns:
            return
        f = L[n] if still_open is None else L[n].filter(still_open)
        rows.append(
            f.select(
                pl.col("child_id"),
                pl.col(who).alias("__who"),
                pl.col("__team"),
                pl.coalesce(start, pl.lit(as_at)).alias("__start"),
                pl.lit(role).alias("__role"),
            )
        )

    take(3, pl.col("referral_date"), None)
    take(4, pl.col("asmt_start"), pl.col("asmt_auth").is_null())
    take(5, pl.col("s47_start"), pl.col("icpc_date").is_null() & (pl.col("icpc_unnecessary").fill_null("") != "Y"))
    take(6, pl.col("cin_start"), pl.col("cin_end").is_null())
    take(7, pl.col("cp_start"), pl.col("cp_end").is_null())
    take(8, pl.col("cla_start"), pl.col("cla_end").is_null())
    take(9, pl.lit(None, pl.Date), None)
    take(9, pl.lit(None, pl.Date), None, who="__pa", role="pa")
    return rows


def staff(L, open_referrals: pl.DataFrame, as_at: dt.date, out) -> None:
    names = []
    for _n, f in L.items():
        for who, name in (("__worker", "worker"), ("__pa", "pa")):
            if who in f.columns:
                names.append(
                    f.select(
                        pl.col(who).alias("__id"),
                        clean_name(pl.col(name)).alias("__name"),
                        pl.col("__team"),
                        clean_name(pl.col("team")).alias("__team_name")
                        if "team" in f.columns
                        else pl.lit(None, pl.String).alias("__team_name"),
                        pl.lit(who == "__pa").alias("__is_pa"),
                    )
                )
    if not names:
        return
    every = pl.concat(names).filter(pl.col("__id").is_not_null() | pl.col("__team").is_not_null())
    workers = (
        every.filter(pl.col("__id").is_not_null())
        .group_by("__id", maintain_order=True)
        .agg(pl.col("__name").drop_nulls().first(), pl.col("__team").drop_nulls().first(), pl.col("__is_pa").all())
    )
    out["ssd_professionals"] = ssd_frame(
        "ssd_professionals",
        workers.select(
            pl.col("__id").alias("prof_professional_id"),
            pl.col("__name").alias("prof_professional_name"),
            pl.col("__team").alias("prof_team_id"),
            pl.when(pl.col("__is_pa")).then(pl.lit("personal_adviser")).alias("prof_grade"),
        ),
    )
    teams = (
        every.filter(pl.col("__team").is_not_null())
        .group_by("__team", maintain_order=True)
        .agg(pl.col("__team_name").drop_nulls().first())
    )
    out["ssd_department"] = ssd_frame(
        "ssd_department",
        teams.select(
            pl.col("__team").alias("dept_team_id"),
            pl.col("__team_name").alias("dept_team_name"),
            pl.lit("team").alias("dept_team_type"),
        ),
    )
    cfg = section("involvements")
    roles = {"cw": cfg["case_worker_roles"][0], "pa": cfg["personal_adviser_roles"][0]}
    rows = [r for r in _open_rows(L, open_referrals, as_at) if r.height]
    if not rows:
        return
    inv = (
        pl.concat(rows)
        .filter(pl.col("__who").is_not_null())
        .with_columns(pl.col("__role").replace_strict(roles, return_dtype=pl.String))
    )
    inv = inv.group_by("child_id", "__who", "__role", maintain_order=True).agg(
        pl.col("__start").min(), pl.col("__team").drop_nulls().first()
    )
    out["ssd_involvements"] = ssd_frame(
        "ssd_involvements",
        inv.select(
            key_id("INVO", "child_id", "__who", "__role").alias("invo_involvements_id"),
            pl.col("__who").alias("invo_professional_id"),
            pl.col("__role").alias("invo_professional_role_id"),
            pl.col("__team").alias("invo_professional_team"),
            pl.col("child_id").alias("invo_person_id"),
            pl.col("__start").alias("invo_involvement_start_date"),
        ),
    )
