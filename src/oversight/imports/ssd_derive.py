"""What Oversight needs that the published SSD specification keeps elsewhere, derived from the extract.

- `ssd_cla_reviews` has no child column in the specification, only `clar_cla_id`:
  the child is that period of care's (`ssd_cla_episodes.clae_cla_id`, or an
  episode id) when the file gives none.
- Care leavers' contacts and pathway plan reviews are rows of Oversight's own
  tables; an extract without those files still carries each care leaver's
  latest contact and latest review (`clea_care_leaver_latest_contact`,
  `clea_pathway_plan_review_date`), which are loaded as the one known event, so
  the clocks stop at them instead of running for hundreds of days. The
  timeliness pages then measure only the wait since that latest event
  (analytics.measurability).
"""

from __future__ import annotations

import polars as pl

from oversight.imports import ssd_tables
from oversight.imports.report import Report
from oversight.people.ssd import table

# Oversight's table -> (its key, child and date columns; the ssd_care_leavers column it is derived from; id prefix)
LATEST_EVENTS = {
    "ssd_care_leaver_contacts": (
        ("clec_contact_id", "clec_person_id", "clec_contact_date"),
        "clea_care_leaver_latest_contact",
        "CLEA-LC-",
    ),
    "ssd_pathway_plan_reviews": (
        ("clpp_pathway_plan_review_id", "clpp_person_id", "clpp_pathway_plan_review_date"),
        "clea_pathway_plan_review_date",
        "CLEA-PPR-",
    ),
}


def derive(frames: dict[str, pl.DataFrame], names: dict[str, str], given: set[str], report: Report) -> None:
    """Fill in FRAMES (typed tables with `__row`) what the specification's shape leaves out; GIVEN: tables supplied."""
    _review_children(frames)
    leavers = frames.get("ssd_care_leavers")
    if leavers is None or not leavers.height:
        return
    for name, ((key, person, date), source, prefix) in LATEST_EVENTS.items():
        if name in given:
            continue
        known = leavers.filter(pl.col(source).is_not_null() & pl.col("clea_person_id").is_not_null())
        if not known.height:
            continue
        rows = known.select(
            pl.col("__row"),
            (pl.lit(prefix) + pl.col("clea_table_id")).alias(key),
            pl.col("clea_person_id").alias(person),
            pl.col(source).alias(date),
        )
        frames[name] = pl.concat([ssd_tables.empty(table(name)), rows], how="diagonal_relaxed")
        names[name] = names.get("ssd_care_leavers", "ssd_care_leavers.csv")
        report.counts[name] = rows.height
        report.warnings.add(
            names[name],
            "ssd_care_leavers",
            None,
            source,
            "",
            f"No {name}.csv: each care leaver's {source} is loaded as their one known event "
            f"({rows.height} row(s)); earlier ones are not in the extract.",
        )


def _review_children(frames: dict[str, pl.DataFrame]) -> None:
    reviews, episodes = frames.get("ssd_cla_reviews"), frames.get("ssd_cla_episodes")
    if reviews is None or episodes is None or not reviews.height:
        return
    if not reviews.select(pl.col("clar_cla_person_id").is_null().any()).item():
        return
    by_period = pl.concat(
        [
            episodes.select(pl.col("clae_cla_id").alias("__cla"), pl.col("clae_person_id").alias("__child")),
            episodes.select(pl.col("clae_cla_episode_id").alias("__cla"), pl.col("clae_person_id").alias("__child")),
        ]
    ).filter(pl.col("__cla").is_not_null() & pl.col("__child").is_not_null())
    by_period = by_period.unique("__cla", keep="first", maintain_order=True)
    joined = reviews.join(by_period, left_on="clar_cla_id", right_on="__cla", how="left")
    frames["ssd_cla_reviews"] = joined.with_columns(
        pl.coalesce("clar_cla_person_id", "__child").alias("clar_cla_person_id")
    ).drop("__child")
