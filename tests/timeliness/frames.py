"""Hand-made SSD frames for timeliness tests: only the columns the rules read."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight.analytics import rulebook as rb
from oversight.analytics import timeliness_measures
from oversight.analytics.timeliness import tables_needed
from oversight.analytics.workdays import WorkingDayCalendar

CAL = WorkingDayCalendar()


def _dtype(column: str):
    return pl.Date if column.endswith("_date") or column == "pers_dob" else pl.String


def build(**tables: list[dict]) -> dict[str, pl.DataFrame]:
    """Every table the rulebook needs; TABLES gives rows (SSD column -> value, dates as YYYY-MM-DD)."""
    out = {}
    needed = tables_needed(rb.load())
    for table, columns in timeliness_measures.tables_needed(rb.load()).items():
        needed[table] = tuple(sorted(set(needed.get(table, ())) | set(columns)))
    for table, columns in needed.items():
        rows = tables.pop(table, [])
        unknown = {k for r in rows for k in r} - set(columns)
        assert not unknown, f"{table} rows have columns the rules do not read: {unknown}"
        data = {c: [r.get(c) for r in rows] for c in columns}
        for c in columns:
            if _dtype(c) == pl.Date:
                data[c] = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in data[c]]
        out[table] = pl.DataFrame(data, schema={c: _dtype(c) for c in columns})
    assert not tables, f"unknown tables {list(tables)}"
    return out
