"""What every Annex A list builder shares: the period, labels, the child columns and current allocations.

Frames in (SSD table and column names), frames out (columns keyed as in
imports.annex_a_spec, so the writer and the reader agree on one definition).
Everything is as known on the as-at date: records that start later are left
out and end dates after it are blanked, so a practice run for a past date
shows what the lists would have said then.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl

from oversight.analytics.workdays import add_months

HERE = Path(__file__).resolve().parent


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day MONTHS earlier (the month's last day when it is shorter)."""
    return add_months(day, -months)


@cache
def template() -> dict[str, dict[str, str]]:
    with open(HERE / "template.toml", "rb") as fh:
        return tomllib.load(fh)


def label(expr: pl.Expr, key: str) -> pl.Expr:
    """The template's drop-down string for each stored code (null where there is none)."""
    return expr.cast(pl.String).replace_strict(template()[key], default=None, return_dtype=pl.String)


def yes_no(expr: pl.Expr, unknown: bool = False) -> pl.Expr:
    """Y/N flags (and U when UNKNOWN) as the template's a) Yes / b) No / c) Unknown."""
    return label(expr, "YNU" if unknown else "YN")


def bool_label(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr).then(pl.lit("a) Yes")).otherwise(pl.lit("b) No"))


@dataclass(frozen=True)
class Settings:
    """Local choices for the export ([inspection] in the configuration)."""

    case_worker_roles: tuple[str, ...] = ("CW",)
    personal_adviser_roles: tuple[str, ...] = ("PA",)
    # 903 codes the template's drop-down lacks, written as another code (annex-a.md §4 PLACE "code drift").
    placement_type_fallback: dict = field(default_factory=dict)
    # Outward-code areas inside the council's boundary ("OV" for OV2 3ZZ): In or Out of area.
    home_postcode_areas: tuple[str, ...] = ()
    council_name: str = ""
    # LA of Placement outside the area: postcode district ("B15") or area ("B") -> LA name as the template wants it.
    placement_las: dict = field(default_factory=dict)
    unallocated: str = "Unallocated"


