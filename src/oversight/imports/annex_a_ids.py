"""Ids for Annex A records, workers and teams, and the shaping of frames into SSD tables.

Record ids are a hash of the natural key (annex-a.md §1), so a later import of
the same workbook gives the same ids. Workers and teams, which Annex A names
but does not number, get ids from a hash of their normalised names: the same
name always gives the same id, across lists and imports, and no name appears
inside an id (ids reach logs and URLs).
"""

from __future__ import annotations

import hashlib

import polars as pl

from oversight.people.frames import schema
from oversight.people.ssd import table

NOT_ALLOCATED = ["unallocated", "not allocated", "none", "n/a", "na", "no worker", "-", "vacant"]


def _digest(prefix: str, width: int):
    def one(text: str) -> str:
        return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:width]}"

    return one


def key_id(prefix: str, *parts: pl.Expr | str) -> pl.Expr:
    """A stable id from a record's natural key."""
    exprs = [pl.col(p) if isinstance(p, str) else p for p in parts]
    joined = pl.concat_str([e.cast(pl.String).fill_null("") for e in exprs], separator="|")
    return joined.map_elements(_digest(f"AA-{prefix}", 16), return_dtype=pl.String)


def clean_name(expr: pl.Expr) -> pl.Expr:
    """A worker's or team's name with its spacing tidied; null for blanks and 'Unallocated'-like words."""
    text = expr.str.replace_all("\u00a0", " ", literal=True).str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when((text == "") | text.str.to_lowercase().is_in(NOT_ALLOCATED)).then(None).otherwise(text)


def name_id(prefix: str, expr: pl.Expr) -> pl.Expr:
    """A worker's or team's id from its name, ignoring case and spacing."""
    norm = clean_name(expr).str.to_lowercase()
    return pl.when(norm.is_null()).then(None).otherwise(norm.map_elements(_digest(prefix, 12), return_dtype=pl.String))


def ssd_frame(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """FRAME's SSD columns of table NAME, typed, one row per key (first wins)."""
    t = table(name)
    sch = schema(t)
    cols = [(pl.col(c) if c in frame.columns else pl.lit(None)).cast(sch[c]).alias(c) for c in sch]
    return (
        frame.select(cols)
        .filter(pl.col(t.key.name).is_not_null())
        .unique(subset=[t.key.name], keep="first", maintain_order=True)
    )
