"""Writing a snapshot of case data: all tables replaced in one transaction.

The one way case data is written, by the SSD and Annex A imports and by the
synthetic council. Each write gives the data a new version token, which is
what lets `frames.load` keep tables in memory between requests.

Bulk inserts go straight through the database cursor (COPY on PostgreSQL,
executemany elsewhere): building a model instance per row would be many
times slower for a council's six years of records.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from django.db import connection, transaction

from oversight.people import locks, signals
from oversight.people.frames import schema
from oversight.people.models import CaseDataVersion
from oversight.people.ssd import Table, tables

CHUNK = 50_000
Progress = Callable[[str, int, int], None]


def _rows(frame: pl.DataFrame, table: Table) -> tuple[list[str], pl.DataFrame]:
    columns = [c for c in table.columns]
    exprs = []
    for c in columns:
        col = pl.col(c.name) if c.name in frame.columns else pl.lit(None, schema(table)[c.name])
        if c.kind in ("id", "text"):
            col = col.fill_null("")  # text columns are NOT NULL, "" when empty, in the model
        elif c.kind == "date":
            col = col.dt.to_string("%Y-%m-%d")  # ISO text: both databases take it, and it skips per-value adaptation
        exprs.append(col.alias(c.name))
    db_columns = [table.model._meta.get_field(c.field).column for c in columns]
    return db_columns, frame.select(exprs)


def _insert(
    cursor,
    table: Table,
    db_columns: list[str],
    data: pl.DataFrame,
    progress: Progress | None,
    done: list[int],
    total: int,
) -> None:
    qn = connection.ops.quote_name
    name = qn(table.model._meta.db_table)
    cols = ", ".join(qn(c) for c in db_columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
            for start in range(0, data.height, CHUNK):
                for row in data.slice(start, CHUNK).iter_rows():
                    copy.write_row(row)
                done[0] += min(CHUNK, data.height - start)
                if progress:
                    progress("writing", done[0], total)
        return
    sql = f"INSERT INTO {name} ({cols}) VALUES ({', '.join(['%s'] * len(db_columns))})"
    for start in range(0, data.height, CHUNK):
        cursor.executemany(sql, data.slice(start, CHUNK).rows())
        done[0] += min(CHUNK, data.height - start)
        if progress:
            progress("writing", done[0], total)


def replace_case_data(frames: dict[str, pl.DataFrame], progress: Progress | None = None) -> dict[str, int]:
    """Delete every case-data table and load FRAMES (SSD table name -> frame) in its place, atomically."""
    qn = connection.ops.quote_name
    counts = {t.name: (frames[t.name].height if t.name in frames else 0) for t in tables()}
    total = sum(counts.values())
    done = [0]
    with transaction.atomic(), connection.cursor() as cursor:
        locks.hold()  # one whole-snapshot writer at a time (people.locks)
        signals.replacing.send(sender=replace_case_data, frames=frames)
        for t in reversed(tables()):
            cursor.execute(f"DELETE FROM {qn(t.model._meta.db_table)}")
        for t in tables():
            frame = frames.get(t.name)
            if frame is None or not frame.height:
                continue
            db_columns, data = _rows(frame, t)
            _insert(cursor, t, db_columns, data, progress, done, total)
        CaseDataVersion.bump()
        signals.replaced.send(sender=replace_case_data, frames=frames)
    return counts


def current_counts() -> dict[str, int]:
    """Rows per case-data table now (SSD table name -> rows)."""
    qn = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for t in tables():
            cursor.execute(f"SELECT COUNT(*) FROM {qn(t.model._meta.db_table)}")
            counts[t.name] = int(cursor.fetchone()[0])
    return counts