@dataclass
class Context:
    as_at: dt.date
    frames: dict[str, pl.DataFrame]
    settings: Settings
    start6: dt.date = None  # the 6-month lists cover dates after start6 up to as_at
    start12: dt.date = None
    children: pl.DataFrame = None  # child_id, gender, ethnicity, dob, age, disability
    staff: pl.DataFrame = None  # child_id, team, worker, pa (current allocation, names)

    def __post_init__(self):
        self.start6 = months_before(self.as_at, 6)
        self.start12 = months_before(self.as_at, 12)

    def table(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def in_window(self, column: str, start: dt.date) -> pl.Expr:
        return (pl.col(column) > start) & (pl.col(column) <= self.as_at)

    def known(self, column: str) -> pl.Expr:
        """COLUMN as known on the as-at date: a later date is not yet known."""
        return pl.when(pl.col(column) <= self.as_at).then(pl.col(column)).otherwise(None).alias(column)

    def with_child(self, frame: pl.DataFrame, person: str, disability: bool = True) -> pl.DataFrame:
        """FRAME with the five common child columns (and the disability column) joined on PERSON."""
        cols = ["child_id", "gender", "ethnicity", "dob", "age"] + (["disability"] if disability else [])
        return frame.rename({person: "child_id"}).join(self.children.select(cols), on="child_id", how="left")

    def with_staff(self, frame: pl.DataFrame, pa: bool = False) -> pl.DataFrame:
        cols = ["child_id", "team", "worker"] + (["pa"] if pa else [])
        out = frame.join(self.staff.select(cols), on="child_id", how="left")
        fill = [pl.col(c).fill_null(self.settings.unallocated) for c in cols[1:]]
        return out.with_columns(fill)


def _children(ctx: Context) -> pl.DataFrame:
    person = ctx.table("ssd_person")
    a = ctx.as_at
    years = (
        pl.lit(a.year)
        - pl.col("pers_dob").dt.year()
        - ((pl.col("pers_dob").dt.month() * 100 + pl.col("pers_dob").dt.day()) > (a.month * 100 + a.day)).cast(pl.Int32)
    )
    disability = (
        ctx.table("ssd_disability")
        .group_by("disa_person_id")
        .agg(
            (pl.col("disa_disability_code").fill_null("") != "NONE").any().alias("__any"),
            (pl.col("disa_disability_code") == "NONE").any().alias("__none"),
        )
    )
    return (
        person.select(
            pl.col("pers_person_id").alias("child_id"),
            label(pl.col("pers_sex"), "GEN").fill_null("c) Not stated/recorded").alias("gender"),
            label(pl.col("pers_ethnicity"), "ETH").alias("ethnicity"),
            ctx.known("pers_dob").alias("dob"),
            pl.when(pl.col("pers_dob") <= a).then(years).alias("age").cast(pl.Int64),
        )
        .join(disability.rename({"disa_person_id": "child_id"}), on="child_id", how="left")
        .with_columns(
            pl.when(pl.col("__any"))
            .then(pl.lit("a) Yes"))
            .when(pl.col("__none"))
            .then(pl.lit("b) No"))
            .otherwise(pl.lit("c) Unknown"))
            .alias("disability")
        )
        .drop("__any", "__none")
    )


def _held(ctx: Context, roles: tuple[str, ...], name: str) -> pl.DataFrame:
    """Each child's current holder in ROLES (the latest allocation to a worker in post): names of worker and team."""
    a = ctx.as_at
    inv = ctx.table("ssd_involvements").filter(
        pl.col("invo_professional_role_id").is_in(list(roles))
        & (pl.col("invo_involvement_start_date") <= a)
        & (pl.col("invo_involvement_end_date").is_null() | (pl.col("invo_involvement_end_date") > a))
    )
    prof = ctx.table("ssd_professionals").filter(
        (pl.col("prof_start_date").is_null() | (pl.col("prof_start_date") <= a))
        & (pl.col("prof_end_date").is_null() | (pl.col("prof_end_date") > a))
    )
    teams = ctx.table("ssd_department").select(
        pl.col("dept_team_id").alias("__team_id"), pl.col("dept_team_name").alias("__team_name")
    )
    held = (
        inv.join(
            prof.select("prof_professional_id", "prof_professional_name", "prof_team_id"),
            left_on="invo_professional_id",
            right_on="prof_professional_id",
            how="inner",
        )
        .sort("invo_involvement_start_date", "invo_involvements_id")
        .group_by("invo_person_id")
        .agg(pl.all().last())
        .with_columns(
            pl.coalesce(
                pl.col("invo_professional_team").replace("", None), pl.col("prof_team_id").replace("", None)
            ).alias("__team_id")
        )
        .join(teams, on="__team_id", how="left")
    )
    return held.select(
        pl.col("invo_person_id").alias("child_id"),
        pl.col("prof_professional_name").alias(name),
        pl.col("__team_name").alias(f"{name}_team"),
    )


def _staff(ctx: Context) -> pl.DataFrame:
    cw = _held(ctx, ctx.settings.case_worker_roles, "worker")
    pa = _held(ctx, ctx.settings.personal_adviser_roles, "pa")
    return (
        cw.join(pa, on="child_id", how="full", coalesce=True)
        .with_columns(pl.coalesce("worker_team", "pa_team").alias("team"))
        .select("child_id", "team", "worker", "pa")
    )


def context(frames: dict[str, pl.DataFrame], as_at: dt.date, settings: Settings | None = None) -> Context:
    ctx = Context(as_at, frames, settings or Settings())
    ctx.children = _children(ctx)
    ctx.staff = _staff(ctx)
    return ctx


def latest(frame: pl.DataFrame, by: str, date: str, as_at: dt.date, *keep: str) -> pl.DataFrame:
    """Per BY, the row with the latest DATE on or before AS_AT (its DATE and KEEP columns)."""
    return (
        frame.filter(pl.col(date) <= as_at)
        .sort(date)
        .group_by(by)
        .agg(pl.col(date).last(), *[pl.col(k).last() for k in keep])
    )
