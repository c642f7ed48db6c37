"""Checks on generated Annex A lists, as an inspector's own tools would make them.

Each problem names the list, the child (or adopter), the column and the
value: dates in order, codes from the template's drop-downs, required
columns filled, and each child described the same way in every list.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics.annex_a.common import template
from oversight.imports.annex_a_spec import LISTS

# Kinds whose values are drop-down strings (the rest are text, dates and numbers).
CODE_KINDS = set(template())
CODE_KINDS.add("DIS")
SHOWN = 500


def _id_col(number: int) -> str:
    return "adopter_id" if number == 11 else "child_id"


def _rows(frame: pl.DataFrame, number: int, mask: pl.Expr, column: str, header: str, message: str) -> list[dict]:
    bad = frame.filter(mask).head(SHOWN)
    key = _id_col(number)
    return [
        {
            "list": f"List {number}",
            "child": row[key],
            "column": header,
            "value": "" if row[column] is None else str(row[column]),
            "problem": message,
        }
        for row in bad.select(list(dict.fromkeys([key, column]))).iter_rows(named=True)
    ]


def check(lists: dict[int, pl.DataFrame], as_at: dt.date) -> list[dict]:
    problems: list[dict] = []
    for spec in LISTS:
        frame = lists.get(spec.number)
        if frame is None:
            continue
        for col in spec.columns:
            if col.key not in frame.columns:
                continue
            values = pl.col(col.key)
            if col.blank in ("error", "warn") and col.key != "placement_la":
                problems += _rows(frame, spec.number, values.is_null(), col.key, col.header, "required, but blank")
            kind = "YNU" if col.kind == "DIS" else col.kind
            if kind in CODE_KINDS:
                allowed = list(template()[kind].values())
                problems += _rows(
                    frame,
                    spec.number,
                    values.is_not_null() & ~values.is_in(allowed),
                    col.key,
                    col.header,
                    "not one of the template's values",
                )
            if col.kind == "D":
                problems += _rows(frame, spec.number, values > as_at, col.key, col.header, "after the as-at date")
        for start, end in spec.periods:
            if start in frame.columns and end in frame.columns:
                problems += _rows(
                    frame,
                    spec.number,
                    pl.col(end) < pl.col(start),
                    end,
                    spec.col(end).header,
                    f"before {spec.col(start).header}",
                )
        if "dob" in frame.columns:
            for col in spec.columns:
                if col.kind == "D" and col.key != "dob":
                    problems += _rows(
                        frame,
                        spec.number,
                        pl.col(col.key) < pl.col("dob"),
                        col.key,
                        col.header,
                        "before the date of birth",
                    )
    return problems + _placement_la(lists.get(8)) + _consistency(lists)


def _placement_la(frame: pl.DataFrame | None) -> list[dict]:
    """A blank LA of Placement, with why; the value shown is the postcode's district, not the whole postcode."""
    if frame is None or "placement_la" not in frame.columns or not frame.height:
        return []
    frame = frame.with_columns(
        pl.col("placement_postcode")
        .str.to_uppercase()
        .str.replace_all(r"\s", "")
        .str.extract(r"^([A-Z]{1,2}\d[A-Z\d]?)\d[A-Z]{2}$", 1)
        .alias("__district")
    )
    blank = pl.col("placement_la").is_null()
    out = (pl.col("placement_location") == "b) Out").fill_null(False)
    why_out = "placed outside the area, and no LA is set for this postcode district ([inspection] placement_las)"
    why_other = (
        "required, but blank: the placement postcode gives no area ([inspection] home_postcode_areas, council_name)"
    )
    header = "LA of Placement"
    return _rows(frame, 8, blank & out, "__district", header, why_out) + _rows(
        frame, 8, blank & ~out, "__district", header, why_other
    )


def _consistency(lists: dict[int, pl.DataFrame]) -> list[dict]:
    """A child's gender, ethnicity and date of birth must be the same in every list they are in."""
    parts = [
        f.select("child_id", "gender", "ethnicity", "dob", pl.lit(n).alias("list"))
        for n, f in lists.items()
        if n != 11 and f.height
    ]
    if not parts:
        return []
    every = pl.concat(parts)
    out = []
    for column, header in (("gender", "Gender"), ("ethnicity", "Ethnicity"), ("dob", "Date of Birth")):
        differ = (
            every.group_by("child_id")
            .agg(pl.col(column).n_unique().alias("n"), pl.col("list").unique().sort().alias("lists"))
            .filter(pl.col("n") > 1)
            .sort("child_id")
            .head(SHOWN)
        )
        for row in differ.iter_rows(named=True):
            out.append(
                {
                    "list": ", ".join(f"List {n}" for n in row["lists"]),
                    "child": row["child_id"],
                    "column": header,
                    "value": "",
                    "problem": "differs between lists",
                }
            )
    return out
